#!/bin/sh
# bench/b_simpy.sh FLEETSIM - the same training-job model in fleetsim
# (bench/scenarios/llama3-job.cfg) and in SimPy (bench/simpy_job.py), 2,000
# replicates each, one after the other in this invocation. SimPy runs the
# model two ways: "lean" (checkpoints counted in closed form, events only
# around failures; the stricter comparison) and "natural" (a timeout per
# checkpoint interval, as SimPy users write it). All three print mean days,
# failures and goodput, so the ratios compare like with like; CPU seconds
# of each whole process (user + sys, /usr/bin/time), because the machine may
# be shared. Before the ratios it checks that the three answers agree:
#   - each mean (days, failures) within 4 standard errors of the renewal
#     argument's expectation (bench/README.md): 60.21 days, 467.2 failures;
#   - fleetsim against each SimPy model (independent random streams): every
#     mean (days, failures, goodput) within 4 x sqrt(se1^2 + se2^2);
#   - SimPy lean against natural (the same failure draws, so the same answer
#     replicate by replicate): equal to 0.001 days, 0.01 failures, 1e-5 goodput.
# A failed check prints a DISAGREE line and marks the ratios' rows.
# Needs Debian's python3-simpy3 (sh scripts/install-deps.sh --bench); skipped
# with a note where it is absent.
BIN=${1:-build/release/fleetsim}
PY=/usr/bin/python3
REPS=2000
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dir=$(dirname "$0")

/usr/bin/time -f "%U %S" -o "$out/fs.t" "$BIN" -q --plots none -j 2 -n "$REPS" -o "$out/o" \
    "$dir/scenarios/llama3-job.cfg" > /dev/null || { echo "simpy: fleetsim run failed"; exit 0; }
fs_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/fs.t")
# MEANS name days se failures se goodput se, as simpy_job.py prints it
awk -F, -v cpu="$fs_cpu" '
    NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { x = $c["time_to_train_days"]; d += x; dd += x * x
      x = $c["interruptions"]; f += x; ff += x * x
      x = $c["goodput_share"]; g += x; gg += x * x; n++ }
    function se(s, ss) { return sqrt((ss - s * s / n) / (n - 1) / n) }
    END { printf "fleetsim: %d replicates: %.2f days, %.1f failures, goodput %.3f, %s s CPU\n",
                 n, d / n, f / n, g / n, cpu
          printf "MEANS fleetsim %.6f %.6f %.4f %.4f %.6f %.6f\n",
                 d / n, se(d, dd), f / n, se(f, ff), g / n, se(g, gg) > "/dev/stderr" }' \
    "$out/o/replicates.csv" 2> "$out/means"

if ! [ -x "$PY" ] || ! "$PY" -c 'import simpy' 2> /dev/null; then
    echo "simpy: skipped: python3-simpy3 is not installed (sh scripts/install-deps.sh --bench)"
    echo "ROW|same job model vs SimPy (lean), 2,000 replicates|skipped (no SimPy); fleetsim ${fs_cpu} s CPU|12x|>= 100x"
    exit 0
fi
for model in lean natural; do
    /usr/bin/time -f "%U %S" -o "$out/$model.t" "$PY" "$dir/simpy_job.py" "$REPS" 405 "$model" \
        > "$out/$model.out" || { echo "simpy: $model run failed"; exit 0; }
    grep -v '^MEANS' "$out/$model.out"
    grep '^MEANS' "$out/$model.out" >> "$out/means"
done

agree=$(awk '
    { d[$2] = $3; ds[$2] = $4; f[$2] = $5; fs[$2] = $6; g[$2] = $7; gs[$2] = $8 }
    function abs(x) { return x < 0 ? -x : x }
    function check(what, diff, tol) {
        if (abs(diff) > tol) { printf "simpy: DISAGREE: %s differ by %.4g (tolerance %.4g)\n", what, diff, tol; bad++ }
    }
    END {
        lam = 2048 * 3.7887 / 1000 / 24                       # failures per hour
        seg = (exp(lam * 0.5) - 1) * exp(lam * 5 / 60) / lam  # hours per 30-min segment of work
        ed = 54 * seg / 0.5; ef = lam * ed * 24
        for (m in d) {
            check(m " days vs expected " sprintf("%.2f", ed), d[m] - ed, 4 * ds[m])
            check(m " failures vs expected " sprintf("%.1f", ef), f[m] - ef, 4 * fs[m])
        }
        split("lean natural", ms, " ")
        for (k = 1; k <= 2; k++) {
            m = ms[k]
            check("fleetsim and " m " days", d["fleetsim"] - d[m], 4 * sqrt(ds["fleetsim"]^2 + ds[m]^2))
            check("fleetsim and " m " failures", f["fleetsim"] - f[m], 4 * sqrt(fs["fleetsim"]^2 + fs[m]^2))
            check("fleetsim and " m " goodput", g["fleetsim"] - g[m], 4 * sqrt(gs["fleetsim"]^2 + gs[m]^2))
        }
        check("lean and natural days", d["lean"] - d["natural"], 0.001)
        check("lean and natural failures", f["lean"] - f["natural"], 0.01)
        check("lean and natural goodput", g["lean"] - g["natural"], 1e-5)
        if (bad == 0)
            printf "simpy: agreement ok: expected %.2f days, %.1f failures; fleetsim vs SimPy within 4 standard errors; lean = natural\n", ed, ef
    }' "$out/means")
echo "$agree"
case $agree in
    *DISAGREE*) note=" [answers DISAGREE]" ;;
    *) note="" ;;
esac

for model in lean natural; do
    py_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$out/$model.t")
    case $model in
        lean) label="same job model vs SimPy (lean: checkpoints in closed form), 2,000 replicates" ;;
        *) label="same job model vs SimPy (natural: a timeout per checkpoint), 2,000 replicates" ;;
    esac
    awk -v f="$fs_cpu" -v p="$py_cpu" -v l="$label" -v n="$note" 'BEGIN {
        printf "ROW|%s|%.1fx (SimPy %.2f s / fleetsim %.2f s CPU)%s|12x|>= 100x\n", l, p / f, p, f, n }'
done
