#!/usr/bin/env bats
# The bash completion (tools/completions/seed-tools.bash), called the way bash calls it, and
# its installation by `meson install`.

load helpers

TOOLS=(seed-filter seed-stats seed-dedup seed-gitextract seed-hfstream seed-claude)

setup() {
  WORK="$(mktemp -d)"
  cd "$WORK" || return 1
  # shellcheck source=../../tools/completions/seed-tools.bash
  source "$SEED_SOURCE_ROOT/tools/completions/seed-tools.bash"
}

# complete_words LINE WORD...: completes at the end of LINE, split by bash into WORDs (with the
# default COMP_WORDBREAKS, --opt=v is `--opt` `=` `v`); $got is the replies, sorted, one line.
complete_words() {
  COMP_LINE=$1
  COMP_POINT=${#1}
  shift
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMPREPLY=(x)
  _seed_tools
  got=$(printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd ' ')
}

# expect_replies EXPECTED: $got is exactly EXPECTED (space-separated, sorted).
expect_replies() {
  if [ "$got" != "$1" ]; then
    printf 'expected: [%s]\ngot:      [%s]\n' "$1" "$got" >&2
    return 1
  fi
}

# long_options TOOL: the long options of TOOL --help, sorted, one line.
long_options() {
  "$1" --help | grep -E '^ {2}(-[A-Za-z], | {4})--' | grep -oE -- '--[a-z0-9-]+' | awk '!seen[$0]++' \
    | sort | paste -sd ' '
}

@test "the script passes shellcheck" {
  command -v shellcheck >/dev/null || skip "shellcheck is not installed"
  shellcheck -s bash "$SEED_SOURCE_ROOT/tools/completions/seed-tools.bash"
}

@test "it is registered for every tool" {
  for t in "${TOOLS[@]}"; do
    complete -p "$t" | grep -qx "complete -F _seed_tools $t"
  done
}

@test "a long option prefix completes to the option" {
  complete_words 'seed-filter --gopher-q' seed-filter --gopher-q
  expect_replies '--gopher-quality'
  complete_words 'seed-dedup --no-' seed-dedup --no-
  expect_replies '--no-verify'
}

@test "every tool completes -- to exactly the long options in its --help" {
  for t in "${TOOLS[@]}"; do
    want=$(long_options "$t")
    [ -n "$want" ]
    complete_words "$t --" "$t" --
    expect_replies "$want"
  done
}

@test "- completes short and long options" {
  complete_words 'seed-stats -' seed-stats -
  expect_replies '--by --help --hist --json --on-error --output --quiet --version -h -o -q'
}

@test "option values: fixed choices, --opt=value split at = by bash" {
  complete_words 'seed-filter --domain ' seed-filter --domain ''
  expect_replies 'code nl'
  complete_words 'seed-dedup --on-error=' seed-dedup --on-error =
  expect_replies 'fail skip'
  complete_words 'seed-dedup --on-error=s' seed-dedup --on-error = s
  expect_replies 'skip'
  complete_words 'seed-claude --role a' seed-claude --role a
  expect_replies 'all assistant'
}

@test "--opt=value kept as one word (= not in COMP_WORDBREAKS)" {
  complete_words 'seed-stats --on-error=f' seed-stats --on-error=f
  expect_replies '--on-error=fail'
}

@test "every listed choice is named on its option's help line" {
  # One plain bash completes every value option (bats' traps make a loop here slow): TOOL OPTION REPLY...
  replies=$(bash --norc -c '
    source "$SEED_SOURCE_ROOT/tools/completions/seed-tools.bash"
    for t in seed-filter seed-stats seed-dedup seed-gitextract seed-hfstream seed-claude; do
      "$t" --help | sed -nE "s/^ {2}(-[A-Za-z], | {4})(--[a-z0-9-]+) ([A-Z][A-Z=_]*).*/\2 \3/p" |
        while read -r option metavar; do
          case $metavar in FILE | DIR) continue ;; esac
          COMP_LINE="$t $option " COMP_POINT=${#COMP_LINE} COMP_WORDS=("$t" "$option" "") COMP_CWORD=2
          _seed_tools
          echo "$t $option ${COMPREPLY[*]}"
        done
    done')
  [ "$(grep -c . <<<"$replies")" -gt 60 ]
  grep -qx 'seed-filter --domain code nl' <<<"$replies"
  while read -r t option choices; do
    [ -n "$choices" ] || continue
    line=$("$t" --help | grep -A1 -E -- "$option [A-Z]")
    for choice in $choices; do
      grep -qw -- "$choice" <<<"$line" || { echo "$t $option: $choice is not in: $line" >&2; return 1; }
    done
  done <<<"$replies"
}

@test "FILE values complete file names, DIR values folders, other values nothing" {
  touch a.jsonl b.jsonl
  mkdir out
  complete_words 'seed-stats -o ' seed-stats -o ''
  expect_replies 'a.jsonl b.jsonl out'
  complete_words 'seed-stats -qo a' seed-stats -qo a
  expect_replies 'a.jsonl'
  complete_words 'seed-filter --report=' seed-filter --report =
  expect_replies 'a.jsonl b.jsonl out'
  complete_words 'seed-gitextract --cache ' seed-gitextract --cache ''
  expect_replies 'out'
  complete_words 'seed-filter --min ' seed-filter --min ''
  expect_replies ''
  complete_words 'seed-filter --field text=' seed-filter --field text =
  expect_replies ''
}

@test "operands complete file names, also after an option's value" {
  touch a.jsonl 'b c.jsonl' x:y.jsonl
  complete_words 'seed-filter --min 3 ' seed-filter --min 3 ''
  expect_replies 'a.jsonl b c.jsonl x:y.jsonl'
  complete_words 'seed-dedup -o a.jsonl b' seed-dedup -o a.jsonl b
  expect_replies 'b c.jsonl'
  # bash splits x:y at the colon and replaces only what follows it
  complete_words 'seed-stats x:' seed-stats x :
  expect_replies 'y.jsonl'
  complete_words 'seed-stats -- -' seed-stats -- -
  expect_replies ''
}

@test "seed-hfstream's dataset completes the profiles of its --help" {
  touch oa.jsonl
  complete_words 'seed-hfstream ' seed-hfstream ''
  expect_replies 'dolly-15k github-code oasst1 the-stack the-stack-smol'
  complete_words 'seed-hfstream --local -j 2 oa' seed-hfstream --local -j 2 oa
  expect_replies 'oasst1'
  complete_words 'seed-hfstream --local oasst1 oa' seed-hfstream --local oasst1 oa
  expect_replies 'oa.jsonl'
}

@test "meson install puts the script and one link per command in the completions folder" {
  build_root=$(cd "$(dirname "$(command -v seed-filter)")/../.." && pwd)
  [ -f "$build_root/meson-info/meson-info.json" ] || skip "seed-filter is not in a meson build folder"
  run meson install -C "$build_root" --no-rebuild --destdir "$WORK/dest"
  [ "$status" -eq 0 ] || { echo "$output" >&2; return 1; }
  dir=$(meson introspect --installed "$build_root" | jq -r 'to_entries[] | .value | select(endswith("/completions/seed-tools"))')
  case "$dir" in */share/bash-completion/completions/seed-tools) ;; *) echo "installed as: $dir" >&2; return 1 ;; esac
  dir=$WORK/dest${dir%/seed-tools}
  cmp "$dir/seed-tools" "$SEED_SOURCE_ROOT/tools/completions/seed-tools.bash"
  for t in "${TOOLS[@]}"; do
    [ "$(readlink "$dir/$t")" = seed-tools ]
  done
  # what bash-completion does on demand: source completions/<command> in a plain bash
  run bash --norc -c "source '$dir/seed-dedup' && complete -p seed-hfstream"
  [ "$output" = "complete -F _seed_tools seed-hfstream" ]
}
