#!/bin/sh
# The HTML report in a real browser: headless Chromium (Debian's `chromium`,
# installed by `sh scripts/install-deps.sh --browser`) renders report.html
# of the default scenario from a file:// URL and the test checks that
#   - the file names no external resource (no http(s):// src or href, no
#     @import or url(http...)), and Chromium, sent to a proxy on a closed
#     port (127.0.0.1:9) so any fetch fails, requests nothing: its network
#     log (--log-net-log) names no http(s) host other than the browser's
#     own services (google.com, googleapis.com, gstatic.com);
#   - the console logged nothing (Chromium's --enable-logging prints every
#     console message as a CONSOLE line);
#   - every chart listed (one <figure> each) is present in the rendered DOM
#     as an <svg> that draws something (a <path>);
#   - a screenshot is written (SHOT, for the notes and the README).
#
#   sh tests/browser/report.sh FLEETSIM TMPDIR SHOT
#
# Prints "ok - ..." / "not ok - ..." lines; exit status 0 pass, 1 fail,
# 77 with a "SKIP" line when Chromium (or gnuplot, which draws the charts)
# is absent.
set -u
BIN=$1
tmp=$2/browser
SHOT=$3
mkdir -p "$tmp"

CHROME=""
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROME=$c; break; fi
done
if [ -z "$CHROME" ]; then
    echo "SKIP: chromium not installed (sh scripts/install-deps.sh --browser)"
    exit 77
fi
if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: gnuplot not installed: no charts to render"
    exit 77
fi

fail=0
bad() { fail=1; echo "not ok - browser: $1"; }

if ! "$BIN" -q -n 20 -o "$tmp/out" scenarios/deepseek_2025.cfg \
        > "$tmp/run.txt" 2> "$tmp/run.err"; then
    bad "fleetsim failed"; cat "$tmp/run.err"; exit 1
fi
html=$tmp/out/report.html
[ -s "$html" ] || { bad "no report.html"; exit 1; }

# No external resource named in the file (xmlns="http://..." are names,
# not fetches, and are allowed).
if grep -Eiq "(src|href|action|poster|data)=[\"']?(https?:)?//|@import|url\\([\"']?(https?:)?//" "$html"; then
    bad "report.html names an external resource:"
    grep -Eio ".{20}(src|href|action|poster|data)=[\"']?(https?:)?//.{30}" "$html" | head -n 3
fi

url="file://$(cd "$(dirname "$html")" && pwd)/report.html"
flags="--headless --disable-gpu --no-sandbox --no-first-run --disable-extensions
       --disable-background-networking --disable-component-update --disable-sync
       --proxy-server=127.0.0.1:9 --proxy-bypass-list=<-loopback>
       --user-data-dir=$tmp/profile --virtual-time-budget=5000"
# shellcheck disable=SC2086
timeout 120 "$CHROME" $flags --enable-logging=stderr --v=0 \
    --log-net-log="$tmp/net.json" --dump-dom "$url" \
    > "$tmp/dom.html" 2> "$tmp/chrome.log"
rc=$?
[ "$rc" -eq 0 ] && [ -s "$tmp/dom.html" ] || { bad "chromium --dump-dom failed ($rc)"; tail -n 5 "$tmp/chrome.log"; }

if grep -q "CONSOLE" "$tmp/chrome.log"; then
    bad "console messages:"; grep "CONSOLE" "$tmp/chrome.log" | head -n 5
fi
hosts=$(grep -Eo 'https?://[A-Za-z0-9.-]+' "$tmp/net.json" 2>/dev/null | sort -u |
        grep -Ev '^https?://([A-Za-z0-9.-]+\.)?(google\.com|googleapis\.com|gstatic\.com)$')
if [ ! -s "$tmp/net.json" ]; then
    bad "no network log"
elif [ -n "$hosts" ]; then
    bad "requests to:" $hosts
fi

figs=$(grep -o "<figure" "$html" | wc -l)
svgs=$(grep -o "<svg" "$tmp/dom.html" | wc -l)
drawn=$(awk 'BEGIN { RS = "<svg" } NR > 1 && /<path/ { n++ } END { print n + 0 }' "$tmp/dom.html")
if [ "$figs" -eq 0 ] || [ "$svgs" -ne "$figs" ] || [ "$drawn" -ne "$figs" ]; then
    bad "charts: $figs listed, $svgs <svg> rendered, $drawn drawing something"
fi
if grep -q "chart not drawn" "$tmp/dom.html"; then
    bad "a chart is marked 'chart not drawn'"
fi

# shellcheck disable=SC2086
timeout 120 "$CHROME" $flags --hide-scrollbars --window-size=1280,2400 \
    --screenshot="$tmp/shot.png" "$url" > /dev/null 2> "$tmp/shot.log"
if [ -s "$tmp/shot.png" ]; then
    cp "$tmp/shot.png" "$SHOT"
else
    bad "no screenshot"; tail -n 5 "$tmp/shot.log"
fi

[ "$fail" -eq 0 ] || exit 1
echo "ok - browser: report.html renders with $figs charts, no console errors, no requests"
exit 0
