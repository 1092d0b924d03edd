#!/usr/bin/env bash
# Installs everything gatecheck needs to build, test and benchmark on Debian 12: the C++
# libraries (all from Debian), and the crates from Debian's registry that the end-to-end
# tests check as "real crates written by others" and that scripts/bench.sh builds.
# Idempotent: installs only what is missing, so a second run is quick and touches nothing.
set -euo pipefail

# gatecheck's build dependencies and the tools its required gates run (llvm-19, valgrind, perf)
# come from scripts/install-gate-tools.sh --build, the list the CI files `gatecheck init` writes
# install too; these are what the test suite needs on top.
packages=(
  pkg-config clang-format clang-tidy
  # The crates a `gatecheck new` crate depends on (tests/e2e/test_scaffold.cpp resolves them offline
  # with cargo add against Debian's registry): tokio, serde (derive: librust-serde+serde-derive-dev
  # below), criterion; proptest is below.
  librust-tokio-dev librust-criterion-dev
  # Real crates for tests/e2e/test_real_crates.cpp (sources land in /usr/share/cargo/registry).
  librust-strsim-dev librust-itoa-dev librust-scopeguard-dev librust-fnv-dev librust-serde-derive-dev
  librust-serde-dev  # serde_derive's dev-dependency: its tests and doctests need it
  # Real crates that raise lints of their own (test_real_crates: the clippy count with every lint
  # gate on): tinyvec (its dev-dependency serde_test too) and iana-time-zone.
  librust-tinyvec-dev librust-tinyvec-macros-dev librust-serde-test-dev librust-iana-time-zone-dev
  # tests/fixtures/crypto and crypto-dev-only depend on md5 (a cryptographic crate, for crypto-review).
  librust-md5-dev
  # scripts/bench.sh: jq reads the reports; its generated crate uses serde (derive) and thiserror.
  jq librust-serde+serde-derive-dev librust-thiserror-dev
  # tests/e2e/test_rustdoc_json.cpp: a #[doc(inline)] re-export, impls in private modules;
  # the error-types fixture depends on thiserror (above).
  librust-arbitrary-dev librust-lock-api-dev
  # tests/fixtures/advisory-*: crate versions with RustSec advisories (tests/data/advisory-db).
  librust-owning-ref-dev librust-humantime-dev librust-smallvec-dev librust-difference-dev librust-spin-dev
  # property-tests fixtures and real crates that use property frameworks.
  librust-proptest-dev librust-proptest+default-dev librust-quickcheck-dev librust-quickcheck+default-dev
  librust-quickcheck-macros-dev
  # tests/e2e/test_property_tests.cpp: memchr 2.5.0 ships quickcheck properties (dev-dependency quickcheck, above).
  librust-memchr-dev
  # The benchmarks gates: tests/fixtures/bench-criterion benches with criterion 0.3.6 and bencher 0.1.5.
  librust-criterion-dev librust-bencher-dev
  # tests/e2e/test_benchmarks_real.cpp: real crates' benches, tinytemplate 1.2.1 (criterion; its
  # serde_derive dev-dependency is above) and crc32fast 1.3.2 (bencher; quickcheck and rand).
  librust-tinytemplate-dev librust-crc32fast-dev librust-rand-dev
  # tests/e2e/test_real_unsafe.cpp: real crates with unsafe code in their unit tests
  # (#[cfg(test)] in the library): once_cell 1.17.0 (dev-dependencies crossbeam-utils,
  # lazy_static, regex) and spin 0.9.5 (installed above; its lock_api feature needs lock_api).
  librust-once-cell-dev librust-crossbeam-utils-dev librust-lazy-static-dev librust-regex-dev
  # heaptrack: the other allocation profiler the checklist names (the gates use valgrind's DHAT).
  heaptrack
  # scripts/fuzz.sh: libFuzzer targets of the parsers, built with clang 14 and its runtime
  # (libFuzzer, ASan, UBSan); ccache keeps their rebuild in CI short.
  clang-14 libclang-rt-14-dev ccache
  # The report validators the tests run (tests/validators/README.md): xmllint checks JUnit files.
  libxml2-utils
)
# npm installs the other validators; a Node.js from elsewhere (NodeSource) brings its own npm,
# which Debian's npm package would conflict with.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

"$(dirname "$0")/install-gate-tools.sh" --build -- "${packages[@]}"

# gatecheck drives the user's own Rust toolchain; it does not install one. Debian's own
# cargo has no clippy, so the machine needs rustup's stable toolchain with its components.
for tool in "cargo --version" "cargo clippy --version" "cargo fmt --version" "rustdoc --version"; do
  if ! $tool >/dev/null 2>&1; then
    echo "setup: '$tool' does not work: install a Rust toolchain with rustup" \
         "(rustup component add clippy rustfmt)" >&2
    exit 1
  fi
done

# The report validators (tests/validators/README.md), pinned by tests/validators/package-lock.json,
# in a cache directory named after the lock's hash: a second run finds them and needs no network;
# a changed lock installs afresh. tests/CMakeLists.txt computes the same directory.
validators_src="$(cd "$(dirname "$0")/../tests/validators" && pwd)"
lock_hash="$(sha256sum "$validators_src/package-lock.json" | cut -c1-12)"
validators="${GATECHECK_VALIDATORS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/gatecheck}/validators-$lock_hash"
multitool="$validators/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [[ ! -x "$multitool" ]]; then
  rm -rf "$validators.tmp"
  mkdir -p "$validators.tmp"
  cp "$validators_src/package.json" "$validators_src/package-lock.json" "$validators.tmp/"
  (cd "$validators.tmp" && npm ci --no-audit --no-fund --ignore-scripts)
  chmod +x "$validators.tmp/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  rm -rf "$validators"
  mv "$validators.tmp" "$validators"
fi
