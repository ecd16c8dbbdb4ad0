#!/bin/sh
# Installs fleetsim's build and test dependencies from Debian 12 packages.
# Idempotent: packages already installed are skipped, and apt is not touched
# at all when everything is present. Needs root (or sudo) only when something
# is missing.
#
#   sh scripts/install-deps.sh          build, test and chart dependencies
#   sh scripts/install-deps.sh --fuzz   the same, plus clang and its libFuzzer
#                                       runtime for `make fuzz` (libclang-rt-dev
#                                       is only recommended by clang, and
#                                       recommends are not installed)
#   sh scripts/install-deps.sh --browser the same, plus Debian's chromium for
#                                       the report's browser test
#                                       (tests/browser/report.sh)
#   sh scripts/install-deps.sh --bench  the same, plus Debian's python3-simpy3
#                                       for the SimPy peer of `make bench`
#                                       (bench/simpy_job.py)
#   sh scripts/install-deps.sh --mpi    the same, plus Open MPI (compiler
#                                       wrapper, headers and mpirun) for
#                                       `make MPI=1` and `make test-mpi`
set -eu

PKGS="build-essential pkg-config libgsl-dev libconfig-dev gnuplot-nox"
case ${1:-} in
    --fuzz) PKGS="$PKGS clang libclang-rt-dev" ;;
    --browser) PKGS="$PKGS chromium" ;;
    --bench) PKGS="$PKGS python3-simpy3" ;;
    --mpi) PKGS="$PKGS libopenmpi-dev openmpi-bin" ;;
    "") ;;
    *) echo "usage: sh scripts/install-deps.sh [--fuzz | --browser | --bench | --mpi]" >&2; exit 2 ;;
esac

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all dependencies present ($PKGS)"
    exit 0
fi

echo "install-deps: installing:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-deps: need root to install:$missing" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
