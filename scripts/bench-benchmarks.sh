#!/usr/bin/env bash
# bench-benchmarks.sh: what `gatecheck --gate benchmarks --gate bench-targets --gate memory`
# costs against a plain `cargo bench` of the same crate with the same criterion settings,
# measured alternately in the same run, warm (the bench build already done in both target
# dirs: the cold build is criterion's ~1 min either way):
#   cargo bench -- --warm-up-time W --measurement-time M --sample-size S --noplot
#
# Usage: scripts/bench-benchmarks.sh [CRATE_DIR ...]   (default: tests/fixtures/bench-criterion
#        and Debian's tinytemplate 1.2.1). Environment: RUNS=N pairs (default 3), W/M/S
#        (default 1/1/10), GATECHECK=path (default build/gatecheck). Works under build/bench-benchmarks/.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
gatecheck="${GATECHECK:-$here/build/gatecheck}"
runs="${RUNS:-3}"
W="${W:-1}" M="${M:-1}" S="${S:-10}"
work="$here/build/bench-benchmarks"
export CARGO_HOME="$here/build/cargo-home"
crates=("$@")
[ ${#crates[@]} -gt 0 ] || crates=("$here/tests/fixtures/bench-criterion" /usr/share/cargo/registry/tinytemplate-1.2.1)
mkdir -p "$work"

now() { date +%s.%N; }

# A user's cargo bench of every bench target: criterion's flags only for criterion benches
# (bencher would take the first one as a filter and run nothing; the library's libtest
# harness rejects them, hence one --bench NAME at a time).
plain() {
    local crate="$1" t="$2" features="$3" s name
    s=$(now)
    for name in $(awk '/^\[\[bench\]\]/{b=1} b && /^name *=/{gsub(/[" ]/,"",$0); sub(/name=/,"",$0); print; b=0}' "$crate/Cargo.toml"); do
        if grep -q criterion_main "$crate/benches/$name.rs"; then
            # shellcheck disable=SC2086
            (cd "$crate" && CARGO_TARGET_DIR="$t" cargo bench -q $features --bench "$name" -- --warm-up-time "$W" \
                --measurement-time "$M" --sample-size "$S" --noplot >/dev/null 2>&1)
        else
            # shellcheck disable=SC2086
            (cd "$crate" && CARGO_TARGET_DIR="$t" cargo bench -q $features --bench "$name" >/dev/null 2>&1)
        fi
    done
    echo "$(now) - $s" | bc
}

gate() {
    local crate="$1" t="$2" s
    printf '[gates.benchmarks]\nwarm_up_time = %s\nmeasurement_time = %s\nsample_size = %s\n' "$W" "$M" "$S" \
        >"$crate/gatecheck.toml"
    s=$(now)
    CARGO_TARGET_DIR="$t" "$gatecheck" "$crate" --gate benchmarks --gate memory -q >/dev/null 2>&1 || true
    echo "$(now) - $s" | bc
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

printf '| crate | plain cargo bench s (median) | gatecheck s (median) | ratio |\n|---|---|---|---|\n'
for src in "${crates[@]}"; do
    name="$(basename "$src")"
    crate="$work/crates/$name"
    rm -rf "$crate" && mkdir -p "$work/crates" && cp -r "$src" "$crate"
    features=""
    grep -q '^required-features' "$crate/Cargo.toml" && features="--all-features"
    # Warm both target dirs first (not timed).
    plain "$crate" "$work/target-plain-$name" "$features" >/dev/null
    gate "$crate" "$work/target-gate-$name" >/dev/null
    p=() g=()
    for _ in $(seq "$runs"); do
        p+=("$(plain "$crate" "$work/target-plain-$name" "$features")")
        g+=("$(gate "$crate" "$work/target-gate-$name")")
    done
    pm=$(printf '%s\n' "${p[@]}" | median)
    gm=$(printf '%s\n' "${g[@]}" | median)
    printf '| %s | %.1f | %.1f | %.2f |\n' "$name" "$pm" "$gm" "$(echo "$gm / $pm" | bc -l)"
done
