#!/bin/sh
# tests/run.sh BUILD_DIR - the whole test suite, run from the top of the tree.
#
#  1. unit tests (BUILD_DIR/unit, TAP);
#  2. end-to-end golden cases, tests/e2e/NAME.args: the arguments (one line,
#     shell words; @TMP@ stands for a scratch folder, and stands in for it
#     in the output); NAME.out the expected stdout; NAME.err the expected
#     stderr (default empty); NAME.rc the expected exit status (default 0);
#     NAME.files lists files the run writes (paths under @TMP@), each
#     compared with NAME.FILE-BASENAME (and *.json parsed by python3 -m
#     json.tool);
#  3. bad scenarios, tests/e2e/bad/NAME.cfg: run as a full simulation with
#     -o into an empty folder; stderr must equal NAME.err exactly, the status
#     must be NAME.rc (default 3) and nothing may be written;
#  4. every shipped scenario under scenarios/ validates (--check);
#  5. the settings tables in docs/scenario-format.md match --list-params;
#  6. charts: hostile scenario names run no command; without gnuplot the
#     results are still written, with one warning and exit status 4; with
#     gnuplot, every chart is a PNG and an SVG of the requested size
#     (without gnuplot those cases print "# SKIP" and count as passed); a
#     fake gnuplot that hangs is stopped, one that draws nothing fails;
#  7. the public peer's seven goodput scenarios match (tests/peer/run.sh);
#  8. the install: fleetsim.1 and --help name the same options, make
#     install/uninstall, bash completion (tests/install.sh).
#  9. report.html in headless Chromium (tests/browser/report.sh; "# SKIP"
#     without chromium or gnuplot), screenshot in build/report-screenshot.png.
# Ends with "tests: N passed, M failed"; exits 1 if anything failed.
set -u
BUILD=${1:-build/release}
BIN=$BUILD/fleetsim
LC_ALL=C
export LC_ALL
unset COLUMNS # goldens are laid out for the default width, 100
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
    # A clean summary with a failing exit: a sanitizer (e.g. a leak report
    # printed at exit) found something after the tests ran.
    if [ "$urc" -ne 0 ] && [ "$uf" -eq 0 ]; then
        echo "not ok - unit runner exited with status $urc after its summary (sanitizer report above?)"
        fail=$((fail + 1))
    fi
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
                # JSON files must parse (python3's json.tool), where python3 is
                case "$f" in
                *.json)
                    if command -v python3 > /dev/null &&
                       ! python3 -m json.tool "$tmp/run/$f" > "$tmp/diff.txt" 2>&1; then
                        bad="$f (not valid JSON)"; break
                    fi ;;
                esac
            done
        fi
        if [ -n "$bad" ]; then
            not_ok "$name: $bad differs"; head -n 20 "$tmp/diff.txt"
        else
            ok "$name"
        fi
    fi
done

# 2b. hostile strategy names (tests/e2e/0105-hostile-study.cfg: a baseline
# and three strategies): results.json still parses, and --all-replicates
# gives each of the four variants its own replicates_*.csv.
rm -rf "$tmp/hostile-json"
if ! "$BIN" -q -n 3 --plots none --all-replicates -o "$tmp/hostile-json" \
        tests/e2e/0105-hostile-study.cfg > /dev/null 2> "$tmp/err.txt"; then
    not_ok "hostile names: results.json and --all-replicates: run failed"; head -n 5 "$tmp/err.txt"
elif [ "$(ls "$tmp/hostile-json" | grep -c '^replicates_.*\.csv$')" != 4 ]; then
    not_ok "hostile names: --all-replicates wrote"; ls "$tmp/hostile-json"
elif command -v python3 > /dev/null &&
     ! python3 -m json.tool "$tmp/hostile-json/results.json" > /dev/null 2> "$tmp/err.txt"; then
    not_ok "hostile names: results.json is not valid JSON"; head -n 5 "$tmp/err.txt"
else
    ok "hostile names: results.json parses, one replicates_*.csv per variant"
fi

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

# 4b. the terminal fits: every line of the default output of both shipped
#     scenarios, stdout and stderr (warnings), is at most 100 characters
#     (UTF-8 code points, not bytes: a name may be UTF-8), and COLUMNS=160
#     widens at least one line past 100
width_max() { # FILE: the longest line, in characters (UTF-8 continuation bytes dropped)
    tr -d '\200-\277' < "$1" | awk '{ n = length($0); if (n > m) m = n } END { print m + 0 }'
}
for cfg in scenarios/deepseek_2025.cfg scenarios/deepseek_2026_scaleup.cfg; do
    rm -rf "$tmp/fit" "$tmp/fit160"
    "$BIN" "$cfg" -n 50 --plots none -o "$tmp/fit" > "$tmp/fit.txt" 2> "$tmp/fit.err"
    cat "$tmp/fit.err" >> "$tmp/fit.txt"
    COLUMNS=160 "$BIN" "$cfg" -n 50 --plots none -o "$tmp/fit160" > "$tmp/fit160.txt" 2>/dev/null
    w=$(width_max "$tmp/fit.txt")
    w160=$(width_max "$tmp/fit160.txt")
    if [ ! -s "$tmp/fit.txt" ] || [ "$w" -gt 100 ]; then
        not_ok "$cfg: default output fits 100 columns (longest line $w)"
    elif [ "$w160" -le 100 ] || [ "$w160" -gt 160 ]; then
        not_ok "$cfg: COLUMNS=160 widens to at most 160 (longest line $w160)"
    else
        ok "$cfg: lines fit 100 columns ($w), and $w160 with COLUMNS=160"
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

# 6. charts
top=$(pwd)
case $BIN in /*) abs_bin=$BIN ;; *) abs_bin=$top/$BIN ;; esac
has_gnuplot=0
command -v gnuplot > /dev/null 2>&1 && has_gnuplot=1

# 6a. names with back-quotes, quotes, semicolons and $(...) reach gnuplot
# only single-quoted: no `touch owned` may run, in gnuplot's folder (the
# output folder), in fleetsim's, or here.
rm -rf "$tmp/hostile" && mkdir -p "$tmp/hostile/cwd"
(cd "$tmp/hostile/cwd" && "$abs_bin" -q -o "$tmp/hostile/out" \
    "$top/tests/e2e/0101-hostile-names.cfg") > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
want_rc=0
[ "$has_gnuplot" -eq 1 ] || want_rc=4
bad=""
for d in "$tmp/hostile/out" "$tmp/hostile/cwd" "$tmp/hostile" "$top"; do
    [ -e "$d/owned" ] && bad="a command in a scenario name ran: $d/owned exists"
done
[ -z "$bad" ] && [ "$rc" != "$want_rc" ] && bad="exit status $rc, want $want_rc"
for c in progress time_to_train_job1 time_to_train_job2 gpu_hours cost fleet_capacity; do
    [ -z "$bad" ] && [ ! -s "$tmp/hostile/out/$c.gp" ] && bad="$c.gp missing"
    [ -z "$bad" ] && [ "$has_gnuplot" -eq 1 ] && [ ! -s "$tmp/hostile/out/$c.png" ] &&
        bad="$c.png missing"
done
if [ -n "$bad" ]; then
    not_ok "charts: hostile names: $bad"; head -n 5 "$tmp/err.txt"
else
    ok "charts: names with back-quotes, quotes, semicolons, \$(...) ran no command"
fi
# The same for the comparison charts: hostile strategy names, input labels
# and a swept path naming a hostile job.
bad=""
for kind in strategies sensitivity sweep sobol; do
    set -- "$top/tests/e2e/0105-hostile-study.cfg"
    charts="compare_time_cost compare_cost compare_progress"
    [ "$kind" = sensitivity ] && set -- --sensitivity "$@" && charts=tornado
    [ "$kind" = sobol ] && set -- --sobol 4 "$@" && charts=sobol
    [ "$kind" = sweep ] && charts=sweep &&
        set -- --sweep "jobs[x\`touch owned\`y'; \"z\" w].gpus=16:64:3:log" "$@"
    rm -rf "$tmp/hostile" && mkdir -p "$tmp/hostile/cwd"
    (cd "$tmp/hostile/cwd" && "$abs_bin" -q -o "$tmp/hostile/out" "$@") \
        > "$tmp/out.txt" 2> "$tmp/err.txt"
    rc=$?
    for d in "$tmp/hostile/out" "$tmp/hostile/cwd" "$tmp/hostile" "$top"; do
        [ -z "$bad" ] && [ -e "$d/owned" ] && bad="$kind: a command ran: $d/owned exists"
    done
    [ -z "$bad" ] && [ "$rc" != "$want_rc" ] && bad="$kind: exit status $rc, want $want_rc"
    for c in $charts; do
        [ -z "$bad" ] && [ ! -s "$tmp/hostile/out/$c.gp" ] && bad="$c.gp missing"
        [ -z "$bad" ] && [ "$has_gnuplot" -eq 1 ] && [ ! -s "$tmp/hostile/out/$c.png" ] &&
            bad="$c.png missing"
    done
done
if [ -n "$bad" ]; then
    not_ok "charts: hostile names in comparisons: $bad"; head -n 5 "$tmp/err.txt"
else
    ok "charts: comparison and Sobol charts of hostile strategies, inputs, outputs and swept path ran no command"
fi

# 6b. no gnuplot on PATH: results and scripts written, one warning, status 4
rm -rf "$tmp/nognu"
PATH=/nonexistent-fleetsim-test "$BIN" -q -o "$tmp/nognu/out" tests/e2e/0100-charts.cfg \
    > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
echo "fleetsim: warning: gnuplot not found on PATH; charts not drawn (scripts and data are in $tmp/nognu/out)" > "$tmp/err.want"
bad=""
if [ "$rc" != 4 ]; then
    bad="exit status $rc, want 4"
elif ! diff -u "$tmp/err.want" "$tmp/err.txt" > "$tmp/diff.txt"; then
    bad="stderr differs"; cat "$tmp/diff.txt"
elif grep -q '^charts:' "$tmp/out.txt" || ! grep -q '^results:' "$tmp/out.txt"; then
    bad="stdout should list the results and no charts"
else
    for f in summary.csv replicates.csv results.json progress.gp progress.dat \
             progress_sample.dat time_to_train_job1.gp time_to_train_job1.dat \
             time_to_train_job2.gp time_to_train_job2.dat gpu_hours.gp gpu_hours.dat \
             cost.gp cost.dat fleet_capacity.gp fleet_capacity.dat; do
        [ -z "$bad" ] && [ ! -s "$tmp/nognu/out/$f" ] && bad="$f missing"
    done
    ls "$tmp/nognu/out" | grep -q '\.png$\|\.svg$' && bad="images drawn without gnuplot"
fi
if [ -n "$bad" ]; then
    not_ok "charts: without gnuplot: $bad"
else
    ok "charts: without gnuplot, results and scripts are written, warning, exit status 4"
fi

# 6d. a gnuplot on PATH that hangs on one chart is stopped after
# FLEETSIM_GNUPLOT_TIMEOUT seconds and named; one that exits 0 without
# drawing is a failure too (exit status 4 both).
mkdir -p "$tmp/fakegp/hang" "$tmp/fakegp/idle"
cat > "$tmp/fakegp/hang/gnuplot" << 'EOF'
#!/bin/sh
in=$(cat); n=${in##*"load '"}; n=${n%%".gp'"*}
[ "$n" = cost ] && exec sleep 60
d=${in#"cd '"}; d=${d%%"'"*}; echo x > "$d/$n.png"; echo x > "$d/$n.svg"
EOF
printf '#!/bin/sh\ncat > /dev/null\n' > "$tmp/fakegp/idle/gnuplot"
chmod +x "$tmp/fakegp/hang/gnuplot" "$tmp/fakegp/idle/gnuplot"
for fake in hang idle; do
    rm -rf "$tmp/fakegp/out"
    PATH="$tmp/fakegp/$fake:$PATH" FLEETSIM_GNUPLOT_TIMEOUT=2 "$BIN" -q -o "$tmp/fakegp/out" \
        tests/e2e/0100-charts.cfg > "$tmp/out.txt" 2> "$tmp/err.txt"
    rc=$?
    want="gnuplot took more than 2 s on chart 'cost' and was stopped; 5 of 6 charts drawn"
    [ "$fake" = idle ] && want="gnuplot drew no image for chart 'progress' (it exited 0) and others"
    if [ "$rc" = 4 ] && grep -qF "$want" "$tmp/err.txt"; then
        ok "charts: a fake gnuplot that ${fake}s: exit status 4, chart named"
    else
        not_ok "charts: a fake gnuplot that ${fake}s: exit status $rc"; head -n 5 "$tmp/err.txt"
    fi
done

# 6c. every chart of the default scenario, PNG and SVG, 1600x900; a PNG
# starts with its signature and its IHDR holds width and height.
png_is() { # FILE WIDTH_HEX8 HEIGHT_HEX8
    [ "$(od -A n -t x1 -N 24 "$1" 2> /dev/null | tr -d ' \n')" = \
      "89504e470d0a1a0a0000000d49484452$2$3" ]
}
if [ "$has_gnuplot" -eq 0 ]; then
    ok "charts: default scenario drawn as PNG and SVG, 1600x900 # SKIP gnuplot not installed"
    ok "charts: 'gnuplot cost.gp' in the output folder redraws the chart # SKIP gnuplot not installed"
    ok "charts: --plots png --plot-size 1280x720 # SKIP gnuplot not installed"
else
    rm -rf "$tmp/render"
    "$BIN" -q -n 50 --plots png,svg --plot-size 1600x900 -o "$tmp/render" \
        scenarios/deepseek_2025.cfg > "$tmp/out.txt" 2> "$tmp/err.txt"
    rc=$?
    bad=""
    [ "$rc" != 0 ] && bad="exit status $rc"
    # the loader's warnings are expected (deepseek_2025.cfg's 10x strategy
    # has fewer micro-batches than pipeline stages); anything else is not
    # (a warning folds onto the following lines: only the first starts
    # with "fleetsim: warning:"; other "fleetsim:" lines are errors)
    [ -z "$bad" ] && grep '^fleetsim: ' "$tmp/err.txt" | grep -qv '^fleetsim: warning: ' \
        && bad="stderr has an error"
    for c in progress time_to_train_job1 gpu_hours cost fleet_capacity; do
        [ -z "$bad" ] && [ ! -s "$tmp/render/$c.gp" ] && bad="$c.gp missing"
    done
    for gp in "$tmp"/render/*.gp; do
        c=${gp%.gp}
        [ -n "$bad" ] && break
        if [ ! -s "$c.dat" ]; then
            bad="$(basename "$c").dat missing"
        elif ! png_is "$c.png" 00000640 00000384; then
            bad="$(basename "$c").png is not a 1600x900 PNG"
        elif ! grep -q '<svg' "$c.svg" 2> /dev/null ||
             ! grep -q 'width="1600" height="900"' "$c.svg"; then
            bad="$(basename "$c").svg is not a 1600x900 SVG"
        elif [ -e "$c.pdf" ]; then
            bad="$(basename "$c").pdf drawn but not asked for"
        fi
    done
    if [ -n "$bad" ]; then
        not_ok "charts: default scenario: $bad"; head -n 5 "$tmp/err.txt"
    else
        ok "charts: default scenario drawn as PNG and SVG, 1600x900"
    fi
    # A script run by hand in the output folder draws its chart again.
    rm -f "$tmp/render/cost.png"
    if (cd "$tmp/render" && gnuplot -e "fmt='png'" cost.gp) > "$tmp/err.txt" 2>&1 &&
       png_is "$tmp/render/cost.png" 00000640 00000384; then
        ok "charts: 'gnuplot cost.gp' in the output folder redraws the chart"
    else
        not_ok "charts: 'gnuplot cost.gp' in the output folder failed"; head -n 5 "$tmp/err.txt"
    fi
    rm -rf "$tmp/render"
    "$BIN" -q --plots png --plot-size 1280x720 -o "$tmp/render" tests/e2e/0100-charts.cfg \
        > "$tmp/out.txt" 2> "$tmp/err.txt"
    rc=$?
    if [ "$rc" = 0 ] && png_is "$tmp/render/cost.png" 00000500 000002d0 &&
       [ ! -e "$tmp/render/cost.svg" ]; then
        ok "charts: --plots png --plot-size 1280x720"
    else
        not_ok "charts: --plots png --plot-size 1280x720 (exit status $rc)"
        head -n 5 "$tmp/err.txt"
    fi
fi

# 7. the public peer's seven goodput scenarios (tests/peer/run.sh, ~1 s)
if sh tests/peer/run.sh "$BIN" > "$tmp/peer.txt" 2>&1; then
    ok "peer scenarios: seven goodputs within 3 combined standard errors"
else
    not_ok "peer scenarios (tests/peer/run.sh)"; cat "$tmp/peer.txt"
fi

# 8. the Unix install: man page in step with --help, make install/uninstall,
#    bash completion (tests/install.sh)
sh tests/install.sh "$BUILD" "$tmp/install" > "$tmp/install.txt" 2>&1
cat "$tmp/install.txt"
ip=$(grep -c '^ok - ' "$tmp/install.txt")
ifl=$(grep -c '^not ok - ' "$tmp/install.txt")
pass=$((pass + ip))
fail=$((fail + ifl))
[ "$ip" -gt 0 ] || { echo "not ok - tests/install.sh printed no result"; fail=$((fail + 1)); }

# 9. the HTML report in a real browser (tests/browser/report.sh, ~10 s)
sh tests/browser/report.sh "$BIN" "$tmp" "$(dirname "$BUILD")/report-screenshot.png" > "$tmp/browser.txt" 2>&1
brc=$?
if [ "$brc" -eq 0 ]; then
    ok "browser: report.html renders: charts present, no console errors, no requests"
elif [ "$brc" -eq 77 ]; then
    sed -n 's/^SKIP: /# SKIP /p' "$tmp/browser.txt"
    ok "browser: report.html renders # SKIP $(sed -n 's/^SKIP: //p' "$tmp/browser.txt")"
else
    not_ok "browser: report.html (tests/browser/report.sh)"; cat "$tmp/browser.txt"
fi

echo "tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
