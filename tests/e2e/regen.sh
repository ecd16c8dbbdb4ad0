#!/bin/sh
# tests/e2e/regen.sh [BUILD_DIR] [NAME...] - rewrites the golden files of the
# end-to-end cases (NAME.out, NAME.err, and the files NAME.files lists) from
# the current binary. Review `git diff tests/e2e` before committing: a golden
# is only as good as the reading it got.
set -eu
BUILD=${1:-build/release}
[ $# -gt 0 ] && shift
BIN=$BUILD/fleetsim
LC_ALL=C
export LC_ALL
unset COLUMNS # goldens are laid out for the default width, 100
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then
    set -- tests/e2e/*.args
fi
for args in "$@"; do
    name=${args%.args}
    rm -rf "$tmp/run" && mkdir "$tmp/run"
    eval "set -- $(sed "s|@TMP@|$tmp/run|g" "$name.args")"
    rc=0
    "$BIN" "$@" > "$tmp/out.raw" 2> "$tmp/err.raw" || rc=$?
    sed "s|$tmp/run|@TMP@|g" "$tmp/out.raw" > "$name.out"
    if [ -s "$tmp/err.raw" ]; then
        sed "s|$tmp/run|@TMP@|g" "$tmp/err.raw" > "$name.err"
    else
        rm -f "$name.err"
    fi
    if [ "$rc" -ne 0 ]; then echo "$rc" > "$name.rc"; else rm -f "$name.rc"; fi
    if [ -f "$name.files" ]; then
        for f in $(cat "$name.files"); do
            cp "$tmp/run/$f" "$name.$(basename "$f")"
        done
    fi
    echo "regenerated $name (exit $rc)"
done
