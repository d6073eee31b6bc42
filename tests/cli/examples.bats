#!/usr/bin/env bats
# The README's main command: examples/sample.sh on the bundled sample data.

load helpers

@test "examples/sample.sh merges and reports the bundled sample" {
  run --separate-stderr env SEED_BIN= "$SEED_SOURCE_ROOT/examples/sample.sh" "$WORK/out"
  assert_success
  expect_stderr_line "seed-filter: read 15, kept 13, dropped 2 (min 2)
seed-filter: read 12, kept 9, dropped 3 (min 2, code-ratio 1)
seed-stats: read 22 records from 2 inputs"
  assert_line --index 0 'by domain      records       %        mean      median         p90'
  assert_line --index 1 'code                13   59.1%       308.8       271.0       534.0'
  assert_line --index 2 'nl                   9   40.9%       174.8       159.0       230.4'
  assert_line --index 3 '(all)               22  100.0%       254.0       210.5       498.1'
  assert_output --partial "outputs: $WORK/out/code_merged.jsonl $WORK/out/nl_merged.jsonl $WORK/out/stats.json"
  [ "$(wc -l < out/code_merged.jsonl)" -eq 13 ]
  [ "$(wc -l < out/nl_merged.jsonl)" -eq 9 ]
  # Every output record is in the seed format, with its domain.
  python3 - <<'PY'
import json
for name, domain in (("out/code_merged.jsonl", "code"), ("out/nl_merged.jsonl", "nl")):
    for line in open(name, encoding="utf-8"):
        r = json.loads(line)
        assert list(r)[:3] == ["text", "domain", "source"], r
        assert r["domain"] == domain and 100 <= len(r["text"]) <= 2500
report = json.load(open("out/stats.json"))
assert report["records"] == 22 and report["by"] == "source"
PY
}
