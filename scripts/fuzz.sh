#!/usr/bin/env bash
# libFuzzer on gatecheck's parsers of external output (tests/fuzz/, docs/RELIABILITY.md):
#   scripts/fuzz.sh [SECONDS_PER_TARGET [TARGET...]]     (default: 10 s, every target)
# Configures and builds build-fuzz with clang 14 (GATECHECK_FUZZ=ON), then runs each target in
# turn, one process at a time, for SECONDS from its seeds and regression inputs
# (tests/fuzz/corpus/TARGET/). What the fuzzer finds goes to build-fuzz/fuzz-corpus/TARGET/
# (kept between runs, never committed). A crash, a hang (-timeout) or a memory blow-up
# (-rss_limit_mb) is written to build-fuzz/fuzz-crashes/TARGET/, its path printed, and the
# script exits 1 after the other targets have run.
# FUZZ_BIN_DIR=DIR runs the fuzz_* executables found there instead of building (a long run
# from a copy of them while the build dir changes).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
shift || true
build=build-fuzz
jobs=$(nproc 2>/dev/null || echo 2)

if (($#)); then
  targets=("$@")
else
  mapfile -t targets < <(find tests/fuzz/corpus -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
fi

bin=${FUZZ_BIN_DIR:-}
if [[ -z $bin ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  echo "== build $build (clang 14, libFuzzer + ASan + UBSan)"
  # Line tables are all a crash's stack needs, and a third of the compile time less than -g.
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGATECHECK_FUZZ=ON -DGATECHECK_DEV=ON \
    -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" \
    "${launcher[@]}" >/dev/null
  cmake --build "$build" -j "$jobs"
  bin=$build/tests/fuzz
fi

# A stat of libFuzzer's -print_final_stats (stat::NAME: VALUE), or of its last status line.
stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }
status_field() { grep -E '^#[0-9]+' "$2" | tail -1 | grep -oE "$1: *[0-9]+[a-zA-Z]*" | grep -oE '[0-9]+[a-zA-Z]*' || true; }

failed=()
printf '%-16s %7s %10s %8s %12s %6s %6s  %s\n' target seconds execs exec/s corpus cov ft result
for t in "${targets[@]}"; do
  [[ -d tests/fuzz/corpus/$t ]] || { echo "fuzz: no target $t (tests/fuzz/corpus/$t)" >&2; exit 2; }
  work=$build/fuzz-corpus/$t
  crashes=$build/fuzz-crashes/$t
  log=$build/fuzz-logs/$t.log
  mkdir -p "$work" "$crashes" "$(dirname "$log")"
  start=$(date +%s)
  rc=0
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: memory that grows unbounded.
  "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  took=$(($(date +%s) - start))
  corpus="$(status_field corp "$log")"
  result=ok
  if ((rc != 0)); then
    result="FAILED (exit $rc)"
    failed+=("$t")
  fi
  printf '%-16s %7s %10s %8s %12s %6s %6s  %s\n' "$t" "$took" "$(stat number_of_executed_units "$log")" \
    "$(stat average_exec_per_sec "$log")" "$corpus" "$(status_field cov "$log")" "$(status_field ft "$log")" "$result"
  if ((rc != 0)); then
    grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|Test unit written to|ALARM|out-of-memory' "$log" | head -5 >&2 || true
    echo "fuzz: $t failed; log $log; crashing input: $(sed -n 's/.*Test unit written to //p' "$log" | tail -1)" >&2
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
