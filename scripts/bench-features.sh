#!/usr/bin/env bash
# bench-features.sh: what the `features` gate costs against the raw loop a user would write.
#
# Usage:
#   scripts/bench-features.sh [GATECHECK]
#
#   GATECHECK   the gatecheck binary (default: build/gatecheck of this checkout).
#
# Environment:
#   RUNS=N            measured runs per crate, command and phase (default 3)
#   FEATURE_CRATES    registry crate dirs or fixture names (default: "spin-0.9.5 features-clean")
#
# For each crate (a copy under build/bench-features/), the raw loop is
#   for F in --no-default-features --all-features "--no-default-features --features X"...;
#   do cargo check --all-targets $F; done
# over the same combinations gatecheck checks (read from `cargo metadata`, an optional
# dependency's implicit feature left out), against `gatecheck --gate features`. Each has its
# own target dir. cold: the target dir deleted before each run; warm: right after a run.
# Output: build/bench-features/results.md (medians, gatecheck/raw as a ratio).
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$script_dir/.." && pwd)
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
fi
gatecheck=${1:-$root/build/gatecheck}
[[ -x $gatecheck ]] || { echo "bench-features.sh: no gatecheck binary at $gatecheck" >&2; exit 2; }
export CARGO_HOME=${CARGO_HOME:-$root/build/cargo-home}
runs=${RUNS:-3}
out=$root/build/bench-features
mkdir -p "$out"

combinations() {  # one line per combination, flags separated by spaces
    cargo metadata --format-version 1 --no-deps | python3 -c '
import json, sys
p = json.load(sys.stdin)["packages"][0]
opt = {d.get("rename") or d["name"] for d in p["dependencies"] if d["optional"]}
print("--no-default-features"); print("--all-features")
for f, v in sorted(p["features"].items()):
    if not (f in opt and v == ["dep:" + f]):
        print("--no-default-features --features " + f)'
}

raw_loop() {
    while read -r flags; do
        # shellcheck disable=SC2086
        CARGO_TARGET_DIR=$1 cargo check --all-targets $flags -q >/dev/null 2>&1 || true
    done <combinations.txt
}

seconds() { local t0 t1; t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

printf '| crate | combinations | raw loop cold s | gatecheck cold s | ratio | raw loop warm s | gatecheck warm s | ratio |\n|---|---|---|---|---|---|---|---|\n' >"$out/results.md"
for name in ${FEATURE_CRATES:-spin-0.9.5 features-clean}; do
    src=/usr/share/cargo/registry/$name
    [[ -d $src ]] || src=$root/tests/fixtures/$name
    dir=$out/crates/$name
    rm -rf "$dir" && mkdir -p "$dir" && cp -r "$src/." "$dir"
    cd "$dir"
    combinations >combinations.txt
    declare -A t=()
    for phase in cold warm; do
        for cmd in raw gc; do
            for _ in $(seq "$runs"); do
                target=$out/target-$name-$cmd
                [[ $phase == cold ]] && rm -rf "$target"
                if [[ $cmd == raw ]]; then
                    s=$(seconds raw_loop "$target")
                else
                    s=$(seconds sh -c "CARGO_TARGET_DIR='$target' '$gatecheck' --gate features . >/dev/null 2>&1 || true")
                fi
                t[$phase-$cmd]+="$s "
            done
        done
    done
    m() { tr ' ' '\n' <<<"${t[$1]}" | grep . | median; }
    rc=$(m cold-raw) gc=$(m cold-gc) rw=$(m warm-raw) gw=$(m warm-gc)
    printf '| %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$name" "$(wc -l <combinations.txt)" \
        "$rc" "$gc" "$(echo "$gc / $rc" | bc -l)" "$rw" "$gw" "$(echo "$gw / $rw" | bc -l)" >>"$out/results.md"
    unset t
    cd "$root"
done
cat "$out/results.md"
