#!/bin/sh
# bench/run.sh BUILD_DIR - runs every benchmark binary built from bench/b_*.c
# and prints its figures. Benchmarks never fail the build; recorded results
# and the commands that reproduce them are in bench/README.md.
BUILD=${1:-build/release}
found=0
for b in "$BUILD"/bench/b_*; do
    [ -x "$b" ] || continue
    found=1
    echo "== $b"
    "$b"
done
[ "$found" -eq 1 ] || echo "bench: no benchmarks built yet"
echo "== bench/b_scenarios.sh"
sh bench/b_scenarios.sh "$BUILD/fleetsim"
exit 0
