#!/usr/bin/env bats
# The man pages (man/): they format without warnings and fit 80 columns; each tool page's
# OPTIONS match the tool's --help in both directions; seed(7) documents the shared options;
# and every runnable example gives the output the page shows.
#
# A runnable example is a line of an .EX block that starts with "$ " (a line ending in "\" goes
# on on the next line). The lines after it, up to the next "$ " line or .EE, are its expected
# output, stdout and stderr together as a terminal shows them. Each page's examples run in
# order in one fresh folder that holds the files below, under `bash -o pipefail`, and must
# exit with status 0 (examples of errors end in `|| echo "exit status $?"`). Blocks without a
# "$ " line are illustrations and are not run.

bats_require_minimum_version 1.5.0

bats_load_library bats-support
bats_load_library bats-assert

setup() {
  MAN="$SEED_SOURCE_ROOT/man"
  WORK="$(mktemp -d)"
}

teardown() {
  cd / && rm -rf "$WORK"
}

# ---- Reading the pages

# roff_text LINE: the text of a roff line as a reader copies it from the page: the escapes the
# pages use in examples decoded (\- \e \(aq \(dq \(ga \(ti \& \% and font changes). Fails on any
# other escape, so that an example never runs different from what it shows.
roff_text() {
  local s=$1 rest e
  rest=$s
  for e in '\-' '\e' '\(aq' '\(dq' '\(ga' '\(ti' '\&' '\%' '\fB' '\fI' '\fR' '\fP'; do
    rest=${rest//"$e"/}
  done
  if [[ $rest == *\\* ]]; then
    echo "man.bats: unsupported roff escape in example line: $s" >&2
    return 1
  fi
  s=${s//'\-'/-}
  s=${s//'\(aq'/"'"}
  s=${s//'\(dq'/'"'}
  s=${s//'\(ga'/'`'}
  s=${s//'\(ti'/'~'}
  s=${s//'\&'/}
  s=${s//'\%'/}
  s=${s//'\fB'/}
  s=${s//'\fI'/}
  s=${s//'\fR'/}
  s=${s//'\fP'/}
  s=${s//'\e'/'\'}
  printf '%s' "$s"
}

# section PAGE NAME: the roff source of section NAME (.SH NAME or .SH "NAME") of PAGE.
section() {
  awk -v name="$2" '
    /^\.SH / { title = substr($0, 5); gsub(/"/, "", title); inside = (title == name); next }
    inside { print }' "$1"
}

# page_long_options PAGE: the long options of the entries (.TP/.TQ tags) of PAGE's OPTIONS
# section, one per line, sorted.
page_long_options() {
  section "$1" OPTIONS | awk 'tag { print } { tag = ($0 ~ /^\.T[PQ]/) }' |
    sed 's/\\-/-/g' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# page_short_options PAGE: the same for short options (-o), as "-o".
page_short_options() {
  section "$1" OPTIONS | awk 'tag { print } { tag = ($0 ~ /^\.T[PQ]/) }' |
    sed 's/\\-/-/g' | grep -oE -- '(^|[^-a-z])-[a-zA-Z]\b' | grep -oE -- '-[a-zA-Z]' | sort -u
}

# help_long_options TOOL: the long options TOOL --help lists, sorted.
help_long_options() {
  "$1" --help | sed -nE 's/^ +(-[a-zA-Z], )?(--[a-z][a-z0-9-]*).*/\2/p' | sort -u
}

# help_short_options TOOL: the short options TOOL --help lists, sorted.
help_short_options() {
  "$1" --help | sed -nE 's/^ +(-[a-zA-Z]), --.*/\1/p' | sort -u
}

# expect_same_options WHAT HELP_LIST PAGE_LIST: fails listing the options that only one side has.
expect_same_options() {
  local what=$1 help=$2 page=$3 only_help only_page
  [ -n "$help" ] || fail "$what: found no options in --help"
  only_help=$(comm -23 <(printf '%s\n' "$help") <(printf '%s\n' "$page") | tr '\n' ' ')
  only_page=$(comm -13 <(printf '%s\n' "$help") <(printf '%s\n' "$page") | tr '\n' ' ')
  if [ -n "$only_help$only_page" ]; then
    fail "$what differ
  in --help but not an entry in the page's OPTIONS: ${only_help:-(none)}
  an entry in the page's OPTIONS but not in --help: ${only_page:-(none)}"
  fi
}

# ---- Formatting

expect_clean_lint() {
  run mandoc -Tlint -W warning "$MAN/$1"
  assert_success
  assert_output ''
  run groff -man -ww -z "$MAN/$1"
  assert_success
  assert_output ''
}

# expect_80_columns PAGE: no line of the page rendered for an 80-column terminal is wider.
expect_80_columns() {
  local wide
  wide=$(mandoc -Tascii -O width=80 "$MAN/$1" | sed 's/.\x08//g' | awk 'length > 80')
  [ -z "$wide" ] || fail "$1: lines wider than 80 columns (mandoc):
$wide"
  wide=$(groff -man -Tascii -rLL=80n -P-cbou "$MAN/$1" 2>/dev/null | awk 'length > 80')
  [ -z "$wide" ] || fail "$1: lines wider than 80 columns (groff):
$wide"
}

@test "seed-filter.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-filter.1
}

@test "seed-stats.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-stats.1
}

@test "seed.7: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed.7
}

@test "every page fits an 80-column terminal" {
  for page in seed-filter.1 seed-stats.1 seed-dedup.1 seed-gitextract.1 seed-hfstream.1 seed.7; do
    expect_80_columns "$page"
  done
}

# ---- Options

# The long and the short options of TOOL's --help are exactly those of man/TOOL.1.
expect_page_lists_help_options() {
  expect_same_options "$1 long options" "$(help_long_options "$1")" "$(page_long_options "$MAN/$1.1")"
  expect_same_options "$1 short options" "$(help_short_options "$1")" "$(page_short_options "$MAN/$1.1")"
}

@test "seed-filter.1: OPTIONS lists exactly the options of seed-filter --help" {
  expect_page_lists_help_options seed-filter
}

@test "seed-stats.1: OPTIONS lists exactly the options of seed-stats --help" {
  expect_page_lists_help_options seed-stats
}

@test "seed.7: OPTIONS has an entry for every option the tools share" {
  local shared missing="" opt
  # The shared options are those in every tool's --help; the list below must be among them.
  shared=$(comm -12 <({ help_long_options seed-filter; help_short_options seed-filter; } | sort) \
                    <({ help_long_options seed-stats; help_short_options seed-stats; } | sort))
  for opt in -o --output --on-error -q --quiet -h --help --version; do
    grep -qx -- "$opt" <<<"$shared" || fail "$opt is not in the --help of every tool"
  done
  local documented
  documented=$( (page_long_options "$MAN/seed.7"; page_short_options "$MAN/seed.7") | sort -u)
  for opt in $shared; do
    grep -qx -- "$opt" <<<"$documented" || missing+=" $opt"
  done
  [ -z "$missing" ] || fail "seed.7: no OPTIONS entry for:$missing"
}

# ---- Examples

# The files the examples name. nl.jsonl: texts of 120, 340, 340, 900 and 2100 characters.
make_fixtures() {
  xs() { head -c "$1" /dev/zero | tr '\0' x; }
  printf '%s\n' '{"content":"import os\n","language":"py"}' \
    '{"text":"hi","source":"chat"}' \
    '{"text":"","code":"x = 1\n","repo":"a/b"}' > notes.jsonl
  printf '%s\n' '{"text":"first message"}' 'null' '{"text":"third message"}' > chat.jsonl
  mkdir -p data/raw
  printf '{"text":"%s","language":"python"}\n' "$(xs 150)" "$(xs 3000)" > data/raw/code.jsonl
  printf '{"text":"%s","language":"python"}\n' "$(xs 99)" "$(xs 500)" > data/raw/code_starlette.jsonl
  printf '{"text":"%s","language":"python"}\n' "$(xs 100)" "$(xs 2500)" > data/raw/code_httpx.jsonl
  {
    printf '{"text":"%s","role":"prompter","lang":"en"}\n' "$(xs 120)"
    printf '{"text":"%s","role":"assistant","lang":"en"}\n' "$(xs 120)"
    printf '{"text":"%s","role":"prompter","lang":"de"}\n' "$(xs 120)"
    printf '{"text":"%s","role":"prompter","lang":"en"}\n' short
  } > oasst.jsonl
  printf '%s\n' '{"text":"Intro text here\n```python\nprint(1)\n```\nafter\n"}' \
    '{"text":"A question without code?"}' > claude.jsonl
  printf '%s\n' '{"content":"def f():\n    return 1\n","language":"python"}' \
    '{"content":"import os\n","language":"python"}' > stack.jsonl
  {
    printf '{"text":"%s","source":"dolly"}\n' "$(xs 120)"
    printf '{"text":"%s","source":"oasst"}\n' "$(xs 340)" "$(xs 340)"
    printf '{"text":"%s","source":"dolly"}\n' "$(xs 900)"
    printf '{"text":"%s","source":"claude"}\n' "$(xs 2100)"
  } > nl.jsonl
  printf '%s\n' '{"text":"a"}' '{"content":"b"}' '{"text":null}' > mixed.jsonl
}

# extract_examples PAGE DIR: writes the runnable examples of PAGE as DIR/cmd.N and DIR/out.N
# (N = 1, 2, ...) and prints how many there are.
extract_examples() {
  local page=$1 dir=$2 line text n=0 in_block=0 has_command=0 continued=0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in
      .EX*) in_block=1; has_command=0; continued=0; continue ;;
      .EE*) in_block=0; continued=0; continue ;;
    esac
    [ "$in_block" = 1 ] || continue
    [[ $line == .* ]] && continue  # a request inside the block, such as .IB
    text=$(roff_text "$line") || return 1
    if [ "$continued" = 1 ]; then
      printf '%s\n' "$text" >> "$dir/cmd.$n"
    elif [[ $text == '$ '* ]]; then
      n=$((n + 1))
      has_command=1
      printf '%s\n' "${text#'$ '}" > "$dir/cmd.$n"
      : > "$dir/out.$n"
    elif [ "$has_command" = 1 ]; then
      printf '%s\n' "$text" >> "$dir/out.$n"
      continue
    else
      continue
    fi
    [[ $text == *\\ ]] && continued=1 || continued=0
  done < "$page"
  echo "$n"
}

# run_examples PAGE: runs PAGE's examples in a fresh folder and fails listing every example
# whose exit status is not 0 or whose output differs from the page.
run_examples() {
  local page=$1 n i cmd expected failures=""
  mkdir "$WORK/examples" "$WORK/run"
  n=$(extract_examples "$MAN/$page" "$WORK/examples") || fail "$page: cannot read its examples"
  [ "$n" -gt 0 ] || fail "$page: no runnable examples (lines starting with '\$ ' in .EX blocks)"
  cd "$WORK/run"
  make_fixtures
  for ((i = 1; i <= n; i++)); do
    cmd=$(< "$WORK/examples/cmd.$i")
    expected=$(< "$WORK/examples/out.$i")
    run bash -o pipefail -c "$cmd"
    if [ "$status" -ne 0 ] || [ "$output" != "$expected" ]; then
      failures+="
--- example $i of $page (exit status $status):
\$ $cmd
$(diff -u --label 'the page shows' --label 'the command gives' \
      <(printf '%s\n' "$expected") <(printf '%s\n' "$output") || true)"
    fi
  done
  [ -z "$failures" ] || fail "$page: examples that do not do what the page shows:$failures"
}

@test "seed-filter.1: the examples give the output the page shows" {
  run_examples seed-filter.1
}

@test "seed-stats.1: the examples give the output the page shows" {
  run_examples seed-stats.1
}

@test "seed.7: the examples give the output the page shows" {
  run_examples seed.7
}

@test "seed-dedup.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-dedup.1
}

@test "seed-dedup.1: OPTIONS lists exactly the options of seed-dedup --help" {
  expect_page_lists_help_options seed-dedup
}

@test "seed-dedup.1: the examples give the output the page shows" {
  run_examples seed-dedup.1
}

@test "seed-gitextract.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-gitextract.1
}

@test "seed-gitextract.1: OPTIONS lists exactly the options of seed-gitextract --help" {
  expect_page_lists_help_options seed-gitextract
}

@test "seed-gitextract.1: the examples give the output the page shows" {
  run_examples seed-gitextract.1
}

@test "seed-hfstream.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-hfstream.1
}

@test "seed-hfstream.1: OPTIONS lists exactly the options of seed-hfstream --help" {
  expect_page_lists_help_options seed-hfstream
}

@test "seed-hfstream.1: the examples give the output the page shows" {
  run_examples seed-hfstream.1
}

@test "seed-claude.1: mandoc -Tlint and groff -ww report nothing" {
  expect_clean_lint seed-claude.1
}

@test "seed-claude.1: OPTIONS lists exactly the options of seed-claude --help" {
  expect_page_lists_help_options seed-claude
}

@test "seed-claude.1: the examples give the output the page shows" {
  run_examples seed-claude.1
}
