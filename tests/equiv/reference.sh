#!/bin/sh
# tests/equiv/reference.sh FLEETSIM SEED OUTDIR - runs every case of
# cases.txt with 2,000 replicates and seed SEED (a case's own "-n" is the
# test's and is dropped here), and writes OUTDIR/NAME.csv: per replicate
# and job, the metrics the equivalence test (tests/unit/t_equiv.c)
# compares (time_to_train_days, goodput_share, interruptions,
# gpu_hours_lost, checkpoints), 7 significant digits; an empty value
# (a time of a run that did not finish) reads 0. tests/equiv/ref/ holds
# the output for the engine before issue 16 (tests/equiv/README.md).
set -eu
BIN=$1 SEED=$2 OUT=$3
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
grep -v '^#' "$(dirname "$0")/cases.txt" | sed 's/ -n [0-9]*//' | while read -r name args; do
    # shellcheck disable=SC2086 # the arguments are words
    "$BIN" -q --plots none --no-report -n 2000 -s "$SEED" -o "$tmp/o" $args > /dev/null 2>&1 ||
        { echo "$name: run failed" >&2; exit 1; }
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i;
                       print "job,time_to_train_days,goodput_share,interruptions,gpu_hours_lost,checkpoints"; next }
             { printf "%s,%.7g,%.7g,%.7g,%.7g,%.7g\n", $c["job"], $c["time_to_train_days"], $c["goodput_share"],
                      $c["interruptions"], $c["gpu_hours_lost"], $c["checkpoints"] }' \
        "$tmp/o/replicates.csv" > "$OUT/$name.csv"
done
