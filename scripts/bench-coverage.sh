#!/usr/bin/env bash
# bench-coverage.sh: the cost of `gatecheck --gate coverage`, cold and warm, against the
# commands a user would type for the same evidence, measured alternately in the same run:
#   LLVM_PROFILE_FILE=DIR/%p-%m.profraw RUSTFLAGS=-Cinstrument-coverage \
#     CARGO_TARGET_DIR=OWN cargo test --tests      (its own target dir, like cargo llvm-cov)
#   llvm-profdata-19 merge -sparse DIR -o cov.profdata
#   llvm-cov-19 export -summary-only -instr-profile cov.profdata -object BIN ...
# (the test binaries from a no-op `cargo test --tests --no-run --message-format=json`, not
# timed: cargo llvm-cov knows them from its own build), and, as `cargo llvm-cov --doctests`:
#   RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Cinstrument-coverage -Zunstable-options
#     --persist-doctests OWN/doctests" cargo test --doc   (each OWN/doctests/*/rust_out an -object)
#
# Usage: scripts/bench-coverage.sh [CRATE_DIR ...]   (default: tests/fixtures/cov-one-file and
#        Debian's strsim 0.10.0). Environment: RUNS=N pairs per phase (default 3), DOCTESTS=0|1
#        (default 1: both sides include the instrumented doc tests, as the gate does by default),
#        GATECHECK=path (default build/gatecheck). Works under build/bench-coverage/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gatecheck="${GATECHECK:-$here/build/gatecheck}"
runs="${RUNS:-3}"
doctests="${DOCTESTS:-1}"  # 0: compare without doc tests (and run the gate with doctests = false)
work="$here/build/bench-coverage"
export CARGO_HOME="$here/build/cargo-home"
llvm=/usr/lib/llvm-19/bin
crates=("$@")
[ ${#crates[@]} -gt 0 ] || crates=("$here/tests/fixtures/cov-one-file" /usr/share/cargo/registry/strsim-0.10.0)
mkdir -p "$work"

now() { date +%s.%N; }

# The user's sequence in CRATE with target dir T; prints its seconds. Listing the test
# binaries (a no-op `cargo test --no-run`) is not timed.
plain() {
    local crate="$1" t="$2" s1 s2 s3
    rm -rf "$t/prof" "$t/cov.profdata" "$t/doctests"
    s1=$(now)
    (cd "$crate" && LLVM_PROFILE_FILE="$t/prof/%p-%m.profraw" RUSTFLAGS=-Cinstrument-coverage \
        CARGO_TARGET_DIR="$t" cargo test --tests -q >/dev/null 2>&1)
    if [ "$doctests" = 1 ]; then
        # What `cargo llvm-cov --doctests` adds: the doc tests instrumented, their binaries kept.
        (cd "$crate" && RUSTC_BOOTSTRAP=1 LLVM_PROFILE_FILE="$t/prof/%p-%m.profraw" \
            RUSTFLAGS=-Cinstrument-coverage CARGO_TARGET_DIR="$t" \
            RUSTDOCFLAGS="-Cinstrument-coverage -Zunstable-options --persist-doctests $t/doctests" \
            cargo test --doc -q >/dev/null 2>&1)
    fi
    s2=$(now)
    local objects
    objects=$(cd "$crate" && RUSTFLAGS=-Cinstrument-coverage CARGO_TARGET_DIR="$t" \
        cargo test --tests --no-run --message-format=json 2>/dev/null |
        python3 -c 'import sys, json
for l in sys.stdin:
    j = json.loads(l)
    if j.get("reason") == "compiler-artifact" and j.get("executable") and j["profile"]["test"]:
        print("-object", j["executable"])')
    s3=$(now)
    if [ "$doctests" = 1 ] && [ -d "$t/doctests" ]; then
        objects="$objects $(find "$t/doctests" -name rust_out -type f -printf ' -object %p')"
    fi
    "$llvm/llvm-profdata" merge -sparse "$t/prof" -o "$t/cov.profdata"
    # shellcheck disable=SC2086
    "$llvm/llvm-cov" export -summary-only -instr-profile "$t/cov.profdata" \
        --ignore-filename-regex '/rustc/|^/usr/share/cargo/' $objects >/dev/null
    echo "$s2 - $s1 + $(now) - $s3" | bc
}

gate() {
    local crate="$1" t="$2"
    mkdir -p "$t"
    if [ "$doctests" = 0 ]; then printf '[gates.coverage]\ndoctests = false\n' >"$crate/gatecheck.toml"; fi
    CARGO_TARGET_DIR="$t" "$gatecheck" "$crate" --gate coverage --report "json=$t/../report-$(basename "$t").json" >/dev/null 2>&1 || true
}

printf '| crate | phase | plain s (median) | gatecheck s (median) | ratio |\n|---|---|---|---|---|\n'
for src in "${crates[@]}"; do
    name="$(basename "$src")"
    crate="$work/crates/$name"
    rm -rf "$crate" && mkdir -p "$work/crates" && cp -r "$src" "$crate"
    for phase in cold warm; do
        p=() g=()
        for i in $(seq "$runs"); do
            if [ "$phase" = cold ]; then rm -rf "$work/t-plain-$name" "$work/t-gate-$name"; sync; fi
            p+=("$(plain "$crate" "$work/t-plain-$name")")
            s=$(now); gate "$crate" "$work/t-gate-$name"; g+=("$(echo "$(now) - $s" | bc)")
        done
        pm=$(printf '%s\n' "${p[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
        gm=$(printf '%s\n' "${g[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
        printf '| %s | %s | %.2f (%s) | %.2f (%s) | %.2f |\n' "$name" "$phase" "$pm" "${p[*]}" "$gm" "${g[*]}" \
            "$(echo "$gm / $pm" | bc -l)"
    done
done
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
