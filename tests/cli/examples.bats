#!/usr/bin/env bats
# examples/sample.sh, the shorter job on the bundled sample data (examples/acquire.sh, the README's main command, has tests/cli/acquire.bats).

load helpers

@test "examples/sample.sh merges and reports the bundled sample" {
  run --separate-stderr env SEED_BIN= "$SEED_SOURCE_ROOT/examples/sample.sh" "$WORK/out"
  assert_success
  expect_stderr_line "seed-gitextract: 1 repository, 3 files (skipped 1: not-source 1), kept 2 of 3 definitions (dropped min 1)
seed-filter: read 17, kept 15, dropped 2 (min 2)
seed-dedup: read 15, kept 14, dropped 1 (exact 1)
seed-filter: read 13, kept 10, dropped 3 (min 2, code-ratio 1)
seed-dedup: read 10, kept 9, dropped 1 (exact 0, near 1)
seed-stats: read 23 records from 2 inputs"
  assert_line --index 0 'by domain      records       %        mean      median         p90'
  assert_line --index 1 'code                14   60.9%       361.6       309.0       540.0'
  assert_line --index 2 'nl                   9   39.1%       174.8       159.0       230.4'
  assert_line --index 3 '(all)               23  100.0%       288.5       218.0       534.0'
  assert_output --partial "outputs: $WORK/out/code_merged.jsonl $WORK/out/nl_merged.jsonl $WORK/out/stats.json"
  [ "$(wc -l < out/code_merged.jsonl)" -eq 14 ]
  # Task 1: the sample repository's class and function that fit the plan's bounds, from its commit.
  run python3 -c 'import json,sys; [print(r["path"], r["name"], r["kind"], r["start_line"], r["end_line"], r["license"], r["commit"]) for r in map(json.loads, open("out/textkit.jsonl"))]'
  assert_output "textkit/tokens.py Tokenizer class 6 30 MIT b092cc1f3c31b0416dfd95a95fba5c082683b8f4
textkit/wrap.py wrap_paragraph function 4 15 MIT b092cc1f3c31b0416dfd95a95fba5c082683b8f4"
  [ "$(wc -l < out/nl_merged.jsonl)" -eq 9 ]
  # The Kyoto prompt pasted again with "Thanks a lot!" is dropped as a near-duplicate of the first.
  run cat out/nl_dropped.jsonl
  assert_output '{"dropped":{"file":"<stdin>","line":7,"source":"claude_export"},"kept":{"file":"<stdin>","line":5,"source":"claude_export"},"match":"near","similarity":0.910}'
  ! grep -q 'Thanks a lot' out/nl_merged.jsonl
  # Every output record is in the seed format, with its domain.
  python3 - <<'PY'
import json
for name, domain in (("out/code_merged.jsonl", "code"), ("out/nl_merged.jsonl", "nl")):
    for line in open(name, encoding="utf-8"):
        r = json.loads(line)
        assert list(r)[:3] == ["text", "domain", "source"], r
        assert r["domain"] == domain and 100 <= len(r["text"]) <= 2500
report = json.load(open("out/stats.json"))
assert report["records"] == 23 and report["by"] == "source"
PY
}
