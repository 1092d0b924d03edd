#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls this): set-up, clang-format, the layers'
# include rules (scripts/check-layers.sh), a -Werror build, clang-tidy, unit and end-to-end
# tests, then the same tests again under AddressSanitizer + UBSan, and a short libFuzzer run of
# every parser of external output.
# Cargo target dirs of the fixture crates are kept under build/e2e/target between runs and
# shared by both passes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

# Each phase's wall time, printed as it ends and again at the end: CI's budget is an hour.
timings=()
phase_start=$SECONDS
phase() {
  if [[ -n ${phase_name:-} ]]; then
    # Free disk too: the fixture crates' target dirs take gigabytes, and a full disk shows up
    # as a link failure in whichever test runs out first.
    timings+=("$(printf '%5d s  %s (disk free after: %s)' $((SECONDS - phase_start)) "$phase_name" \
      "$(df -h --output=avail . | tail -1 | tr -d ' ')")")
    echo "-- ${timings[-1]}"
  fi
  phase_name=$1
  phase_start=$SECONDS
  [[ -n $phase_name ]] && echo "== $phase_name"
  return 0
}

phase "set-up, clang-format and the layers' include rules"
scripts/setup.sh
scripts/lint.sh
scripts/check-layers.sh --self-test

# ccache (scripts/setup.sh installs it) with paths taken relative to the checkout: a clean
# clone in another folder reuses what an earlier run on this machine compiled.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$PWD"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# -g1 (line tables: backtraces and perf still name file:line) instead of -g: a third less
# compile time for both builds.
phase "build (GATECHECK_DEV=ON: warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
  -DGATECHECK_DEV=ON "${launcher[@]}" >/dev/null
cmake --build build -j "$jobs"
phase "clang-tidy"
scripts/lint.sh --tidy
phase "tests"
ctest --test-dir build -j "$jobs" --output-on-failure

phase "build with AddressSanitizer + UndefinedBehaviorSanitizer"
# The ASan pass shares build/e2e with the first one, so the fixture crates are compiled once,
# and runs the first build's e2e driver against its own gatecheck (GATECHECK_E2E_DRIVER): the
# driver only starts gatecheck and reads what it wrote.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g1" -DGATECHECK_DEV=ON \
  -DGATECHECK_SANITIZE=ON -DGATECHECK_E2E_WORK_DIR="$PWD/build/e2e" \
  -DGATECHECK_E2E_DRIVER="$PWD/build/tests/gatecheck_e2e_tests" "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$jobs"
phase "tests under ASan + UBSan (without the files labelled heavy: tests/CMakeLists.txt)"
# The heavy files time criterion benches, run valgrind and perf, scaffold and check whole crates:
# minutes in cargo and those tools for little of gatecheck's own code that the rest does not
# reach, so the sanitized pass leaves them to the first one.
ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$jobs" --output-on-failure -LE heavy

phase "fuzz the parsers (libFuzzer + ASan + UBSan, 5 s per target: docs/RELIABILITY.md)"
scripts/fuzz.sh 5
phase ""
echo "== time per phase"
printf '%s\n' "${timings[@]}"
echo "$(printf '%5d s' "$SECONDS")  in all"
