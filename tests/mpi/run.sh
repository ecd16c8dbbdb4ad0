#!/bin/sh
# tests/mpi/run.sh MPI_BUILD SERIAL_BUILD "NPS" "MPIRUN_FLAGS" - the MPI tests
# (make test-mpi): the same command through `mpirun -np N` (N in NPS) with
# the MPI build and without MPI with the serial build must write the same
# files, byte for byte, and print the same text (the output folder's name
# aside); bad input is reported once, by rank 0, with nothing written; an
# item that fails on one rank fails the whole job with that rank's message.
# Prints "# SKIP" and passes when mpirun or the MPI build is missing.
# Ends with "tests-mpi: N passed, M failed".
set -uf # no globbing: arguments such as clusters[h800] are words
MB=${1:-build/mpi}
SB=${2:-build/release}
NPS=${3:-1 2 3}
FLAGS=${4:-}
LC_ALL=C
export LC_ALL
unset COLUMNS
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - mpi: $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - mpi: $1"; }

if ! command -v mpirun >/dev/null 2>&1 || [ ! -x "$MB/fleetsim" ]; then
    echo "ok - mpi # SKIP mpirun or $MB/fleetsim missing (sh scripts/install-deps.sh --mpi; make MPI=1)"
    echo "tests-mpi: 1 passed, 0 failed"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# mpirun's own notes (a rank's non-zero status) are not fleetsim's output.
strip_mpirun() {
    sed -e '/^-----*$/,/^-----*$/d' -e '/^Primary job/d' -e '/^mpirun /d' "$1"
}

# run_case NAME RC ARGS...: ARGS with @O@ for the output folder; RC the
# status expected without MPI (0: the folder must be written).
run_case() {
    name=$1
    want_rc=$2
    shift 2
    rm -rf "$tmp/s" "$tmp/m"
    # shellcheck disable=SC2046
    "$SB/fleetsim" -q $(printf "%s " "$@" | sed "s#@O@#$tmp/s#g") >"$tmp/s.out" 2>"$tmp/s.err"
    src=$?
    if [ "$src" -ne "$want_rc" ] || { [ "$src" -eq 0 ] && [ ! -s "$tmp/s/summary.csv" ]; }; then
        not_ok "$name: without MPI: status $src, expected $want_rc"
        head -3 "$tmp/s.err"
        return
    fi
    for np in $NPS; do
        rm -rf "$tmp/m"
        # shellcheck disable=SC2046,SC2086
        mpirun $FLAGS -np "$np" "$MB/fleetsim" -q $(printf "%s " "$@" | sed "s#@O@#$tmp/m#g") \
            >"$tmp/m.out" 2>"$tmp/m.raw"
        mrc=$?
        strip_mpirun "$tmp/m.raw" >"$tmp/m.err"
        sed "s#$tmp/s#@O@#g" "$tmp/s.out" >"$tmp/s.cmp"
        sed "s#$tmp/m#@O@#g" "$tmp/m.out" >"$tmp/m.cmp"
        if [ "$src" -ne "$mrc" ]; then
            not_ok "$name -np $np: status $mrc, without MPI $src"
        elif ! cmp -s "$tmp/s.cmp" "$tmp/m.cmp"; then
            not_ok "$name -np $np: stdout differs"
            diff "$tmp/s.cmp" "$tmp/m.cmp" | head -5
        elif ! cmp -s "$tmp/s.err" "$tmp/m.err"; then
            not_ok "$name -np $np: stderr differs"
            diff "$tmp/s.err" "$tmp/m.err" | head -5
        elif [ -e "$tmp/s" ] && ! diff -r "$tmp/s" "$tmp/m" >"$tmp/d" 2>&1; then
            not_ok "$name -np $np: files differ"
            head -5 "$tmp/d"
        elif [ ! -e "$tmp/s" ] && [ -e "$tmp/m" ]; then
            not_ok "$name -np $np: wrote $tmp/m where the serial run wrote nothing"
        else
            ok "$name -np $np: same files and text as without MPI"
        fi
    done
}

DS=scenarios/deepseek_2025.cfg
# A run with its strategies, all charts' data, and the trace of a replicate
# that round robin would give to another rank (7).
run_case "strategies, charts, trace" 0 -n 40 --plots scripts --trace-replicate 7 \
    --trace @O@/trace.txt -o @O@ $DS
run_case "sweep, every variant's replicates" 0 -n 30 --plots scripts --all-replicates \
    --sweep 'clusters[h800].spare_nodes=0:32:5' -o @O@ $DS
run_case "sensitivity" 0 -n 20 --plots scripts --sensitivity -o @O@ $DS
run_case "5 replicates on more ranks than some variants need" 0 -n 5 --plots none -o @O@ $DS
# A Sobol study: its design points are fs_workmap items shared among the
# ranks; sobol.csv and sobol_evaluations.csv must be the same byte for byte.
run_case "sobol study" 0 -n 10 --plots scripts --sobol 16 --set sobol.replicates=4 -o @O@ $DS

# Bad input: the message once (rank 0), status 3, nothing written.
printf 'scenario = { name = "x"; replicates = -4; };\n' >"$tmp/bad.cfg"
run_case "bad scenario" 3 -o @O@ "$tmp/bad.cfg"
if [ "$(grep -c 'fleetsim:' "$tmp/m.err")" -eq 1 ]; then
    ok "bad scenario: reported once"
else
    not_ok "bad scenario: reported $(grep -c 'fleetsim:' "$tmp/m.err") times"
fi

# A failure on one rank only (the scenario missing on its node): the job
# stops with that rank's message from rank 0, a non-zero status and nothing
# written, instead of waiting for the rank forever. Each rank runs in its
# own folder; rank 1's has no scenario.
mkdir -p "$tmp/r0" "$tmp/r1"
cp tests/unit/data/strategies.cfg "$tmp/r0/s.cfg"
top=$(pwd)
# shellcheck disable=SC2016,SC2086 # $OMPI_COMM_WORLD_RANK is each rank's own
timeout 120 mpirun $FLAGS -np 2 sh -c 'cd "$0/r$OMPI_COMM_WORLD_RANK" && exec "$1" -q -n 4 --plots none -o out s.cfg' \
    "$tmp" "$top/$MB/fleetsim" >"$tmp/one.out" 2>"$tmp/one.raw"
orc=$?
strip_mpirun "$tmp/one.raw" >"$tmp/one.err"
if [ "$orc" -eq 124 ]; then
    not_ok "one rank fails: the job hung"
elif [ "$orc" -eq 0 ] || [ -e "$tmp/r0/out" ] || ! grep -q 'rank 1: ' "$tmp/one.err"; then
    not_ok "one rank fails: status $orc, stderr '$(head -c 200 "$tmp/one.err")'"
else
    ok "one rank fails: status $orc, $(head -1 "$tmp/one.err"), nothing written"
fi

# fs_workmap: results in item order on any number of ranks.
if [ -x "$MB/t_workmap" ] && [ -x "$SB/t_workmap" ]; then
    "$SB/t_workmap" 50 >"$tmp/w.s"
    for np in $NPS; do
        # shellcheck disable=SC2086
        mpirun $FLAGS -np "$np" "$MB/t_workmap" 50 >"$tmp/w.m" 2>/dev/null
        if [ "$(wc -l <"$tmp/w.s")" -eq 50 ] && cmp -s "$tmp/w.s" "$tmp/w.m"; then
            ok "workmap -np $np: 50 items in item order, as without MPI"
        else
            not_ok "workmap -np $np: results differ"
        fi
        # Item 5 runs on rank 5 mod np: its failure stops every rank, and
        # rank 0 reports it, naming the rank.
        # shellcheck disable=SC2086
        mpirun $FLAGS -np "$np" "$MB/t_workmap" 50 5 >"$tmp/f.out" 2>"$tmp/f.raw"
        frc=$?
        strip_mpirun "$tmp/f.raw" >"$tmp/f.err"
        r=$((5 % np))
        want="fleetsim: item 5 failed"
        [ "$r" -gt 0 ] && want="fleetsim: rank $r: item 5 failed"
        if [ "$frc" -ne 0 ] && [ ! -s "$tmp/f.out" ] && [ "$(cat "$tmp/f.err")" = "$want" ]; then
            ok "workmap -np $np: a failing item fails the job: $want"
        else
            not_ok "workmap -np $np: failing item: status $frc, stderr '$(cat "$tmp/f.err")'"
        fi
    done
else
    echo "ok - mpi: workmap # SKIP t_workmap not built"
    pass=$((pass + 1))
fi

echo "tests-mpi: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
