cargo clippy --all-targets --message-format=json --manifest-path /work/fixture/Cargo.toml -p gcfx-alpha -p gcfx-beta -- -W clippy::pedantic
