# bash completion for fleetsim(1)
#
# Completes options, scenario files (*.cfg) and, for --set and --sweep,
# setting paths such as jobs[v3_pretrain].mfu: the setting names come from
# `fleetsim --list-params`, the entry names (jobs, clusters, orders...) from a
# cheap scan of the scenario file named on the command line, and the
# built-in chips and export rules (chips[H800]., export_rules[us-2023-10].)
# from the fleetsim being completed.

# _fleetsim_names FILE: "list name" pairs, one a line, for each named entry
# of each top-level list of the scenario FILE (e.g. "jobs v3_pretrain").
_fleetsim_names()
{
    [ -r "$1" ] || return 0
    awk '
    {
        line = $0
        sub(/#.*/, "", line); sub(/\/\/.*/, "", line)
        if (depth == 0 && match(line, /^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*[=:][ \t]*\(/)) {
            top = line; sub(/^[ \t]*/, "", top); sub(/[ \t]*[=:].*/, "", top)
        }
        if (depth == 2 && top != "" &&
            (match(line, /^[ \t]*name[ \t]*[=:][ \t]*"[^"]*"/) ||
             (top == "export_rules" && match(line, /^[ \t]*id[ \t]*[=:][ \t]*"[^"]*"/)))) {
            n = line; sub(/^[^"]*"/, "", n); sub(/".*/, "", n)
            if (n ~ /^[A-Za-z0-9_.-]+$/) print top, n
        }
        s = line; gsub(/"[^"]*"/, "", s)
        depth += gsub(/[({[]/, "", s)
        s = line; gsub(/"[^"]*"/, "", s)
        depth -= gsub(/[)}\]]/, "", s)
        if (depth <= 0) { depth = 0; top = "" }
    }' "$1" 2>/dev/null
}

# _fleetsim_builtins FLEETSIM: "list name" pairs for what an override may
# name without the scenario listing it: the built-in chips (the first
# column of `fleetsim --list-gpus`) and export rules (their ids, read from
# the copy of models/export_rules.cfg the binary carries).
_fleetsim_builtins()
{
    local bin
    "$1" --list-gpus 2>/dev/null |
        awk 'NR > 1 && /^$/ { exit } NR > 1 && $1 ~ /^[A-Za-z0-9_.-]+$/ { print "chips", $1 }'
    bin=$(type -P "$1") || return 0
    LC_ALL=C grep -a -o 'id = "[A-Za-z0-9_.-]*"' "$bin" 2>/dev/null |
        sed 's/^id = "\(.*\)"$/export_rules \1/'
}

# _fleetsim_paths FLEETSIM SCENARIO: every setting path the completion offers.
_fleetsim_paths()
{
    local names
    names=$({ _fleetsim_names "$2"; _fleetsim_builtins "$1"; } | awk '!seen[$0]++')
    "$1" --list-params 2>/dev/null | awk -v names="$names" '
    BEGIN {
        n = split(names, l, "\n")
        for (i = 1; i <= n; i++) {
            split(l[i], f, " ")
            if (f[2] != "") list[f[1]] = list[f[1]] " " f[2]
        }
    }
    /^### `/ {
        sec = $0; sub(/^### `/, "", sec); sub(/`.*/, "", sec)
        pre = ""; entries = ""
        if (sec == "scenario") { pre = "scenario." }
        else if (sec ~ /^[a-z_]+$/) { pre = sec "." }
        else if (match(sec, /^[a-z_]+\[\]/)) {
            base = substr(sec, 1, RLENGTH - 2); rest = substr(sec, RLENGTH + 1)
            if (rest !~ /\[/ && (base in list)) entries = list[base]
        }
        next
    }
    /^\| `/ {
        key = $0; sub(/^\| `/, "", key); sub(/`.*/, "", key)
        if (pre != "") print pre key
        if (entries != "") {
            m = split(entries, e, " ")
            for (i = 1; i <= m; i++) print base "[" e[i] "]" rest "." key
        }
    }'
}

_fleetsim()
{
    local cur prev i w prog scen paths head
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    COMPREPLY=()
    prog=${COMP_WORDS[0]}    # the fleetsim being completed, else the one on PATH
    type -P "$prog" >/dev/null 2>&1 || prog=fleetsim

    case $prev in
        -o|--output)
            mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return 0 ;;
        --catalog|--trace)
            mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return 0 ;;
        --plots)
            mapfile -t COMPREPLY < <(compgen -W 'png svg pdf png,svg none' -- "$cur"); return 0 ;;
        --cost-view)
            mapfile -t COMPREPLY < <(compgen -W 'absorption marginal dedicated' -- "$cur"); return 0 ;;
        --sobol)
            mapfile -t COMPREPLY < <(compgen -W '64 128 256 512 1024' -- "$cur"); return 0 ;;
        --region)
            mapfile -t COMPREPLY < <(compgen -W 'CN MO US JP SG AE IN' -- "$cur"); return 0 ;;
        --set|--sweep)
            ;;
        -j|--threads|-s|--seed|-n|--replicates|--trace-replicate|--date|--by-date|--plot-size|--explain)
            return 0 ;;
        --compare)           # free text: 'LABEL: set PATH=VALUE; remove PATH'
            [ -z "$cur" ] && COMPREPLY=("'LABEL: set ")
            compopt -o nospace 2>/dev/null
            return 0 ;;
        *)
            if [[ $cur == -* ]]; then
                # the long options --help prints, so they never drift
                mapfile -t COMPREPLY < <(compgen -W "$("$prog" --help 2>/dev/null |
                    grep -o -- '--[a-z][a-z-]*' | sort -u)" -- "$cur")
            else
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -X '!*.cfg' -- "$cur"; compgen -d -- "$cur")
            fi
            return 0 ;;
    esac

    # A setting path for --set or --sweep: the scenario is the first *.cfg
    # word on the line.
    scen=
    for ((i = 1; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        [ "$i" -eq "$COMP_CWORD" ] && continue
        case $w in *.cfg) scen=$w; break ;; esac
    done
    cur=${cur#[\'\"]}        # an opening quote: 'jobs[
    head=                    # --sweep a,b: complete after the last comma
    case $cur in *,*) head=${cur%,*},; cur=${cur##*,} ;; esac
    paths=$(_fleetsim_paths "$prog" "$scen")
    if [[ $cur == *\]* || $cur != *\[* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$paths" -- "$cur")
    else                     # jobs[v3_  -> the entries, then their settings
        mapfile -t COMPREPLY < <(compgen -W "$(printf '%s\n' "$paths" | sed -n 's/\(\[[^]]*\]\).*/\1./p' | sort -u)" -- "$cur")
        compopt -o nospace 2>/dev/null
    fi
    if [ -n "$head" ]; then
        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]=$head${COMPREPLY[i]}; done
    fi
    return 0
}
complete -F _fleetsim fleetsim
