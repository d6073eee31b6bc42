#!/usr/bin/env bats
# seed-hfstream's parquet reader (common/parquet) from the command line, against independent
# references: the Apache parquet-testing files (in $SEED_PARQUET_TESTING) read by hyparquet
# (tests/parquet/read.mjs); files written by hyparquet-writer (tests/parquet/write.mjs) with the
# rows they hold; the fake hub's parquet files (tests/fakehub), read by range requests; and files
# broken here on purpose. See seed-hfstream(1), FILES ON DISK, PARQUET and DIAGNOSTICS.

load helpers
load ../fakehub/fakehub
load parquet_helpers

PARQUET_TOOLS="$SEED_SOURCE_ROOT/tests/parquet"
STACK_COLUMNS=lang,max_stars_repo_name,max_stars_repo_path,max_stars_repo_licenses

setup_file() {
  # The fake's parquet files are written once for the whole run.
  export FAKEHUB_PARQUET_CACHE="$BATS_RUN_TMPDIR/fakehub-parquet"
  # write.mjs's files and their expected rows, once for the file.
  export GENERATED="$BATS_FILE_TMPDIR/generated"
  mkdir -p "$GENERATED"
  node "$PARQUET_TOOLS/write.mjs" "$GENERATED"
  # One fake for the file; every test resets its faults, latency and log.
  TMPDIR="$BATS_FILE_TMPDIR" fakehub_start
}

teardown_file() {
  fakehub_stop
}

setup() {
  WORK="$(mktemp -d)"
  cd "$WORK" || return 1
  export HOME="$BATS_TEST_TMPDIR/home" HF_HOME="$BATS_TEST_TMPDIR/home/hf"
  mkdir -p "$HF_HOME"
  unset HF_TOKEN HUGGING_FACE_HUB_TOKEN http_proxy https_proxy all_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY
  export SEED_HF_VIEWER="$FAKEHUB_MAIN" HF_ENDPOINT="$FAKEHUB_MAIN" no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
  fakehub_control '{"reset":true}' > /dev/null
}

teardown() {
  cd / && rm -rf "$WORK"
}

# testing_files: fails, saying where it looked, when the parquet-testing files are not there (the
# test runner sets SEED_PARQUET_TESTING; by hand, set it to the folder of the files).
testing_files() {
  if [ -z "${SEED_PARQUET_TESTING:-}" ]; then
    echo "SEED_PARQUET_TESTING is not set: set it to the folder of the parquet-testing files (meson test sets it to ../shared/reference/parquet/testing)" >&2
    return 1
  fi
  if [ ! -f "$SEED_PARQUET_TESTING/alltypes_plain.parquet" ]; then
    echo "the parquet-testing files are not in $SEED_PARQUET_TESTING (SEED_PARQUET_TESTING): no alltypes_plain.parquet there" >&2
    return 1
  fi
}

# same_rows EXPECTED ACTUAL: compare.py's verdict (JSON values compared row by row), with its
# report on failure; files of the same bytes are the same rows without asking it.
same_rows() {
  local report
  if [ -f "$1" ] && [ -f "$2" ] && cmp -s "$1" "$2"; then
    return 0
  fi
  if ! report=$(python3 "$PARQUET_TOOLS/compare.py" "$1" "$2"); then
    printf '%s and %s differ:\n%s\n' "$1" "$2" "$report" >&2
    return 1
  fi
}

# rows_of FILE [ARGS...]: seed-hfstream's rows of the parquet FILE, every column, no summary.
rows_of() {
  local file=$1
  shift
  seed-hfstream -q --local --rows "$@" x "$file"
}

# parquet_edit IN OUT EDIT...: OUT is IN with the edits made, in order:
#   half               its first half only
#   footer-length N    the footer's length (the 4 bytes before the final PAR1) set to N
#   footer-byte K V    byte K of the footer (the Thrift metadata) set to V
#   no-data            PAR1, then the footer (metadata, length, PAR1): the data pages left out
#   xor K V            byte K of the file XORed with V
parquet_edit() {
  python3 - "$@" <<'EOF'
import sys
src, dst, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
b = bytearray(open(src, "rb").read())
footer = lambda: len(b) - 8 - int.from_bytes(b[-8:-4], "little")
while edits:
    op = edits.pop(0)
    if op == "half":
        b = b[:len(b) // 2]
    elif op == "footer-length":
        b[-8:-4] = int(edits.pop(0)).to_bytes(4, "little")
    elif op == "footer-byte":
        k, v = int(edits.pop(0)), int(edits.pop(0), 0)
        b[footer() + k] = v
    elif op == "no-data":
        b = bytearray(b"PAR1") + b[footer():]
    elif op == "xor":
        k, v = int(edits.pop(0)), int(edits.pop(0), 0)
        b[k] ^= v
    else:
        sys.exit(f"parquet_edit: unknown edit {op}")
open(dst, "wb").write(b)
EOF
}

# hyparquet_node SCRIPT ARGS...: runs the ES module SCRIPT (stdin) with node, hyparquet's sources
# in $HYPARQUET (its own reading of the footer and of page headers, independent of seed-tools).
hyparquet_node() {
  HYPARQUET="$PARQUET_TOOLS/node_modules/hyparquet/src" node --input-type=module - "$@"
}

# first_values_byte FILE COLUMN GROUP: the offset in FILE of the first byte of the compressed
# values of the first data page (v2) of COLUMN in row group GROUP: for SNAPPY, the varint of
# their uncompressed length.
first_values_byte() {
  hyparquet_node "$@" <<'EOF'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const src = name => pathToFileURL(`${process.env.HYPARQUET}/${name}`).href
const { parquetMetadata } = await import(src('metadata.js'))
const { parquetHeader } = await import(src('column.js'))
const [file, column, group] = process.argv.slice(2)
const bytes = readFileSync(file)
const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
const chunk = parquetMetadata(buffer).row_groups[Number(group)].columns
  .find(c => c.meta_data.path_in_schema.join('.') === column).meta_data
const reader = { view: new DataView(buffer), offset: Number(chunk.data_page_offset) }
const header = parquetHeader(reader)
const v2 = header.data_page_header_v2
if (header.type !== 'DATA_PAGE_V2' || chunk.codec !== 'SNAPPY') throw new Error(`${header.type} ${chunk.codec}`)
console.log(reader.offset + v2.repetition_levels_byte_length + v2.definition_levels_byte_length)
EOF
}

# chunk_span FILE GROUP COLUMN...: "FIRST-LAST", the bytes from the first byte of the first of
# these columns' chunks in row group GROUP (its dictionary page, when it has one) to the last
# byte of the last, as a range request names them.
chunk_span() {
  hyparquet_node "$@" <<'EOF'
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const { parquetMetadata } = await import(pathToFileURL(`${process.env.HYPARQUET}/metadata.js`).href)
const [file, group, ...columns] = process.argv.slice(2)
const bytes = readFileSync(file)
const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
const chunks = meta.row_groups[Number(group)].columns.map(c => c.meta_data)
  .filter(m => columns.includes(m.path_in_schema[0]))
if (chunks.length !== columns.length) throw new Error('chunk_span: a column is missing')
const first = Math.min(...chunks.map(m => Number(m.dictionary_page_offset ?? m.data_page_offset)))
const end = Math.max(...chunks.map(m => Number(m.data_page_offset) + Number(m.total_compressed_size)))
console.log(`${first}-${end - 1}`)
EOF
}

# cdn_log: one line per request to the fake's CDN: STATUS RANGE FAULT SENT NAME (NAME the file's
# name, from its signed URL).
cdn_log() {
  fakehub_log | jq -r '.[] | select(.port == "cdn")
    | "\(.status) \(.range) \(.fault // "-") \(.sent) \(.params["response-content-disposition"] | split("\u0027\u0027")[1])"'
}

# download REPO PATH: the file PATH of REPO's main branch, whole, into ./$(basename PATH), as a
# client without a range would fetch it (the fake logs it).
download() {
  curl -sSfL -H "Authorization: Bearer hf_good" -o "$(basename "$2")" "$FAKEHUB_MAIN/datasets/$1/resolve/main/$2"
}

# drop_file: the records on stdin without their "file" field (the files' records are the viewer's
# records with it).
drop_file() {
  python3 -c '
import re, sys
for line in sys.stdin.buffer:
    line, n = re.subn(rb",\"file\":\"(?:[^\"\\\\]|\\\\.)*\"", b"", line, count=1)
    if n != 1:
        sys.exit("drop_file: a record without file")
    sys.stdout.buffer.write(line)'
}

# --- the Apache parquet-testing files -----------------------------------------------------------

@test "conformance: each parquet-testing file in scope gives the rows hyparquet reads (read.mjs)" {
  testing_files
  files=()
  for file in "$SEED_PARQUET_TESTING"/*.parquet; do
    case $(basename "$file") in large_string_map.brotli.parquet | nation.dict-malformed.parquet) continue ;; esac
    files+=("$file")
  done
  # read.mjs, four at a time (node's start is most of its time here).
  printf '%s\0' "${files[@]}" |
    xargs -0 -P 4 -I{} sh -c 'node "$0" "$1" > "$(basename "$1" .parquet).expected"' "$PARQUET_TOOLS/read.mjs" {}
  n=0
  for file in "${files[@]}"; do
    name=$(basename "$file" .parquet)
    [ -s "$name.expected" ]
    rows_of "$file" > "$name.actual"
    same_rows "$name.expected" "$name.actual"
    n=$((n + 1))
  done
  # All of them were read (24 files when this was written: pages v1 and v2, dictionaries,
  # DELTA_*, BYTE_STREAM_SPLIT, RLE booleans, INT96, SNAPPY, GZIP, ZSTD and the LZ4s, nested
  # lists, maps and structs, empty pages).
  [ "$n" -ge 24 ]
}

@test "conformance: values the parquet-testing files are documented or known to hold" {
  testing_files
  T=$SEED_PARQUET_TESTING
  # alltypes_plain: 8 rows in the order Impala wrote them; INT96 timestamps, FLOAT 1.1, not 1.100000023841858.
  rows_of "$T/alltypes_plain.parquet" > rows.jsonl
  [ "$(jq -c .id rows.jsonl | tr '\n' ' ')" = "4 5 6 7 2 3 0 1 " ]
  [ "$(head -n 2 rows.jsonl)" = '{"id":4,"bool_col":true,"tinyint_col":0,"smallint_col":0,"int_col":0,"bigint_col":0,"float_col":0,"double_col":0,"date_string_col":"03/01/09","string_col":"0","timestamp_col":"2009-03-01T00:00:00.000000000Z"}
{"id":5,"bool_col":false,"tinyint_col":1,"smallint_col":1,"int_col":1,"bigint_col":10,"float_col":1.1,"double_col":10.1,"date_string_col":"03/01/09","string_col":"1","timestamp_col":"2009-03-01T00:01:00.000000000Z"}' ]
  [ "$(rows_of "$T/alltypes_plain.snappy.parquet" | jq -c .id | tr '\n' ' ')" = "6 7 " ]
  [ "$(rows_of "$T/alltypes_dictionary.parquet" | jq -c .id | tr '\n' ' ')" = "0 1 " ]
  # delta_byte_array: the rows of delta_byte_array_expect.csv (an empty field is a null).
  rows_of "$T/delta_byte_array.parquet" > rows.jsonl
  python3 - "$T/delta_byte_array_expect.csv" rows.jsonl <<'EOF'
import csv, json, sys
with open(sys.argv[1], newline="") as f:
    table = list(csv.reader(f))
expected = [{k: (v if v != "" else None) for k, v in zip(table[0], row)} for row in table[1:]]
actual = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8")]
if len(expected) != 1000 or actual != expected:
    sys.exit(f"delta_byte_array: {len(actual)} rows, {len(expected)} in the CSV; first difference at row "
             f"{next((i for i, (a, e) in enumerate(zip(actual, expected)) if a != e), min(len(actual), len(expected)))}")
EOF
  # delta_length_byte_array: apple_banana_mango followed by the square of the row number.
  rows_of "$T/delta_length_byte_array.parquet" > rows.jsonl
  [ "$(wc -l < rows.jsonl)" -eq 1000 ]
  [ "$(jq -r '.FRUIT' rows.jsonl | awk '$0 != "apple_banana_mango" (NR - 1) * (NR - 1)' | wc -l)" -eq 0 ]
  # Nested lists, and lists with nulls and empty ones.
  [ "$(rows_of "$T/nested_lists.snappy.parquet" | head -n 1)" = '{"a":[[["a","b"],["c"]],[null,["d"]]],"b":1}' ]
  [ "$(rows_of "$T/null_list.parquet")" = '{"emptylist":[]}' ]
  [ "$(rows_of "$T/list_columns.parquet")" = '{"int64_list":[1,2,3],"utf8_list":["abc","efg","hij"]}
{"int64_list":[null,1],"utf8_list":null}
{"int64_list":[4],"utf8_list":["efg",null,"hij","xyz"]}' ]
  # datapage_v2: a list column across v2 pages.
  rows_of "$T/datapage_v2.snappy.parquet" > rows.jsonl
  [ "$(jq -c .e rows.jsonl | tr '\n' ' ')" = "[1,2,3] null null [1,2,3] [1,2] " ]
  [ "$(jq -c .a rows.jsonl | tr '\n' ' ')" = '"abc" "abc" "abc" null "abc" ' ]
  # nulls.snappy: 8 rows of a struct whose only field is null.
  [ "$(rows_of "$T/nulls.snappy.parquet" | sort | uniq -c | sed 's/^ *//')" = '8 {"b_struct":{"b_c_int":null}}' ]
  # int32_with_null_pages.md: 1000 values, 275 nulls, min -2136906554, max 2145722375.
  rows_of "$T/int32_with_null_pages.parquet" > rows.jsonl
  [ "$(jq -s -c '[length, map(select(.int32_field == null)) | length] ' rows.jsonl)" = "[1000,275]" ]
  [ "$(jq -s -c 'map(.int32_field | select(. != null)) | [min, max]' rows.jsonl)" = "[-2136906554,2145722375]" ]
  # byte_stream_split.zstd: 300 standard normals of each width, numpy's seed 0 first (1.764052345967664 as a float).
  rows_of "$T/byte_stream_split.zstd.parquet" > rows.jsonl
  [ "$(wc -l < rows.jsonl)" -eq 300 ]
  [ "$(jq -c 'keys_unsorted' rows.jsonl | sort -u)" = '["f32","f64"]' ]
  [ "$(head -n 1 rows.jsonl | jq -c .f32)" = "1.7640524" ]
  # concatenated_gzip_members: the UINT64 numbers 1 to 513, in one page of two gzip members.
  [ "$(rows_of "$T/concatenated_gzip_members.parquet" | jq -s -c 'map(.long_col) == [range(1; 514)]')" = true ]
  # The three LZ4 framings give the same 4 rows.
  expected='{"c0":1593604800,"c1":"abc","v11":42}
{"c0":1593604800,"c1":"def","v11":7.7}
{"c0":1593604801,"c1":"abc","v11":42.125}
{"c0":1593604801,"c1":"def","v11":7.7}'
  for name in hadoop_lz4_compressed non_hadoop_lz4_compressed lz4_raw_compressed; do
    [ "$(rows_of "$T/$name.parquet")" = "$expected" ]
  done
  # binary: the bytes 0 to 11, one a row, as text.
  [ "$(rows_of "$T/binary.parquet" | jq -s -c 'map(.foo | explode[0]) == [range(0; 12)]')" = true ]
  # dict-page-offset-zero: a dictionary page offset of 0, 39 rows of 1552.
  [ "$(rows_of "$T/dict-page-offset-zero.parquet" | sort | uniq -c | sed 's/^ *//')" = '39 {"l_partkey":1552}' ]
  # Empty v2 pages: no bytes at all to decompress, and ZSTD of nothing.
  [ "$(rows_of "$T/datapage_v2_empty_datapage.snappy.parquet")" = '{"value":null}' ]
  [ "$(rows_of "$T/page_v2_empty_compressed.parquet" | sort | uniq -c | sed 's/^ *//')" = '10 {"integer_column":null}' ]
}

@test "conformance: the files out of scope stop the run with exit 1 and a message that names the column" {
  testing_files
  ln -s "$SEED_PARQUET_TESTING/large_string_map.brotli.parquet" "$SEED_PARQUET_TESTING/nation.dict-malformed.parquet" .
  # A string of 1 GiB: more than a page may hold here.
  run -1 --separate-stderr seed-hfstream --local --rows x large_string_map.brotli.parquet
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: large_string_map.brotli.parquet: column 'arr.key_value.key', row group 0: a page of 1073741828 bytes, more than the 1024 MiB a page may have here; 0 rows were written"
  # A dictionary page whose size says more than its chunk holds.
  run -1 --separate-stderr seed-hfstream --local --rows x nation.dict-malformed.parquet
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: nation.dict-malformed.parquet: column 'name', row group 0: a page of 28 bytes runs past the end of the column chunk; 0 rows were written"
  # The same with records and -o: no file.
  run -1 --separate-stderr seed-hfstream --local --text-field name nation nation.dict-malformed.parquet -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: nation.dict-malformed.parquet: column 'name', row group 0: a page of 28 bytes runs past the end of the column chunk; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
}

# --- files written by hyparquet-writer ----------------------------------------------------------

@test "generated: every file write.mjs writes gives the rows it was written with" {
  n=0
  for file in "$GENERATED"/*.parquet; do
    name=$(basename "$file" .parquet)
    rows_of "$file" > "$name.actual"
    same_rows "$GENERATED/$name.jsonl" "$name.actual"
    n=$((n + 1))
  done
  # the-stack, github-code, shapes, encodings, the four codecs, large-strings
  [ "$n" -eq 9 ]
  [ "$(wc -l < the-stack.actual)" -eq 3000 ]
  [ "$(wc -l < large-strings.actual)" -eq 4 ]
}

@test "generated: parquetjs-lite's version 1 pages and bare repeated fields and groups give the rows written" {
  node "$PARQUET_TOOLS/write-parquetjs.mjs" .
  rows_of parquetjs-v1.parquet > actual.jsonl
  same_rows parquetjs-v1.jsonl actual.jsonl
  [ "$(wc -l < actual.jsonl)" -eq 1200 ]
  # Repetition two deep: a bare repeated group holding a bare repeated field.
  [ "$(jq -c 'select(.stock | length > 1) | .stock | map(.bins | length)' actual.jsonl | sort -u | wc -l)" -gt 1 ]
  # The independent reader agrees.
  node "$PARQUET_TOOLS/read.mjs" parquetjs-v1.parquet > reference.jsonl
  same_rows reference.jsonl actual.jsonl
}

@test "generated: only the columns named are read: the text, --columns and those --where names, in the file's order" {
  stack=$GENERATED/the-stack.parquet
  run -0 --separate-stderr seed-hfstream --local --rows --text-field content --columns lang x "$stack"
  [ "${#lines[@]}" -eq 3000 ]
  [ "$(jq -c keys_unsorted <<<"$output" | sort -u)" = '["lang","content"]' ]
  jq -c '{lang, content}' "$GENERATED/the-stack.jsonl" > expected.jsonl
  same_rows expected.jsonl <(printf '%s\n' "$output")
  expect_stderr_line "seed-hfstream: x default/train: wrote 3000 rows from 1 file"
  # --where reads its column too, and then --rows writes it.
  run -0 --separate-stderr seed-hfstream --local --rows --text-field content --columns lang \
    --where '"max_stars_count" > 100' x "$stack"
  jq -c 'select(.max_stars_count != null and .max_stars_count > 100) | {lang, max_stars_count, content}' \
    "$GENERATED/the-stack.jsonl" > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -gt 100 ]
  same_rows expected.jsonl <(printf '%s\n' "$output")
  [ "$(head -n 1 <<<"$output" | jq -c keys_unsorted)" = '["lang","max_stars_count","content"]' ]
  expect_stderr_line "seed-hfstream: x default/train: wrote $(wc -l < expected.jsonl) rows from 1 file, $((3000 - $(wc -l < expected.jsonl))) not matching --where"
  # A struct or list column is read whole, with its fields.
  run -0 --separate-stderr seed-hfstream --local --rows --text-field s --columns person,tags x "$GENERATED/shapes.parquet"
  jq -c '{s, tags, person}' "$GENERATED/shapes.jsonl" > expected.jsonl
  same_rows expected.jsonl <(printf '%s\n' "$output")
}

@test "generated: --offset and --limit count rows across the row groups of a file, and across files" {
  stack=$GENERATED/the-stack.parquet
  # Row groups of 100 rows: rows 150 to 169 lie in the second.
  run -0 --separate-stderr seed-hfstream --local --rows --offset 150 --limit 20 x "$stack"
  same_rows <(sed -n '151,170p' "$GENERATED/the-stack.jsonl") <(printf '%s\n' "$output")
  [ "${#lines[@]}" -eq 20 ]
  expect_stderr_line "seed-hfstream: x default/train: wrote 20 rows from 1 file"
  # As records (every row: --where ''), row_idx is the row's index in the file.
  run -0 --separate-stderr seed-hfstream --local --where '' --offset 150 --limit 20 the-stack "$stack"
  [ "$(jq -c .row_idx <<<"$output" | tr '\n' ' ')" = "$(seq -s ' ' 150 169) " ]
  [ "$(jq -c .text <<<"$output")" = "$(sed -n '151,170p' "$GENERATED/the-stack.jsonl" | jq -c .content)" ]
  [ "$(jq -r .file <<<"$output" | sort -u)" = "$stack" ]
  # Across two files: the last rows of the one, the first of the other; row_idx in each.
  run -0 --separate-stderr seed-hfstream --local --where '' --offset 2995 --limit 10 --text-field content,code \
    --columns path x "$stack" "$GENERATED/github-code.parquet"
  [ "$(jq -c '[(.file | split("/") | last), .row_idx]' <<<"$output" | tr '\n' ' ')" = '["the-stack.parquet",2995] ["the-stack.parquet",2996] ["the-stack.parquet",2997] ["the-stack.parquet",2998] ["the-stack.parquet",2999] ["github-code.parquet",0] ["github-code.parquet",1] ["github-code.parquet",2] ["github-code.parquet",3] ["github-code.parquet",4] ' ]
  [ "$(jq -c .text <<<"$output")" = "$(tail -n 5 "$GENERATED/the-stack.jsonl" | jq -c .content; head -n 5 "$GENERATED/github-code.jsonl" | jq -c .code)" ]
  expect_stderr_line "seed-hfstream: x default/train: wrote 10 rows from 2 files"
  # An offset at or past the end: nothing, and the summary says so.
  for offset in 3000 5000; do
    run -0 --separate-stderr seed-hfstream --local --rows --offset "$offset" x "$stack"
    [ -z "$output" ]
    expect_stderr_line "seed-hfstream: x default/train: wrote 0 rows from 1 file"
  done
  run -0 --separate-stderr seed-hfstream --local --rows --limit 0 x "$stack"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: x default/train: wrote 0 rows from 0 files"
}

@test "generated: the-stack's records: the rows that define a function or a class, with the profile's columns" {
  stack=$GENERATED/the-stack.parquet
  jq -c --arg file "$stack" '[inputs] | to_entries[] | .key as $i | .value
    | select((.content | contains("def ")) or (.content | contains("class ")))
    | {text: .content, source: "bigcode/the-stack", dataset: "bigcode/the-stack", config: "default",
       split: "train", file: $file, row_idx: $i, lang, max_stars_repo_name, max_stars_repo_path,
       max_stars_repo_licenses}' -n "$GENERATED/the-stack.jsonl" > expected.jsonl
  matches=$(wc -l < expected.jsonl)
  [ "$matches" -gt 1000 ]
  [ "$matches" -lt 3000 ]
  run -0 --separate-stderr seed-hfstream --local the-stack "$stack"
  same_rows expected.jsonl <(printf '%s\n' "$output")
  [ "$(jq -c keys_unsorted <<<"$output" | sort -u)" = '["text","source","dataset","config","split","file","row_idx","lang","max_stars_repo_name","max_stars_repo_path","max_stars_repo_licenses"]' ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote $matches rows from 1 file, $((3000 - matches)) not matching --where"
  # --config and --split only name the records'.
  run -0 --separate-stderr seed-hfstream --local --config python --split test --limit 1 the-stack "$stack"
  [ "$(jq -c '[.config, .split, .row_idx]' <<<"$output")" = "[\"python\",\"test\",$(head -n 1 expected.jsonl | jq .row_idx)]" ]
}

@test "stdin: parquet on standard input, plain or compressed with gzip, gives the file's rows" {
  shapes=$GENERATED/shapes.parquet
  run -0 --separate-stderr seed-hfstream --local --rows x - < "$shapes"
  same_rows "$GENERATED/shapes.jsonl" <(printf '%s\n' "$output")
  [ "$output" = "$(rows_of "$shapes")" ]
  expect_stderr_line "seed-hfstream: x default/train: wrote 50 rows from 1 file"
  # Compressed with gzip, redirected or from a pipe: decompressed, then read whole.
  gzip -c "$GENERATED/the-stack.parquet" > the-stack.parquet.gz
  run -0 --separate-stderr bash -c 'seed-hfstream --local --rows x - < "$0"' the-stack.parquet.gz
  [ "$output" = "$(rows_of "$GENERATED/the-stack.parquet")" ]
  # As records, the file is <stdin>.
  run -0 --separate-stderr bash -c 'gzip -dc "$0" | seed-hfstream --local --offset 2990 x - --text-field content --columns lang' the-stack.parquet.gz
  [ "$(jq -c .text <<<"$output")" = "$(tail -n 10 "$GENERATED/the-stack.jsonl" | jq -c .content)" ]
  [ "$(jq -c '[.file, .row_idx, .lang]' <<<"$output" | head -n 2)" = '["<stdin>",2990,"Python"]
["<stdin>",2991,"Python"]' ]
  [ "$(jq -r .file <<<"$output" | sort -u)" = "<stdin>" ]
  [ "$(jq -c .row_idx <<<"$output" | tr '\n' ' ')" = "$(seq -s ' ' 2990 2999) " ]
  expect_stderr_line "seed-hfstream: x default/train: wrote 10 rows from 1 file"
}

@test "errors: a file cut short, a footer longer than the file, a corrupt footer, a chunk past the end: exit 1, nothing written" {
  stack=$GENERATED/the-stack.parquet
  check() {  # check FILE MESSAGE: exit 1, no rows, and the message
    run -1 --separate-stderr seed-hfstream --local --rows x "$1"
    [ -z "$output" ]
    expect_stderr_line "seed-hfstream: $1: $2; 0 rows were written"
  }
  # The first half of a file that starts with PAR1.
  parquet_edit "$stack" half.parquet half
  check half.parquet "not a parquet file: it does not end with PAR1"
  printf 'PAR1' > four.parquet
  check four.parquet "not a parquet file: too short (4 bytes)"
  # The last 8 bytes claim a footer as long as the file.
  size=$(stat -c %s "$stack")
  parquet_edit "$stack" long.parquet footer-length "$size"
  check long.parquet "corrupt footer: its length ($size bytes) is more than the file holds"
  # The metadata's first field header (version, an i32: 0x15) given the Thrift type 15, which none has.
  parquet_edit "$stack" footer.parquet footer-byte 0 0x1f
  check footer.parquet "corrupt footer: field version has Thrift type 15 at byte 1"
  # The data pages left out: every column chunk the footer places lies past the end.
  parquet_edit "$stack" no-data.parquet no-data
  check no-data.parquet "corrupt footer: a column chunk of row group 0 lies beyond the end of the file"
  # A file that is not there, a folder; with -o, no file is made.
  check missing.parquet "No such file or directory"
  mkdir folder.parquet
  check folder.parquet "Is a directory"
  run -1 --separate-stderr seed-hfstream --local --rows x half.parquet -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: half.parquet: not a parquet file: it does not end with PAR1; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
  # A bad file after a good one: the good one's rows are written first.
  run -1 --separate-stderr seed-hfstream --local --rows x "$GENERATED/shapes.parquet" long.parquet
  [ "$output" = "$(rows_of "$GENERATED/shapes.parquet")" ]
  expect_stderr_line "seed-hfstream: long.parquet: corrupt footer: its length ($size bytes) is more than the file holds; 50 rows were written"
}

@test "errors: a corrupt SNAPPY page: the rows of the row groups before it written whole, then exit 1" {
  stack=$GENERATED/the-stack.parquet
  # The first data page of content in row group 1 (rows 100 to 199): its values' uncompressed
  # length (the varint that starts a SNAPPY block) off by one.
  at=$(first_values_byte "$stack" content 1)
  parquet_edit "$stack" bad.parquet xor "$at" 0x01
  run -1 --separate-stderr seed-hfstream --local --rows x bad.parquet
  same_rows <(head -n 100 "$GENERATED/the-stack.jsonl") <(printf '%s\n' "$output")
  [ "${#lines[@]}" -eq 100 ]
  expect_stderr_line "seed-hfstream: bad.parquet: column 'content', row group 1: corrupt SNAPPY data; 100 rows were written"
  # As records: those of the first 100 rows that match.
  matches=$(head -n 100 "$GENERATED/the-stack.jsonl" | jq -c 'select((.content | contains("def ")) or (.content | contains("class ")))' | wc -l)
  run -1 --separate-stderr seed-hfstream --local the-stack bad.parquet
  [ "${#lines[@]}" -eq "$matches" ]
  [ "$(jq -c .row_idx <<<"$output" | tail -n 1)" -lt 100 ]
  expect_stderr_line "seed-hfstream: bad.parquet: column 'content', row group 1: corrupt SNAPPY data; $matches rows were written"
  # A bad page cannot be stepped over with --offset, but for row groups wholly before it, which
  # are not read (without --where): --offset 200 goes past it, --offset 150 reads row group 1 to
  # skip its first 50 rows, and stops there; with -o, no file.
  run -0 --separate-stderr seed-hfstream --local --rows --offset 200 --limit 1 x bad.parquet
  same_rows <(sed -n 201p "$GENERATED/the-stack.jsonl") <(printf '%s\n' "$output")
  run -1 --separate-stderr seed-hfstream --local --rows --offset 150 x bad.parquet -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bad.parquet: column 'content', row group 1: corrupt SNAPPY data; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
}

@test "usage: --local without a file exits 2 before reading anything" {
  run -2 --separate-stderr seed-hfstream --local the-stack
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: --local: no files given (seed-hfstream --local DATASET FILE...)
Try 'seed-hfstream --help' for more information."
  run -2 --separate-stderr seed-hfstream --local --rows -q x
  expect_stderr_line "seed-hfstream: --local: no files given (seed-hfstream --local DATASET FILE...)
Try 'seed-hfstream --help' for more information."
  # Two datasets without --local: the second is taken for a file meant for --local.
  run -2 --separate-stderr seed-hfstream the-stack "$GENERATED/the-stack.parquet"
  expect_stderr_line "seed-hfstream: one dataset at a time, not 2 (files on disk are read with --local DATASET FILE...)
Try 'seed-hfstream --help' for more information."
  [ -z "$(fakehub_log | jq '.[]')" ]
}

# --- the fake hub's parquet files, by range requests --------------------------------------------

@test "remote: the-stack and github-code give as many records as hyparquet finds matching rows; --rows gives its rows; the summary's MiB" {
  export HF_TOKEN=hf_good
  run -0 --separate-stderr seed-hfstream the-stack
  stack_records=$output
  stack_stderr=$stderr
  stack_fetched=$(fetched_summary bigcode/the-stack main data/python)
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream github-code
  code_records=$output
  code_stderr=$stderr
  code_fetched=$(fetched_summary codeparrot/github-code main data)
  # The files themselves, downloaded whole, read by read.mjs.
  for k in 0 1 2; do
    download bigcode/the-stack "data/python/train-0000$k-of-00003.parquet"
    node "$PARQUET_TOOLS/read.mjs" "train-0000$k-of-00003.parquet" >> stack-rows.jsonl
  done
  for k in 0 1 2 3; do
    download codeparrot/github-code "data/train-0000$k-of-00004.parquet"
    node "$PARQUET_TOOLS/read.mjs" "train-0000$k-of-00004.parquet" >> code-rows.jsonl
  done
  [ "$(wc -l < stack-rows.jsonl)" -eq 600 ]
  [ "$(wc -l < code-rows.jsonl)" -eq 600 ]
  jq -c 'select((.content | contains("def ")) or (.content | contains("class "))) | .content' stack-rows.jsonl > stack-texts
  jq -c 'select(.language == "Python" and ((.code | contains("def ")) or (.code | contains("class ")))) | .code' code-rows.jsonl > code-texts
  stack_n=$(wc -l < stack-texts)
  code_n=$(wc -l < code-texts)
  [ "$(jq -c .text <<<"$stack_records")" = "$(cat stack-texts)" ]
  [ "$(jq -c .text <<<"$code_records")" = "$(cat code-texts)" ]
  stderr=$stack_stderr expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote $stack_n rows from 3 files, $((600 - stack_n)) not matching --where, $stack_fetched"
  stderr=$code_stderr expect_stderr_line "seed-hfstream: codeparrot/github-code default/train: wrote $code_n rows from 4 files, $((600 - code_n)) not matching --where, $code_fetched"
  [[ "$stack_fetched" == "fetched 0.2 MiB of 0.3 MiB of parquet" ]]
  # Every column of every row: hyparquet's rows, one file after another.
  seed-hfstream -q bigcode/the-stack --data-files 'data/python/*' --rows > stack.jsonl
  same_rows stack-rows.jsonl stack.jsonl
  seed-hfstream -q codeparrot/github-code --files --rows > code.jsonl
  same_rows code-rows.jsonl code.jsonl
}

@test "remote: --revision refs/convert/parquet gives the viewer's records, each with its file" {
  export HF_TOKEN=hf_good
  both() {  # both ARGS...: the records of seed-hfstream ARGS from the viewer, then from the export
    seed-hfstream -q "$@" > viewer.jsonl
    seed-hfstream -q "$@" --revision refs/convert/parquet > files.jsonl
    [ -s viewer.jsonl ]
    [ "$(jq -r .file files.jsonl | sort -u)" = "default/$(jq -r .split viewer.jsonl | sort -u)/0000.parquet" ]
    same_rows viewer.jsonl <(drop_file < files.jsonl)
  }
  # Every column of every row, of each type the viewer has: strings, numbers, lists, structs, nulls.
  both seed-tools/formats
  both OpenAssistant/oasst1 --split validation
  # The profiles: oasst1's --where (by /filter, and here on the file's three row groups), dolly's
  # two text columns, the-stack-smol's --where evaluated here both times (--data-files '' sends it
  # to the viewer).
  both oasst1
  [ "$(wc -l < files.jsonl)" -eq 56 ]
  both dolly-15k
  both the-stack-smol --data-files ''
  [ "$(wc -l < files.jsonl)" -eq 120 ]
}

@test "remote: --limit reads the footer and the row groups it needs of the first file only, by range requests" {
  export HF_TOKEN=hf_good
  first=data/python/train-00000-of-00003.parquet
  # Without --where, the row count tells which row groups hold the rows: the 5 rows are in row
  # group 0 (of 4, of 50 rows each), whose chunks of the five columns come in one request.
  run -0 --separate-stderr seed-hfstream the-stack --where '' --limit 5
  expect_jsonl_eq - "$(fakehub_parquet_records bigcode/the-stack --text content --columns "$STACK_COLUMNS" --limit 5)"
  cdn_log > cdn.txt
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 5 rows from 1 file, $(fetched_summary bigcode/the-stack main data/python "$first")"
  size=$(listed_size bigcode/the-stack main "$first")
  download bigcode/the-stack "$first"
  span=$(chunk_span train-00000-of-00003.parquet 0 lang max_stars_repo_path max_stars_repo_name max_stars_repo_licenses content)
  expect_jsonl_eq cdn.txt "206 bytes=$((size - 65536))-$((size - 1)) - 65536 train-00000-of-00003.parquet
206 bytes=$span - $((${span#*-} - ${span%-*} + 1)) train-00000-of-00003.parquet"
  # With the profile's --where, row groups are read until 5 rows have matched; whatever is in
  # flight then, the file is never fetched whole, nor any other file.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream the-stack --limit 5
  expect_jsonl_eq - "$(fakehub_parquet_records bigcode/the-stack --text content --columns "$STACK_COLUMNS" --keep "$STACK_KEEP" --limit 5)"
  fakehub_log | jq -c '.[] | select(.path | contains("/tree/") | not)' > log.jsonl
  [ "$(jq -r '.range // "none"' log.jsonl | grep -c '^bytes=[0-9]*-[0-9]*$')" -eq "$(wc -l < log.jsonl)" ]
  [ "$(jq -r 'select(.port == "main") | .path' log.jsonl | sort -u)" = "/datasets/bigcode/the-stack/resolve/main/$first" ]
  [ "$(jq -s 'map(select(.port == "cdn") | .sent) | add' log.jsonl)" -lt "$size" ]
  # (The rows before the fifth match that did not match are counted; a request still in flight
  # when the fifth came is not, but the 64 KiB of the footer and row group 0 make 0.1 MiB
  # either way.)
  unmatched=$(($(fakehub_parquet_records bigcode/the-stack --text content --keep "$STACK_KEEP" --limit 5 | tail -n 1 | jq .row_idx) + 1 - 5))
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 5 rows from 1 file$([ "$unmatched" -eq 0 ] || echo ", $unmatched not matching --where"), fetched 0.1 MiB of 0.1 MiB of parquet"
}

@test "remote: --columns fetches only the chunks of the columns read: fewer bytes, the same values" {
  export HF_TOKEN=hf_good
  file=data/python/train-00000-of-00003.parquet
  run -0 --separate-stderr seed-hfstream bigcode/the-stack --data-files "$file" --text-field content
  all=$(cdn_log | awk '{ n += $4 } END { print n }')
  every_column=$output
  [ "$(head -n 1 <<<"$every_column" | jq 'keys | length')" -eq 35 ]
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream bigcode/the-stack --data-files "$file" --text-field content --columns lang
  some=$(cdn_log | awk '{ n += $4 } END { print n }')
  [ "$some" -lt "$all" ]
  same_rows <(jq -c '{text, source, dataset, config, split, file, row_idx, lang}' <<<"$every_column") <(printf '%s\n' "$output")
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 200 rows from 1 file, $(fetched_summary bigcode/the-stack main data/python "$file")"
}

@test "remote: a CDN 500 and a range cut short are retried, and the records are the same" {
  export HF_TOKEN=hf_good
  file=data/python/train-00000-of-00003.parquet
  seed-hfstream -q the-stack --data-files "$file" > good.jsonl
  [ "$(wc -l < good.jsonl)" -gt 100 ]
  # The first range request (the footer's): a 500, then half its body and the connection closed.
  fakehub_control '{"reset":true,"plain_500":1,"truncate":1,"match":["cdn"]}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 the-stack --data-files "$file"
  expect_jsonl_eq - "$(cat good.jsonl)"
  cdn_log > cdn.txt
  unmatched=$((200 - $(wc -l < good.jsonl)))
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote $(wc -l < good.jsonl) rows from 1 file, $unmatched not matching --where, 2 retries, $(fetched_summary bigcode/the-stack main data/python "$file")"
  size=$(listed_size bigcode/the-stack main "$file")
  footer="bytes=$((size - 65536))-$((size - 1))"
  expect_jsonl_eq <(head -n 3 cdn.txt) "500 $footer plain_500 21 train-00000-of-00003.parquet
206 $footer truncate 32768 train-00000-of-00003.parquet
206 $footer - 65536 train-00000-of-00003.parquet"
  # Each try is a range request through resolve, with the token.
  [ "$(fakehub_log | jq -c "[.[] | select(.port == \"main\" and .range == \"$footer\") | [.status, .token_prefix]]")" = '[[302,"hf_goo"],[302,"hf_goo"],[302,"hf_goo"]]' ]
}

@test "remote: a range request that fails for good: exit 1 naming the file's URL, the rows before it written, resume with --offset" {
  export HF_TOKEN=hf_good
  seed-hfstream -q github-code > good.jsonl
  file0=$(fakehub_parquet_records codeparrot/github-code --text code --columns language,repo_name,path,license \
            --keep "$GITHUB_CODE_KEEP" | grep -c '"file":"data/train-00000-of-00004.parquet"')
  [ "$file0" -gt 10 ]
  # The second file's ranges fail on both tries: every answer waits half a second until the
  # second file's first request has come, then the CDN answers 500.
  fakehub_control '{"reset":true,"latency_ms":500}' > /dev/null
  seed-hfstream --tries 2 --backoff 10 github-code > part.jsonl 2> stderr.txt 3>&- &
  pid=$!
  inject_after_request /datasets/codeparrot/github-code/resolve/main/data/train-00001-of-00004.parquet \
    '{"latency_ms":0,"plain_500":2,"match":["cdn"]}'
  code=0
  wait "$pid" || code=$?
  [ "$code" -eq 1 ]
  expect_jsonl_eq stderr.txt "seed-hfstream: codeparrot/github-code: HTTP 500: Internal Server Error [$FAKEHUB_MAIN/datasets/codeparrot/github-code/resolve/main/data/train-00001-of-00004.parquet]; $file0 rows were written; resume with --offset $file0"
  expect_jsonl_eq part.jsonl "$(head -n "$file0" good.jsonl)"
  [ "$(cdn_log | grep -c '^500 bytes=0-[0-9]* plain_500 21 train-00001-of-00004.parquet$')" -eq 2 ]
  # Resumed there, the run writes the rest.
  fakehub_control '{"reset":true}' > /dev/null
  seed-hfstream -q github-code --offset "$file0" >> part.jsonl
  cmp part.jsonl good.jsonl
  # The first file's footer fails for good: nothing written, resume at the --offset given; with
  # -o, no file.
  first=$FAKEHUB_MAIN/datasets/bigcode/the-stack/resolve/main/data/python/train-00000-of-00003.parquet
  fakehub_control '{"reset":true,"plain_500":2,"match":["cdn"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 the-stack --offset 7
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack: HTTP 500: Internal Server Error [$first]; 0 rows were written; resume with --offset 7"
  fakehub_control '{"reset":true,"plain_500":2,"match":["cdn"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 the-stack -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack: HTTP 500: Internal Server Error [$first]; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
}
