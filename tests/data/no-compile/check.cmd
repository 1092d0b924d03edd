cargo check --all-targets --message-format=json --manifest-path /work/fixture/Cargo.toml -p gcfx-no-compile
