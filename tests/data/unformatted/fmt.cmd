cargo fmt --check --manifest-path /work/fixture/Cargo.toml -p gcfx-unformatted
