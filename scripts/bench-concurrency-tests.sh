#!/usr/bin/env bash
# Cost of the concurrency-tests gate against the plain command a user would type for the same
# ThreadSanitizer evidence, cold (fresh target dirs) and warm, in the same run, as ratios.
# Usage: scripts/bench-concurrency-tests.sh [BUILD_DIR]   (default: build; needs build/gatecheck)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
export CARGO_HOME=$build/cargo-home NO_COLOR=1
work=$(mktemp -d /tmp/bench-conc.XXXXXX)
trap 'rm -rf "$work"' EXIT
host=$(rustc --print host-tuple)

secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$e - $s" | bc; }

raw() {  # the user's command; rustc 1.95 needs the ABI flag with an uninstrumented std
  (cd "$1" && RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer" \
     CARGO_TARGET_DIR="$1/raw-target" cargo test --target "$host")
}
gate() { (cd "$1" && CARGO_TARGET_DIR="$1/gc-target" "$build/gatecheck" --gate concurrency-tests .); }

printf '| crate | raw cold s | gate cold s | ratio | raw warm s | gate warm s | ratio |\n|---|---|---|---|---|---|---|\n'
for src in "$root/tests/fixtures/conc-tested" "$root/tests/fixtures/conc-race" /usr/share/cargo/registry/spin-0.9.5; do
  name=$(basename "$src")
  cp -r "$src" "$work/$name"
  rc=$(secs raw "$work/$name"); gc=$(secs gate "$work/$name")
  rw=$(secs raw "$work/$name"); gw=$(secs gate "$work/$name")
  printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "$name" "$rc" "$gc" "$(echo "$gc / $rc" | bc -l)" \
    "$rw" "$gw" "$(echo "$gw / $rw" | bc -l)"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
