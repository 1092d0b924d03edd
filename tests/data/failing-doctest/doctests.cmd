RUSTC_BOOTSTRAP=1 cargo test --doc --manifest-path /work/fixture/Cargo.toml -p gcfx-failing-doctest -- -Z unstable-options --format json --report-time
