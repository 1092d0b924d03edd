RUSTC_BOOTSTRAP=1 cargo rustdoc --manifest-path /work/fixture/Cargo.toml -p gcfx-error-types --lib -- -Z unstable-options --show-coverage --output-format json
