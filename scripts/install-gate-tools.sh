#!/usr/bin/env bash
# Installs what gatecheck's required gates run besides cargo (llvm-19 for coverage, valgrind
# for allocations, perf for profile) and, with --build, what building gatecheck needs: the one
# list of packages both for this repository's set-up (scripts/setup.sh) and for the CI files
# `gatecheck init` writes, so a fresh CI runner gets what a developer's machine has.
#
#   scripts/install-gate-tools.sh [--build] [--advisory-db] [--check] [--print] [-- EXTRA_PKG...]
#
#   --build        also gatecheck's build dependencies (a C++20 compiler, CMake, the libraries)
#   --advisory-db  clone (or update) the RustSec advisory database into $CARGO_HOME/advisory-db,
#                  where the advisories gate reads it, as cargo-audit keeps it (needs github.com)
#   --check        install nothing: say what is missing and exit 1 if anything is
#   --print        print the package list for this system and exit
#   EXTRA_PKG      more packages to install the same way (scripts/setup.sh adds the test suite's)
#
# Debian (bookworm and later) and Ubuntu (24.04 and later); idempotent: installs only what is
# missing. perf's package is named after the kernel on Ubuntu.
set -euo pipefail

build=0 advisory_db=0 check=0 print=0 extra=()
while (($#)); do
  case $1 in
    --build) build=1 ;;
    --advisory-db) advisory_db=1 ;;
    --check) check=1 ;;
    --print) print=1 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-gate-tools: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

distro=debian
if [[ -r /etc/os-release ]] && grep -qi '^ID=ubuntu' /etc/os-release; then distro=ubuntu; fi

# The gates' tools. git: gatecheck init's CI clones gatecheck and the advisory database.
packages=(llvm-19 valgrind git ca-certificates)
if [[ $distro == ubuntu ]]; then
  packages+=(linux-tools-common "linux-tools-$(uname -r)")
else
  packages+=(linux-perf)
fi
if ((build)); then
  packages+=(cmake g++ make libboost-dev libboost-filesystem-dev nlohmann-json3-dev libtomlplusplus-dev
             libfmt-dev libcli11-dev libkainjow-mustache-dev catch2 zlib1g-dev)
fi
packages+=("${extra[@]}")

if ((print)); then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done

if ((check)); then
  status=0
  ((${#missing[@]})) && { echo "install-gate-tools: missing packages: ${missing[*]}"; status=1; }
  # The same probes gatecheck runs to decide whether a gate's tool is available.
  for probe in "llvm-profdata-19 --version" "valgrind --version" "perf stat -e cpu-clock:u true"; do
    if ! $probe >/dev/null 2>&1; then
      echo "install-gate-tools: '$probe' does not work"
      status=1
    fi
  done
  if ((advisory_db)) && [[ ! -d ${CARGO_HOME:-$HOME/.cargo}/advisory-db/crates ]]; then
    echo "install-gate-tools: no advisory database in ${CARGO_HOME:-$HOME/.cargo}/advisory-db"
    status=1
  fi
  ((status == 0)) && echo "install-gate-tools: everything is installed"
  exit $status
fi

if ((${#missing[@]})); then
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-gate-tools: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  echo "install-gate-tools: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -o DPkg::Lock::Timeout=600 -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o DPkg::Lock::Timeout=600 "${missing[@]}"
fi

# perf samples the user's own processes only where kernel.perf_event_paranoid is at most 2
# (Debian's default; Ubuntu's is 4). Say so rather than let the profile gate find out.
paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 2)
if ((paranoid > 2)); then
  echo "install-gate-tools: kernel.perf_event_paranoid is $paranoid: perf cannot sample;" \
       "run 'sudo sysctl -w kernel.perf_event_paranoid=2' (the profile gate is unavailable until then)" >&2
fi

if ((advisory_db)); then
  db=${CARGO_HOME:-$HOME/.cargo}/advisory-db
  if [[ -d $db/.git ]]; then
    # An old database still judges; a machine offline today keeps yesterday's.
    git -C "$db" pull --ff-only -q || echo "install-gate-tools: could not update $db; keeping it" >&2
  elif [[ -d $db/crates ]]; then
    echo "install-gate-tools: $db is not a git clone; keeping it as it is"
  else
    mkdir -p "$(dirname "$db")"
    git clone --depth 1 -q https://github.com/rustsec/advisory-db "$db"
  fi
fi
