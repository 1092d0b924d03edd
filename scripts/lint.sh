#!/usr/bin/env bash
# Style and static checks: clang-format (always; scripts/test.sh runs this part) and,
# with --tidy, clang-tidy with the narrow .clang-tidy config over the engine and gates
# (needs a configured build/ for compile_commands.json; takes a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.hpp' 'gates/*.cpp' 'gates/*.hpp' 'tests/unit/*.cpp' 'tests/unit/*.hpp' 'tests/e2e/*.cpp' 'tests/e2e/*.hpp')
clang-format --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files formatted"
if [[ "${1:-}" == "--tidy" ]]; then
  mapfile -t sources < <(git ls-files 'src/*.cpp' 'gates/*.cpp')
  clang-tidy -p build --quiet "${sources[@]}"
fi
