cargo metadata --format-version 1 --no-deps --manifest-path /work/fixture/Cargo.toml
