#!/bin/sh
# update-docs.sh FLEETSIM DOC - replaces the lines between
# "<!-- BEGIN SETTINGS" and "<!-- END SETTINGS" in DOC with the output of
# `FLEETSIM --list-params`, so the reference cannot drift from the loader.
set -eu
bin=$1
doc=$2
tmp=$(mktemp)
"$bin" --list-params > "$tmp.params"
awk -v params="$tmp.params" '
    /^<!-- BEGIN SETTINGS/ { print; while ((getline line < params) > 0) print line; skip = 1; next }
    /^<!-- END SETTINGS/ { skip = 0 }
    !skip { print }
' "$doc" > "$tmp"
mv "$tmp" "$doc"
rm -f "$tmp.params"
