#!/bin/sh
# tests/install.sh BUILD_DIR SCRATCH - the Unix install, run by tests/run.sh
# from the top of the tree; prints "ok - ..." / "not ok - ..." lines (and
# "# SKIP" for checks whose tool is absent, counted as passed).
#
#  1. every long option `fleetsim --help` prints is in man/fleetsim.1, and
#     every long option the man page names is in --help; its title names
#     the version --version prints, its EXIT STATUS the statuses of --help;
#  2. `make install DESTDIR=SCRATCH PREFIX=/usr` installs the binary, the
#     man page, the bash completion, the shipped scenarios and docs, and
#     `man -l` formats the installed page without a warning;
#  3. the installed completion completes options, `--sweep 'jobs[` on the
#     default scenario (its job names) and a job's settings for --set;
#  4. `make uninstall` removes every file it installed.
set -u
BUILD=${1:-build/release}
BIN=$BUILD/fleetsim
tmp=${2:-$(mktemp -d)}
stage=$tmp/stage
case $stage in /*) ;; *) stage=$PWD/$stage ;; esac
rm -rf "$stage"
mkdir -p "$tmp"

ok() { echo "ok - install: $1"; }
not_ok() { echo "not ok - install: $1"; }

# 1. --help and the man page name the same long options
"$BIN" --help | grep -o -- '--[a-z][a-z-]*' | sort -u > "$tmp/help.opts"
sed 's/\\-/-/g' man/fleetsim.1 | grep -o -- '--[a-z][a-z-]*' | sort -u > "$tmp/man.opts"
if cmp -s "$tmp/help.opts" "$tmp/man.opts"; then
    ok "man/fleetsim.1 names the $(wc -l < "$tmp/help.opts" | tr -d ' ') long options of --help"
else
    not_ok "man/fleetsim.1 and --help differ (< only in --help, > only in the man page):"
    diff "$tmp/help.opts" "$tmp/man.opts" | grep '^[<>]'
fi

# ... and the version in its title line is the binary's (.TH ... "fleetsim X.Y.Z")
ver=$("$BIN" --version)
if grep -q "^\.TH FLEETSIM 1 \"[^\"]*\" \"$ver\"" man/fleetsim.1; then
    ok "man/fleetsim.1 is titled '$ver' as --version prints"
else
    not_ok "man/fleetsim.1's .TH line does not name '$ver' (--version)"
fi

# ... and its EXIT STATUS section lists the statuses of --help's "exit status"
"$BIN" --help | sed -n '/^exit status:/,$s/^  \([0-9]\)  .*/\1/p' > "$tmp/help.rc"
sed -n '/^\.SH EXIT STATUS/,/^\.SH FILES/s/^\.B \([0-9]\)$/\1/p' man/fleetsim.1 > "$tmp/man.rc"
if [ -s "$tmp/help.rc" ] && cmp -s "$tmp/help.rc" "$tmp/man.rc"; then
    ok "man/fleetsim.1 lists exit statuses $(tr '\n' ' ' < "$tmp/help.rc")as --help does"
else
    not_ok "exit statuses: --help has $(tr '\n' ' ' < "$tmp/help.rc")the man page $(tr '\n' ' ' < "$tmp/man.rc")"
fi

# 2. make install
if make -s --no-print-directory install BUILD="$BUILD" DESTDIR="$stage" PREFIX=/usr \
        > "$tmp/install.txt" 2>&1; then
    ok "make install DESTDIR=... PREFIX=/usr"
else
    not_ok "make install failed"; head -n 5 "$tmp/install.txt"
fi
missing=
for f in bin/fleetsim share/man/man1/fleetsim.1 share/bash-completion/completions/fleetsim \
         $(ls scenarios/*.cfg docs/*.md | sed 's|^|share/fleetsim/|'); do
    [ -f "$stage/usr/$f" ] || missing="$missing $f"
done
[ -x "$stage/usr/bin/fleetsim" ] || missing="$missing (bin/fleetsim not executable)"
if [ -z "$missing" ]; then
    ok "installed the binary, fleetsim(1), the completion, $(ls scenarios/*.cfg | wc -l | tr -d ' ') scenarios and $(ls docs/*.md | wc -l | tr -d ' ') docs"
else
    not_ok "not installed:$missing"
fi
if command -v man > /dev/null 2>&1; then
    if MANWIDTH=80 man --warnings -l "$stage/usr/share/man/man1/fleetsim.1" \
            > "$tmp/man.txt" 2> "$tmp/man.err" && [ ! -s "$tmp/man.err" ] &&
       grep -q '^EXIT STATUS' "$tmp/man.txt"; then
        ok "man -l formats the installed fleetsim.1 without a warning"
    else
        not_ok "man -l on the installed fleetsim.1:"; head -n 5 "$tmp/man.err"
    fi
else
    echo "ok - install: man -l fleetsim.1 # SKIP man is not installed (man-db)"
fi

# 3. the installed completion, in bash, with the installed fleetsim first on PATH
if command -v bash > /dev/null 2>&1; then
    # complete WORD...: COMP_WORDS is the words, the cursor on the last but one
    # (the scenario file comes last, as a user types it after going back).
    cat > "$tmp/comp.sh" <<'EOS'
source "$STAGE/usr/share/bash-completion/completions/fleetsim"
run() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 2)); COMPREPLY=(); _fleetsim fleetsim; printf '%s\n' "${COMPREPLY[@]}"; }
echo "== sweep"; run fleetsim --sweep "'jobs[" scenarios/deepseek_2025.cfg
echo "== set";   run fleetsim --set "jobs[v3_pretrain].mf" scenarios/deepseek_2025.cfg
echo "== comma"; run fleetsim --sweep "clusters[h800].gpus,jobs[v3_pre" scenarios/deepseek_2025.cfg
echo "== opt";   run fleetsim --swe scenarios/deepseek_2025.cfg
echo "== rule";  run fleetsim --set "export_rules[us-2023" scenarios/deepseek_2025.cfg
echo "== chip";  run fleetsim --set "chips[H800].list_pr" scenarios/deepseek_2025.cfg
EOS
    PATH="$stage/usr/bin:$PATH" STAGE="$stage" bash "$tmp/comp.sh" > "$tmp/comp.txt" 2>&1
    # Expected: the three entries of jobs = ( ... ) in scenarios/deepseek_2025.cfg
    # (sorted), each with a '.' to go on to its settings; jobs[].mfu from
    # --list-params; the sweep option itself; a built-in export rule
    # (models/export_rules.cfg: us-2023-10) and chip (models/chips.cfg: H800)
    # the scenario does not list.
    cat > "$tmp/comp.want" <<'EOS'
== sweep
jobs[v3_context_ext].
jobs[v3_posttrain].
jobs[v3_pretrain].
== set
jobs[v3_pretrain].mfu
== comma
clusters[h800].gpus,jobs[v3_pretrain].
== opt
--sweep
== rule
export_rules[us-2023-10].
== chip
chips[H800].list_price_usd
EOS
    if cmp -s "$tmp/comp.want" "$tmp/comp.txt"; then
        ok "bash completion: --sweep 'jobs[ gives the scenario's jobs, --set a job's settings, built-in rule ids and chips"
    else
        not_ok "bash completion (want, got):"; diff "$tmp/comp.want" "$tmp/comp.txt"
    fi
else
    echo "ok - install: bash completion # SKIP bash is not installed"
fi

# 4. make uninstall leaves no file behind
make -s --no-print-directory uninstall BUILD="$BUILD" DESTDIR="$stage" PREFIX=/usr \
    > "$tmp/uninstall.txt" 2>&1
left=$(find "$stage" -type f | head -n 5)
if [ -z "$left" ] && [ ! -d "$stage/usr/share/fleetsim" ]; then
    ok "make uninstall removes every installed file"
else
    not_ok "make uninstall left: $left"
fi
rm -rf "$stage"
