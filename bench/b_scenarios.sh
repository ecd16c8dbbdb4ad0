#!/bin/sh
# bench/b_scenarios.sh BUILD_DIR - CPU time and peak memory of whole fleetsim
# runs, the scenario rows of issue 16's table, each beside the issue's "now"
# figure and its target (these have no peer). Charts are not drawn (--plots
# none: gnuplot's time is its own). Short runs are repeated BENCH_REPEAT
# times (default 3) and the median taken; the 1M-GPU run and the sweep run
# once. CPU = user + sys of the whole process (/usr/bin/time), since the
# machine is shared; the sweep row gives wall seconds, as the issue does.
# The serial share comes from build/.../bench/fleetsim-phases (bench/phases.c).
# shellcheck disable=SC2046 # set -- $(run ...) splits "cpu wall rss" on purpose
BUILD=${1:-build/release}
BIN=$BUILD/fleetsim
REPEAT=${BENCH_REPEAT:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dir=$(dirname "$0")

# run N ARGS...: prints "cpu wall rss_mb" medians (by CPU) of N runs
run() {
    n=$1
    shift
    : > "$out/all"
    i=0
    while [ "$i" -lt "$n" ]; do
        /usr/bin/time -f "%U %S %e %M" -o "$out/t" "$BIN" -q --plots none -o "$out/o" "$@" \
            > /dev/null 2>&1 || { echo "failed failed failed"; return; }
        awk '{ printf "%.2f %.2f %.0f\n", $1 + $2, $3, $4 / 1024 }' "$out/t" >> "$out/all"
        i=$((i + 1))
    done
    sort -n "$out/all" | sed -n "$(( (n + 1) / 2 ))p"
}

# row LABEL MEASURED NOW TARGET
row() { printf 'ROW|%s|%s|%s|%s\n' "$1" "$2" "$3" "$4"; }

set -- $(run "$REPEAT" -j 2 -n 1000 scenarios/deepseek_2025.cfg)
echo "deepseek_2025, 1,000 replicates, 3 strategies, -j 2: $1 s CPU, $2 s wall, $3 MB"
row "deepseek_2025.cfg, 1,000 replicates with its strategies" "$1 s CPU ($(awk -v x="$1" 'BEGIN { printf "%.2f", x / 1.07 }')x now)" "1.07 s CPU" "<= 0.3 s CPU"

set -- $(run "$REPEAT" -j 2 "$dir/scenarios/100k-weibull.cfg")
echo "100k GPUs, 1 year, Weibull, 100 replicates, -j 2: $1 s CPU, $2 s wall, $3 MB"
row "100k GPUs, 1 year, 100 replicates" "$1 s CPU ($(awk -v x="$1" 'BEGIN { printf "%.2f", x / 0.83 }')x now)" "0.83 s CPU" "<= 0.2 s CPU"

set -- $(run 1 -j 2 "$dir/scenarios/1m-weibull.cfg")
echo "1M GPUs, 1 year, Weibull, 20 replicates, -j 2: $1 s CPU, $2 s wall, $3 MB"
row "1M GPUs, 1 year, 20 replicates" "$1 s CPU, $3 MB" "2.9 s CPU, 32 MB" "<= 1 s CPU, <= 64 MB"

set -- $(run 1 -j 2 -n 1000 --sweep 'jobs[v3_pretrain].checkpoint_interval_minutes=10:320:32' \
    scenarios/deepseek_2025.cfg)
echo "32-point sweep of deepseek_2025 (V3's checkpoint interval, 10 to 320 min), 1,000 replicates per point, -j 2: $2 s wall, $1 s CPU, $3 MB"
row "32-point sweep, 1,000 replicates per point" "$2 s wall ($1 s CPU), $3 MB" "9.9 s, 360 MB" "<= 4 s, <= 100 MB"

if [ -x "$BUILD/bench/fleetsim-phases" ]; then
    "$BUILD/bench/fleetsim-phases" -q --plots none -j 2 -n 1000 -o "$out/p" scenarios/deepseek_2025.cfg \
        2>&1 > /dev/null | grep '^phases:' > "$out/ph"
    cat "$out/ph"
    share=$(sed -n 's/.*(\([0-9.]*\) %).*/\1/p' "$out/ph")
    row "serial share of CPU, deepseek_2025.cfg" "${share:-?} %" "11 %" "<= 5 %"
fi
