cargo fmt --check -v --manifest-path /work/fixture/Cargo.toml -p gcfx-unformatted
