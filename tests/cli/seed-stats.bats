#!/usr/bin/env bats
# seed-stats: the report's numbers, layout, grouping and its agreement with a Python reference.

load helpers

small_corpus() {
  cat > code.jsonl <<'EOF'
{"text":"def f():\n    return 1\n","source":"repo","language":"python"}
{"text":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx","source":"hf"}
{"text":"café","source":"repo"}
EOF
}

@test "the text report: totals, distributions and the plan's buckets" {
  small_corpus
  run --separate-stderr seed-stats code.jsonl
  assert_success
  expect_jsonl_eq - 'records   3
bytes     239
chars     238
lines     4

                   min         max        mean      median         p90
chars                4         212        79.3        22.0       174.0
lines                1           2         1.3         1.0         1.8

length         records       %
<200                 2   66.7%  ########################################
200-500              1   33.3%  ####################
500-1000             0    0.0%
1000-2000            0    0.0%
>2000                0    0.0%'
  expect_stderr_line "seed-stats: read 3 records from 1 input"
}

@test "--json agrees with a Python reference on a generated corpus" {
  python3 - <<'EOF'
import json, random
rng = random.Random(7)
alphabet = list("abc def\n") + ["é", "日", "😀"]
with open("a.jsonl", "w") as a, open("b.jsonl", "w") as b:
    for i in range(3000):
        n = rng.choice([0, 199, 200, 499, 500, 999, 1000, 1999, 2000, rng.randint(0, 5000)])
        text = "".join(rng.choice(alphabet) for _ in range(n))
        (a if i % 2 else b).write(json.dumps({"text": text}, ensure_ascii=rng.random() < 0.5) + "\n")
EOF
  seed-stats -q --json a.jsonl b.jsonl > got.json
  python3 - <<'EOF'
import json, statistics
texts = [json.loads(l)["text"] for f in ("a.jsonl", "b.jsonl") for l in open(f, encoding="utf-8")]
got = json.load(open("got.json"))

def lines(t):
    return t.count("\n") + (1 if t and not t.endswith("\n") else 0)

def pct(values, q):  # numpy.percentile's default (linear)
    v = sorted(values)
    pos = (len(v) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)

for name, values in (("chars", [len(t) for t in texts]), ("lines", [lines(t) for t in texts])):
    g = got[name]
    assert g["total"] == sum(values), (name, g, sum(values))
    assert g["min"] == min(values) and g["max"] == max(values), name
    assert abs(g["mean"] - sum(values) / len(values)) < 1e-9, name
    assert g["median"] == statistics.median(values), (name, g["median"], statistics.median(values))
    assert abs(g["p90"] - pct(values, 0.9)) < 1e-9, (name, g["p90"], pct(values, 0.9))
assert got["records"] == len(texts) and got["files"] == 2
assert got["bytes"] == sum(len(t.encode("utf-8")) for t in texts)
# The plan's Phase 4 buckets, as its code computes them.
plan = {"<200": 0, "200-500": 0, "500-1000": 0, "1000-2000": 0, ">2000": 0}
for n in (len(t) for t in texts):
    if n < 200: plan["<200"] += 1
    elif n < 500: plan["200-500"] += 1
    elif n < 1000: plan["500-1000"] += 1
    elif n < 2000: plan["1000-2000"] += 1
    else: plan[">2000"] += 1
assert {b["range"]: b["count"] for b in got["buckets"]} == plan, got["buckets"]
EOF
}

@test "--by groups by a field's value; missing last, non-strings by their JSON text" {
  small_corpus
  printf '%s\n' '{"text":"no source here"}' '{"text":"numbered","source":3}' >> code.jsonl
  run --separate-stderr seed-stats --by source code.jsonl
  assert_success
  assert_line --index 0 'by source       records       %        mean      median         p90'
  assert_line --index 1 '3                     1   20.0%         8.0         8.0         8.0'
  assert_line --index 2 'hf                    1   20.0%       212.0       212.0       212.0'
  assert_line --index 3 'repo                  2   40.0%        13.0        13.0        20.2'
  assert_line --index 4 '(missing)             1   20.0%        14.0        14.0        14.0'
  assert_line --index 5 '(all)                 5  100.0%        52.0        14.0       136.0'
  assert_output --partial '== source: repo ==
records   2
bytes     27
chars     26'
  assert_output --partial '== source: (missing) ==
records   1'
  assert_output --partial '== all ==
records   5'
  run --separate-stderr seed-stats --by source --json code.jsonl
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["by"] == "source"
assert [g["key"] for g in r["groups"]] == ["3", "hf", "repo", None], r["groups"]
assert [g["records"] for g in r["groups"]] == [1, 1, 2, 1]
assert r["records"] == 5
' "$output"
}

@test "several files are one corpus unless --by file" {
  small_corpus
  cp code.jsonl other.jsonl
  run --separate-stderr seed-stats --json code.jsonl other.jsonl
  assert_output --partial '{"files":2,"records":6,'
  expect_stderr_line "seed-stats: read 6 records from 2 inputs"
  run --separate-stderr seed-stats --by file --json code.jsonl other.jsonl
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert [(g["key"], g["records"]) for g in r["groups"]] == [("code.jsonl", 3), ("other.jsonl", 3)], r["groups"]
' "$output"
}

@test "a record without a string text is bad input" {
  printf '{"text":"ok"}\n{"content":"not a seed record"}\n{"text":7}\n' > bad.jsonl
  run --separate-stderr seed-stats bad.jsonl
  assert_failure 1
  [ -z "$output" ]
  expect_stderr_line "seed-stats: bad.jsonl:2: no 'text' field"
  run --separate-stderr seed-stats --on-error=skip --json bad.jsonl
  assert_success
  assert_output --partial '"records":1,'
  expect_stderr_line "seed-stats: bad.jsonl:2: no 'text' field (skipped)
seed-stats: bad.jsonl:3: field 'text' is a number, not a string (skipped)
seed-stats: read 3 records from 1 input, skipped 2 bad"
}

@test "-o writes the report to a file" {
  small_corpus
  run --separate-stderr seed-stats --json -o report.json code.jsonl
  assert_success
  [ -z "$output" ]
  python3 -c 'import json; assert json.load(open("report.json"))["records"] == 3'
}

@test "--by needs a field name" {
  run seed-stats --by=
  assert_failure 2
  assert_line --index 0 "seed-stats: --by: empty field name"
}
