#!/usr/bin/env bash
# bench-lints.sh: what the code-level gates' lints cost the one shared clippy run.
#
# Usage:
#   scripts/bench-lints.sh [GATECHECK]
#
#   GATECHECK   the gatecheck binary (default: build/gatecheck of this checkout).
#
# Environment:
#   RUNS=N          measured pairs per crate and phase (default 5)
#   LINT_CRATES     which crates (default: "hello-gates serde_derive itoa"):
#                     hello-gates   examples/hello-gates, no dependencies
#                     serde_derive  the real crate from /usr/share/cargo/registry (syn, quote, ...)
#                     itoa          the real crate from /usr/share/cargo/registry (unsafe code)
#
# For each crate, gatecheck runs once to learn its exact clippy command (every gate on: the
# pedantic lints plus the lints and clippy.toml keys the code-level gates add). Then two
# commands alternate, each in its own target dir so neither invalidates the other:
#   base   cargo clippy --all-targets --keep-going --message-format=json -- -W clippy::pedantic
#          (what `cargo clippy` with pedantic lints costs on its own)
#   gates  gatecheck's clippy command, verbatim, with its CLIPPY_CONF_DIR
# cold: the target dir deleted before each run (dependencies compiled too);
# warm: dependencies built, the crate's own .rs files touched, so clippy lints the crate again
#       (an untouched warm run does no work at all and measures nothing).
# Output: build/bench-lints/results.md (medians, and gates/base as a ratio) and runs.tsv.
set -euo pipefail

die() {
    printf 'bench-lints.sh: %s\n' "$*" >&2
    exit 2
}

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$script_dir/.." && pwd)
if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
fi
gatecheck=${1:-$root/build/gatecheck}
[[ -x $gatecheck ]] || die "no gatecheck binary at $gatecheck"
command -v jq >/dev/null || die "jq is missing (scripts/setup.sh installs it)"
runs=${RUNS:-5}
out=$root/build/bench-lints
registry=/usr/share/cargo/registry
mkdir -p "$out/cargo-home" "$out/crates"
cp "$root/scripts/offline-cargo-config.toml" "$out/cargo-home/config.toml"
export CARGO_HOME=$out/cargo-home NO_COLOR=1

source_of() {
    case $1 in
        hello-gates) echo "$root/examples/hello-gates" ;;
        *)
            local dir
            dir=$(ls -d "$registry/$1"-[0-9]* 2>/dev/null | sort -V | tail -1)
            [[ -n $dir ]] || die "$1 is not in $registry"
            echo "$dir"
            ;;
    esac
}

now() { date +%s.%N; }

# Runs "$@" in the crate, returns the wall seconds on stdout.
timed() {
    local start end
    start=$(now)
    "$@" >/dev/null 2>&1 || true
    end=$(now)
    awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f\n", b - a}'
}

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

printf 'crate\tphase\trun\tbase_s\tgates_s\n' >"$out/runs.tsv"
{
    echo "| crate | phase | base clippy (s) | with the gates' lints (s) | ratio |"
    echo "|---|---|---|---|---|"
} >"$out/results.md"

for name in ${LINT_CRATES:-hello-gates serde_derive itoa}; do
    src=$(source_of "$name")
    crate=$out/crates/$name
    rm -rf "$crate" && cp -r "$src" "$crate" && chmod -R u+w "$crate"
    rm -f "$crate/Cargo.lock"
    gates_target=$out/target/$name-gates
    base_target=$out/target/$name-base
    CARGO_TARGET_DIR=$gates_target "$gatecheck" "$crate" --report "json=$out/$name.report.json" >/dev/null 2>&1 || true
    gates_cmd=$(jq -r '.probes[] | select(.id=="clippy") | .command' "$out/$name.report.json")
    [[ -n $gates_cmd ]] || die "gatecheck ran no clippy on $name"
    conf=$(sed -n 's/^CLIPPY_CONF_DIR=\([^ ]*\) .*/\1/p' <<<"$gates_cmd")
    [[ -n $conf ]] && cp "$conf/clippy.toml" "$out/$name.clippy.toml"
    mkdir -p "$out/conf-$name" && [[ -f $out/$name.clippy.toml ]] && cp "$out/$name.clippy.toml" "$out/conf-$name/clippy.toml"
    argv=${gates_cmd#CLIPPY_CONF_DIR=* }
    run_gates() { (cd "$crate" && CARGO_TARGET_DIR=$gates_target CLIPPY_CONF_DIR=$out/conf-$name eval "$argv"); }
    run_base() {
        (cd "$crate" && CARGO_TARGET_DIR=$base_target cargo clippy --all-targets --keep-going --message-format=json \
            -- -W clippy::pedantic)
    }
    for phase in cold warm; do
        base=() gates=()
        for ((i = 1; i <= runs; i++)); do
            for which in base gates; do
                target=$base_target
                [[ $which == gates ]] && target=$gates_target
                if [[ $phase == cold ]]; then
                    rm -rf "$target"
                else
                    [[ -d $target ]] || run_$which >/dev/null 2>&1 || true
                    find "$crate" -name '*.rs' -not -path '*/target/*' -exec touch {} +
                fi
                sync
                t=$(timed run_$which)
                [[ $which == base ]] && base+=("$t") || gates+=("$t")
            done
            printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$phase" "$i" "${base[-1]}" "${gates[-1]}" >>"$out/runs.tsv"
        done
        mb=$(printf '%s\n' "${base[@]}" | median)
        mg=$(printf '%s\n' "${gates[@]}" | median)
        printf '| %s | %s | %.2f | %.2f | %.3f |\n' "$name" "$phase" "$mb" "$mg" "$(awk -v g="$mg" -v b="$mb" 'BEGIN {print g / b}')" \
            >>"$out/results.md"
    done
done
cat "$out/results.md"
