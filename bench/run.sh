#!/bin/sh
# bench/run.sh BUILD_DIR - runs every benchmark of `make bench` in one
# invocation: the bench/b_*.c binaries (the event queue beside a bare heap),
# bench/b_simpy.sh (the same job model in SimPy) and bench/b_scenarios.sh
# (whole runs), then gathers their "ROW|" lines into issue 16's table.
# Benchmarks never fail the build; recorded results and the commands that
# reproduce them are in bench/README.md.
BUILD=${1:-build/release}
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
dir=$(dirname "$0")

# step LABEL COMMAND...: runs it, shows its lines, keeps its rows
step() {
    echo "== $1"
    shift
    "$@" | while IFS= read -r line; do
        case $line in
            ROW\|*) echo "$line" >> "$rows" ;;
            *) echo "$line" ;;
        esac
    done
}

found=0
for b in "$BUILD"/bench/b_*; do
    [ -x "$b" ] || continue
    found=1
    step "$b" "$b"
done
[ "$found" -eq 1 ] || echo "bench: no benchmarks built yet"
step "bench/b_simpy.sh" sh "$dir/b_simpy.sh" "$BUILD/fleetsim"
step "bench/b_scenarios.sh" sh "$dir/b_scenarios.sh" "$BUILD"

echo
echo "== issue 16 targets ($(date -u +%Y-%m-%d), $(nproc) cores)"
awk -F'|' '
    { r[NR] = $0; for (i = 2; i <= 5; i++) if (length($i) > w[i]) w[i] = length($i) }
    END {
        h[2] = "benchmark"; h[3] = "measured (ratio)"; h[4] = "now"; h[5] = "target"
        for (i = 2; i <= 5; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
        printf "%-*s  %-*s  %-*s  %s\n", w[2], h[2], w[3], h[3], w[4], h[4], h[5]
        for (k = 1; k <= NR; k++) {
            split(r[k], f, "|")
            printf "%-*s  %-*s  %-*s  %s\n", w[2], f[2], w[3], f[3], w[4], f[4], f[5]
        }
    }' "$rows"
exit 0
