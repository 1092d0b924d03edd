cargo test --no-run --message-format=json --manifest-path /work/fixture/Cargo.toml -p gcfx-clean
