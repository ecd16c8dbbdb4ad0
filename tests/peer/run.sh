#!/bin/sh
# tests/peer/run.sh [FLEETSIM] - the seven scenarios of the public peer
# 12-gpu-goodput-mtbi (inigogonzalezgarcia/12-gpu-goodput-mtbi, MIT, commit
# a59c018) expressed in fleetsim with failure_clocks = "while_computing",
# 1,000 replicates each; each goodput must match the peer's 1,000-seed
# figure within 3 combined standard errors. Peer figures and their standard
# errors: the peer's code run with 1,000 seeds (its docs/results.md gives
# the 20-seed ones). Exits 1 if any scenario is off.
set -u
BIN=${1:-./fleetsim}
dir=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
bad=0
while read -r name peer peer_se; do
    "$BIN" -q --plots none -o "$tmp/o" "$dir/$name.cfg" > /dev/null 2>&1 || { echo "$name: run failed"; bad=1; continue; }
    awk -F, -v name="$name" -v peer="$peer" -v pse="$peer_se" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "goodput_share") k = i; next }
        { x = 100 * $k; n++; s += x; s2 += x * x }
        END {
            m = s / n; se = sqrt((s2 - n * m * m) / (n - 1) / n); c = sqrt(se * se + pse * pse)
            z = (m - peer) / c
            printf "%-22s fleetsim %6.2f %% (+-%.2f)  peer %6.2f %% (+-%.2f)  %+.1f combined SE %s\n",
                   name, m, se, peer, pse, z, (z < -3 || z > 3) ? "OFF" : "ok"
            exit (z < -3 || z > 3)
        }' "$tmp/o/replicates.csv" || bad=1
done <<'TABLE'
01-baseline 80.22 0.05
02-daly-interval 85.71 0.07
03-async-checkpoint 92.29 0.06
04-fast-hang-detection 81.13 0.05
05-no-spares 35.12 0.31
06-firmware-regression 73.03 0.14
07-combined 94.19 0.02
TABLE
exit $bad
