#!/usr/bin/env bats
# The conventions every tool shares (seed(7)): help and version, usage errors, input handling
# (compression, CRLF, BOM, blank lines, long lines), bad input, -o atomicity, write errors and
# closed pipes. Each test runs every tool.

load helpers

TOOLS="seed-filter seed-stats seed-dedup"

good_records() {
  printf '{"text":"one"}\n{"text":"two two"}\n'
}

@test "--help prints usage on stdout and exits 0" {
  for t in $TOOLS; do
    run --separate-stderr "$t" --help
    assert_success
    assert_line --index 0 "Usage: $t [OPTIONS] [FILE...]"
    assert_output --partial "  -o, --output FILE"
    [ -z "$stderr" ]
    run "$t" -h
    assert_success
    assert_line --index 0 "Usage: $t [OPTIONS] [FILE...]"
  done
}

@test "--version names the tool and the project" {
  for t in $TOOLS; do
    run "$t" --version
    assert_success
    assert_output "$t (seed-tools) 0.1.0"
  done
}

@test "help wins over other options and does no I/O" {
  for t in $TOOLS; do
    run "$t" --help no-such-file.jsonl
    assert_success
  done
}

@test "an unknown option is a usage error with a suggestion, exit 2" {
  for t in $TOOLS; do
    run --separate-stderr "$t" --quite
    assert_failure 2
    [ -z "$output" ]
    expect_stderr_line "$t: unrecognized option '--quite' (did you mean '--quiet'?)
Try '$t --help' for more information."
  done
}

@test "usage errors: missing value, value on a flag, unknown short option, bad --on-error" {
  for t in $TOOLS; do
    run --separate-stderr "$t" --output
    assert_failure 2
    expect_stderr_line "$t: option '--output' needs a value (FILE)
Try '$t --help' for more information."
    run --separate-stderr "$t" --quiet=yes
    assert_failure 2
    expect_stderr_line "$t: option '--quiet' takes no value
Try '$t --help' for more information."
    run --separate-stderr "$t" -Z
    assert_failure 2
    expect_stderr_line "$t: unrecognized option '-Z'
Try '$t --help' for more information."
    run --separate-stderr "$t" --on-error=ignore
    assert_failure 2
    expect_stderr_line "$t: --on-error: expected 'fail' or 'skip', not 'ignore'
Try '$t --help' for more information."
    run --separate-stderr "$t" -o ''
    assert_failure 2
    expect_stderr_line "$t: --output: empty file name
Try '$t --help' for more information."
  done
}

@test "a missing input file fails before any output is written" {
  good_records > a.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" a.jsonl missing.jsonl
    assert_failure 1
    [ -z "$output" ]
    expect_stderr_line "$t: missing.jsonl: No such file or directory"
  done
}

@test "a directory as input is an error" {
  mkdir dir
  for t in $TOOLS; do
    run --separate-stderr "$t" dir
    assert_failure 1
    expect_stderr_line "$t: dir: Is a directory"
  done
}

@test "an unreadable file is an error (needs a non-root user)" {
  [ "$(id -u)" -ne 0 ] || skip "root reads any file"
  good_records > locked.jsonl
  chmod 000 locked.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" locked.jsonl
    assert_failure 1
    expect_stderr_line "$t: locked.jsonl: Permission denied"
  done
}

@test "stdin is read when no file or '-' is given, '-' between files in order" {
  good_records > a.jsonl
  printf '{"text":"from stdin"}\n' > s.jsonl
  run --separate-stderr seed-filter a.jsonl - a.jsonl < s.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"one","source":"a"}
{"text":"two two","source":"a"}
{"text":"from stdin"}
{"text":"one","source":"a"}
{"text":"two two","source":"a"}'
  run --separate-stderr seed-stats --json < a.jsonl
  assert_success
  assert_output --partial '{"files":1,"records":2,'
}

@test "gzip and zstd inputs are read by their magic bytes, whatever their names" {
  good_records > plain.jsonl
  gzip -c plain.jsonl > data.gz
  zstd -q -c plain.jsonl > data.zst
  cp data.gz misleading.jsonl
  cp data.zst other.txt
  for f in data.gz data.zst misleading.jsonl other.txt; do
    run --separate-stderr seed-filter -q "$f"
    assert_success
    assert_line --index 0 --partial '{"text":"one","source":'
    assert_line --index 1 --partial '{"text":"two two","source":'
    run --separate-stderr seed-stats --json "$f"
    assert_output --partial '"records":2,'
  done
  # stdin too
  run --separate-stderr seed-stats --json < data.zst
  assert_output --partial '"records":2,'
}

@test "concatenated gzip members and zstd frames are one stream" {
  good_records | gzip -c > two.gz
  printf '{"text":"three"}\n' | gzip -c >> two.gz
  good_records | zstd -q -c > two.zst
  printf '{"text":"three"}\n' | zstd -q -c >> two.zst
  for f in two.gz two.zst; do
    run --separate-stderr seed-stats --json "$f"
    assert_success
    assert_output --partial '"records":3,'
  done
}

@test "truncated or corrupt compressed input is an error, and -o leaves no file" {
  for i in $(seq 1 2000); do printf '{"text":"record number %d with some words"}\n' "$i"; done > many.jsonl
  gzip -c many.jsonl > full.gz
  head -c $(( $(stat -c %s full.gz) - 10 )) full.gz > cut.gz
  zstd -q -c many.jsonl > full.zst
  head -c $(( $(stat -c %s full.zst) - 10 )) full.zst > cut.zst
  { printf '\037\213\010\000'; head -c 200 /dev/urandom; } > garbage.gz
  for t in $TOOLS; do
    run --separate-stderr "$t" -o out.jsonl cut.gz
    assert_failure 1
    expect_stderr_line "$t: cut.gz: truncated gzip data (unexpected end of file)"
    run --separate-stderr "$t" -o out.jsonl cut.zst
    assert_failure 1
    expect_stderr_line "$t: cut.zst: truncated zstd data (unexpected end of file)"
    run --separate-stderr "$t" garbage.gz
    assert_failure 1
    [[ "$stderr" == "$t: garbage.gz: corrupt gzip data ("*")" ]]
    no_files_like 'out.jsonl*'
  done
}

@test "data after the end of a gzip stream is an error, not ignored" {
  good_records | gzip -c > trailing.gz
  printf 'not gzip\n' >> trailing.gz
  run --separate-stderr seed-stats trailing.gz
  assert_failure 1
  expect_stderr_line "seed-stats: trailing.gz: unexpected data after the end of the gzip stream"
}

@test "CRLF line ends, a byte order mark and blank lines are tolerated" {
  printf '\357\273\277{"text":"bom"}\r\n\r\n   \n{"text":"crlf"}\r\n\n' > win.jsonl
  run --separate-stderr seed-filter win.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"bom","source":"win"}
{"text":"crlf","source":"win"}'
  assert_equal "$stderr" "seed-filter: read 2, kept 2, dropped 0"
  run --separate-stderr seed-stats --json win.jsonl
  assert_output --partial '"records":2,"bytes":7,'
}

@test "a last line without a newline counts" {
  printf '{"text":"a"}\n{"text":"b"}' > nonl.jsonl
  run --separate-stderr seed-filter nonl.jsonl
  expect_jsonl_eq - '{"text":"a","source":"nonl"}
{"text":"b","source":"nonl"}'
}

@test "line numbers in messages count blank lines" {
  printf '{"text":"a"}\n\n{"text":"b"}\n{bad\n' > bad.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" bad.jsonl
    assert_failure 1
    expect_stderr_line "$t: bad.jsonl:4: invalid JSON at column 2: expected a string key"
  done
}

@test "every kind of bad line stops the tool with file, line and reason" {
  printf '{"text":"ok"}\n' > ok.jsonl
  check() {  # check INPUT EXPECTED-MESSAGE-AFTER-LOCATION
    printf '%s\n' "$1" > in.jsonl
    cat ok.jsonl in.jsonl > two.jsonl
    for t in $TOOLS; do
      run --separate-stderr "$t" two.jsonl
      assert_failure 1
      expect_stderr_line "$t: two.jsonl:2: $2"
    done
  }
  check '{"text":"a",}' "invalid JSON at column 13: expected a string key"
  check '{"text" "a"}' "invalid JSON at column 9: expected ':' after key"
  check '{"text":"a"' "invalid JSON at column 12: expected ',' or '}' after value"
  check '{"text":"a} ' "invalid JSON at column 9: unterminated string"
  check '{"text":"a\q"}' "invalid JSON at column 11: invalid escape '\\q'"
  check '{"text":NaN}' "invalid JSON at column 9: unexpected 'N', expected a value"
  check '{"text":"a"} x' "invalid JSON at column 14: unexpected 'x' after the value"
  check '{"text":01}' "invalid JSON at column 10: expected ',' or '}' after value"
  check '{"text":"\ud800"}' "invalid JSON at column 10: lone surrogate in \\u escape (not representable in UTF-8)"
  check '[{"text":"a"}]' "expected a JSON object, found an array"
  check '"text"' "expected a JSON object, found a string"
  check '42' "expected a JSON object, found a number"
  check 'null' "expected a JSON object, found null"
  printf '{"text":"caf\351"}\n' > latin1.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" latin1.jsonl
    assert_failure 1
    expect_stderr_line "$t: latin1.jsonl:1: invalid UTF-8 at column 13 (byte 0xe9)"
  done
  printf '{"text":"a\001b"}\n' > ctl.jsonl
  run --separate-stderr seed-filter ctl.jsonl
  expect_stderr_line "seed-filter: ctl.jsonl:1: invalid JSON at column 11: control character byte 0x01 in string (must be escaped)"
  python3 -c 'print("{\"text\":\"a\",\"x\":" + "[" * 600 + "]" * 600 + "}")' > deep.jsonl
  run --separate-stderr seed-stats deep.jsonl
  expect_stderr_line "seed-stats: deep.jsonl:1: invalid JSON at column 528: nested deeper than 512 levels"
}

@test "--on-error=skip skips bad lines, reports the first ten and counts them all" {
  {
    printf '{"text":"good"}\n'
    for i in $(seq 1 12); do printf '{"text":\n'; done
    printf '{"text":"also good"}\n'
  } > messy.jsonl
  run --separate-stderr seed-filter --on-error=skip messy.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"good","source":"messy"}
{"text":"also good","source":"messy"}'
  [ "$(printf '%s\n' "$stderr" | grep -c '(skipped)$')" -eq 10 ]
  assert_equal "$(printf '%s\n' "$stderr" | sed -n 1p)" \
    "seed-filter: messy.jsonl:2: invalid JSON at column 9: unexpected end of line, expected a value (skipped)"
  assert_equal "$(printf '%s\n' "$stderr" | sed -n 11p)" "seed-filter: more bad lines skipped; the summary counts them all"
  assert_equal "$(printf '%s\n' "$stderr" | tail -n 1)" "seed-filter: read 14, kept 2, dropped 0, skipped 12 bad"
  run --separate-stderr seed-stats --on-error skip --json messy.jsonl
  assert_success
  assert_output --partial '"records":2,'
  assert_equal "$(printf '%s\n' "$stderr" | tail -n 1)" "seed-stats: read 14 records from 1 input, skipped 12 bad"
}

@test "an empty input is not an error" {
  : > empty.jsonl
  run --separate-stderr seed-filter empty.jsonl
  assert_success
  [ -z "$output" ]
  expect_stderr_line "seed-filter: read 0, kept 0, dropped 0"
  run --separate-stderr seed-stats --json empty.jsonl
  assert_success
  assert_output --partial '{"files":1,"records":0,"bytes":0,"chars":{"total":0,"min":null,'
  expect_stderr_line "seed-stats: read 0 records from 1 input"
}

@test "-q silences the summary, not errors" {
  good_records > a.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" -q a.jsonl
    assert_success
    [ -z "$stderr" ]
    run --separate-stderr "$t" -q missing.jsonl
    assert_failure 1
    expect_stderr_line "$t: missing.jsonl: No such file or directory"
  done
}

@test "no progress output when stderr is not a terminal" {
  for i in $(seq 1 20000); do printf '{"text":"r%d"}\n' "$i"; done > many.jsonl
  for t in $TOOLS; do
    "$t" many.jsonl > /dev/null 2> err.txt
    ! grep -q $'\r' err.txt
    [ "$(wc -l < err.txt)" -eq 1 ]
  done
}

@test "-o writes the file on success only; a failed run leaves no file and no temporary" {
  good_records > good.jsonl
  { good_records; printf '{"text":\n'; } > bad.jsonl
  for t in $TOOLS; do
    run "$t" -q -o out.jsonl good.jsonl
    assert_success
    [ -s out.jsonl ]
    rm out.jsonl
    run "$t" -q -o out.jsonl bad.jsonl
    assert_failure 1
    no_files_like 'out.jsonl*'
    # An existing file is left as it was.
    printf 'precious\n' > keep.jsonl
    run "$t" -q -o keep.jsonl bad.jsonl
    assert_failure 1
    assert_equal "$(cat keep.jsonl)" "precious"
    no_files_like 'keep.jsonl.*'
  done
}

@test "-o can replace one of its own inputs" {
  printf '{"text":"short"}\n{"text":"long enough"}\n' > data.jsonl
  run seed-filter -q --min 6 -o data.jsonl data.jsonl
  assert_success
  assert_equal "$(cat data.jsonl)" '{"text":"long enough","source":"data"}'
}

@test "-o into a directory or a missing folder is an error" {
  good_records > a.jsonl
  mkdir dir
  for t in $TOOLS; do
    run --separate-stderr "$t" -o dir a.jsonl
    assert_failure 1
    expect_stderr_line "$t: dir: Is a directory"
    run --separate-stderr "$t" -o nowhere/out.jsonl a.jsonl
    assert_failure 1
    expect_stderr_line "$t: nowhere/out.jsonl: No such file or directory"
  done
}

@test "-o /dev/stdout writes to standard output and leaves the link alone, also when stdout is a file" {
  good_records > a.jsonl
  for t in $TOOLS; do
    "$t" -q a.jsonl > expected.out
    "$t" -q -o /dev/stdout a.jsonl > got.out
    cmp expected.out got.out
    [ -L /dev/stdout ]
  done
}

@test "a full disk on stdout is a loud error, exit 1" {
  good_records > a.jsonl
  for t in $TOOLS; do
    run bash -c "$t -q a.jsonl > /dev/full"
    assert_failure 1
    assert_output "$t: write error: No space left on device"
    run bash -c "$t --help > /dev/full"
    assert_failure 1
    assert_output "$t: write error: No space left on device"
  done
}

@test "a full disk on -o is a loud error and leaves no file" {
  good_records > a.jsonl
  for t in $TOOLS; do
    run --separate-stderr "$t" -q -o /dev/full a.jsonl
    assert_failure 1
    expect_stderr_line "$t: /dev/full: No space left on device"
  done
  # A regular file that hits the file size limit: the temporary file is removed.
  python3 -c 'import json; [print(json.dumps({"text": "x" * 1000})) for _ in range(200)]' > big.jsonl
  run --separate-stderr bash -c 'ulimit -f 16; seed-filter -q -o out.jsonl big.jsonl'
  assert_failure 1
  expect_stderr_line "seed-filter: out.jsonl: File too large"
  no_files_like 'out.jsonl*'
}

@test "a closed pipe ends the tool quietly with status 0" {
  for i in $(seq 1 50000); do printf '{"text":"record %d"}\n' "$i"; done > many.jsonl
  run --separate-stderr bash -c 'set -o pipefail; seed-filter -q many.jsonl | head -n 1'
  assert_success
  assert_output '{"text":"record 1","source":"many"}'
  [ -z "$stderr" ]
  run --separate-stderr bash -c 'set -o pipefail; seed-filter --help | head -n 1'
  assert_success
}

@test "a 200 MB record is read and measured exactly" {
  { printf '{"text":"'; head -c 200000000 /dev/zero | tr '\0' 'a'; printf '"}\n{"text":"small"}\n'; } > huge.jsonl
  run --separate-stderr bash -c 'seed-filter --min 200000000 huge.jsonl | wc -c'
  assert_success
  assert_output "200000028"
  assert_equal "$stderr" "seed-filter: read 2, kept 1, dropped 1 (min 1)"
  run --separate-stderr seed-stats --json huge.jsonl
  assert_success
  assert_output --partial '"records":2,"bytes":200000005,"chars":{"total":200000005,"min":5,"max":200000000,'
}
