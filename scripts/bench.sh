#!/usr/bin/env bash
# bench.sh: how long `gatecheck check` takes, compared with running the same cargo
# commands by hand, and how much of its wall time is gatecheck's own work.
#
# Usage:
#   scripts/bench.sh [GATECHECK]
#
#   GATECHECK   the gatecheck binary to measure (default: build/gatecheck of this checkout).
#               Runnable from any directory.
#
# Environment:
#   COLD_RUNS=N     repetitions with an empty target/ (default 3, at least 1)
#   WARM_RUNS=N     repetitions with target/ already built (default 5, at least 1)
#   QUIET_WAIT=S    before each measured run, wait up to S seconds (default 120) until other
#                   processes use under 10% of the CPUs; each run also records the share of
#                   the CPUs others used while it ran (the "others CPU %" column)
#   OTHER_MAX=P     a gatecheck/plain pair during which other processes used more than P% of
#   RETRIES=N       the CPUs (default 10) is measured again, up to N times (default 3); the
#                   discarded pairs go to runs-discarded.tsv
#   BENCH_CRATES="hello-gates deps-demo serde_derive"
#                   which benchmark crates to run (default: all three):
#                     hello-gates   examples/hello-gates, no dependencies
#                     deps-demo     a small crate generated here, depending on serde (derive)
#                                   and thiserror from /usr/share/cargo/registry
#                     serde_derive  the real serde_derive crate from /usr/share/cargo/registry
#                                   (depends on proc-macro2, quote, syn)
#
# Everything happens under build/bench/: an offline CARGO_HOME (cargo-home/config.toml, which
# replaces crates.io with Debian's /usr/share/cargo/registry), a copy of the gatecheck binary
# (so that a rebuild during the benchmark cannot mix versions), a scratch copy of each crate
# (crates/), the per-run reports and logs (logs/), runs.tsv (every measurement, with extra
# columns: CPU seconds, others' CPU share, how late the test build started, gatecheck's time
# before its first and after its last probe), runs-discarded.tsv, results.md (the table) and
# probes.md (median duration of every probe inside gatecheck and in the plain run).
#
# For each crate and each phase (cold: target/ deleted before every run; warm: target/ built),
# the script alternates two measurements, each preceded by `sync` (write-back of the deleted
# or freshly built target/ would otherwise land in the next run) and a wait for a quiet CPU:
#   gatecheck  `gatecheck check -v CRATE --report json=FILE` (human report to /dev/null). Wall
#              time is taken around the process; its probes (external commands) and their
#              durations come from the JSON report; -v lines are time-stamped to know when each
#              probe started.
#   plain      the external commands of that report's `probes` array, in the report's order,
#              one after another, each exactly as gatecheck ran it (same flags, same
#              environment, test binaries run directly from the crate directory), output to
#              /dev/null. Left out: `cargo metadata`, `cargo --version`, `rustc --version`,
#              which only gatecheck itself needs.
# The table shows medians: gatecheck seconds, plain seconds, their ratio, gatecheck's own peak
# RSS, and gatecheck's overhead, in two forms:
#   idle       wall time during which none of gatecheck's probes was running (the union of the
#              probe intervals subtracted from the wall time): its own work on the critical path
#              (start-up, parsing, scheduling gaps, report rendering);
#   wall-sum   wall time minus the sum of the probe durations; negative when probes overlap
#              (gatecheck runs up to `nproc` of them at once).
# Peak RSS is gatecheck's own (getrusage(RUSAGE_SELF) at exit, through a small LD_PRELOAD
# helper built with cc): `/usr/bin/time -f %M` would report the largest rustc it waited for.
#
# The script installs nothing itself (scripts/setup.sh installs what it needs); it stops with
# a message naming whatever is missing.
set -euo pipefail

die() {
    printf 'bench.sh: %s\n' "$*" >&2
    exit 2
}
note() { printf 'bench.sh: %s\n' "$*" >&2; }

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
root=$(cd -- "$script_dir/.." && pwd)
bench=$root/build/bench
registry=/usr/share/cargo/registry

if [[ $# -gt 1 || ${1:-} == -h || ${1:-} == --help ]]; then
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    [[ $# -gt 1 ]] && exit 2
    exit 0
fi
gatecheck=${1:-$root/build/gatecheck}
[[ -e $gatecheck ]] || die "no gatecheck binary at $gatecheck (build it: make -C $root/build gatecheck)"
[[ -x $gatecheck && -f $gatecheck ]] || die "$gatecheck is not an executable file"
gatecheck=$(cd -- "$(dirname -- "$gatecheck")" && pwd)/$(basename -- "$gatecheck")
gatecheck_source=$gatecheck

cold_runs=${COLD_RUNS:-3}
warm_runs=${WARM_RUNS:-5}
[[ $cold_runs =~ ^[1-9][0-9]*$ ]] || die "COLD_RUNS must be a positive integer, not '$cold_runs'"
[[ $warm_runs =~ ^[1-9][0-9]*$ ]] || die "WARM_RUNS must be a positive integer, not '$warm_runs'"
crates=${BENCH_CRATES:-hello-gates deps-demo serde_derive}

# ---------------------------------------------------------------- requirements
(( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 0) )) ||
    die "bash 5.0 or newer is needed (for \$EPOCHREALTIME); this is $BASH_VERSION"
for tool in cargo rustc rustdoc jq awk sort tar sha256sum sync getconf; do
    command -v "$tool" >/dev/null || die "'$tool' is not on PATH (install it; the project's setup script does)"
done
cargo clippy --version >/dev/null 2>&1 || die "cargo clippy is not available (rustup component add clippy)"
cargo fmt --version >/dev/null 2>&1 || die "cargo fmt is not available (rustup component add rustfmt)"

# Newest version of a crate in Debian's registry, or nothing.
registry_crate() {
    local d
    d=$(find "$registry" -mindepth 1 -maxdepth 1 -type d -name "$1-[0-9]*" 2>/dev/null | sort -V | tail -n 1)
    printf '%s' "$d"
}
need_registry() {
    [[ -d $registry ]] || die "$registry does not exist: the Debian Rust crate packages are not installed"
    local c
    for c in "$@"; do
        [[ -n $(registry_crate "$c") ]] ||
            die "crate $c is missing from $registry (Debian package librust-${c//_/-}-dev)"
    done
}
for c in $crates; do
    case $c in
        hello-gates) [[ -f $root/examples/hello-gates/Cargo.toml ]] || die "$root/examples/hello-gates is missing" ;;
        deps-demo) need_registry serde serde_derive thiserror thiserror-impl proc-macro2 quote syn unicode-ident ;;
        serde_derive) need_registry serde serde_derive proc-macro2 quote syn unicode-ident ;;
        *) die "unknown benchmark crate '$c' (known: hello-gates deps-demo serde_derive)" ;;
    esac
done

# ---------------------------------------------------------------- environment
mkdir -p "$bench/cargo-home"
# Measure a private copy: a rebuild of the original during the benchmark must not mix versions.
if [[ $gatecheck != "$bench/gatecheck" ]]; then
    cp -- "$gatecheck" "$bench/gatecheck.tmp"
    mv -- "$bench/gatecheck.tmp" "$bench/gatecheck"
    gatecheck=$bench/gatecheck
fi
cp -- "$script_dir/offline-cargo-config.toml" "$bench/cargo-home/config.toml"
# The advisories gate reads a RustSec database at $CARGO_HOME/advisory-db; without one it is
# `unavailable` (exit 3). The tests' small real one keeps runs comparable and offline.
ln -sfn -- "$root/tests/data/advisory-db" "$bench/cargo-home/advisory-db"
export CARGO_HOME=$bench/cargo-home
# Settings that would move target/ or cache compilations elsewhere would make "cold" a lie.
unset CARGO_TARGET_DIR CARGO_BUILD_TARGET_DIR RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER \
    RUSTC_WORKSPACE_WRAPPER CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER
export CARGO_TERM_COLOR=never

# gatecheck's own peak RSS: a preloaded helper writes getrusage(RUSAGE_SELF).ru_maxrss (KiB)
# to $GC_BENCH_RSS_FILE at exit, and removes itself from the environment first so that the
# commands gatecheck starts do not load it.
rss_helper=""
if command -v "${CC:-cc}" >/dev/null; then
    cat >"$bench/rss-helper.c" <<'EOF'
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static char out[4096];

__attribute__((constructor)) static void rss_init(void) {
    const char *p = getenv("GC_BENCH_RSS_FILE");
    if (p != NULL) {
        snprintf(out, sizeof out, "%s", p);
    }
    unsetenv("GC_BENCH_RSS_FILE");
    unsetenv("LD_PRELOAD");
}

__attribute__((destructor)) static void rss_fini(void) {
    struct rusage ru;
    if (out[0] == '\0' || getrusage(RUSAGE_SELF, &ru) != 0) {
        return;
    }
    FILE *f = fopen(out, "w");
    if (f != NULL) {
        fprintf(f, "%ld\n", ru.ru_maxrss);
        fclose(f);
    }
}
EOF
    if "${CC:-cc}" -O2 -shared -fPIC -o "$bench/rss-helper.so" "$bench/rss-helper.c" 2>"$bench/rss-helper.log"; then
        rss_helper=$bench/rss-helper.so
    else
        note "cannot build the RSS helper (see $bench/rss-helper.log): peak RSS will be n/a"
    fi
else
    note "no C compiler (${CC:-cc}): gatecheck's peak RSS will be n/a"
fi

# ---------------------------------------------------------------- benchmark crates
# Copies SRC to build/bench/NAME (without target/), returns the path in $crate_dir.
copy_crate() {
    local src=$1 name=$2
    crate_dir=$bench/crates/$name
    rm -rf "$crate_dir"
    mkdir -p "$crate_dir"
    tar -C "$src" --exclude=./target -cf - . | tar -C "$crate_dir" -xf -
    rm -f "$crate_dir/.cargo-checksum.json"
}

write_deps_demo() {
    crate_dir=$bench/crates/deps-demo
    rm -rf "$crate_dir"
    mkdir -p "$crate_dir/src" "$crate_dir/tests"
    cat >"$crate_dir/Cargo.toml" <<'EOF'
[package]
name = "deps-demo"
version = "0.1.0"
edition = "2021"
description = "gatecheck benchmark crate: a settings parser using serde (derive) and thiserror"
license = "MIT"
publish = false

[dependencies]
serde = { version = "1", features = ["derive"] }
thiserror = "1"
EOF
    cat >"$crate_dir/src/lib.rs" <<'EOF'
//! Parses `key = value` settings into a [`Settings`] value.
//!
//! ```
//! let s = deps_demo::parse("name = demo\nworkers = 4").unwrap();
//! assert_eq!(s.workers, 4);
//! ```

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Parsed settings.
///
/// ```
/// let s = deps_demo::Settings::default();
/// assert_eq!(s.workers, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The service name.
    pub name: String,
    /// How many workers to start.
    pub workers: u32,
    /// Whether to log every request.
    pub verbose: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            name: String::from("service"),
            workers: 1,
            verbose: false,
        }
    }
}

/// Why a settings text could not be parsed.
///
/// ```
/// let e = deps_demo::parse("workers").unwrap_err();
/// assert_eq!(e, deps_demo::ParseError::MissingEquals { line: 1 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// A line has no `=`.
    #[error("line {line}: expected `key = value`")]
    MissingEquals {
        /// 1-based line number.
        line: usize,
    },
    /// A key is not one of the known settings.
    #[error("line {line}: unknown key `{key}`")]
    UnknownKey {
        /// 1-based line number.
        line: usize,
        /// The key as written.
        key: String,
    },
    /// A value does not have the setting's type.
    #[error("line {line}: bad value `{value}` for `{key}`")]
    BadValue {
        /// 1-based line number.
        line: usize,
        /// The key.
        key: String,
        /// The value as written.
        value: String,
    },
}

/// Parses settings text: one `key = value` per line, `#` comments and blank lines ignored.
///
/// # Errors
/// [`ParseError`] for the first line that is not a valid setting.
///
/// ```
/// let s = deps_demo::parse("# comment\nverbose = true").unwrap();
/// assert!(s.verbose);
/// ```
pub fn parse(text: &str) -> Result<Settings, ParseError> {
    let mut s = Settings::default();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let (key, value) = content
            .split_once('=')
            .ok_or(ParseError::MissingEquals { line })?;
        let (key, value) = (key.trim(), value.trim());
        let bad = || ParseError::BadValue {
            line,
            key: key.to_owned(),
            value: value.to_owned(),
        };
        match key {
            "name" => value.clone_into(&mut s.name),
            "workers" => s.workers = value.parse().map_err(|_| bad())?,
            "verbose" => s.verbose = value.parse().map_err(|_| bad())?,
            _ => {
                return Err(ParseError::UnknownKey {
                    line,
                    key: key.to_owned(),
                })
            }
        }
    }
    Ok(s)
}

/// Renders settings back to text that [`parse`] accepts.
///
/// ```
/// let s = deps_demo::Settings::default();
/// assert_eq!(deps_demo::parse(&deps_demo::render(&s)).unwrap(), s);
/// ```
#[must_use]
pub fn render(s: &Settings) -> String {
    format!(
        "name = {}\nworkers = {}\nverbose = {}\n",
        s.name, s.workers, s.verbose
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_gives_defaults() {
        assert_eq!(parse("").unwrap(), Settings::default());
    }

    #[test]
    fn unknown_key_is_reported_with_its_line() {
        assert_eq!(
            parse("\n\nport = 1").unwrap_err(),
            ParseError::UnknownKey {
                line: 3,
                key: "port".into()
            }
        );
    }

    #[test]
    fn settings_are_serde_types() {
        fn is_serde<T: Serialize + for<'de> Deserialize<'de>>() {}
        is_serde::<Settings>();
    }
}
EOF
    cat >"$crate_dir/tests/roundtrip.rs" <<'EOF'
use deps_demo::{parse, render, ParseError, Settings};

#[test]
fn render_then_parse_is_identity() {
    let s = Settings {
        name: "x".into(),
        workers: 8,
        verbose: true,
    };
    assert_eq!(parse(&render(&s)).unwrap(), s);
}

#[test]
fn bad_number_is_an_error() {
    let e = parse("workers = many").unwrap_err();
    assert!(matches!(e, ParseError::BadValue { line: 1, .. }));
    assert_eq!(e.to_string(), "line 1: bad value `many` for `workers`");
}
EOF
}

prepare_crate() {
    case $1 in
        hello-gates) copy_crate "$root/examples/hello-gates" hello-gates ;;
        deps-demo) write_deps_demo ;;
        serde_derive) copy_crate "$(registry_crate serde_derive)" serde_derive ;;
    esac
    # Resolve once (writes Cargo.lock) so that no measured run pays for it.
    cargo metadata --format-version 1 --offline --manifest-path "$crate_dir/Cargo.toml" >/dev/null 2>"$bench/metadata.log" ||
        die "cargo cannot resolve $1 offline (see $bench/metadata.log)"
}

# ---------------------------------------------------------------- measurements
now() { printf '%s' "$EPOCHREALTIME"; }

ncpu=$(nproc)
clk_tck=$(getconf CLK_TCK)
quiet_wait=${QUIET_WAIT:-120}
other_max=${OTHER_MAX:-10}
retries=${RETRIES:-3}
[[ $quiet_wait =~ ^[0-9]+$ && $other_max =~ ^[0-9]+$ && $retries =~ ^[0-9]+$ ]] ||
    die "QUIET_WAIT, OTHER_MAX and RETRIES must be non-negative integers"

# Busy CPU time of the whole machine so far, in clock ticks (from /proc/stat).
cpu_ticks() {
    local _cpu user nice system _idle _iowait irq softirq steal _rest
    read -r _cpu user nice system _idle _iowait irq softirq steal _rest </proc/stat
    printf '%d' $((user + nice + system + irq + softirq + steal))
}

# The machine is shared: before each measured run, wait (at most $QUIET_WAIT s) until other
# processes use less than 10% of the CPUs over one second.
wait_quiet() {
    local deadline=$((SECONDS + quiet_wait)) a b pct
    while :; do
        a=$(cpu_ticks)
        sleep 1
        b=$(cpu_ticks)
        pct=$(((b - a) * 100 / (clk_tck * ncpu)))
        ((pct < 10)) && return 0
        if ((SECONDS >= deadline)); then
            note "other processes still use ${pct}% of the CPUs after ${quiet_wait}s: measuring anyway"
            return 0
        fi
    done
}

# Before each measured run: write dirty pages back (deleting and rebuilding target/ leaves
# plenty, and their write-back would otherwise land in the next run), then wait for quiet.
settle() {
    sync
    wait_quiet
}

# Seconds of user+system CPU of the children, from the second line of bash's `times`.
children_cpu() {
    awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%.2f", t }'
}

# other_pct TICKS0 TICKS1 OUR_CPU_S WALL_S: % of the machine's CPU capacity used by processes
# other than the measured ones during the run (interference from whatever else runs here).
other_pct() {
    awk -v a="$1" -v b="$2" -v o="$3" -v w="$4" -v hz="$clk_tck" -v n="$ncpu" \
        'BEGIN { x = 100 * ((b - a) / hz - o) / (w * n); printf "%.0f", x < 0 ? 0 : x }'
}

# Prefixes each line of stdin with the time it was read.
stamp() {
    local line
    while IFS= read -r line; do
        printf '%s %s\n' "$EPOCHREALTIME" "$line"
    done
}

# run_gatecheck DIR PREFIX: one measured gatecheck run;
# prints "wall rss_kib probe_sum probe_busy exit cpu other%".
run_gatecheck() {
    local dir=$1 prefix=$2 t0 t1 k0 k1 rc out cpu
    rm -f "$prefix.json" "$prefix.rss"
    k0=$(cpu_ticks)
    t0=$(now)
    out=$(
        set +e
        if [[ -n $rss_helper ]]; then
            GC_BENCH_RSS_FILE=$prefix.rss LD_PRELOAD=$rss_helper \
                "$gatecheck" check -v "$dir" --color never --report "json=$prefix.json" 2>&1 >/dev/null | stamp >"$prefix.log"
        else
            "$gatecheck" check -v "$dir" --color never --report "json=$prefix.json" 2>&1 >/dev/null | stamp >"$prefix.log"
        fi
        echo "${PIPESTATUS[0]}"
        times
    )
    t1=$(now)
    k1=$(cpu_ticks)
    rc=$(head -n 1 <<<"$out")
    cpu=$(tail -n +2 <<<"$out" | children_cpu)
    if [[ $rc -gt 1 || ! -s $prefix.json ]]; then
        die "gatecheck exited with $rc on $dir (not 0 or 1: the run is not a valid measurement); log: $prefix.log"
    fi
    local rss=NA
    [[ -s $prefix.rss ]] && rss=$(<"$prefix.rss")
    # Probe intervals: start = time stamp of the "running ID:" line, length = duration_ms from
    # the report. `metadata` runs alone before the scheduler starts and has no -v line.
    local stats
    stats=$(jq -r '.probes[] | [.id, .duration_ms] | @tsv' "$prefix.json" |
        awk -F'\t' -v logf="$prefix.log" -v t0="$t0" -v t1="$t1" '
            BEGIN {
                while ((getline l < logf) > 0) {
                    if (match(l, /^[0-9.]+ gatecheck: running [^ ]+:/)) {
                        split(l, f, " "); id = f[4]; sub(/:$/, "", id)
                        if (!(id in start)) start[id] = f[1]
                        if (first == "") first = f[1]
                    }
                }
            }
            { dur = $2 / 1000; sum += dur
              if ($1 == "metadata") { meta += dur; next }
              if (!($1 in start)) { missing++; meta += dur; next }
              n++; s[n] = start[$1]; e[n] = start[$1] + dur }
            END {
                # union of [s, e]: sort by start (insertion sort, a few dozen probes), merge
                for (i = 2; i <= n; i++) { a = s[i]; b = e[i]; j = i - 1
                    while (j > 0 && s[j] > a) { s[j+1] = s[j]; e[j+1] = e[j]; j-- }
                    s[j+1] = a; e[j+1] = b }
                busy = meta; last = 0
                for (i = 1; i <= n; i++) {
                    if (e[i] > last) last = e[i]
                    if (i == 1 || s[i] > ce) { if (i > 1) busy += ce - cs; cs = s[i]; ce = e[i] }
                    else if (e[i] > ce) ce = e[i]
                }
                if (n > 0) busy += ce - cs
                # how long the scheduler ran before the test build (the critical path) began
                delay = ("test-build" in start) ? start["test-build"] - first : 0
                # before the first scheduled probe (start-up, metadata, planning; minus the
                # metadata command itself) and after the last one (evaluation, reports, exit)
                pre = (n > 0) ? first - t0 - meta : 0
                post = (n > 0) ? t1 - last : 0
                printf "%.4f %.4f %d %.4f %.4f %.4f\n", sum, busy, missing, delay, pre, post
            }')
    local sum busy missing delay pre post
    read -r sum busy missing delay pre post <<<"$stats"
    [[ $missing -eq 0 ]] || note "$prefix: $missing probes had no -v start line (counted as serial)"
    local wall
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    printf '%s %s %s %s %s %s %s %s %s %s\n' "$wall" "$rss" "$sum" "$busy" "$rc" "$cpu" "$(other_pct "$k0" "$k1" "$cpu" "$wall")" "$delay" "$pre" "$post"
}

# run_plain DIR REPORT PREFIX: the report's probe commands, serially; prints "wall cpu other%".
# Each command's exit status is compared with the one gatecheck saw.
run_plain() {
    local dir=$1 report=$2 prefix=$3 t0 t1 k0 k1 cpu wall
    jq -r '.probes[] | select(.id != "metadata" and .id != "cargo-version" and .id != "rustc-version")
           | "\(.id)\t\(.outcome)\t\(.command)"' "$report" >"$prefix.cmds"
    [[ -s $prefix.cmds ]] || die "$report lists no probe commands"
    : >"$prefix.outcomes"
    k0=$(cpu_ticks)
    t0=$(now)
    (
        cd -- "$dir"
        while IFS=$'\t' read -r id outcome cmd; do
            c0=$EPOCHREALTIME
            set +e
            eval "$cmd" </dev/null >/dev/null 2>&1
            rc=$?
            set -e
            printf '%s\t%s\texit %s\t%s\t%s\n' "$id" "$outcome" "$rc" "$c0" "$EPOCHREALTIME" >>"$prefix.outcomes"
        done <"$prefix.cmds"
        times >"$prefix.times"
    )
    t1=$(now)
    k1=$(cpu_ticks)
    cpu=$(children_cpu <"$prefix.times")
    awk -F'\t' -v p="$prefix" '$2 != $3 { printf "bench.sh: %s: %s: gatecheck saw \"%s\", plain run gave \"%s\"\n", p, $1, $2, $3 > "/dev/stderr" }' \
        "$prefix.outcomes"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    printf '%s %s %s\n' "$wall" "$cpu" "$(other_pct "$k0" "$k1" "$cpu" "$wall")"
}

results=$bench/runs.tsv
printf 'crate\tphase\trun\tgatecheck_s\tgatecheck_rss_kib\tprobe_sum_s\tprobe_busy_s\tgatecheck_exit\tplain_s\tgatecheck_cpu_s\tgatecheck_other_pct\tplain_cpu_s\tplain_other_pct\ttest_build_delay_s\tbefore_probes_s\tafter_probes_s\n' >"$results"
head -n 1 "$results" >"$bench/runs-discarded.tsv"

bench_phase() {
    local name=$1 phase=$2 reps=$3 i g p gw grss gsum gbusy grc gcpu gother gdelay gpre gpost pw pcpu pother
    local logs=$bench/logs/$name
    mkdir -p "$logs"
    for ((i = 1; i <= reps; i++)); do
        local attempt row
        for ((attempt = 1; ; attempt++)); do
            [[ $phase == cold ]] && rm -rf "$crate_dir/target"
            settle
            g=$(run_gatecheck "$crate_dir" "$logs/$phase-$i-gatecheck")
            [[ $phase == cold ]] && rm -rf "$crate_dir/target"
            settle
            p=$(run_plain "$crate_dir" "$logs/$phase-$i-gatecheck.json" "$logs/$phase-$i-plain")
            read -r gw grss gsum gbusy grc gcpu gother gdelay gpre gpost <<<"$g"
            read -r pw pcpu pother <<<"$p"
            row=$(printf '%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$name" "$phase" "$i" "$gw" "$grss" "$gsum" \
                "$gbusy" "$grc" "$pw" "$gcpu" "$gother" "$pcpu" "$pother" "$gdelay" "$gpre" "$gpost")
            note "$name $phase $i/$reps: gatecheck ${gw}s (exit $grc, others ${gother}% CPU), plain ${pw}s (others ${pother}% CPU)"
            if ((gother > other_max || pother > other_max)) && ((attempt <= retries)); then
                note "  other processes used more than ${other_max}% of the CPUs: measuring this pair again"
                printf '%s\n' "$row" >>"$bench/runs-discarded.tsv"
                continue
            fi
            printf '%s\n' "$row" >>"$results"
            break
        done
    done
}

note "gatecheck: $gatecheck_source (measured as the copy $gatecheck, sha256 $(sha256sum "$gatecheck" | cut -c1-16))"
note "machine: $(nproc) CPUs; $(rustc -V); cold x$cold_runs, warm x$warm_runs"
for name in $crates; do
    prepare_crate "$name"
    note "$name: $crate_dir"
    bench_phase "$name" cold "$cold_runs"
    # The last cold plain run left target/ fully built; one untimed run settles caches.
    "$gatecheck" check "$crate_dir" --report "json=$bench/logs/$name/warmup.json" >/dev/null 2>&1 || true
    bench_phase "$name" warm "$warm_runs"
done

# ---------------------------------------------------------------- table
awk -F'\t' -v order="$crates" '
    function median(list,    n, v, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { t = v[i]; j = i - 1; while (j > 0 && v[j] + 0 > t + 0) { v[j+1] = v[j]; j-- } v[j+1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    function add(k, x) { vals[k] = (k in vals) ? vals[k] " " x : x }
    NR == 1 { next }
    {
        key = $1 SUBSEP $2; seen[key] = 1; reps[key]++
        add(key SUBSEP "g", $4); add(key SUBSEP "p", $9)
        add(key SUBSEP "ratio", $4 / $9)
        add(key SUBSEP "idle", $4 - $7); add(key SUBSEP "idlepct", 100 * ($4 - $7) / $4)
        add(key SUBSEP "wms", $4 - $6)
        if ($5 != "NA") add(key SUBSEP "rss", $5 / 1024)
        add(key SUBSEP "gcpu", $10); add(key SUBSEP "pcpu", $12)
        o = $11 > $13 ? $11 : $13; if (!(key in other) || o > other[key]) other[key] = o
    }
    END {
        hdr = "| crate | run | n | gatecheck s | plain s | gatecheck/plain | peak RSS MiB | overhead s (idle) | overhead % | wall - sum(probes) s | CPU s gatecheck / plain | others CPU % (max) |"
        print hdr
        print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        n = split(order, names, " ")
        for (c = 1; c <= n; c++) for (ph = 1; ph <= 2; ph++) {
            phase = ph == 1 ? "cold" : "warm"; key = names[c] SUBSEP phase
            if (!(key in seen)) continue
            rss = ((key SUBSEP "rss") in vals) ? sprintf("%.1f", median(vals[key SUBSEP "rss"])) : "n/a"
            printf "| %s | %s | %d | %.2f | %.2f | %.2f | %s | %.3f | %.1f | %+.2f | %.1f / %.1f | %d |\n", names[c], phase, reps[key],
                median(vals[key SUBSEP "g"]), median(vals[key SUBSEP "p"]), median(vals[key SUBSEP "ratio"]), rss,
                median(vals[key SUBSEP "idle"]), median(vals[key SUBSEP "idlepct"]), median(vals[key SUBSEP "wms"]),
                median(vals[key SUBSEP "gcpu"]), median(vals[key SUBSEP "pcpu"]), other[key]
        }
    }' "$results" >"$bench/results.md"

# Where the time goes: median duration of each probe, inside gatecheck and in the plain run.
for name in $crates; do
    for f in "$bench/logs/$name"/{cold,warm}-*-gatecheck.json; do
        [[ -e $f ]] || continue
        run=$(basename -- "$f" -gatecheck.json)
        jq -r --arg c "$name" --arg p "${run%%-*}" '.probes[] | [$c, $p, .id, "gatecheck", .duration_ms] | @tsv' "$f"
        awk -F'\t' -v c="$name" -v p="${run%%-*}" '{ printf "%s\t%s\t%s\tplain\t%d\n", c, p, $1, ($5 - $4) * 1000 }' \
            "${f%-gatecheck.json}-plain.outcomes"
    done
done >"$bench/probes.tsv"
awk -F'\t' '
    function median(list,    n, v, i, j, t) {
        n = split(list, v, " ")
        for (i = 2; i <= n; i++) { t = v[i]; j = i - 1; while (j > 0 && v[j] + 0 > t + 0) { v[j+1] = v[j]; j-- } v[j+1] = t }
        return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    }
    {
        k = $1 SUBSEP $2 SUBSEP $3
        if (!(k in seen)) { seen[k] = 1; order[++n] = k }
        v[k SUBSEP $4] = ((k SUBSEP $4) in v) ? v[k SUBSEP $4] " " $5 : $5
    }
    END {
        print "| crate | run | probe | gatecheck ms | plain ms |"
        print "|---|---|---|---:|---:|"
        for (i = 1; i <= n; i++) {
            k = order[i]; split(k, f, SUBSEP)
            g = ((k SUBSEP "gatecheck") in v) ? sprintf("%d", median(v[k SUBSEP "gatecheck"])) : "-"
            p = ((k SUBSEP "plain") in v) ? sprintf("%d", median(v[k SUBSEP "plain"])) : "-"
            printf "| %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], g, p
        }
    }' "$bench/probes.tsv" >"$bench/probes.md"

echo
echo "gatecheck $("$gatecheck" --version 2>/dev/null | head -n 1) | $(rustc -V) | $(nproc) CPUs | medians"
column -t -s '|' -o '|' "$bench/results.md" 2>/dev/null || cat "$bench/results.md"
echo
echo "Every run: $results; table: $bench/results.md; per probe: $bench/probes.md; reports and logs: $bench/logs/"
