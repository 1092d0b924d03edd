#!/usr/bin/env bash
# The main job: set up, build gatecheck, and run it on the bundled example crate
# (examples/hello-gates). Extra arguments go to gatecheck, e.g. --report json=report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target gatecheck
# The example's build output stays under build/, out of the source tree.
CARGO_TARGET_DIR="$PWD/build/example-target" exec build/gatecheck examples/hello-gates "$@"
