cargo metadata --format-version 1 --all-features --manifest-path /work/fixture/Cargo.toml
