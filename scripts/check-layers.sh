#!/usr/bin/env bash
# The layers' rules (docs/ARCHITECTURE.md), checked on the compiler's own view of the includes
# (`-MM`: every project header a file reaches, through any chain of headers):
#   - gates/ never reaches src/scheduler/ or src/process/, and never opens a file or starts a
#     program: a gate is a pure function of evidence and config;
#   - src/evidence/ reaches nothing of the project outside src/evidence/ and src/core/: it is the
#     one door between probes and gates.
# Usage: scripts/check-layers.sh [ROOT]     (ROOT: the tree to check, by default this one)
#        scripts/check-layers.sh --self-test (each rule, broken on a copy, must fail the check)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cxx="${CXX:-g++}"

# The project headers `file` reaches, relative to `root`.
reached() {
  local root="$1" file="$2"
  (cd "$root" && "$cxx" -std=c++20 -MM -I src -I . -x c++ "$file") | tr ' \\' '\n\n' | grep -v -e '^$' -e ':$' |
    tail -n +2
}

check() {
  local root="$1" bad=0 f
  for f in $(cd "$root" && ls gates/*.cpp gates/*.hpp); do
    if reached "$root" "$f" | grep -E '^src/(scheduler|process)/' | sed "s|^|$f reaches |" | grep .; then
      bad=1
    fi
  done
  # Reading or writing files, listing directories, running programs: what probes do.
  local io='\b(i|o)?fstream\b|\bf(re)?open\b|[^_a-zA-Z.>]open\(|\bopendir\b|directory_iterator|(std::filesystem|fs)::(exists|is_regular_file|is_directory|file_size|status|read_symlink|last_write_time|remove|rename|copy)\b|\bpopen\b|\bsystem\(|\bexec[lv]p?e?\(|process::'
  # On the code alone: string literals and comments (lints' names, docs) are blanked first.
  for f in $(cd "$root" && ls gates/*.cpp gates/*.hpp); do
    if sed -E -e 's/"([^"\\]|\\.)*"/""/g' -e 's|//.*||' "$root/$f" | grep -nE "$io" |
      sed "s|^|$f:|; s|$|  (a gate reads the disk or runs a program)|" | grep .; then
      bad=1
    fi
  done
  for f in $(cd "$root" && ls src/evidence/*); do
    if reached "$root" "$f" | grep -vE '^src/(evidence|core)/' | sed "s|^|$f reaches |" | grep .; then
      bad=1
    fi
  done
  return "$bad"
}

self_test() {
  local case_file
  tmp="$(mktemp -d)"  # global: the EXIT trap reads it after this function returns
  trap 'rm -rf "$tmp"' EXIT
  # Each case breaks one rule on a fresh copy; the check must fail on every one.
  local -a cases=(
    'gates/fmt.cpp|#include "probes/probe.hpp"'
    'gates/fmt.cpp|static const bool opened = static_cast<bool>(std::ifstream("Cargo.toml"));'
    'gates/fmt.cpp|namespace { void walk() { for (auto& e : std::filesystem::directory_iterator(".")) { (void)e; } } }'
    'src/evidence/fmt.hpp|#include "cargo/workspace.hpp"'
  )
  check "$here" >/dev/null || { echo "check-layers self-test: the tree itself fails the check" >&2; return 1; }
  for c in "${cases[@]}"; do
    case_file="${c%%|*}"
    rm -rf "$tmp/tree" && mkdir "$tmp/tree" && cp -r "$here/src" "$here/gates" "$tmp/tree/"
    printf '%s\n' "${c#*|}" >>"$tmp/tree/$case_file"
    if check "$tmp/tree" >/dev/null 2>&1; then
      echo "check-layers self-test: not caught: ${c#*|} in $case_file" >&2
      return 1
    fi
  done
  echo "check-layers self-test: ${#cases[@]} broken trees caught, this tree passes"
}

if [[ "${1:-}" == "--self-test" ]]; then
  self_test
elif check "${1:-$here}"; then
  echo "layers: gates/ reach neither the scheduler nor the process layer and read no files; evidence/ reaches core/ only"
else
  echo "layers: the rules in docs/ARCHITECTURE.md are broken (above)" >&2
  exit 1
fi
