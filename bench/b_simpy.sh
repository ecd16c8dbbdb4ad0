#!/bin/sh
# bench/b_simpy.sh FLEETSIM - the same training-job model in fleetsim
# (bench/scenarios/llama3-job.cfg) and in SimPy (bench/simpy_job.py), 2,000
# replicates each, one after the other in this invocation. Both print mean
# days, failures and goodput, so the ratio compares like with like; CPU
# seconds of each whole process (user + sys, /usr/bin/time), because the
# machine may be shared. Needs Debian's python3-simpy3 (sh
# scripts/install-deps.sh --bench); skipped with a note where it is absent.
BIN=${1:-build/release/fleetsim}
PY=/usr/bin/python3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dir=$(dirname "$0")

/usr/bin/time -f "%U %S" -o "$out/fs.t" "$BIN" -q --plots none -j 2 -n 2000 -o "$out/o" \
    "$dir/scenarios/llama3-job.cfg" > /dev/null || { echo "simpy: fleetsim run failed"; exit 0; }
fs_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/fs.t")
awk -F, -v cpu="$fs_cpu" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { d += $c["time_to_train_days"]; f += $c["interruptions"]; g += $c["goodput_share"]; n++ }
    END { printf "fleetsim: %d replicates: %.2f days, %.1f failures, goodput %.3f, %s s CPU\n",
                 n, d / n, f / n, g / n, cpu }' "$out/o/replicates.csv"

if ! [ -x "$PY" ] || ! "$PY" -c 'import simpy' 2> /dev/null; then
    echo "simpy: skipped: python3-simpy3 is not installed (sh scripts/install-deps.sh --bench)"
    echo "ROW|same job model vs SimPy, 2,000 replicates|skipped (no SimPy); fleetsim ${fs_cpu} s CPU|12x|>= 100x"
    exit 0
fi
/usr/bin/time -f "%U %S" -o "$out/py.t" "$PY" "$dir/simpy_job.py" 2000 > "$out/py.out" || {
    echo "simpy: run failed"; exit 0; }
cat "$out/py.out"
py_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/py.t")
awk -v f="$fs_cpu" -v p="$py_cpu" 'BEGIN {
    printf "ROW|same job model vs SimPy, 2,000 replicates|%.1fx (SimPy %.2f s / fleetsim %.2f s CPU)|12x|>= 100x\n",
           p / f, p, f }'
