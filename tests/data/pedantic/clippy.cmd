cargo clippy --all-targets --message-format=json --manifest-path /work/fixture/Cargo.toml -p gcfx-pedantic -- -W clippy::pedantic
