#!/bin/sh
# fuzz/run.sh FLEETSIM DIR SECONDS - what `make fuzz` runs after building
# the harnesses DIR/fuzz_*: checks that fuzz/fleetsim.dict matches FLEETSIM,
# builds the seed corpus, then runs each harness for SECONDS. Exits 1 if any
# harness found a crash, a leak or a timeout, and names the reproducer.
# Run from the top of the tree.
set -u
bin=${1:?usage: run.sh FLEETSIM DIR SECONDS}
dir=${2:?usage: run.sh FLEETSIM DIR SECONDS}
seconds=${3:-60}

sh fuzz/make-dict.sh "$bin" > "$dir/fleetsim.dict" || exit 1
if ! cmp -s "$dir/fleetsim.dict" fuzz/fleetsim.dict; then
    echo "fuzz: fuzz/fleetsim.dict is stale (the settings changed); regenerate it with" >&2
    echo "      sh fuzz/make-dict.sh $bin > fuzz/fleetsim.dict" >&2
    exit 1
fi
rm -rf "$dir/corpus/seed"
sh fuzz/make-corpus.sh "$dir/corpus/seed" || exit 1
# libconfig's own leaks are not ours (see fuzz/lsan.supp).
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(pwd)/fuzz/lsan.supp:print_suppressions=0"
export LSAN_OPTIONS
mkdir -p "$dir/artifacts"

failed=0
for h in "$dir"/fuzz_*; do
    [ -x "$h" ] || continue
    name=$(basename "$h")
    mkdir -p "$dir/corpus/$name"
    log="$dir/$name.log"
    echo "fuzz: $name for ${seconds}s (log: $log)"
    # The first corpus folder collects what the run finds; the seeds stay.
    "$h" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time="$seconds" \
        -dict=fuzz/fleetsim.dict -artifact_prefix="$dir/artifacts/$name-" \
        -print_final_stats=1 "$dir/corpus/$name" "$dir/corpus/seed" > "$log" 2>&1
    rc=$?
    grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -n 1 | sed 's/^/fuzz:   /'
    sed -n 's/^stat::\(number_of_executed_units\|average_exec_per_sec\|peak_rss_mb\):/fuzz:   \1:/p' "$log"
    if [ "$rc" -ne 0 ]; then
        failed=1
        echo "fuzz: $name FAILED (status $rc):"
        grep -E '^==[0-9]+==ERROR|SUMMARY:|ALARM|deadly signal|out-of-memory' "$log" | head -n 5
        sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | while read -r a; do
            echo "fuzz:   reproducer: $a (replay: $h $a)"
        done
    fi
done
exit $failed
