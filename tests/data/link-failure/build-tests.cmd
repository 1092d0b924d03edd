cargo build --tests --keep-going --message-format=json
