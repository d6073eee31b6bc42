# Bash completion for seed-tools: seed-filter, seed-stats, seed-dedup, seed-gitextract,
# seed-hfstream and seed-claude. The options and their metavariables are read from the tool's
# own --help each time (so they follow the tool); only a few option values are listed here.
# Needs nothing but bash: the bash-completion package's helpers are not used.
# Installed as completions/seed-tools with one link per command (tools/completions/meson.build).

# _seed_tools_read_help TOOL: reads `TOOL --help` into the caller's help, longs, shorts and
# meta (option -> metavariable, for options that take a value).
_seed_tools_read_help() {
    local line in_options=0
    local re='^  (-([[:alnum:]]), |    )--([[:alnum:]][[:alnum:]-]*)( ([^[:space:]]+))?'
    help=$("$1" --help 2>/dev/null) || help=''
    while IFS= read -r line; do
        if [[ $line == Options: ]]; then in_options=1; continue; fi
        ((in_options)) || continue
        [[ -n $line ]] || break
        [[ $line =~ $re ]] || continue
        longs+=("--${BASH_REMATCH[3]}")
        [[ -z ${BASH_REMATCH[2]} ]] || shorts+=("-${BASH_REMATCH[2]}")
        if [[ -n ${BASH_REMATCH[5]} ]]; then
            meta["--${BASH_REMATCH[3]}"]=${BASH_REMATCH[5]}
            [[ -z ${BASH_REMATCH[2]} ]] || meta["-${BASH_REMATCH[2]}"]=${BASH_REMATCH[5]}
        fi
    done <<<"$help"
}

# _seed_tools_words: the caller's words and cword, the shell words up to the cursor. Bash splits
# COMP_WORDS at COMP_WORDBREAKS (--on-error=skip is `--on-error`, `=`, `skip`); pieces with no
# blank between them in COMP_LINE are joined back.
_seed_tools_words() {
    local line=$COMP_LINE i piece trimmed
    words=()
    for ((i = 0; i <= COMP_CWORD; i++)); do
        piece=${COMP_WORDS[i]}
        trimmed=${line#"${line%%[![:space:]]*}"}
        if ((i > 0)) && [[ $trimmed == "$line" ]]; then
            words[${#words[@]} - 1]+=$piece
        else
            words+=("$piece")
        fi
        line=${trimmed#"$piece"}
    done
    cword=$((${#words[@]} - 1))
}

# _seed_tools_value TOOL OPTION METAVAR VALUE: completes a value of OPTION into COMPREPLY (and
# sets the caller's files when the replies are file names).
_seed_tools_value() {
    case $3 in
        FILE) files=1 && mapfile -t COMPREPLY < <(compgen -f -- "$4") && return ;;
        DIR) files=1 && mapfile -t COMPREPLY < <(compgen -d -- "$4") && return ;;
    esac
    local choices=''
    case "${1##*/} $2" in
        *\ --on-error) choices='fail skip' ;;
        'seed-filter --domain') choices='code nl' ;;
        'seed-dedup --shingle') choices='words chars' ;;
        'seed-gitextract --granularity') choices='fit all' ;;
        'seed-gitextract --mode') choices='definitions files' ;;
        'seed-claude --format') choices='claude chatgpt auto' ;;
        'seed-claude --role') choices='user assistant all' ;;
    esac
    mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$4")
}

_seed_tools() {
    local tool=${COMP_WORDS[0]} help cur cword i j word option='' value operands=0 ends=0 files=0
    local -a words longs=() shorts=()
    local -A meta=()
    COMPREPLY=()
    _seed_tools_read_help "$tool"
    _seed_tools_words
    cur=${words[cword]}

    # Walk the words before the cursor: is the current word an option's value, or which operand?
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        if ((ends)) || [[ $word != -?* ]]; then
            ((operands += 1))
        elif [[ $word == -- ]]; then
            ends=1
        elif [[ $word == --* ]]; then
            [[ $word == *=* || -z ${meta[$word]} ]] && continue
            ((i + 1 == cword)) && option=$word
            ((i += 1))
        else # -abc: flags, then maybe one option whose value is the rest or the next word
            for ((j = 1; j < ${#word}; j++)); do
                [[ -n ${meta[-${word:j:1}]} ]] || continue
                if ((j + 1 == ${#word})); then
                    ((i + 1 == cword)) && option=-${word:j:1}
                    ((i += 1))
                fi
                break
            done
        fi
    done

    if [[ -n $option ]]; then
        _seed_tools_value "$tool" "$option" "${meta[$option]}" "$cur"
    elif ((!ends)) && [[ $cur == --*=* ]]; then
        option=${cur%%=*} value=${cur#*=}
        if [[ -n ${meta[$option]} ]]; then
            _seed_tools_value "$tool" "$option" "${meta[$option]}" "$value"
            COMPREPLY=("${COMPREPLY[@]/#/$option=}")
        fi
    elif ((!ends)) && [[ $cur == -* ]]; then
        if [[ $cur == --* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "${longs[*]}" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "${shorts[*]} ${longs[*]}" -- "$cur")
        fi
    elif [[ ${tool##*/} == seed-hfstream && operands -eq 0 && $help =~ a\ profile:\ ([^.]*)\. ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${BASH_REMATCH[1]//,/}" -- "$cur")
    else
        files=1
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi

    # Readline replaces only the text after the last COMP_WORDBREAKS character (`=`, `:`): drop
    # what comes before it from each reply.
    local piece=${COMP_WORDS[COMP_CWORD]}
    [[ $piece == [=:] ]] && piece=''
    local before=${cur%"$piece"}
    [[ -z $before || ${#COMPREPLY[@]} == 0 ]] || COMPREPLY=("${COMPREPLY[@]#"$before"}")
    # File names get quoted and directories a slash (compopt works only while completing).
    ((!files)) || compopt -o filenames 2>/dev/null || true
    return 0
}

complete -F _seed_tools seed-filter seed-stats seed-dedup seed-gitextract seed-hfstream seed-claude
