#!/usr/bin/env bats
# seed-hfstream against the fake viewer (tests/fakehub): the profiles, the options, concurrency,
# retries and resuming, the token, usage errors and a closed pipe. The expected records come
# from the fake's own generator (build_catalogue), made into records here in Python as
# seed-hfstream(1) describes them, not from the tool.

load helpers
load ../fakehub/fakehub
load parquet_helpers

DOLLY=databricks/databricks-dolly-15k
OASST=OpenAssistant/oasst1
SMOL=bigcode/the-stack-smol

setup_file() {
  # One fake for the file; every test resets its faults, latency and log. TMPDIR: the helper's
  # folder for the port FIFO and the fake's stderr, removed with the file's temporary folder.
  # The fake's parquet files are written once for the whole run, not at every start (the fakes
  # that tests start of their own use the same cache).
  export FAKEHUB_PARQUET_CACHE="$BATS_RUN_TMPDIR/fakehub-parquet"
  TMPDIR="$BATS_FILE_TMPDIR" fakehub_start
}

teardown_file() {
  fakehub_stop
}

setup() {
  WORK="$(mktemp -d)"
  cd "$WORK" || return 1
  export FAKEHUB_PARQUET_CACHE="$BATS_RUN_TMPDIR/fakehub-parquet"
  # No real token, no proxy between the tool and the fake.
  export HOME="$BATS_TEST_TMPDIR/home" HF_HOME="$BATS_TEST_TMPDIR/home/hf"
  mkdir -p "$HF_HOME"
  unset HF_TOKEN HUGGING_FACE_HUB_TOKEN http_proxy https_proxy all_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY
  export SEED_HF_VIEWER="$FAKEHUB_MAIN" HF_ENDPOINT="$FAKEHUB_MAIN" no_proxy=127.0.0.1 NO_PROXY=127.0.0.1
  fakehub_control '{"reset":true}' > /dev/null
}

teardown() {
  # A test that started a fake of its own (OWN_FAKE) stops it; the file's fake goes on.
  if [ -n "${OWN_FAKE:-}" ]; then fakehub_stop; fi
  cd / && rm -rf "$WORK"
}

# expected_records DATASET CONFIG SPLIT [--text COLS] [--columns COLS] [--keep PYEXPR]
#                  [--offset K] [--limit N] [--dolly-rows N]
# The records seed-hfstream should write, from the fake's rows: the rows for which PYEXPR (on
# the row r) holds, numbered in the whole split; from the K-th of them, N of them; each one with
# a text (the string, non-empty COLS joined by a blank line) as text, source, dataset, config,
# split, row_idx, then the listed columns the row has (default: every column but the text
# columns), leaving out the names the record sets itself. Compact JSON, raw UTF-8. --dolly-rows:
# as given to a fake started with it.
expected_records() {
  python3 - "$@" <<'EOF'
import argparse, json, os, sys
sys.path.insert(0, os.path.join(os.environ["SEED_SOURCE_ROOT"], "tests", "fakehub"))
import fakehub
ap = argparse.ArgumentParser()
for name in ("dataset", "config", "split"):
    ap.add_argument(name)
ap.add_argument("--text", default="text")
ap.add_argument("--columns", default="")
ap.add_argument("--keep", default="True")
ap.add_argument("--offset", type=int, default=0)
ap.add_argument("--limit", type=int)
ap.add_argument("--dolly-rows", type=int, default=230)
a = ap.parse_args()
rows = fakehub.build_catalogue(a.dolly_rows)[0][a.dataset].configs[a.config].splits[a.split]
matches = [(i, r) for i, r in enumerate(rows) if eval(a.keep, {"r": r})]
matches = matches[a.offset:] if a.limit is None else matches[a.offset:a.offset + a.limit]
text_columns = a.text.split(",")
reserved = {"text", "source", "dataset", "config", "split", "row_idx"}
for i, r in matches:
    text = "\n\n".join(r[c] for c in text_columns if isinstance(r.get(c), str) and r[c])
    if not text:
        continue
    record = {"text": text, "source": a.dataset, "dataset": a.dataset, "config": a.config, "split": a.split,
              "row_idx": i}
    others = a.columns.split(",") if a.columns else [c for c in r if c not in text_columns]
    for c in others:
        if c in r and c not in reserved:
            record[c] = r[c]
    print(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
EOF
}

# logged_requests: one line per request the fake has logged, in arrival order:
# PATH OFFSET LENGTH FAULT AUTHORIZATION-PREFIX TOKEN-PREFIX, "-" for what is missing. (Not the
# status: the fake records it after sending the body, so it can still be missing here.)
logged_requests() {
  python3 -c '
import json, sys, urllib.request
log = urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1] + "/_log")
for e in json.load(log):
    p = e["params"]
    print(e["path"], p.get("offset", "-"), p.get("length", "-"), e["fault"] or "-",
          e["authorization_prefix"] or "-", e["token_prefix"] or "-")' "$FAKEHUB_MAIN"
}

# logged_params NAME: the value of the query parameter NAME of each logged request ("-": none).
logged_params() {
  python3 -c '
import json, sys, urllib.request
log = urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1] + "/_log")
for e in json.load(log):
    print(e["path"], e["params"].get(sys.argv[2], "-"))' "$FAKEHUB_MAIN" "$1"
}

# inject_after_first_page JSON: waits, polling the fake's log (no sleeping), until the run's
# first page request has arrived, then POSTs JSON to /_control. The fake's faults hit the next
# requests of a kind in arrival order, so to make a later page fail, the first page is held back
# with latency_ms while the faults (and latency_ms 0) are set.
inject_after_first_page() {
  python3 - "$FAKEHUB_MAIN" "$1" <<'EOF'
import json, sys, time, urllib.request
base, body = sys.argv[1], sys.argv[2]
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
deadline = time.monotonic() + 30
while not any(e["path"] in ("/rows", "/filter") for e in json.load(opener.open(base + "/_log"))):
    if time.monotonic() > deadline:
        sys.exit("inject_after_first_page: no page request within 30 s")
opener.open(urllib.request.Request(base + "/_control", data=body.encode(), method="POST"))
EOF
}

# expect_usage_error MESSAGE ARG...: seed-hfstream ARG... exits 2 with MESSAGE and the --help
# hint, and writes nothing to stdout.
expect_usage_error() {
  local message=$1
  shift
  run -2 --separate-stderr seed-hfstream "$@"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $message
Try 'seed-hfstream --help' for more information."
}

GATED_WHY="the dataset does not exist, or is private or gated: check the id, and for a gated dataset accept its terms on the hub and set HF_TOKEN"

# --- the profiles -----------------------------------------------------------------------------

@test "dolly-15k: context and instruction joined by a blank line, category kept, byte for byte" {
  expected_records "$DOLLY" default train --text context,instruction --columns category > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 230 ]
  # Both kinds of rows are there: with a context and without one (an empty context is left out).
  grep -q '"text":"[^"]*\\n\\n' expected.jsonl
  grep -vq '\\n\\n' expected.jsonl
  run -0 --separate-stderr seed-hfstream dolly-15k
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages"
  # The profile knows its config and split: no /splits; the first page, then the other two
  # together (in either order).
  logged_requests > log.txt
  [ "$(head -n 1 log.txt)" = "/rows 0 100 - - -" ]
  expect_jsonl_eq <(tail -n +2 log.txt | sort) "/rows 100 100 - - -
/rows 200 100 - - -"
}

@test "oasst1: the English prompter rows through /filter, row_idx their index in the split, message_id kept" {
  expected_records "$OASST" default train --columns message_id \
    --keep "r['lang'] == 'en' and r['role'] == 'prompter'" > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 56 ]
  run -0 --separate-stderr seed-hfstream oasst1
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 56 rows from 1 page"
  # row_idx is not the place among the matches.
  [ "$(head -n 1 <<<"$output" | grep -o '"row_idx":[0-9]*')" = '"row_idx":10' ]
  expect_jsonl_eq <(logged_params where) "/is-valid -
/filter \"lang\"='en' AND \"role\"='prompter'"
}

@test "a profile's settings give way to options; an empty --where reads every row from /rows" {
  expected_records "$OASST" default validation --columns message_id,lang > expected.jsonl
  run -0 --separate-stderr seed-hfstream oasst1 --where '' --split validation --columns message_id,lang
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/validation: wrote 30 rows from 1 page"
  expect_jsonl_eq <(logged_requests) "/rows 0 100 - - -"
  # dolly-15k with another text: instruction and response.
  expected_records "$DOLLY" default train --text instruction,response --columns category --limit 5 > expected.jsonl
  run -0 --separate-stderr seed-hfstream dolly-15k --text-field instruction,response --limit 5
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 5 rows from 1 page"
}

# --- a hub id and the options -----------------------------------------------------------------

@test "a hub id with --config and --split: every column but the text, numbers as the viewer sent them" {
  expected_records "$OASST" default validation --limit 6 > expected.jsonl
  run -0 --separate-stderr seed-hfstream "$OASST" --config default --split validation --limit 6
  expect_stderr_line "seed-hfstream: $OASST default/validation: wrote 6 rows from 1 page"
  expect_jsonl_eq <(logged_requests) "/rows 0 6 - - -"
  # Floats such as 1/6, which the viewer writes 0.16666666666666666, come out as it wrote them.
  grep -q '0\.16666666666666666' expected.jsonl
  expect_jsonl_eq - "$(cat expected.jsonl)"
}

@test "the config and split come from /splits when not given: train, else the one asked for" {
  expected_records "$OASST" default validation --columns role,lang > expected.jsonl
  run -0 --separate-stderr seed-hfstream "$OASST" --split validation --columns role,lang
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/validation: wrote 30 rows from 1 page"
  expect_jsonl_eq <(logged_requests) "/splits - - - - -
/rows 0 100 - - -"
  run -0 --separate-stderr seed-hfstream "$OASST" --columns role --limit 3
  expect_jsonl_eq - "$(expected_records "$OASST" default train --columns role --limit 3)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 3 rows from 1 page"
  # A config or split the dataset does not have.
  run -1 --separate-stderr seed-hfstream "$OASST" --config nope
  expect_stderr_line "seed-hfstream: $OASST: HTTP 404 ResponseNotFound: Not found. [$FAKEHUB_MAIN/splits?dataset=$OASST&config=nope]"
  run -1 --separate-stderr seed-hfstream "$OASST" --split test
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $OASST: HTTP 404 ResponseNotFound: Not found. [$FAKEHUB_MAIN/rows?dataset=$OASST&config=default&split=test&offset=0&length=100]; 0 rows were written; resume with --offset 0"
}

@test "--limit and --offset: a run with --limit K and one with --offset K make one run" {
  expected_records "$OASST" default train --columns message_id,role > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 250 ]
  run -0 --separate-stderr seed-hfstream "$OASST" --columns message_id,role
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 250 rows from 3 pages"
  for k in 1 99 100 150 249; do
    seed-hfstream -q "$OASST" --columns message_id,role --limit "$k" > first.jsonl
    seed-hfstream -q "$OASST" --columns message_id,role --offset "$k" > rest.jsonl
    [ "$(wc -l < first.jsonl)" -eq "$k" ]
    cat first.jsonl rest.jsonl | cmp - expected.jsonl
  done
  # The last request asks only for the rows still wanted.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$OASST" --columns message_id,role --offset 30 --limit 120
  expect_jsonl_eq - "$(sed -n '31,150p' expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 120 rows from 2 pages"
  expect_jsonl_eq <(logged_requests) "/splits - - - - -
/rows 30 100 - - -
/rows 130 20 - - -"
  # --limit 0 asks for nothing; an offset at the end reads one empty page.
  run -0 --separate-stderr seed-hfstream dolly-15k --limit 0
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 0 rows from 0 pages"
  run -0 --separate-stderr seed-hfstream dolly-15k --offset 230
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 0 rows from 1 page"
}

@test "--text-field and --columns; rows without text are skipped and counted" {
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream "$SMOL" --text-field content --columns path,lang,licenses,text,row_idx,missing
  expect_jsonl_eq - "$(expected_records "$SMOL" default train --text content --columns path,lang,licenses)"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 160 rows from 2 pages"
  # Every column but the text, in the viewer's order; the text joined in the order given.
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream "$SMOL" --text-field path,content --limit 3 --offset 39
  expect_jsonl_eq - "$(expected_records "$SMOL" default train --text path,content --offset 39 --limit 3)"
  [[ "${lines[0]}" == '{"text":"'*'_39.go\n\npackage '* ]]
  # Rows with an empty context (and no other text column) are skipped; --limit counts the rows read.
  expected_records "$DOLLY" default train --text context --limit 40 > expected.jsonl
  kept=$(wc -l < expected.jsonl)
  [ "$kept" -gt 5 ] && [ "$kept" -lt 35 ]
  run -0 --separate-stderr seed-hfstream "$DOLLY" --text-field context --limit 40
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote $kept rows from 1 page, skipped $((40 - kept)) without text"
  # A hub id's text column is text: dolly has none, which its first row shows.
  run -2 --separate-stderr seed-hfstream "$DOLLY"
  [ -z "$output" ]
  [ "${stderr_lines[0]}" = "seed-hfstream: $DOLLY: the rows have no column 'text' for the text (they have instruction, context, response, category); choose with --text-field" ]
  expect_jsonl_eq <(logged_requests | tail -n 1) "/rows 0 100 - - -"
}

@test "--where reads the matches from /filter; --offset and --limit count matches" {
  keep="r['lang'] in ('es', 'de') and r['role'] == 'assistant'"
  where="(\"lang\"='es' OR \"lang\"='de') AND \"role\"='assistant'"
  expected_records "$OASST" default train --columns message_id,lang --keep "$keep" > expected.jsonl
  n=$(wc -l < expected.jsonl)
  [ "$n" -gt 20 ]
  run -0 --separate-stderr seed-hfstream "$OASST" --where "$where" --columns message_id,lang
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote $n rows from 1 page"
  run -0 --separate-stderr seed-hfstream "$OASST" --where "$where" --columns message_id,lang --offset 5 --limit 10
  expect_jsonl_eq - "$(sed -n '6,15p' expected.jsonl)"
  # dolly-15k filtered on its category, with its text.
  run -0 --separate-stderr seed-hfstream dolly-15k --where "\"category\"='open_qa'"
  expect_jsonl_eq - "$(expected_records "$DOLLY" default train --text context,instruction --columns category --keep "r['category'] == 'open_qa'")"
  # No match: one empty page.
  run -0 --separate-stderr seed-hfstream "$OASST" --where "\"lang\"='xx'"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 0 rows from 1 page"
}

@test "--where: checked before any request; the viewer's 422 for what it refuses; applied here when it cannot filter" {
  run -2 --separate-stderr seed-hfstream "$OASST" --where "lang='en'"
  [ -z "$output" ]
  [ "${stderr_lines[0]}" = "seed-hfstream: --where: at column 1: column names go in double quotes: \"lang\", not lang" ]
  [ -z "$(logged_requests)" ]
  run -1 --separate-stderr seed-hfstream "$OASST" --where '"lang"=1' -o out.jsonl
  expect_stderr_line "seed-hfstream: $OASST: HTTP 422 InvalidParameter: A query parameter is invalid [$FAKEHUB_MAIN/filter?dataset=$OASST&config=default&split=train&where=%22lang%22%3D1&offset=0&length=100]; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
  # the-stack-smol: /is-valid says filter false, so /rows are read and filtered here.
  fakehub_control '{"reset":true}' > /dev/null
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream "$SMOL" --text-field content --columns lang --where "\"lang\"='Python'" --limit 3
  [ "${#lines[@]}" -eq 3 ]
  [ "$(printf '%s\n' "$output" | jq -r '"\(.row_idx) \(.lang)"' | tr '\n' ' ')" = "40 Python 41 Python 42 Python " ]
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 3 rows from 1 page, 40 not matching --where (--where applied here: the viewer cannot filter this dataset)"
  expect_jsonl_eq <(logged_requests) "/splits - - - Bearer hf_goo
/is-valid - - - Bearer hf_goo
/rows 0 100 - Bearer hf_goo"
}

@test "-o writes the file only when the run succeeds, and nothing to stdout" {
  run -0 --separate-stderr seed-hfstream dolly-15k -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages"
  expect_jsonl_eq out.jsonl "$(expected_records "$DOLLY" default train --text context,instruction --columns category)"
  [ "$(compgen -G '*')" = out.jsonl ]
  run -0 --separate-stderr seed-hfstream -q dolly-15k --limit 1 -o out.jsonl
  [ -z "$stderr" ]
  [ "$(wc -l < out.jsonl)" -eq 1 ]
}

# --- concurrency ------------------------------------------------------------------------------

@test "-j 1, 4 and 8 give the same bytes; the pages are asked for once each" {
  expected_records "$OASST" default train --columns message_id,user_id,created_date > expected.jsonl
  for j in 1 4 8; do
    fakehub_control '{"reset":true}' > /dev/null
    run -0 --separate-stderr seed-hfstream -j "$j" "$OASST" --columns message_id,user_id,created_date
    expect_jsonl_eq - "$(cat expected.jsonl)"
    expect_stderr_line "seed-hfstream: $OASST default/train: wrote 250 rows from 3 pages"
    expect_jsonl_eq <(logged_requests | sort) "/rows 0 100 - - -
/rows 100 100 - - -
/rows 200 100 - - -
/splits - - - - -"
    seed-hfstream -q -j "$j" dolly-15k > "dolly-$j.jsonl"
  done
  cmp dolly-1.jsonl dolly-4.jsonl
  cmp dolly-1.jsonl dolly-8.jsonl
}

@test "200 pages: -j 1 and 4 give the same bytes; | head -1 ends a long run with status 0" {
  # A fake of its own with a dolly of 20000 rows (about 6.5 MB of records).
  OWN_FAKE=1
  fakehub_start --dolly-rows 20000
  export SEED_HF_VIEWER="$FAKEHUB_MAIN" HF_ENDPOINT="$FAKEHUB_MAIN"
  expected_records "$DOLLY" default train --text context,instruction --columns category --dolly-rows 20000 > expected.jsonl
  # (Not more jobs: the fake listens with a backlog of 5, so more connections at once wait for
  # SYN retransmits, a second and more each.)
  for j in 1 4; do
    fakehub_control '{"reset":true}' > /dev/null
    run -0 --separate-stderr seed-hfstream -j "$j" dolly-15k -o "out-$j.jsonl"
    expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 20000 rows from 200 pages"
    cmp "out-$j.jsonl" expected.jsonl
    # Each page once.
    logged_requests > log.txt
    [ "$(wc -l < log.txt)" -eq 200 ]
    [ "$(sort -u log.txt | wc -l)" -eq 200 ]
  done
  # More records than the output buffer and the pipe hold: the reader goes while pages are in flight.
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-hfstream dolly-15k | head -n 1'
  assert_output "$(head -n 1 expected.jsonl)"
  [ -z "$stderr" ]
}

# --- retries ----------------------------------------------------------------------------------

@test "retried faults leave the output as it was; the summary counts the retries" {
  seed-hfstream -q dolly-15k > good.jsonl
  for fault in not_ready plain_500 truncate drop; do
    fakehub_control "{\"reset\":true,\"$fault\":2}" > /dev/null
    run -0 --separate-stderr seed-hfstream --backoff 10 dolly-15k
    expect_jsonl_eq - "$(cat good.jsonl)"
    expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages, 2 retries"
    # The first page alone, then the others together (in either order).
    logged_requests > log.txt
    expect_jsonl_eq <(head -n 3 log.txt) "/rows 0 100 $fault - -
/rows 0 100 $fault - -
/rows 0 100 - - -"
    expect_jsonl_eq <(tail -n +4 log.txt | sort) "/rows 100 100 - - -
/rows 200 100 - - -"
  done
  # Truncated at every length from nothing to most of the body, one retry each.
  for at in 0 1 100; do
    fakehub_control "{\"reset\":true,\"truncate\":1,\"truncate_at\":$at}" > /dev/null
    run -0 --separate-stderr seed-hfstream --backoff 10 dolly-15k
    expect_jsonl_eq - "$(cat good.jsonl)"
    expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages, 1 retry"
  done
  # Faults on /splits and /is-valid are retried too, and on a later window's pages (-j 2).
  fakehub_control '{"reset":true,"not_ready":1,"match":["splits"]}' > /dev/null
  fakehub_control '{"plain_500":1,"match":["is-valid"]}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 "$DOLLY" --text-field instruction --where "\"category\"='open_qa'" --columns category
  expect_jsonl_eq - "$(expected_records "$DOLLY" default train --text instruction --columns category --keep "r['category'] == 'open_qa'")"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 29 rows from 1 page, 2 retries"
}

@test "429: the wait is Retry-After's, or RateLimit's t=, not --backoff" {
  seed-hfstream -q dolly-15k > good.jsonl
  for retry_after in 1 null; do
    fakehub_control "{\"reset\":true,\"rate_limit\":1,\"retry_after\":$retry_after}" > /dev/null
    start=$EPOCHREALTIME
    run -0 --separate-stderr seed-hfstream --backoff 10 dolly-15k
    elapsed_ms=$(( (${EPOCHREALTIME/./} - ${start/./}) / 1000 ))
    expect_jsonl_eq - "$(cat good.jsonl)"
    expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages, 1 retry"
    [ "$elapsed_ms" -ge 1000 ]
  done
  fakehub_control '{"reset":true,"rate_limit":3,"retry_after":0}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 dolly-15k
  expect_jsonl_eq - "$(cat good.jsonl)"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages, 3 retries"
}

@test "a fault that outlasts --tries: exit 1, the page named, every row before it written, resume with --offset" {
  expected_records "$DOLLY" default train --text context,instruction --columns category > good.jsonl
  # The first page answers after half a second; the faults are set meanwhile, for the pages
  # after it.
  # With -j 1, a page waiting to be retried lets the next one go, so every page after the first
  # fails; the second is the first to use up its tries.
  fakehub_control '{"latency_ms":500}' > /dev/null
  seed-hfstream -j 1 --tries 3 --backoff 10 dolly-15k > part.jsonl 2> stderr.txt 3>&- &
  pid=$!
  inject_after_first_page '{"latency_ms":0,"not_ready":100}'
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 1 ]
  logged_requests > log.txt
  [ "$(head -n 1 log.txt)" = "/rows 0 100 - - -" ]
  [ "$(grep -c '^/rows 100 100 not_ready - -$' log.txt)" -eq 3 ]
  [ "$(tail -n +2 log.txt | grep -vc ' not_ready - -$')" -eq 0 ]
  expect_jsonl_eq stderr.txt "seed-hfstream: $DOLLY: HTTP 500 ResponseNotReady: The server is busier than usual and the response is not ready yet. Please retry later. [$FAKEHUB_MAIN/rows?dataset=$DOLLY&config=default&split=train&offset=100&length=100]; 100 rows were written; resume with --offset 100"
  expect_jsonl_eq part.jsonl "$(head -n 100 good.jsonl)"
  # Resuming gives the rest.
  fakehub_control '{"reset":true}' > /dev/null
  seed-hfstream -q dolly-15k --offset 100 >> part.jsonl
  cmp part.jsonl good.jsonl

  # With -o: no file, and the message says so.
  fakehub_control '{"reset":true,"latency_ms":500}' > /dev/null
  seed-hfstream -j 1 --tries 2 --backoff 10 -o out.jsonl dolly-15k > stdout.txt 2> stderr.txt 3>&- &
  pid=$!
  inject_after_first_page '{"latency_ms":0,"plain_500":100}'
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 1 ]
  [ ! -s stdout.txt ]
  expect_jsonl_eq stderr.txt "seed-hfstream: $DOLLY: HTTP 500: Internal Server Error [$FAKEHUB_MAIN/rows?dataset=$DOLLY&config=default&split=train&offset=100&length=100]; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
}

@test "a first page that fails for good: nothing written, resume at the --offset given" {
  for fault in truncate drop rate_limit; do
    fakehub_control "{\"reset\":true,\"$fault\":2,\"retry_after\":0}" > /dev/null
    run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 dolly-15k --offset 7
    [ -z "$output" ]
    [[ "$stderr" == "seed-hfstream: $DOLLY: "*" [$FAKEHUB_MAIN/rows?dataset=$DOLLY&config=default&split=train&offset=7&length=100]; 0 rows were written; resume with --offset 7" ]]
    [ "${#stderr_lines[@]}" -eq 1 ]
  done
  [ "$stderr" = "seed-hfstream: $DOLLY: HTTP 429: too many requests [$FAKEHUB_MAIN/rows?dataset=$DOLLY&config=default&split=train&offset=7&length=100]; 0 rows were written; resume with --offset 7" ]
  # With -o, a file from before stays as it was.
  fakehub_control '{"reset":true,"not_ready":1}' > /dev/null
  echo before > out.jsonl
  run -1 --separate-stderr seed-hfstream --tries 1 --backoff 10 -o out.jsonl oasst1
  expect_stderr_line "seed-hfstream: $OASST: HTTP 500 ResponseNotReady: The server is busier than usual and the response is not ready yet. Please retry later. [$FAKEHUB_MAIN/filter?dataset=$OASST&config=default&split=train&where=%22lang%22%3D%27en%27%20AND%20%22role%22%3D%27prompter%27&offset=0&length=100]; out.jsonl was not written (it appears only when the run succeeds)"
  [ "$(cat out.jsonl)" = before ]
  no_files_like 'out.jsonl.*'
}

# --- the token --------------------------------------------------------------------------------

@test "the gated the-stack-smol: read with a good token, refused without one or with one without access" {
  expected_records "$SMOL" default train --text content --columns repository_name,path --limit 150 > expected.jsonl
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream "$SMOL" --text-field content --columns repository_name,path --limit 150
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 150 rows from 2 pages"
  # Every request carried the token (the log keeps its first six characters).
  expect_jsonl_eq <(logged_requests) "/splits - - - Bearer hf_goo
/rows 0 100 - Bearer hf_goo
/rows 100 50 - Bearer hf_goo"

  fakehub_control '{"reset":true}' > /dev/null
  run -1 --separate-stderr seed-hfstream "$SMOL" --text-field content
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: $GATED_WHY (ExternalUnauthenticatedError, no token was sent) [$FAKEHUB_MAIN/splits?dataset=$SMOL]"
  expect_jsonl_eq <(logged_requests) "/splits - - - - -"

  HF_TOKEN=hf_noaccess run -1 --separate-stderr seed-hfstream "$SMOL" --config default --split train
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: $GATED_WHY (ExternalAuthenticatedError, a token was sent) [$FAKEHUB_MAIN/rows?dataset=$SMOL&config=default&split=train&offset=0&length=100]; 0 rows were written; resume with --offset 0"
  [[ "$stderr" != *hf_noaccess* ]]
}

@test "the token: HF_TOKEN, else HUGGING_FACE_HUB_TOKEN, else \$HF_HOME/token, else \$HOME/.cache/huggingface/token" {
  expected=$(expected_records "$SMOL" default train --text content --columns path --limit 2)
  read_smol() {
    run --separate-stderr seed-hfstream "$SMOL" --text-field content --columns path --limit 2
  }
  HUGGING_FACE_HUB_TOKEN=hf_good read_smol
  [ "$status" -eq 0 ]
  expect_jsonl_eq - "$expected"
  HF_TOKEN='' HUGGING_FACE_HUB_TOKEN=hf_good read_smol
  [ "$status" -eq 0 ]
  # HF_TOKEN comes first.
  HF_TOKEN=hf_noaccess HUGGING_FACE_HUB_TOKEN=hf_good read_smol
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"(ExternalAuthenticatedError, a token was sent)"* ]]
  # The token file: its first line, white space at the end removed; the variables come first.
  printf 'hf_good  \r\nsecond line\n' > "$HF_HOME/token"
  fakehub_control '{"reset":true}' > /dev/null
  read_smol
  [ "$status" -eq 0 ]
  expect_jsonl_eq - "$expected"
  expect_jsonl_eq <(logged_requests) "/splits - - - Bearer hf_goo
/rows 0 2 - Bearer hf_goo"
  HF_TOKEN=hf_noaccess read_smol
  [ "$status" -eq 1 ]
  rm "$HF_HOME/token"
  read_smol
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"(ExternalUnauthenticatedError, no token was sent)"* ]]
  mkdir -p "$HOME/.cache/huggingface"
  printf 'hf_good\n' > "$HOME/.cache/huggingface/token"
  (unset HF_HOME && read_smol && [ "$status" -eq 0 ] && expect_jsonl_eq - "$expected")
  # With HF_HOME set, the file under HOME is not read.
  read_smol
  [ "$status" -eq 1 ]
}

@test "the token goes to the viewer in the Authorization header and never to stdout or stderr" {
  for run_args in "$SMOL --text-field content --limit 150" "$SMOL --text-field content --columns nope --where \"x\"=1" \
                  "databricks/dolly-15k" "$OASST --split nope"; do
    fakehub_control '{"reset":true}' > /dev/null
    # shellcheck disable=SC2086
    HF_TOKEN=hf_good run --separate-stderr seed-hfstream $run_args
    [[ "$output$stderr" != *hf_good* ]]
    [[ "$output$stderr" != *Bearer* ]]
    logged_requests > log.txt
    [ -s log.txt ]
    [ -z "$(grep -v ' Bearer hf_goo$' log.txt)" ]
  done
  fakehub_control '{"reset":true}' > /dev/null
  seed-hfstream -q dolly-15k --limit 1 > /dev/null
  expect_jsonl_eq <(logged_requests) "/rows 0 1 - - -"
}

@test "the plan's id databricks/dolly-15k: exit 1 with the dolly id in the message" {
  run -1 --separate-stderr seed-hfstream databricks/dolly-15k
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: databricks/dolly-15k: $GATED_WHY (ExternalUnauthenticatedError, no token was sent); the dolly id is $DOLLY [$FAKEHUB_MAIN/splits?dataset=databricks/dolly-15k]"
  HF_TOKEN=hf_good run -1 --separate-stderr seed-hfstream databricks/dolly-15k -o out.jsonl
  expect_stderr_line "seed-hfstream: databricks/dolly-15k: $GATED_WHY (ExternalAuthenticatedError, a token was sent); the dolly id is $DOLLY [$FAKEHUB_MAIN/splits?dataset=databricks/dolly-15k]"
  no_files_like 'out.jsonl*'
  # Another missing id gets no such hint.
  run -1 --separate-stderr seed-hfstream nobody/nothing
  expect_stderr_line "seed-hfstream: nobody/nothing: $GATED_WHY (ExternalUnauthenticatedError, no token was sent) [$FAKEHUB_MAIN/splits?dataset=nobody/nothing]"
}

# --- usage ------------------------------------------------------------------------------------

@test "usage errors exit 2 before any request" {
  expect_usage_error "no dataset given"
  expect_usage_error "no dataset given" --limit 3
  expect_usage_error "one dataset at a time, not 2 (files on disk are read with --local DATASET FILE...)" oasst1 dolly-15k
  expect_usage_error "one dataset at a time, not 3 (files on disk are read with --local DATASET FILE...)" a/b c/d e/f
  expect_usage_error "--local: no files given (seed-hfstream --local DATASET FILE...)" --local the-stack
  expect_usage_error "'a b' is neither a dataset id (owner/name) nor a profile" "a b"
  expect_usage_error "'' is neither a dataset id (owner/name) nor a profile" ""
  expect_usage_error "'a/b?x=1' is neither a dataset id (owner/name) nor a profile" "a/b?x=1"
  for value in 2k -1 1.5 ''; do
    expect_usage_error "--limit: not a non-negative integer: '$value'" --limit "$value" dolly-15k
    expect_usage_error "--offset: not a non-negative integer: '$value'" --offset "$value" dolly-15k
    expect_usage_error "--jobs: not a non-negative integer: '$value'" -j "$value" dolly-15k
    expect_usage_error "--tries: not a non-negative integer: '$value'" --tries "$value" dolly-15k
    expect_usage_error "--backoff: not a non-negative integer: '$value'" --backoff "$value" dolly-15k
  done
  expect_usage_error "--limit: too large: '99999999999999999999'" --limit 99999999999999999999 dolly-15k
  expect_usage_error "--jobs: expected 1 to 64 requests, not 0" -j 0 dolly-15k
  expect_usage_error "--jobs: expected 1 to 64 requests, not 65" --jobs=65 dolly-15k
  expect_usage_error "--tries: expected 1 to 100 tries, not 0" --tries 0 dolly-15k
  expect_usage_error "--tries: expected 1 to 100 tries, not 101" --tries 101 dolly-15k
  expect_usage_error "--backoff: at most 60000 milliseconds, not 60001" --backoff 60001 dolly-15k
  expect_usage_error "--text-field: empty item in list: 'a,,b'" --text-field a,,b dolly-15k
  expect_usage_error "--columns: empty item in list: ','" --columns , dolly-15k
  expect_usage_error "--output: empty file name" --output= dolly-15k
  expect_usage_error "unrecognized option '--limi' (did you mean '--limit'?)" --limi 3 dolly-15k
  expect_usage_error "option '--where' needs a value (EXPR)" dolly-15k --where
  expect_usage_error "option '--quiet' takes no value" --quiet=1 dolly-15k
  no_files_like '*'
  # None of them sent a request.
  [ -z "$(logged_requests)" ]
}

@test "the bounds of the options are accepted" {
  run -0 --separate-stderr seed-hfstream -j 64 --tries 100 --backoff 60000 dolly-15k --limit 1
  [ "${#lines[@]}" -eq 1 ]
  run -0 --separate-stderr seed-hfstream -j 1 --tries 1 --backoff 0 dolly-15k --limit 1
  [ "${#lines[@]}" -eq 1 ]
}

@test "--help and --version print on stdout and exit 0 without a request" {
  run -0 --separate-stderr seed-hfstream --help
  [ "${lines[0]}" = "Usage: seed-hfstream [OPTIONS] DATASET" ]
  for option in --config --split --limit --offset --where --files --data-files --revision --text-field --columns \
                "-j, --jobs" --tries --backoff "-o, --output" "-q, --quiet"; do
    assert_output --partial "  $option "
  done
  assert_output --partial "DATASET is a hub id (OpenAssistant/oasst1) or a profile: oasst1, dolly-15k,
the-stack-smol, the-stack, github-code."
  [ -z "$stderr" ]
  run -0 --separate-stderr seed-hfstream -h oasst1 --limit x
  [ "${lines[0]}" = "Usage: seed-hfstream [OPTIONS] DATASET" ]
  run -0 --separate-stderr seed-hfstream --version
  assert_output "seed-hfstream (seed-tools) 0.1.0"
  [ -z "$stderr" ]
  [ -z "$(logged_requests)" ]
}

# --- output -----------------------------------------------------------------------------------

@test "a closed pipe ends seed-hfstream quietly with status 0" {
  first=$(expected_records "$OASST" default train | head -n 1)
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-hfstream "$0" | head -n 1' "$OASST"
  assert_output "$first"
  # The records fit in the pipe, so the summary may come; no error does.
  [ -z "$stderr" ] || expect_stderr_line "seed-hfstream: $OASST default/train: wrote 250 rows from 3 pages"
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-hfstream -q dolly-15k | head -n 1'
  [ "${#lines[@]}" -eq 1 ]
  [ -z "$stderr" ]
  # A reader gone before the first write: status 0, nothing on stderr, not even the summary.
  run -0 --separate-stderr python3 -c '
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.run(sys.argv[1:], stdout=w).returncode)' seed-hfstream dolly-15k
  [ -z "$stderr" ]
}

# --- hub files --------------------------------------------------------------------------------

FORMATS=seed-tools/formats
# The Hub paths of seed-tools/formats on main, and the query of every tree listing.
FORMATS_TREE=/api/datasets/seed-tools/formats/tree/main
FORMATS_RESOLVE=/datasets/seed-tools/formats/resolve/main
LISTING='?recursive=true&expand=false'

# file_records PATH [FIRST]: the records on stdin (from expected_records) as read from the hub
# file PATH, whose first row is the split's row FIRST (default 0): "file":PATH before row_idx,
# and row_idx counted in the file. The bytes are otherwise kept.
file_records() {
  python3 -c '
import json, re, sys
path, first = json.dumps(sys.argv[1], ensure_ascii=False).encode(), int(sys.argv[2])
def with_file(m):
    return b",\"file\":" + path + b",\"row_idx\":" + str(int(m.group(1)) - first).encode()
for line in sys.stdin.buffer:
    line, n = re.subn(rb",\"row_idx\":([0-9]+)", with_file, line, count=1)
    if n != 1:
        sys.exit("file_records: a record without row_idx")
    sys.stdout.buffer.write(line)' "$1" "${2:-0}"
}

# jsonl_file_records DATASET PATH...: the records of the JSON Lines files PATH of DATASET's main
# branch, made here from the fake's own bytes: each row's text, source, dataset, config default,
# split train, file, row_idx (counted in the file), then its other columns.
jsonl_file_records() {
  python3 - "$@" <<'EOF'
import json, os, sys
sys.path.insert(0, os.path.join(os.environ["SEED_SOURCE_ROOT"], "tests", "fakehub"))
import fakehub
dataset, paths = sys.argv[1], sys.argv[2:]
files = fakehub.build_catalogue()[1][dataset].revisions["main"].files
for path in paths:
    lines = [line for line in files[path].content.decode("utf-8").split("\n") if line.strip()]
    for i, line in enumerate(lines):
        row = json.loads(line)
        record = {"text": row["text"], "source": dataset, "dataset": dataset, "config": "default",
                  "split": "train", "file": path, "row_idx": i}
        record.update((k, v) for k, v in row.items() if k != "text")
        print(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
EOF
}

# logged_hub_requests: one line per request the fake has logged, in arrival order:
# STATUS WHERE RANGE FAULT AUTHORIZATION-PREFIX TOKEN-PREFIX, "-" for what is missing. WHERE is
# PATH?QUERY on the main port, with a tree page's cursor shown as cursor=*, and cdn:NAME on the
# CDN port (its signed URL, NAME the file's name).
logged_hub_requests() {
  python3 -c '
import json, sys, urllib.request
log = urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1] + "/_log")
for e in json.load(log):
    if e["port"] == "cdn":
        where = "cdn:" + e["params"].get("response-content-disposition", "").rpartition("\x27\x27")[2]
    else:
        query = "&".join("cursor=*" if q.startswith("cursor=") else q for q in e["query"].split("&") if q)
        where = e["path"] + ("?" + query if query else "")
    print(e["status"] or "-", where, e["range"] or "-", e["fault"] or "-",
          e["authorization_prefix"] or "-", e["token_prefix"] or "-")' "$FAKEHUB_MAIN"
}

# tree_pages PATH N [AUTH]: the logged_hub_requests lines of a listing of N pages at PATH,
# with AUTH as its last two fields (default "- -").
tree_pages() {
  local i
  echo "200 $1$LISTING - - ${3:-- -}"
  for ((i = 1; i < $2; i++)); do echo "200 $1$LISTING&cursor=* - - ${3:-- -}"; done
}

# cdn_authorization: whether each request to the CDN port had an Authorization header, as
# a JSON list of the distinct answers ([false]: none had one).
cdn_authorization() {
  fakehub_log | jq -c '[.[] | select(.port == "cdn") | .authorization] | unique'
}

@test "files: each format of seed-tools/formats gives the viewer's records, with their file, byte for byte" {
  expected_records "$FORMATS" default train > viewer.jsonl
  [ "$(wc -l < viewer.jsonl)" -eq 23 ]
  run -0 --separate-stderr seed-hfstream "$FORMATS"
  expect_jsonl_eq - "$(cat viewer.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 23 rows from 1 page, skipped 2 without text"
  for file in data/rows.jsonl data/rows.jsonl.gz data/rows.jsonl.zst data/rows.json data/rows.json.gz; do
    fakehub_control '{"reset":true}' > /dev/null
    run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files "$file"
    expect_jsonl_eq - "$(file_records "$file" < viewer.jsonl)"
    expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 23 rows from 1 file, skipped 2 without text"
    # The listing of data/ (4 pages), then the file: a plain git file from resolve, an LFS file
    # from the CDN that resolve redirects to.
    case $file in
      *.gz | *.zst) fetch="302 $FORMATS_RESOLVE/$file - - - -
200 cdn:${file#data/} - - - -" ;;
      *) fetch="200 $FORMATS_RESOLVE/$file - - - -" ;;
    esac
    expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "$FORMATS_TREE/data" 4)
$fetch"
  done
  # A BOM, CRLF line ends and no final one; blank lines between rows. The files come in path
  # order, whatever the order of the globs.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/crlf.jsonl,data/blank-lines.jsonl
  expect_jsonl_eq - "$(head -n 4 viewer.jsonl | file_records data/blank-lines.jsonl)
$(head -n 5 viewer.jsonl | file_records data/crlf.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 9 rows from 2 files"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 $FORMATS_RESOLVE/data/blank-lines.jsonl - - - -
200 $FORMATS_RESOLVE/data/crlf.jsonl - - - -"
}

@test "files: the listing starts at the globs' folder and follows every page; globs match whole paths" {
  # many/: 12 files of 10 rows, listed in 6 pages (each cursor a new one), read one at a time.
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files 'many/part-*.jsonl'
  expect_jsonl_eq - "$(jsonl_file_records "$FORMATS" many/part-{0000..0011}.jsonl)"
  [ "${#lines[@]}" -eq 120 ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 120 rows from 12 files"
  expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "$FORMATS_TREE/many" 6)
$(for part in {0000..0011}; do echo "200 $FORMATS_RESOLVE/many/part-$part.jsonl - - - -"; done)"
  [ "$(fakehub_log | jq -r '.[] | select(.path | contains("/tree/")) | .query' | sort -u | wc -l)" -eq 6 ]

  # the-stack-smol has data/go/data.json (40 rows) and data/python/data.json (120 rows).
  export HF_TOKEN=hf_good
  smol() {
    fakehub_control '{"reset":true}' > /dev/null
    run --separate-stderr seed-hfstream "$SMOL" --text-field content --columns path --data-files "$1"
  }
  go=$(expected_records "$SMOL" default train --text content --columns path --limit 40 | file_records data/go/data.json)
  python=$(expected_records "$SMOL" default train --text content --columns path --offset 40 |
           file_records data/python/data.json 40)
  smol_tree=/api/datasets/$SMOL/tree/main
  # A pattern without a wildcard names a file, or a folder and all in it; ** crosses folders,
  # * and ? do not.
  for glob in data '**/*.json' '**/data.json' 'data/*/data.json' 'd?ta/**'; do
    smol "$glob"
    [ "$status" -eq 0 ]
    expect_jsonl_eq - "$go
$python"
    expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 160 rows from 2 files"
  done
  for glob in data/python data/python/data.json '*/python/*' 'data/py*/*' 'data/python/**'; do
    smol "$glob"
    [ "$status" -eq 0 ]
    expect_jsonl_eq - "$python"
    expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 120 rows from 1 file"
  done
  # The listing starts at the folder of the glob's literal part: the root for */python/*.
  smol '*/python/*'
  expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "$smol_tree" 4 "Bearer hf_goo")
302 /datasets/$SMOL/resolve/main/data/python/data.json - - Bearer hf_goo
200 cdn:data.json - - - -"
  smol data/python/data.json
  expect_jsonl_eq <(logged_hub_requests | grep /tree/) "$(tree_pages "$smol_tree/data/python" 1 "Bearer hf_goo")"
  # Whole paths from the top: data/* and data/p* are not the files under data/python.
  # The message shows what was listed.
  for glob_listed in 'data/*:data/go/data.json, data/python/data.json' \
                     'data/p*:data/go/data.json, data/python/data.json' \
                     'data/python/data:data/python/data.json' 'data/go/*.jsonl:data/go/data.json'; do
    smol "${glob_listed%%:*}"
    [ "$status" -eq 1 ]
    [ -z "$output" ]
    expect_stderr_line "seed-hfstream: $SMOL@main: --data-files matches none of the files listed (${glob_listed#*:})"
  done
  # ** alone is every file, those at the top too: the files not named as JSON beside the data
  # are left out, and named; alone, they stop the run.
  smol '**'
  [ "$status" -eq 0 ]
  expect_jsonl_eq - "$go
$python"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 160 rows from 2 files, 2 files not data left out: .gitattributes, README.md"
  smol README.md
  [ "$status" -eq 1 ]
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL@main: not parquet, JSON Lines or JSON files (README.md): seed-hfstream reads .parquet, .jsonl, .ndjson and .json files, the JSON ones also as .gz or .zst"
  [ "$(logged_hub_requests | grep -vc /tree/)" -eq 0 ]
  # Several globs: each folder listed once, one inside another not at all.
  smol 'data/go/*,data/python/*,data/**'
  [ "$status" -eq 0 ]
  expect_jsonl_eq - "$go
$python"
  expect_jsonl_eq <(logged_hub_requests | grep /tree/) "$(tree_pages "$smol_tree/data" 2 "Bearer hf_goo")"
}

@test "files: --files takes the split's JSON or parquet files, all of them train when no path names a split" {
  # dolly: one JSON Lines file at the top, no split in its name. The files come from HF_ENDPOINT,
  # the viewer is not asked.
  expected_records "$DOLLY" default train --text context,instruction --columns category > viewer.jsonl
  SEED_HF_VIEWER=http://127.0.0.1:9 run -0 --separate-stderr seed-hfstream dolly-15k --files
  expect_jsonl_eq - "$(file_records databricks-dolly-15k.jsonl < viewer.jsonl)"
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 1 file"
  expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "/api/datasets/$DOLLY/tree/main" 2)
200 /datasets/$DOLLY/resolve/main/databricks-dolly-15k.jsonl - - - -"
  fakehub_control '{"reset":true}' > /dev/null
  run -1 --separate-stderr seed-hfstream dolly-15k --files --split test
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $DOLLY@main: no JSON or parquet data files for split 'test' (.gitattributes, README.md, databricks-dolly-15k.jsonl); choose with --data-files"
  [ "$(logged_hub_requests | grep -vc /tree/)" -eq 0 ]
  # oasst1: data/train-*.parquet and data/validation-*.parquet name their splits, so the .jsonl.gz
  # at the top is in neither. Each holds the viewer's rows: the same records, with their file (and
  # floats in the shorter notation: 0 and 3e-04, not 0.0 and 0.0003). A small parquet file is read
  # whole by the first range request, the one for its footer.
  for split_rows in train:250 validation:30; do
    split=${split_rows%:*}
    file=data/$split-00000-of-00001-$([ "$split" = train ] && echo b42a775f407cee45 || echo 134b8fd0c89408b6).parquet
    fakehub_control '{"reset":true}' > /dev/null
    run -0 --separate-stderr seed-hfstream "$OASST" --files --split "$split"
    expect_jsonl_eq - "$(expected_records "$OASST" default "$split" | file_records "$file" | parquet_floats)"
    [ "${#lines[@]}" -eq "${split_rows#*:}" ]
    logged_hub_requests > log.txt
    expect_stderr_line "seed-hfstream: $OASST default/$split: wrote ${split_rows#*:} rows from 1 file, $(fetched_summary "$OASST" main data "$file")"
    last=$(($(listed_size "$OASST" main "$file") - 1))
    expect_jsonl_eq log.txt "$(tree_pages "/api/datasets/$OASST/tree/main" 3)
302 /datasets/$OASST/resolve/main/$file bytes=0-$last - - -
206 cdn:${file#data/} bytes=0-$last - - -"
  done
  run -1 --separate-stderr seed-hfstream "$OASST" --files --split test
  expect_stderr_line "seed-hfstream: $OASST@main: no JSON or parquet data files for split 'test' (.gitattributes, 2023-04-12_oasst_ready.messages.jsonl.gz, README.md, data/train-00000-of-00001-b42a775f407cee45.parquet, data/validation-00000-of-00001-134b8fd0c89408b6.parquet); choose with --data-files"
  # The oasst1 profile on its export, both splits' 280 messages (train first), all of them train
  # here: its --where applied here, row_idx the message's line.
  keep="r['lang'] == 'en' and r['role'] == 'prompter'"
  export_file=2023-04-12_oasst_ready.messages.jsonl.gz
  expected_records "$OASST" default train --columns message_id --keep "$keep" | file_records "$export_file" > expected.jsonl
  expected_records "$OASST" default validation --columns message_id --keep "$keep" | file_records "$export_file" -250 |
    sed 's/"split":"validation"/"split":"train"/' >> expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 60 ]
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream oasst1 --data-files '*.jsonl.gz'
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $OASST default/train: wrote 60 rows from 1 file, 220 not matching --where"
  expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "/api/datasets/$OASST/tree/main" 3)
302 /datasets/$OASST/resolve/main/$export_file - - - -
200 cdn:$export_file - - - -"
}

@test "files: the-stack-smol reads data/python/* with the token, its --where applied here; the CDN gets no token" {
  where="'def ' in r['content'] or 'class ' in r['content']"
  expected_records "$SMOL" default train --text content --columns lang,repository_name,path,licenses --keep "$where" |
    file_records data/python/data.json 40 > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 120 ]
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream the-stack-smol
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 120 rows from 1 file"
  # The token goes to the Hub (the listing and resolve), not to the CDN it redirects to.
  expect_jsonl_eq <(logged_hub_requests) "200 /api/datasets/$SMOL/tree/main/data/python$LISTING - - Bearer hf_goo
302 /datasets/$SMOL/resolve/main/data/python/data.json - - Bearer hf_goo
200 cdn:data.json - - - -"
  [ "$(cdn_authorization)" = '[false]' ]
  # Both languages: no Go file defines a Python function or class.
  fakehub_control '{"reset":true}' > /dev/null
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream the-stack-smol --data-files 'data/**'
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 120 rows from 2 files, 40 not matching --where"
  [ "$(cdn_authorization)" = '[false]' ]
  # --data-files '' sends the profile to the viewer, which cannot filter it.
  fakehub_control '{"reset":true}' > /dev/null
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream the-stack-smol --data-files '' --limit 3
  expect_jsonl_eq - "$(expected_records "$SMOL" default train --text content --columns lang,repository_name,path,licenses \
                         --keep "$where" --limit 3)"
  expect_stderr_line "seed-hfstream: $SMOL default/train: wrote 3 rows from 1 page, 40 not matching --where (--where applied here: the viewer cannot filter this dataset)"
  expect_jsonl_eq <(logged_requests) "/is-valid - - - Bearer hf_goo
/rows 0 100 - Bearer hf_goo"
}

@test "files: a gated dataset without access, a missing one, a bad token: exit 1 at the listing" {
  listing="$FAKEHUB_MAIN/api/datasets/$SMOL/tree/main/data/python$LISTING"
  gated="the dataset is gated: accept its terms on the hub with your account, and set HF_TOKEN to a token of that account"
  run -1 --separate-stderr seed-hfstream the-stack-smol -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: $gated (GatedRepo, no token was sent) [$listing]"
  no_files_like 'out.jsonl*'
  HF_TOKEN=hf_noaccess run -1 --separate-stderr seed-hfstream the-stack-smol
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: $gated (GatedRepo, a token was sent) [$listing]"
  HF_TOKEN=hf_nonsense run -1 --separate-stderr seed-hfstream the-stack-smol
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: HTTP 401: Invalid credentials in Authorization header [$listing]"
  expect_jsonl_eq <(logged_hub_requests) "401 /api/datasets/$SMOL/tree/main/data/python$LISTING - - - -
403 /api/datasets/$SMOL/tree/main/data/python$LISTING - - Bearer hf_noa
401 /api/datasets/$SMOL/tree/main/data/python$LISTING - - Bearer hf_non"
  # the-stack is gated alike.
  run -1 --separate-stderr seed-hfstream the-stack
  expect_stderr_line "seed-hfstream: bigcode/the-stack: $gated (GatedRepo, no token was sent) [$FAKEHUB_MAIN/api/datasets/bigcode/the-stack/tree/main/data/python$LISTING]"
  run -1 --separate-stderr seed-hfstream nobody/nothing --files
  expect_stderr_line "seed-hfstream: nobody/nothing: $GATED_WHY (RepoNotFound, no token was sent) [$FAKEHUB_MAIN/api/datasets/nobody/nothing/tree/main$LISTING]"
}

@test "files: the-stack and github-code: their parquet files, the profile's columns and --where; github-code's id falls back from the viewer's 501" {
  stack_columns=lang,max_stars_repo_name,max_stars_repo_path,max_stars_repo_licenses
  stack_tree=/api/datasets/bigcode/the-stack/tree/main/data/python
  # Gated: without a token, or with one without access, the listing is refused.
  gated="the dataset is gated: accept its terms on the hub with your account, and set HF_TOKEN to a token of that account"
  run -1 --separate-stderr seed-hfstream the-stack
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack: $gated (GatedRepo, no token was sent) [$FAKEHUB_MAIN$stack_tree$LISTING]"
  HF_TOKEN=hf_noaccess run -1 --separate-stderr seed-hfstream the-stack
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack: $gated (GatedRepo, a token was sent) [$FAKEHUB_MAIN$stack_tree$LISTING]"
  [ "$(logged_hub_requests | grep -vc /tree/)" -eq 0 ]
  # With the token: the Python files' rows that define a function or a class, in path order.
  fakehub_parquet_records bigcode/the-stack --text content --columns "$stack_columns" --keep "$STACK_KEEP" > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 440 ]
  fakehub_control '{"reset":true}' > /dev/null
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream the-stack
  expect_jsonl_eq - "$(cat expected.jsonl)"
  logged_hub_requests > log.txt
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 440 rows from 3 files, 160 not matching --where, $(fetched_summary bigcode/the-stack main data/python)"
  # Only the listing of data/python, then range requests (resolve with the token, the CDN
  # without it), each file's after the file before it; nothing of the other languages' files.
  expect_jsonl_eq <(grep /tree/ log.txt) "$(tree_pages "$stack_tree" 2 "Bearer hf_goo")"
  sed -i /tree/d log.txt
  [ "$(grep -c '^302 /datasets/bigcode/the-stack/resolve/main/data/python/train-0000[0-2]-of-00003.parquet bytes=[0-9]*-[0-9]* - Bearer hf_goo$' log.txt)" -eq "$(grep -c '^206 cdn:train-0000[0-2]-of-00003.parquet bytes=[0-9]*-[0-9]* - - -$' log.txt)" ]
  [ "$(grep -c '^206 cdn:' log.txt)" -ge 3 ]
  [ "$(wc -l < log.txt)" -eq $(($(grep -c '^206 cdn:' log.txt) * 2)) ]
  [ "$(grep -o 'train-0000[0-2]' log.txt | uniq | tr '\n' ' ')" = "train-00000 train-00001 train-00002 " ]
  [ "$(cdn_authorization)" = '[false]' ]

  # github-code: public, all of its data/*.parquet (one of them GZIP), the Python rows that define
  # a function or a class.
  fakehub_parquet_records codeparrot/github-code --text code --columns language,repo_name,path,license \
    --keep "$GITHUB_CODE_KEEP" > expected.jsonl
  [ "$(wc -l < expected.jsonl)" -eq 181 ]
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream github-code
  expect_jsonl_eq - "$(cat expected.jsonl)"
  logged_hub_requests > log.txt
  expect_stderr_line "seed-hfstream: codeparrot/github-code default/train: wrote 181 rows from 4 files, 419 not matching --where, $(fetched_summary codeparrot/github-code main data)"
  expect_jsonl_eq <(grep /tree/ log.txt) "$(tree_pages /api/datasets/codeparrot/github-code/tree/main/data 2)"
  # Each file is smaller than the 64 KiB asked for its footer: one range request reads it whole.
  expect_jsonl_eq <(grep -v /tree/ log.txt | sed 's/bytes=0-[0-9]*/bytes=0-LAST/') "$(for k in 0 1 2 3; do
    echo "302 /datasets/codeparrot/github-code/resolve/main/data/train-0000$k-of-00004.parquet bytes=0-LAST - - -"
    echo "206 cdn:train-0000$k-of-00004.parquet bytes=0-LAST - - -"; done)"
  # The hub id: the viewer refuses a loading-script dataset with 501, and its files are read
  # instead: all of them train, so the four parquet files (the loading script is no data file). Its
  # rows have no column text.
  fakehub_control '{"reset":true}' > /dev/null
  run -2 --separate-stderr seed-hfstream codeparrot/github-code
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: codeparrot/github-code: the rows have no column 'text' for the text (they have code, repo_name, path, language, license, size); choose with --text-field
Try 'seed-hfstream --help' for more information."
  logged_hub_requests > log.txt
  expect_jsonl_eq <(head -n 5 log.txt) "501 /splits?dataset=codeparrot/github-code - - - -
$(tree_pages /api/datasets/codeparrot/github-code/tree/main 4)"
  # Nothing of the other files.
  [ "$(grep -v /tree/ log.txt | grep -vc 'train-00000-of-00004.parquet')" -eq 1 ]
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream codeparrot/github-code --text-field code --offset 149 --limit 3
  expect_jsonl_eq - "$(fakehub_parquet_records codeparrot/github-code --text code --offset 149 --limit 3)"
  [ "$(jq -c '[.file, .row_idx]' <<<"$output" | tr '\n' ' ')" = '["data/train-00000-of-00004.parquet",149] ["data/train-00001-of-00004.parquet",0] ["data/train-00001-of-00004.parquet",1] ' ]
  [ "$(logged_hub_requests | grep -c '^206 cdn:')" -eq 2 ]
  expect_stderr_line "seed-hfstream: codeparrot/github-code default/train: wrote 3 rows from 2 files, $(fetched_summary codeparrot/github-code main data data/train-00000-of-00004.parquet data/train-00001-of-00004.parquet) (read from its files: the viewer does not serve it)"
}

@test "files: a bad row stops the run at its file and line, the rows before it written whole, no resume hint; -o leaves no file" {
  record() { echo "{\"text\":\"$1\",\"source\":\"$FORMATS\",\"dataset\":\"$FORMATS\",\"config\":\"default\",\"split\":\"train\",\"file\":\"$2\",\"row_idx\":$3,\"id\":$3}"; }
  broken="bad/broken.jsonl:3: a row that is not a JSON object (invalid JSON at column 24: unexpected end of line, expected a value)"
  # No --offset can step over the bad row, so the message offers none.
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files bad/broken.jsonl
  expect_jsonl_eq - "$(record one bad/broken.jsonl 0)
$(record two bad/broken.jsonl 1)"
  expect_stderr_line "seed-hfstream: $FORMATS: $broken; 2 rows were written"
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files bad/broken.jsonl --offset 1
  expect_jsonl_eq - "$(record two bad/broken.jsonl 1)"
  expect_stderr_line "seed-hfstream: $FORMATS: $broken; 1 row was written"
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files bad/broken.jsonl -o out.jsonl
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS: $broken; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files bad/not-object.jsonl
  expect_jsonl_eq - "$(record one bad/not-object.jsonl 0)"
  expect_stderr_line "seed-hfstream: $FORMATS: bad/not-object.jsonl:2: a row that is not a JSON object (expected a JSON object, found an array); 1 row was written"
  # Files that are not JSON by their names, and no others, stop the run before any download.
  fakehub_control '{"reset":true}' > /dev/null
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files bad/not-json.txt
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS@main: not parquet, JSON Lines or JSON files (bad/not-json.txt): seed-hfstream reads .parquet, .jsonl, .ndjson and .json files, the JSON ones also as .gz or .zst"
  [ "$(logged_hub_requests | grep -vc /tree/)" -eq 0 ]
  # Beside JSON files, they are left out: bad/* reads bad/broken.jsonl (and stops there).
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files 'bad/*'
  expect_jsonl_eq - "$(record one bad/broken.jsonl 0)
$(record two bad/broken.jsonl 1)"
  expect_stderr_line "seed-hfstream: $FORMATS: $broken; 2 rows were written"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 $FORMATS_RESOLVE/bad/broken.jsonl - - - -"
  # Globs that match nothing: the message names the first 8 files listed.
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files 'data/*.csv'
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS@main: --data-files matches none of the files listed (data/blank-lines.jsonl, data/crlf.jsonl, data/rows.json, data/rows.json.gz, data/rows.jsonl, data/rows.jsonl.gz, data/rows.jsonl.zst)"
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files 'data/*.csv,many/*.csv'
  expect_stderr_line "seed-hfstream: $FORMATS@main: --data-files matches none of the files listed (data/blank-lines.jsonl, data/crlf.jsonl, data/rows.json, data/rows.json.gz, data/rows.jsonl, data/rows.jsonl.gz, data/rows.jsonl.zst, many/part-0000.jsonl, ... (19 files))"
}

@test "files: --offset and --limit count rows across files; a run with --limit K and one with --offset K make one run" {
  jsonl_file_records "$FORMATS" many/part-{0000..0011}.jsonl > expected.jsonl
  for k in 1 10 15 119; do
    seed-hfstream -q "$FORMATS" --data-files 'many/*' --limit "$k" > first.jsonl
    seed-hfstream -q "$FORMATS" --data-files 'many/*' --offset "$k" > rest.jsonl
    [ "$(wc -l < first.jsonl)" -eq "$k" ]
    cat first.jsonl rest.jsonl | cmp - expected.jsonl
  done
  # ids 15..17: rows 5..7 of the second file; no file after it is asked for.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files 'many/*' --offset 15 --limit 3
  expect_jsonl_eq - "$(sed -n '16,18p' expected.jsonl)"
  [ "$(jq -c '[.id, .file, .row_idx]' <<<"$output" | tr '\n' ' ')" = '[15,"many/part-0001.jsonl",5] [16,"many/part-0001.jsonl",6] [17,"many/part-0001.jsonl",7] ' ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 3 rows from 2 files"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 $FORMATS_RESOLVE/many/part-0000.jsonl - - - -
200 $FORMATS_RESOLVE/many/part-0001.jsonl - - - -"
  # --limit 0 downloads nothing; an offset at the end reads every file.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files 'many/*' --limit 0
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 0 rows from 0 files"
  [ "$(logged_hub_requests | grep -vc /tree/)" -eq 0 ]
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files 'many/*' --offset 120
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 0 rows from 12 files"
}

@test "files: a download that breaks off is resumed with Range from the byte it stopped at; the output is the same" {
  expected_records "$FORMATS" default train > viewer.jsonl
  seed-hfstream -q "$FORMATS" --data-files data/rows.jsonl.gz,data/rows.jsonl > good.jsonl
  expect_jsonl_eq good.jsonl "$(file_records data/rows.jsonl < viewer.jsonl)
$(file_records data/rows.jsonl.gz < viewer.jsonl)"
  # An LFS file from the CDN: the rest is asked for through resolve again, with its Range.
  for at in 0 1 500; do
    fakehub_control "{\"reset\":true,\"truncate\":1,\"truncate_at\":$at,\"match\":[\"cdn\"]}" > /dev/null
    run -0 --separate-stderr seed-hfstream --backoff 10 "$FORMATS" --data-files data/rows.jsonl.gz,data/rows.jsonl
    expect_jsonl_eq - "$(cat good.jsonl)"
    expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 46 rows from 2 files, skipped 4 without text, 1 retry"
    # Nothing was received at 0: the next try asks for it all.
    range=$([ "$at" -eq 0 ] && echo - || echo "bytes=$at-")
    expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 $FORMATS_RESOLVE/data/rows.jsonl - - - -
302 $FORMATS_RESOLVE/data/rows.jsonl.gz - - - -
200 cdn:rows.jsonl.gz - truncate - -
302 $FORMATS_RESOLVE/data/rows.jsonl.gz $range - - -
$([ "$at" -eq 0 ] && echo 200 || echo 206) cdn:rows.jsonl.gz $range - - -"
  done
  # A plain git file from resolve, twice; the second try is cut short too.
  fakehub_control '{"reset":true,"truncate":2,"truncate_at":1000,"match":["resolve"]}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 "$FORMATS" --data-files data/rows.jsonl
  expect_jsonl_eq - "$(head -n 23 good.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 23 rows from 1 file, skipped 2 without text, 2 retries"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 $FORMATS_RESOLVE/data/rows.jsonl - truncate - -
206 $FORMATS_RESOLVE/data/rows.jsonl bytes=1000- truncate - -
206 $FORMATS_RESOLVE/data/rows.jsonl bytes=2000- - - -"
  # When the last try breaks off too, the rows its bytes hold are written before the failure.
  fakehub_control '{"reset":true,"truncate":2,"truncate_at":500,"match":["resolve"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 "$FORMATS" --data-files data/rows.jsonl
  expect_jsonl_eq - "$(head -n 8 good.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS: Transferred a partial file [$FAKEHUB_MAIN$FORMATS_RESOLVE/data/rows.jsonl]; 8 rows were written; resume with --offset 8"
}

@test "files: a dropped or rate-limited listing page is retried" {
  jsonl_file_records "$FORMATS" many/part-{0000..0011}.jsonl > many.jsonl
  fakehub_control '{"drop":1,"rate_limit":1,"retry_after":0,"match":["tree"]}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 "$FORMATS" --data-files 'many/*'
  expect_jsonl_eq - "$(cat many.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 120 rows from 12 files, 2 retries"
  expect_jsonl_eq <(logged_hub_requests | grep /tree/) "- $FORMATS_TREE/many$LISTING - drop - -
429 $FORMATS_TREE/many$LISTING - rate_limit - -
$(tree_pages "$FORMATS_TREE/many" 6)"
}

@test "files: a failure that outlasts --tries: exit 1 naming the URL, the rows before it written, resume with --offset" {
  # A listing page cut short on every try: nothing read.
  fakehub_control '{"reset":true,"truncate":2,"truncate_at":50,"match":["tree"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 "$FORMATS" --data-files 'many/*'
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS: Transferred a partial file [$FAKEHUB_MAIN$FORMATS_TREE/many$LISTING]"
  # The second file's CDN download fails on all 3 tries: the first file's rows are written, and
  # the message names the file's URL on the hub (not the CDN's signed one).
  seed-hfstream -q "$FORMATS" --data-files data/rows.json,data/rows.json.gz > good.jsonl
  fakehub_control '{"reset":true,"plain_500":3,"match":["cdn"]}' > /dev/null
  code=0
  seed-hfstream --tries 3 --backoff 10 "$FORMATS" --data-files data/rows.json,data/rows.json.gz > part.jsonl 2> stderr.txt || code=$?
  [ "$code" -eq 1 ]
  expect_jsonl_eq stderr.txt "seed-hfstream: $FORMATS: HTTP 500: Internal Server Error [$FAKEHUB_MAIN$FORMATS_RESOLVE/data/rows.json.gz]; 23 rows were written; resume with --offset 25"
  expect_jsonl_eq part.jsonl "$(head -n 23 good.jsonl)"
  [ "$(logged_hub_requests | grep -c '^500 cdn:rows.json.gz - plain_500 - -$')" -eq 3 ]
  fakehub_control '{"reset":true}' > /dev/null
  seed-hfstream -q "$FORMATS" --data-files data/rows.json,data/rows.json.gz --offset 25 >> part.jsonl
  cmp part.jsonl good.jsonl
  # A later file's resolve fails on both tries: the first file's 40 rows are written. The first
  # file's answer waits half a second while the fault is set, for the requests after it.
  fakehub_control '{"reset":true,"latency_ms":500}' > /dev/null
  HF_TOKEN=hf_good seed-hfstream --tries 2 --backoff 10 "$SMOL" --text-field content --columns path \
    --data-files 'data/**' > part.jsonl 2> stderr.txt 3>&- &
  pid=$!
  inject_after_request "/datasets/$SMOL/resolve/main/data/go/data.json" '{"latency_ms":0,"plain_500":2,"match":["resolve"]}'
  code=0
  wait "$pid" || code=$?
  [ "$code" -eq 1 ]
  expect_jsonl_eq stderr.txt "seed-hfstream: $SMOL: HTTP 500: Internal Server Error [$FAKEHUB_MAIN/datasets/$SMOL/resolve/main/data/python/data.json]; 40 rows were written; resume with --offset 40"
  expect_jsonl_eq part.jsonl "$(expected_records "$SMOL" default train --text content --columns path --limit 40 |
                                file_records data/go/data.json)"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "200 /datasets/$SMOL/resolve/main/data/go/data.json - - Bearer hf_goo
500 /datasets/$SMOL/resolve/main/data/python/data.json - plain_500 Bearer hf_goo
500 /datasets/$SMOL/resolve/main/data/python/data.json - plain_500 Bearer hf_goo"
  # The first file's resolve fails: nothing written; with -o, no file.
  fakehub_control '{"reset":true,"plain_500":2,"match":["resolve"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 "$FORMATS" --data-files 'many/*' --offset 7
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS: HTTP 500: Internal Server Error [$FAKEHUB_MAIN$FORMATS_RESOLVE/many/part-0000.jsonl]; 0 rows were written; resume with --offset 7"
  fakehub_control '{"reset":true,"not_ready":2,"match":["resolve"]}' > /dev/null
  run -1 --separate-stderr seed-hfstream --tries 2 --backoff 10 "$FORMATS" --data-files 'many/*' -o out.jsonl
  [ -z "$output" ]
  [[ "$stderr" == "seed-hfstream: $FORMATS: HTTP 500 ResponseNotReady: "*" [$FAKEHUB_MAIN$FORMATS_RESOLVE/many/part-0000.jsonl]; out.jsonl was not written (it appears only when the run succeeds)" ]]
  no_files_like 'out.jsonl*'
}

@test "files: rows are written as the file arrives, before its download ends" {
  expected_records "$FORMATS" default train > viewer.jsonl
  # The CDN sends 300 bytes of the 1088 of rows.jsonl.gz, then holds the connection: the two rows
  # asked for are in them, so the run ends at once (timeout: only so that a failure is quick).
  fakehub_control '{"stall":1,"stall_at":300,"match":["cdn"]}' > /dev/null
  run -0 --separate-stderr timeout 30 seed-hfstream "$FORMATS" --data-files data/rows.jsonl.gz --limit 2
  expect_jsonl_eq - "$(head -n 2 viewer.jsonl | file_records data/rows.jsonl.gz)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 2 rows from 1 file"
  expect_jsonl_eq <(logged_hub_requests | grep -v /tree/) "302 $FORMATS_RESOLVE/data/rows.jsonl.gz - - - -
200 cdn:rows.jsonl.gz - stall - -"
  [ "$(fakehub_log | jq -c '[.[] | select(.port == "cdn") | .sent]')" = '[300]' ]
  # Without --limit: the rows whose lines end in the first 1000 bytes of rows.jsonl (rows 0 to
  # 7) reach the reader while resolve holds the rest, and the run goes on. The reader keeps the
  # FIFO open (fd 4) until the run is stopped.
  fakehub_control '{"reset":true,"stall":1,"stall_at":1000,"match":["resolve"]}' > /dev/null
  mkfifo rows.fifo
  seed-hfstream "$FORMATS" --data-files data/rows.jsonl > rows.fifo 2> stderr.txt 3>&- &
  pid=$!
  exec 4< rows.fifo
  for _ in 1 2 3 4 5 6 7 8; do
    IFS= read -r -t 30 -u 4 line
    printf '%s\n' "$line" >> first.jsonl
  done
  kill -0 "$pid"
  # and no more: the ninth row is not whole.
  if read -r -t 0 -u 4; then
    echo "more output while the file is held" >&2
    false
  fi
  expect_jsonl_eq first.jsonl "$(head -n 8 viewer.jsonl | file_records data/rows.jsonl)"
  [ "$(fakehub_log | jq -c '[.[] | select(.path | contains("/resolve/")) | [.fault, .sent]]')" = '[["stall",1000]]' ]
  kill "$pid"
  wait "$pid" || true
  exec 4<&-
  # It had neither failed nor finished: no message.
  [ ! -s stderr.txt ]
}

@test "files: --where is evaluated here: comparisons, struct fields, NULL; a value of the wrong type stops the run" {
  expected_records "$FORMATS" default train > viewer.jsonl
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.jsonl --where '"id" > 20'
  expect_jsonl_eq - "$(tail -n 4 viewer.jsonl | file_records data/rows.jsonl)"
  [ "$(jq -c .id <<<"$output" | tr '\n' ' ')" = "21 22 23 24 " ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 4 rows from 1 file, 21 not matching --where"
  # --offset and --limit count matches; row_idx stays the row's place in the file.
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.jsonl --where '"id" > 20' --offset 1 --limit 2
  expect_jsonl_eq - "$(sed -n '21,22p' viewer.jsonl | file_records data/rows.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 2 rows from 1 file, 21 not matching --where"
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.jsonl.zst --where "\"meta\".\"lang\" = 'de'"
  expect_jsonl_eq - "$(sed -n 2p viewer.jsonl | file_records data/rows.jsonl.zst)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 1 row from 1 file, 24 not matching --where"
  # Every part of the summary, in its order.
  fakehub_control '{"reset":true,"truncate":1,"match":["resolve"]}' > /dev/null
  run -0 --separate-stderr seed-hfstream --backoff 10 "$FORMATS" --data-files 'data/rows.jsonl,*.md' --where '"id" > 2'
  expect_jsonl_eq - "$(tail -n 20 viewer.jsonl | file_records data/rows.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 20 rows from 1 file, 3 not matching --where, skipped 2 without text, 1 retry, 1 file not data left out: README.md"
  # Row 9 has a null text and a null meta.lang: it matches, and is skipped for want of text.
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.json --where '"meta"."lang" IS NULL'
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 0 rows from 1 file, 24 not matching --where, skipped 1 without text"
  # The first row's text is a string: exit 1 there, as for a bad row (no resume hint: a resumed
  # run stops at that row again).
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.jsonl --where '"text" > 20'
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $FORMATS: data/rows.jsonl:1: column \"text\" is a string, compared with the number 20; 0 rows were written"
  # Only when a row gets that far: OR looks no further once "lang" is Go, so the 40 Go rows are
  # written before the first Python row stops the run.
  HF_TOKEN=hf_good run -1 --separate-stderr seed-hfstream the-stack-smol --data-files 'data/**' --where "\"lang\" = 'Go' OR \"licenses\" = 1"
  [ "${#lines[@]}" -eq 40 ]
  expect_stderr_line "seed-hfstream: $SMOL: data/python/data.json:1: column \"licenses\" is an array, which cannot be compared; 40 rows were written"
  # An EXPR outside the viewer's syntax is a usage error, before any request.
  fakehub_control '{"reset":true}' > /dev/null
  expect_usage_error "--where: at column 1: column names go in double quotes: \"lang\", not lang" "$FORMATS" --data-files data/rows.jsonl --where "lang='en'"
  expect_usage_error "--where: at column 1: column names go in double quotes: \"lang\", not lang" the-stack-smol --where "lang='en'"
  [ -z "$(logged_requests)" ]
}

@test "a hub id whose rows have no column text: exit 2 naming the columns they have" {
  HF_TOKEN=hf_good run -2 --separate-stderr seed-hfstream bigcode/the-stack
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack: the rows have no column 'text' for the text (they have hexsha, size, ext, lang, max_stars_repo_path, max_stars_repo_name, max_stars_repo_head_hexsha, max_stars_repo_licenses, max_stars_count, max_stars_repo_stars_event_min_datetime, max_stars_repo_stars_event_max_datetime, max_issues_repo_path, max_issues_repo_name, max_issues_repo_head_hexsha, max_issues_repo_licenses, max_issues_count, max_issues_repo_issues_event_min_datetime, max_issues_repo_issues_event_max_datetime, max_forks_repo_path, max_forks_repo_name, max_forks_repo_head_hexsha, max_forks_repo_licenses, max_forks_count, max_forks_repo_forks_event_min_datetime, max_forks_repo_forks_event_max_datetime, content, avg_line_length, max_line_length, alphanum_fraction); choose with --text-field
Try 'seed-hfstream --help' for more information."
  expect_jsonl_eq <(logged_requests) "/splits - - - Bearer hf_goo
/rows 0 100 - Bearer hf_goo"
  # From the files too, and with several text columns named.
  for args in "--files" "--files --text-field prompt,answer"; do
    # shellcheck disable=SC2086
    run -2 --separate-stderr seed-hfstream "$DOLLY" $args -o out.jsonl
    [[ "$stderr" == "seed-hfstream: $DOLLY: the rows have no column "*" for the text (they have instruction, context, response, category); choose with --text-field
Try 'seed-hfstream --help' for more information." ]]
  done
  [[ "$stderr" == *": the rows have no column 'prompt', 'answer' for the text ("* ]]
  no_files_like 'out.jsonl*'
}

@test "partial: the viewer serves only the first part of the-stack's split, and the summary says so" {
  expected_records bigcode/the-stack default train --text content --limit 5 > expected.jsonl
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream bigcode/the-stack --text-field content --limit 5
  expect_jsonl_eq - "$(cat expected.jsonl)"
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 5 rows from 1 page; the viewer serves only the first part of this split (partial): all of it is in the dataset's files"
  HF_TOKEN=hf_good run -0 --separate-stderr seed-hfstream bigcode/the-stack --text-field content --columns lang --where "\"lang\"='Python'"
  [ "${#lines[@]}" -eq 40 ]
  expect_stderr_line "seed-hfstream: bigcode/the-stack default/train: wrote 40 rows from 1 page, 20 not matching --where (--where applied here: the viewer cannot filter this dataset); the viewer serves only the first part of this split (partial): all of it is in the dataset's files"
  # Not for a split the viewer serves whole.
  run -0 --separate-stderr seed-hfstream dolly-15k --limit 5
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 5 rows from 1 page"
}

@test "the progress line: on a terminal only, drawn at the first page or file, erased before the summary" {
  # script(1) gives seed-hfstream a terminal; its output is stderr (and stdout, empty with -o).
  e=$'\r\e\\[K'
  run -0 script -qec "seed-hfstream dolly-15k -o out.jsonl" /dev/null
  progress="${e}seed-hfstream: [0-9,]+ rows, [0-9,]+ rows/s, [0-9]+ pages?"
  [[ "$output" =~ ^${e}seed-hfstream:\ 100\ rows,\ [0-9,]+\ rows/s,\ 1\ page($progress)*${e}seed-hfstream:\ $DOLLY\ default/train:\ wrote\ 230\ rows\ from\ 3\ pages$'\r'$ ]]
  [ "$(wc -l < out.jsonl)" -eq 230 ]
  run -0 script -qec "seed-hfstream $FORMATS --data-files 'many/*' -o out.jsonl" /dev/null
  progress="${e}seed-hfstream: [0-9,]+ rows, [0-9,]+ rows/s, [0-9]+ files?, [0-9,]+\\.[0-9] MiB"
  [[ "$output" =~ ^${e}seed-hfstream:\ 10\ rows,\ [0-9,]+\ rows/s,\ 1\ file,\ 0\.0\ MiB($progress)*${e}seed-hfstream:\ $FORMATS\ default/train:\ wrote\ 120\ rows\ from\ 12\ files$'\r'$ ]]
  # -q: neither.
  run -0 script -qec "seed-hfstream -q dolly-15k -o out.jsonl" /dev/null
  [ -z "$output" ]
  # Not a terminal: the summary alone.
  run -0 --separate-stderr seed-hfstream dolly-15k -o out.jsonl
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 230 rows from 3 pages"
}

@test "files: --revision names the branch, tag or commit, one path segment in the URLs" {
  # refs/convert/parquet: the viewer's conversion, parquet: the viewer's records, with their file
  # (whole floats without a point: 0 and 1, not 0.0 and 1.0).
  run -0 --separate-stderr seed-hfstream "$FORMATS" --files --revision refs/convert/parquet
  expected_records "$FORMATS" default train | file_records default/train/0000.parquet > viewer.jsonl
  grep -q '"score":0.0,' viewer.jsonl
  expect_jsonl_eq - "$(parquet_floats < viewer.jsonl)"
  expect_stderr_line "seed-hfstream: $FORMATS default/train: wrote 23 rows from 1 file, skipped 2 without text, $(fetched_summary "$FORMATS" refs/convert/parquet default)"
  last=$(($(listed_size "$FORMATS" refs/convert/parquet default/train/0000.parquet) - 1))
  expect_jsonl_eq <(logged_hub_requests | head -n 4) "$(tree_pages "/api/datasets/$FORMATS/tree/refs%2Fconvert%2Fparquet" 2)
302 /datasets/$FORMATS/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet bytes=0-$last - - -
206 cdn:0000.parquet bytes=0-$last - - -"
  fakehub_control '{"reset":true}' > /dev/null
  # A commit: the listing and the download at it.
  commit=$(python3 -c '
import os, sys
sys.path.insert(0, os.path.join(os.environ["SEED_SOURCE_ROOT"], "tests", "fakehub"))
import fakehub
print(fakehub.build_catalogue()[1]["seed-tools/formats"].revisions["main"].sha)')
  [ "${#commit}" -eq 40 ]
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$FORMATS" --data-files data/rows.jsonl.gz --revision "$commit"
  expect_jsonl_eq - "$(expected_records "$FORMATS" default train | file_records data/rows.jsonl.gz)"
  expect_jsonl_eq <(logged_hub_requests) "$(tree_pages "/api/datasets/$FORMATS/tree/$commit/data" 4)
302 /datasets/$FORMATS/resolve/$commit/data/rows.jsonl.gz - - - -
200 cdn:rows.jsonl.gz - - - -"
  # A revision the repository lacks; a folder it lacks.
  run -1 --separate-stderr seed-hfstream "$FORMATS" --files --revision v9
  expect_stderr_line "seed-hfstream: $FORMATS: HTTP 404 RevisionNotFound: Invalid rev id: v9 [$FAKEHUB_MAIN/api/datasets/$FORMATS/tree/v9$LISTING]"
  run -1 --separate-stderr seed-hfstream "$FORMATS" --data-files 'nothing/*'
  expect_stderr_line "seed-hfstream: $FORMATS@main: --data-files: no folder 'nothing' in the repository [$FAKEHUB_MAIN$FORMATS_TREE/nothing$LISTING]"
  # A revision is of the files: --revision reads them without --files.
  fakehub_control '{"reset":true}' > /dev/null
  run -0 --separate-stderr seed-hfstream "$FORMATS" --revision "$commit" --data-files data/rows.jsonl --limit 1
  expect_jsonl_eq - "$(expected_records "$FORMATS" default train --limit 1 | file_records data/rows.jsonl)"
  expect_usage_error "--data-files: '..' in a path of the repository: ../x" "$FORMATS" --data-files ../x
  expect_usage_error "--revision: an empty revision" "$FORMATS" --files --revision ''
  expect_usage_error "--data-files: empty item in list: 'a,,b'" "$FORMATS" --data-files a,,b
  expect_usage_error "option '--files' takes no value" "$FORMATS" --files=yes
}
