#!/bin/sh
# bench/b_scenarios.sh FLEETSIM - wall-clock and peak memory of whole runs.
# Targets (issue 3): deepseek_2025.cfg with 1,000 replicates under 1 s on
# 2 cores (charts are not drawn: --plots none; gnuplot's time is its own); a 100,000-GPU one-year Weibull run with 100 replicates under 5 s
# and 200 MB. Each run is timed 3 times; the median is reported.
BIN=${1:-build/release/fleetsim}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() { # label, then the fleetsim arguments
    label=$1
    shift
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$out/t$i" "$BIN" -q --plots none -o "$out/o" "$@" > /dev/null || return
    done
    sort -n "$out/t1" "$out/t2" "$out/t3" | sed -n 2p | {
        read -r secs kb
        echo "$label: ${secs} s wall (median of 3), peak RSS $((kb / 1024)) MB"
    }
}

measure "deepseek_2025, 1000 replicates, 2 threads, scenario alone" -n 1000 -j 2 --no-strategies scenarios/deepseek_2025.cfg
measure "deepseek_2025, 1000 replicates, 2 threads, with its 3 strategies (4 variants)" -n 1000 -j 2 scenarios/deepseek_2025.cfg
measure "100k GPUs, 1 year, Weibull, 100 replicates, 2 threads" -j 2 bench/scenarios/100k-weibull.cfg
