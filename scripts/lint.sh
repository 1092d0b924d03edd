#!/usr/bin/env bash
# Static checks, both run by scripts/test.sh:
#   scripts/lint.sh          clang-format over the C++ sources (seconds; runs before the build)
#   scripts/lint.sh --tidy   clang-tidy with the narrow .clang-tidy config over the engine and
#                            the gates; every finding is an error. Needs build/ configured
#                            (compile_commands.json); a few minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--tidy" ]]; then
  if [[ ! -f build/compile_commands.json ]]; then
    echo "lint.sh: build/compile_commands.json is missing: configure build/ first (scripts/test.sh does)" >&2
    exit 2
  fi
  mapfile -t sources < <(git ls-files 'src/*.cpp' 'gates/*.cpp')
  # One file per clang-tidy, as many at once as there are cores; xargs fails if any does.
  # The "N warnings generated." lines count system headers' warnings that are never shown.
  set +e
  printf '%s\0' "${sources[@]}" | xargs -0 -n 1 -P "$(nproc 2>/dev/null || echo 2)" clang-tidy -p build --quiet 2>&1 |
    grep -v ' warnings\? generated\.$'
  status=${PIPESTATUS[1]}
  set -e
  if [[ $status -ne 0 ]]; then
    echo "clang-tidy: findings above (exit $status)" >&2
    exit 1
  fi
  echo "clang-tidy: ${#sources[@]} files clean"
  exit 0
fi
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'gates/*.cpp' 'gates/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' 'tests/e2e/*.cpp' 'tests/e2e/*.hpp' \
  'tests/fuzz/*.cpp' 'tests/fuzz/*.hpp')
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files formatted"
