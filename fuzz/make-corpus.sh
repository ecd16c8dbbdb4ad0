#!/bin/sh
# fuzz/make-corpus.sh DIR - the seed corpus for both harnesses, in DIR
# (build/fuzz/corpus/seed under `make fuzz`; never committed): every
# scenario under scenarios/, tests/e2e/, tests/e2e/bad/ and tests/unit/data/,
# and, for each end-to-end case whose arguments carry --set, -n or -s, its
# scenario followed by those overrides in the harness format (fuzz/harness.h).
# Run from the top of the tree.
set -eu
out=${1:?usage: make-corpus.sh DIR}
mkdir -p "$out"
n=0
for f in scenarios/*.cfg tests/e2e/*.cfg tests/e2e/bad/*.cfg tests/unit/data/*.cfg; do
    [ -f "$f" ] || continue
    cp "$f" "$out/$(echo "$f" | tr '/' '_')"
    n=$((n + 1))
done

# One case's overrides: the values of --set, and -n/-s as the settings
# they stand for.
for args in tests/e2e/*.args; do
    [ -f "$args" ] || continue
    eval "set -- $(sed 's|@TMP@|/nonexistent|g' "$args")"
    cfg="" sets=""
    while [ $# -gt 0 ]; do
        case $1 in
            --set) [ $# -ge 2 ] && sets="$sets$2
" && shift ;;
            -n|--replicates) [ $# -ge 2 ] && sets="${sets}scenario.replicates=$2
" && shift ;;
            -s|--seed) [ $# -ge 2 ] && sets="${sets}scenario.seed=$2
" && shift ;;
            *.cfg) [ -z "$cfg" ] && cfg=$1 ;;
        esac
        shift
    done
    [ -n "$cfg" ] && [ -n "$sets" ] && [ -f "$cfg" ] || continue
    seed="$out/set_$(basename "${args%.args}")"
    { cat "$cfg"; printf '\n#--set\n%s' "$sets"; } > "$seed"
    n=$((n + 1))
done
echo "make-corpus: $n seeds in $out"
