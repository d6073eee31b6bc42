#!/usr/bin/env bats
# seed-hfstream against the fake viewer (tests/fakehub): the profiles, the options, concurrency,
# retries and resuming, the token, usage errors and a closed pipe. The expected records come
# from the fake's own generator (build_catalogue), made into records here in Python as
# seed-hfstream(1) describes them, not from the tool.

load helpers
load ../fakehub/fakehub

DOLLY=databricks/databricks-dolly-15k
OASST=OpenAssistant/oasst1
SMOL=bigcode/the-stack-smol

setup_file() {
  # One fake for the file; every test resets its faults, latency and log. TMPDIR: the helper's
  # folder for the port FIFO and the fake's stderr, removed with the file's temporary folder.
  TMPDIR="$BATS_FILE_TMPDIR" fakehub_start
}

teardown_file() {
  fakehub_stop
}

setup() {
  WORK="$(mktemp -d)"
  cd "$WORK" || return 1
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
  # A hub id's text column is text: dolly has none.
  run -0 --separate-stderr seed-hfstream "$DOLLY"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $DOLLY default/train: wrote 0 rows from 3 pages, skipped 230 without text"
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

@test "--where: the viewer's 422 for a rejected expression; a dataset that cannot be filtered" {
  run -1 --separate-stderr seed-hfstream "$OASST" --where "lang='en'"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $OASST: HTTP 422 InvalidParameter: Parameter 'where' contains errors or invalid symbols [$FAKEHUB_MAIN/filter?dataset=$OASST&config=default&split=train&where=lang%3D%27en%27&offset=0&length=100]; 0 rows were written; resume with --offset 0"
  run -1 --separate-stderr seed-hfstream "$OASST" --where '"lang"=1' -o out.jsonl
  expect_stderr_line "seed-hfstream: $OASST: HTTP 422 InvalidParameter: A query parameter is invalid [$FAKEHUB_MAIN/filter?dataset=$OASST&config=default&split=train&where=%22lang%22%3D1&offset=0&length=100]; out.jsonl was not written (it appears only when the run succeeds)"
  no_files_like 'out.jsonl*'
  # the-stack-smol: /is-valid says filter false; nothing else is asked.
  fakehub_control '{"reset":true}' > /dev/null
  HF_TOKEN=hf_good run -1 --separate-stderr seed-hfstream "$SMOL" --where "\"lang\"='Go'"
  [ -z "$output" ]
  expect_stderr_line "seed-hfstream: $SMOL: the viewer cannot filter this dataset, so --where cannot be used with it"
  expect_jsonl_eq <(logged_requests) "/splits - - - Bearer hf_goo
/is-valid - - - Bearer hf_goo"
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
  for run_args in "$SMOL --text-field content --limit 150" "$SMOL --text-field content --columns nope --where x" \
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
  expect_usage_error "one dataset at a time, not 2" oasst1 dolly-15k
  expect_usage_error "one dataset at a time, not 3" a/b c/d e/f
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
  for option in --config --split --limit --offset --where --text-field --columns "-j, --jobs" --tries --backoff "-o, --output" "-q, --quiet"; do
    assert_output --partial "  $option "
  done
  assert_output --partial "DATASET is a hub id (OpenAssistant/oasst1) or a profile: oasst1, dolly-15k."
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
