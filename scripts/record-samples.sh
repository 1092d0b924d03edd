#!/usr/bin/env bash
# Records the real output of the commands gatecheck runs, on scratch copies of the fixture
# crates (tests/fixtures/), into tests/data/<fixture>/ for the parser and gate unit tests.
#
#   scripts/record-samples.sh [OUTPUT_DIR]     (default: tests/data next to this script)
#
# For every recorded command <probe> there are four files:
#   <probe>.cmd     the command line, as gatecheck would run it (with placeholder paths)
#   <probe>.stdout  its standard output, byte for byte apart from the path rewriting below
#   <probe>.stderr  its standard error, idem
#   <probe>.exit    its exit status (137 = killed by SIGKILL)
#
# Every fixture is copied to a scratch directory and built there (never in the repository);
# the scratch path of the fixture is then rewritten to /work/fixture (also inside
# `path+file://` package ids), and the scratch directory itself to /work/scratch, so the
# files do not change from one recording to the next except where the tools themselves are
# not deterministic: timings (cargo's "Finished ... in 0.52s", libtest's exec_time), thread
# ids in panic messages ("thread 'x' (3694) panicked"), and the order of lines that parallel
# jobs or test threads emit. Those are kept as measured; the tests must not depend on them.
#
# The environment is pinned to what the unit tests expect: TERM=xterm (rustfmt then writes
# ANSI colour codes into its diff even through a pipe), RUST_BACKTRACE=1 (as on the
# development machines: failed tests' stdout carries a backtrace), no NO_COLOR, and a
# private offline CARGO_HOME (the fixtures have no dependencies; crates.io is never used).
#
# Needs: cargo with clippy, rustfmt and rustdoc (stable is enough: -Z flags use
# RUSTC_BOOTSTRAP=1 exactly as gatecheck does), jq, timeout (coreutils), sed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
fixtures="$repo/tests/fixtures"
out_root="${1:-$repo/tests/data}"
placeholder=/work/fixture
scratch_placeholder=/work/scratch

for tool in cargo jq timeout sed; do
    command -v "$tool" >/dev/null || { echo "record-samples: $tool is required" >&2; exit 2; }
done
mkdir -p "$out_root"
out_root="$(cd "$out_root" && pwd)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/gatecheck-record.XXXXXX")"
scratch="$(cd "$scratch" && pwd -P)"  # the path cargo will print (no symlinks)
trap 'rm -rf -- "$scratch"' EXIT

export CARGO_HOME="$scratch/cargo-home"
mkdir -p "$CARGO_HOME"
cp -- "$here/offline-cargo-config.toml" "$CARGO_HOME/config.toml"
export TERM=xterm RUST_BACKTRACE=1
unset NO_COLOR CARGO_TERM_COLOR CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTFLAGS RUSTDOCFLAGS \
      RUSTC_BOOTSTRAP RUSTC_WRAPPER CLICOLOR CLICOLOR_FORCE || true

# The fixture being recorded: set by copy_fixture.
crate=""
dest=""

copy_fixture() {  # NAME
    crate="$scratch/fixtures/$1"
    dest="$out_root/$1"
    mkdir -p "$scratch/fixtures" "$dest"
    rm -rf -- "$crate"
    cp -R "$fixtures/$1" "$crate"
    rm -rf -- "$crate/target"
    # Stale recordings of this fixture would mislead; the rest of $out_root is left alone.
    find "$dest" -maxdepth 1 -type f \( -name '*.cmd' -o -name '*.stdout' -o -name '*.stderr' \
        -o -name '*.exit' -o -name '*.json' \) -delete
}

# Rewrites the scratch paths in a file, in place (longest first).
scrub() {  # FILE
    sed -i -e "s#${crate}#${placeholder}#g" -e "s#${scratch}#${scratch_placeholder}#g" "$1"
}

# record PROBE CWD [ENV=VALUE...] -- COMMAND...: runs COMMAND in CWD with the extra
# environment, stores its stdout, stderr and exit status. Never fails on the command's status.
record() {
    local probe="$1" cwd="$2"
    shift 2
    local -a envs=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do envs+=("$1"); shift; done
    shift  # --
    local status=0
    # (The outer redirection only silences bash's "Killed" notice for a timed-out command.)
    { (cd "$cwd" && env "${envs[@]}" "$@") >"$dest/$probe.stdout" 2>"$dest/$probe.stderr"; } 2>/dev/null || status=$?
    echo "$status" >"$dest/$probe.exit"
    {
        [[ "$cwd" == "$crate" ]] || printf 'cd %s && ' "$cwd"
        [[ ${#envs[@]} -eq 0 ]] || printf '%s ' "${envs[@]}"
        printf '%q ' "$@" | sed 's/ $//'
        echo
    } >"$dest/$probe.cmd"
    local f
    for f in "$dest/$probe.cmd" "$dest/$probe.stdout" "$dest/$probe.stderr"; do scrub "$f"; done
    printf '  %-28s exit %3s  stdout %7s B  stderr %6s B\n' "$(basename "$dest")/$probe" "$status" \
        "$(wc -c <"$dest/$probe.stdout")" "$(wc -c <"$dest/$probe.stderr")"
}

# The package arguments gatecheck passes: --manifest-path <root>/Cargo.toml -p <each package>.
pkg_args() {  # PACKAGE...
    local -a args=(--manifest-path "$crate/Cargo.toml")
    local p
    for p in "$@"; do args+=(-p "$p"); done
    printf '%s\n' "${args[@]}"
}

metadata() { record metadata "$crate" -- cargo metadata --format-version 1 --no-deps --manifest-path "$crate/Cargo.toml"; }
clippy() {
    local -a pa; mapfile -t pa < <(pkg_args "$@")
    record clippy "$crate" -- cargo clippy --all-targets --message-format=json "${pa[@]}" -- -W clippy::pedantic
}
# The shared clippy run as a default check plans it: every lint gate's flags, capped at warn.
clippy_shared() {
    local -a pa; mapfile -t pa < <(pkg_args "$@")
    local -a lints=(-W clippy::pedantic -W clippy::unwrap_used -W clippy::expect_used -W clippy::panic -W clippy::todo
        -W clippy::unimplemented -W clippy::missing_errors_doc -W clippy::missing_panics_doc
        -W clippy::must_use_candidate -W clippy::return_self_not_must_use -W clippy::double_must_use
        -W clippy::let_underscore_must_use -W clippy::undocumented_unsafe_blocks -W clippy::missing_safety_doc
        -W clippy::multiple_unsafe_ops_per_block --force-warn unsafe_code -W clippy::arc_with_non_send_sync
        -W clippy::non_send_fields_in_send_ty -W clippy::await_holding_lock -W clippy::await_holding_refcell_ref
        -W clippy::large_futures -W clippy::unused_async -W clippy::async_yields_async -W clippy::future_not_send
        -W clippy::disallowed_methods -W improper_ctypes -W improper_ctypes_definitions
        -W clippy::not_unsafe_ptr_arg_deref --force-warn missing_unsafe_on_extern)
    record clippy "$crate" -- cargo clippy --all-targets --keep-going --message-format=json "${pa[@]}" -- \
        "${lints[@]}" --cap-lints warn
}
check() {
    local -a pa; mapfile -t pa < <(pkg_args "$@")
    record check "$crate" -- cargo check --all-targets --message-format=json "${pa[@]}"
}
test_no_run() {
    local -a pa; mapfile -t pa < <(pkg_args "$@")
    record test-no-run "$crate" -- cargo test --no-run --message-format=json "${pa[@]}"
}
# Each test binary listed by the (already recorded) `cargo test --no-run`, run the way
# gatecheck runs it: from its package root, libtest JSON, under a hard time limit.
test_binaries() {  # TIME_LIMIT_SECONDS [ONLY_KIND]
    local limit="$1" only="${2:-}"
    # test-no-run.stdout is already scrubbed: map the placeholder back to the scratch copy.
    while IFS=$'\t' read -r kind target exe manifest name version; do
        [[ -z "$only" || "$kind" == "$only" ]] || continue
        exe="${exe/#$placeholder/$crate}"
        manifest="${manifest/#$placeholder/$crate}"
        local root
        root="$(dirname "$manifest")"
        record "test-$kind-$target" "$root" RUSTC_BOOTSTRAP=1 "CARGO_MANIFEST_DIR=$root" "CARGO_PKG_NAME=$name" \
            "CARGO_PKG_VERSION=$version" "CARGO_CRATE_NAME=$target" -- \
            timeout -s KILL "$limit" "$exe" --format json -Z unstable-options --report-time
    done < <(jq -r --slurpfile meta "$dest/metadata.stdout" '
        select(.reason == "compiler-artifact" and .profile.test and .executable != null)
        | . as $a | ($meta[0].packages[] | select(.id == $a.package_id)) as $p
        | [(if ($a.target.kind | index("test")) then "test" elif ($a.target.kind | index("bin")) then "bin" else "lib" end),
           $a.target.name, $a.executable, $p.manifest_path, $p.name, $p.version] | @tsv' "$dest/test-no-run.stdout")
}
doctests() {
    record doctests "$crate" RUSTC_BOOTSTRAP=1 -- cargo test --doc --manifest-path "$crate/Cargo.toml" -p "$1" \
        -- -Z unstable-options --format json --report-time
}
doc_coverage() {
    record doc-coverage "$crate" RUSTC_BOOTSTRAP=1 -- cargo rustdoc --manifest-path "$crate/Cargo.toml" -p "$1" --lib \
        -- -Z unstable-options --show-coverage --output-format json
}
# rustdoc's JSON, in gatecheck's own target dir; the document itself is kept as rustdoc-json.json.
rustdoc_json() {  # PACKAGE CRATE_NAME
    local dir="$crate/target/gatecheck/rustdoc-json"
    record rustdoc-json "$crate" RUSTC_BOOTSTRAP=1 "CARGO_TARGET_DIR=$dir" -- cargo rustdoc \
        --manifest-path "$crate/Cargo.toml" -p "$1" --lib -- -Z unstable-options --output-format json
    cp "$dir/doc/$2.json" "$dest/rustdoc-json.json"
    scrub "$dest/rustdoc-json.json"
# The resolved dependency graph the crypto-review attestation reads (every feature enabled).
dependency_graph() {
    record dependency-graph "$crate" -- cargo metadata --format-version 1 --all-features --manifest-path "$crate/Cargo.toml"
}
fmt_check() {
    local -a pa; mapfile -t pa < <(pkg_args "$@")
    record fmt "$crate" -- cargo fmt --check -v "${pa[@]}"
}

# The sanitizer gate's `asan` flavour (src/probes/flavour.cpp): the test build with its flags,
# for the host, in its own target dir; then each test binary one test at a time, and the
# `--list` of the binaries AddressSanitizer aborts.
asan_flags=$'-Zsanitizer=address\x1f-Cforce-frame-pointers=yes\x1f-Cdebuginfo=line-tables-only'
asan_options="detect_leaks=1:symbolize=1:color=never:halt_on_error=1"
asan_build() {  # PACKAGE
    record asan-test-build "$crate" RUSTC_BOOTSTRAP=1 "CARGO_ENCODED_RUSTFLAGS=$asan_flags" \
        "CARGO_TARGET_DIR=$crate/target/gatecheck/asan" -- \
        cargo build --tests --keep-going --message-format=json --manifest-path "$crate/Cargo.toml" -p "$1" \
        --target "$(rustc --print host-tuple)"
}
asan_binaries() {  # [list]: also record `--list --format terse` of each binary
    while IFS=$'\t' read -r kind target exe; do
        exe="${exe/#$placeholder/$crate}"
        record "asan-$kind-$target" "$crate" RUSTC_BOOTSTRAP=1 RUST_TEST_THREADS=1 "ASAN_OPTIONS=$asan_options" -- \
            timeout -s KILL 60 "$exe" --format json -Z unstable-options --report-time
        if [[ "${1:-}" == list ]]; then
            record "asan-list-$kind-$target" "$crate" RUSTC_BOOTSTRAP=1 "ASAN_OPTIONS=$asan_options" -- \
                "$exe" --list --format terse
        fi
    done < <(jq -r 'select(.reason == "compiler-artifact" and .profile.test and .executable != null)
        | [(if (.target.kind | index("test")) then "test" else "lib" end), .target.name, .executable] | @tsv' \
        "$dest/asan-test-build.stdout")
}

echo "recording into $out_root (scratch: $scratch)"

copy_fixture clean
metadata
test_no_run gcfx-clean

copy_fixture pedantic
metadata
clippy gcfx-pedantic

copy_fixture own-lints
metadata
clippy_shared

copy_fixture no-compile
metadata
check gcfx-no-compile
clippy gcfx-no-compile

copy_fixture failing-unit
metadata
test_no_run gcfx-failing-unit
test_binaries 60

copy_fixture hanging-test
metadata
test_no_run gcfx-hanging-test
# Only the lib binary hangs; it is killed after 5 s, as gatecheck.toml's timeout = 5 would.
test_binaries 5 lib

copy_fixture failing-doctest
metadata
doctests gcfx-failing-doctest

copy_fixture undocumented
metadata
doc_coverage gcfx-undocumented
rustdoc_json gcfx-undocumented gcfx_undocumented

copy_fixture error-types
metadata
doc_coverage gcfx-error-types
rustdoc_json gcfx-error-types gcfx_error_types

copy_fixture unformatted
metadata
fmt_check gcfx-unformatted

copy_fixture workspace
metadata
clippy gcfx-alpha gcfx-beta
dependency_graph

# md5 from Debian's registry (librust-md5-dev), a normal and a dev-only dependency.
copy_fixture crypto
metadata
dependency_graph

copy_fixture crypto-dev-only
metadata
dependency_graph

for f in asan-use-after-free asan-leak asan-kinds; do
    copy_fixture "$f"
    metadata
    asan_build "gcfx-$f"
    asan_binaries list
done

# The version lines gatecheck reads into the report.
dest="$out_root/toolchain"
crate="$scratch"
mkdir -p "$dest"
record cargo-version "$scratch" -- cargo --version
record rustc-version "$scratch" -- rustc --version
# The asan flavour's first question: the host, and whether the sanitizer works there (the
# second answer is what a host without AddressSanitizer support gives).
asan_rustc=(rustc -Zsanitizer=address -Cforce-frame-pointers=yes -Cdebuginfo=line-tables-only)
record asan-host "$scratch" RUSTC_BOOTSTRAP=1 -- "${asan_rustc[@]}" --print host-tuple --print cfg
record asan-host-unsupported "$scratch" RUSTC_BOOTSTRAP=1 -- "${asan_rustc[@]}" --target wasm32-unknown-unknown \
    --print host-tuple --print cfg

echo "done"
