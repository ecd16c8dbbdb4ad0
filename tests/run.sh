#!/bin/sh
# tests/run.sh BUILD_DIR - the whole test suite, run from the top of the tree.
#
#  1. unit tests (BUILD_DIR/unit, TAP);
#  2. end-to-end golden cases, tests/e2e/NAME.args: the arguments (one line,
#     shell words; @TMP@ stands for a scratch folder, and stands in for it
#     in the output); NAME.out the expected stdout; NAME.err the expected
#     stderr (default empty); NAME.rc the expected exit status (default 0);
#     NAME.files lists files the run writes (paths under @TMP@), each
#     compared with NAME.FILE-BASENAME;
#  3. bad scenarios, tests/e2e/bad/NAME.cfg: run as a full simulation with
#     -o into an empty folder; stderr must equal NAME.err exactly, the status
#     must be NAME.rc (default 3) and nothing may be written;
#  4. every shipped scenario under scenarios/ validates (--check);
#  5. the settings tables in docs/scenario-format.md match --list-params.
# Ends with "tests: N passed, M failed"; exits 1 if anything failed.
set -u
BUILD=${1:-build/release}
BIN=$BUILD/fleetsim
LC_ALL=C
export LC_ALL
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; }

# 1. unit tests
"$BUILD/unit" > "$tmp/unit.log" 2>&1
urc=$?
cat "$tmp/unit.log"
up=$(sed -n 's/^# unit: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' "$tmp/unit.log")
uf=$(sed -n 's/^# unit: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' "$tmp/unit.log")
if [ -z "$up" ]; then
    echo "not ok - unit runner crashed or printed no summary (status $urc)"
    fail=$((fail + 1))
else
    pass=$((pass + up))
    fail=$((fail + uf))
fi

# 2. golden end-to-end cases
for args in tests/e2e/*.args; do
    [ -e "$args" ] || continue
    name=${args%.args}
    want_rc=0
    [ -f "$name.rc" ] && want_rc=$(cat "$name.rc")
    rm -rf "$tmp/run" && mkdir "$tmp/run"
    eval "set -- $(sed "s|@TMP@|$tmp/run|g" "$args")"
    "$BIN" "$@" > "$tmp/out.raw" 2> "$tmp/err.raw"
    rc=$?
    sed "s|$tmp/run|@TMP@|g" "$tmp/out.raw" > "$tmp/out.txt"
    sed "s|$tmp/run|@TMP@|g" "$tmp/err.raw" > "$tmp/err.txt"
    : > "$tmp/empty"
    err_want="$tmp/empty"
    [ -f "$name.err" ] && err_want="$name.err"
    if [ "$rc" != "$want_rc" ]; then
        not_ok "$name: exit status $rc, want $want_rc"; cat "$tmp/err.txt"
    elif ! diff -u "$name.out" "$tmp/out.txt" > "$tmp/diff.txt"; then
        not_ok "$name: stdout differs"; head -n 20 "$tmp/diff.txt"
    elif ! diff -u "$err_want" "$tmp/err.txt" > "$tmp/diff.txt"; then
        not_ok "$name: stderr differs"; head -n 20 "$tmp/diff.txt"
    else
        bad=""
        if [ -f "$name.files" ]; then
            for f in $(cat "$name.files"); do
                if ! diff -u "$name.$(basename "$f")" "$tmp/run/$f" > "$tmp/diff.txt" 2>&1; then
                    bad="$f"; break
                fi
            done
        fi
        if [ -n "$bad" ]; then
            not_ok "$name: $bad differs"; head -n 20 "$tmp/diff.txt"
        else
            ok "$name"
        fi
    fi
done

# 3. bad scenarios: exact error, status, and no output written
for cfg in tests/e2e/bad/*.cfg; do
    [ -e "$cfg" ] || continue
    name=${cfg%.cfg}
    want_rc=3
    [ -f "$name.rc" ] && want_rc=$(cat "$name.rc")
    extra=""
    [ -f "$name.args" ] && extra=$(cat "$name.args")
    rm -rf "$tmp/outdir"
    # shellcheck disable=SC2086
    eval "set -- $extra"
    "$BIN" -o "$tmp/outdir" "$@" "$cfg" > "$tmp/out.txt" 2> "$tmp/err.txt"
    rc=$?
    if [ "$rc" != "$want_rc" ]; then
        not_ok "$name: exit status $rc, want $want_rc"; cat "$tmp/err.txt"
    elif ! diff -u "$name.err" "$tmp/err.txt" > "$tmp/diff.txt"; then
        not_ok "$name: error text differs"; head -n 20 "$tmp/diff.txt"
    elif [ -s "$tmp/out.txt" ]; then
        not_ok "$name: printed to stdout on error"; head -n 5 "$tmp/out.txt"
    elif [ -e "$tmp/outdir" ]; then
        not_ok "$name: wrote output despite the error"; ls -R "$tmp/outdir"
    else
        ok "$name"
    fi
done

# 4. shipped scenarios validate
for cfg in scenarios/*.cfg; do
    [ -e "$cfg" ] || continue
    if "$BIN" --check "$cfg" > "$tmp/out.txt" 2>&1; then
        ok "$cfg validates"
    else
        not_ok "$cfg validates"; cat "$tmp/out.txt"
    fi
done

# 5. the settings tables in the docs are the loader's own (make docs)
sed -n '/^<!-- BEGIN SETTINGS/,/^<!-- END SETTINGS/p' docs/scenario-format.md \
    | sed '1d;$d' > "$tmp/doc.txt"
"$BIN" --list-params > "$tmp/params.txt"
if diff -u "$tmp/params.txt" "$tmp/doc.txt" > "$tmp/diff.txt"; then
    ok "docs/scenario-format.md settings tables match --list-params"
else
    not_ok "docs/scenario-format.md settings tables are stale (run make docs)"
    head -n 20 "$tmp/diff.txt"
fi

echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
