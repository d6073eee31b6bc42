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

# ---- Nested fields (--by PATH) and numeric distributions (--hist)

# Records as seed-filter --annotate writes them: quality values in a nested object. Of
# quality.words: four numbers (-7, 12, 30, 212), one string, one record whose 'quality' is not an
# object (so the field is missing there).
quality_corpus() {
  cat > quality.jsonl <<'EOF'
{"text":"aaaa","source":"web","quality":{"words":12,"mwl":4.52,"lang":"en"}}
{"text":"bbbbbbbb","source":"web","quality":{"words":30,"mwl":3.25,"lang":"de"}}
{"text":"cc","source":"books","quality":{"words":212,"mwl":5,"lang":"en"}}
{"text":"dddddd","source":"books","quality":{"words":"many","mwl":null,"lang":"en"}}
{"text":"e","source":"web","quality":{"words":-7,"mwl":1e-05}}
{"text":"f","quality":7}
EOF
}

@test "--hist: counts, percentiles and a 10-bin histogram after the length report" {
  quality_corpus
  run --separate-stderr seed-stats --hist quality.words --hist quality.mwl quality.jsonl
  assert_success
  expect_jsonl_eq - 'records   6
bytes     22
chars     22
lines     6

                   min         max        mean      median         p90
chars                1           8         3.7         3.0         7.0
lines                1           1         1.0         1.0         1.0

length         records       %
<200                 6  100.0%  ########################################
200-500              0    0.0%
500-1000             0    0.0%
1000-2000            0    0.0%
>2000                0    0.0%

hist quality.words: 4 numbers, missing 1, not a number 1
         min          p1          p5         p10         p25         p50
          -7       -6.43       -4.15        -1.3        7.25          21
         p75         p90         p95         p99         max        mean
        75.5       157.4       184.7      206.54         212       61.75

range                records       %
[-7, 14.9)                 2   50.0%  ########################################
[14.9, 36.8)               1   25.0%  ####################
[36.8, 58.7)               0    0.0%
[58.7, 80.6)               0    0.0%
[80.6, 102.5)              0    0.0%
[102.5, 124.4)             0    0.0%
[124.4, 146.3)             0    0.0%
[146.3, 168.2)             0    0.0%
[168.2, 190.1)             0    0.0%
[190.1, 212]               1   25.0%  ####################

hist quality.mwl: 4 numbers, missing 1, not a number 1
         min          p1          p5         p10         p25         p50
       1e-05     0.09751      0.4875       0.975      2.4375       3.885
         p75         p90         p95         p99         max        mean
        4.64       4.856       4.928      4.9856           5      3.1925

range              records       %
[1e-05, 0.5)             1   25.0%  ####################
[0.5, 1)                 0    0.0%
[1, 1.5)                 0    0.0%
[1.5, 2)                 0    0.0%
[2, 2.5)                 0    0.0%
[2.5, 3)                 0    0.0%
[3, 3.5)                 1   25.0%  ####################
[3.5, 4)                 0    0.0%
[4, 4.5)                 0    0.0%
[4.5, 5]                 2   50.0%  ########################################'
  expect_stderr_line "seed-stats: read 6 records from 1 input"
}

@test "--hist --json: an object per field under \"hist\", with exact numbers" {
  quality_corpus
  run --separate-stderr seed-stats --json --hist quality.words quality.jsonl
  assert_success
  expect_jsonl_eq - '{"files":1,"records":6,"bytes":22,"chars":{"total":22,"min":1,"max":8,"mean":3.6666666666666665,"median":3,"p90":7},"lines":{"total":6,"min":1,"max":1,"mean":1,"median":1,"p90":1},"buckets":[{"range":"<200","min":0,"max":199,"count":6,"percent":100},{"range":"200-500","min":200,"max":499,"count":0,"percent":0},{"range":"500-1000","min":500,"max":999,"count":0,"percent":0},{"range":"1000-2000","min":1000,"max":1999,"count":0,"percent":0},{"range":">2000","min":2000,"max":null,"count":0,"percent":0}],"hist":{"quality.words":{"count":4,"missing":1,"not_a_number":1,"min":-7,"max":212,"mean":61.75,"p1":-6.43,"p5":-4.15,"p10":-1.2999999999999998,"p25":7.25,"p50":21,"p75":75.5,"p90":157.4,"p95":184.7,"p99":206.54,"bins":[{"low":-7,"high":14.9,"count":2},{"low":14.9,"high":36.8,"count":1},{"low":36.8,"high":58.7,"count":0},{"low":58.7,"high":80.6,"count":0},{"low":80.6,"high":102.5,"count":0},{"low":102.5,"high":124.4,"count":0},{"low":124.4,"high":146.3,"count":0},{"low":146.3,"high":168.2,"count":0},{"low":168.2,"high":190.1,"count":0},{"low":190.1,"high":212,"count":1}]}}}'
  # Without --hist the report has no "hist" member at all.
  run --separate-stderr seed-stats --json quality.jsonl
  refute_output --partial '"hist"'
}

@test "--hist: missing and not-a-number are counted apart; no numbers gives nulls" {
  printf '%s\n' '{"text":"a","q":{"s":"0.5"}}' '{"text":"b","q":{"s":null}}' '{"text":"c","q":{"s":true}}' \
    '{"text":"d","q":{"s":[1]}}' '{"text":"e","q":{"s":{"v":1}}}' '{"text":"f","q":{}}' '{"text":"g","q":[]}' \
    '{"text":"h"}' '{"text":"i","q":{"s":1e400}}' > odd.jsonl
  run --separate-stderr seed-stats -q --hist q.s odd.jsonl
  assert_success
  assert_output --partial '>2000                0    0.0%

hist q.s: 0 numbers, missing 3, not a number 6'
  # The block ends with its count line when there are no numbers.
  assert_equal "$(printf '%s\n' "$output" | tail -n 1)" 'hist q.s: 0 numbers, missing 3, not a number 6'
  run --separate-stderr seed-stats -q --json --hist q.s odd.jsonl
  assert_output --partial '"hist":{"q.s":{"count":0,"missing":3,"not_a_number":6,"min":null,"max":null,"mean":null,"p1":null,"p5":null,"p10":null,"p25":null,"p50":null,"p75":null,"p90":null,"p95":null,"p99":null,"bins":[]}}}'
}

@test "--hist: one value, and all-equal values, are one bin" {
  printf '%s\n' '{"text":"a","q":{"s":0.25}}' > one.jsonl
  run --separate-stderr seed-stats -q --hist q.s one.jsonl
  assert_success
  assert_output --partial 'hist q.s: 1 number, missing 0, not a number 0
         min          p1          p5         p10         p25         p50
        0.25        0.25        0.25        0.25        0.25        0.25
         p75         p90         p95         p99         max        mean
        0.25        0.25        0.25        0.25        0.25        0.25

range              records       %
[0.25, 0.25]             1  100.0%  ########################################'
  printf '%s\n' '{"text":"a","q":{"s":-3}}' '{"text":"b","q":{"s":-3}}' '{"text":"c","q":{"s":-3.0}}' > equal.jsonl
  run --separate-stderr seed-stats -q --json --hist q.s equal.jsonl
  assert_output --partial '"hist":{"q.s":{"count":3,"missing":0,"not_a_number":0,"min":-3,"max":-3,"mean":-3,"p1":-3,"p5":-3,"p10":-3,"p25":-3,"p50":-3,"p75":-3,"p90":-3,"p95":-3,"p99":-3,"bins":[{"low":-3,"high":-3,"count":3}]}}}'
}

@test "--by a dotted path groups by a nested value; missing along the path is (missing)" {
  quality_corpus
  run --separate-stderr seed-stats --by quality.lang quality.jsonl
  assert_success
  assert_line --index 0 'by quality.lang     records       %        mean      median         p90'
  assert_line --index 1 'de                        1   16.7%         8.0         8.0         8.0'
  assert_line --index 2 'en                        3   50.0%         4.0         4.0         5.6'
  assert_line --index 3 '(missing)                 2   33.3%         1.0         1.0         1.0'
  assert_line --index 4 '(all)                     6  100.0%         3.7         3.0         7.0'
  assert_output --partial '== quality.lang: de ==
records   1'
  run --separate-stderr seed-stats --by quality.lang --json quality.jsonl
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])
assert r["by"] == "quality.lang"
assert [(g["key"], g["records"]) for g in r["groups"]] == [("de", 1), ("en", 3), (None, 2)], r["groups"]
' "$output"
}

@test "a top-level key that is exactly FIELD wins over the dotted path" {
  printf '%s\n' '{"text":"a","quality.lang":"dotted","quality":{"lang":"en","score":1}}' \
    '{"text":"b","quality":{"lang":"en","score":2},"quality.score":0.5}' \
    '{"text":"c","quality":{"lang":"de"}}' > dotted.jsonl
  run --separate-stderr seed-stats -q --by quality.lang --hist quality.score dotted.jsonl
  assert_success
  assert_line --index 1 'de                        1   33.3%         1.0         1.0         1.0'
  assert_line --index 2 'dotted                    1   33.3%         1.0         1.0         1.0'
  assert_line --index 3 'en                        1   33.3%         1.0         1.0         1.0'
  # quality.score: 1 from the path in the first record, 0.5 from the dotted key in the second.
  assert_output --partial '== all ==
records   3'
  assert_output --partial 'hist quality.score: 2 numbers, missing 1, not a number 0
         min          p1          p5         p10         p25         p50
         0.5       0.505       0.525        0.55       0.625        0.75
         p75         p90         p95         p99         max        mean
       0.875        0.95       0.975       0.995           1        0.75'
}

@test "--hist with --by: each group its own distribution, the whole corpus all of them" {
  python3 - <<'EOF'
import json, random
rng = random.Random(3)
with open("g.jsonl", "w") as f:
    for i in range(20000):
        q = {"score": rng.gauss(0.6, 0.2)} if i % 50 else {}
        if i % 333 == 0:
            q["score"] = "n/a"
        f.write(json.dumps({"text": "x" * (i % 7), "source": rng.choice(["a", "b", "c"]), "quality": q}) + "\n")
EOF
  seed-stats -q --json --hist quality.score g.jsonl > plain.json
  seed-stats -q --json --by source --hist quality.score g.jsonl > grouped.json
  python3 - <<'EOF'
import json
plain, grouped = json.load(open("plain.json")), json.load(open("grouped.json"))
assert plain["hist"] == grouped["hist"], "the whole corpus's numbers do not depend on --by"
records = [json.loads(l) for l in open("g.jsonl")]

def pct(v, p):  # numpy.percentile's default (linear)
    pos = (len(v) - 1) * p / 100
    lo = int(pos)
    hi = min(lo + 1, len(v) - 1)
    a, b, t = v[lo], v[hi], pos - lo
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t

def check(h, recs):
    scores = sorted(r["quality"]["score"] for r in recs if isinstance(r["quality"].get("score"), float))
    assert h["count"] == len(scores)
    assert h["missing"] == sum("score" not in r["quality"] for r in recs)
    assert h["not_a_number"] == sum(isinstance(r["quality"].get("score"), str) for r in recs)
    assert h["min"] == scores[0] and h["max"] == scores[-1]
    assert abs(h["mean"] - sum(scores) / len(scores)) < 1e-12
    for p in (1, 5, 10, 25, 50, 75, 90, 95, 99):
        assert abs(h["p%d" % p] - pct(scores, p)) < 1e-12, (p, h["p%d" % p], pct(scores, p))
    bins = h["bins"]
    assert len(bins) == 10 and bins[0]["low"] == scores[0] and bins[-1]["high"] == scores[-1]
    for i, b in enumerate(bins):
        last = i == len(bins) - 1
        want = sum(1 for s in scores if b["low"] <= s and (s <= b["high"] if last else s < b["high"]))
        assert b["count"] == want, (i, b, want)

check(plain["hist"]["quality.score"], records)
for g in grouped["groups"]:
    check(g["hist"]["quality.score"], [r for r in records if r["source"] == g["key"]])
EOF
}

@test "--hist given twice reports the field once" {
  quality_corpus
  run --separate-stderr seed-stats -q --json --hist quality.mwl --hist quality.words --hist quality.mwl quality.jsonl
  assert_success
  python3 -c '
import json, sys
assert list(json.loads(sys.argv[1])["hist"]) == ["quality.mwl", "quality.words"]
' "$output"
}

@test "empty field names and empty path components are usage errors" {
  local args expected
  while IFS='|' read -r args expected; do
    run --separate-stderr seed-stats $args
    assert_failure 2
    [ -z "$output" ]
    assert_equal "$stderr" "seed-stats: $expected
Try 'seed-stats --help' for more information."
  done <<'EOF'
--hist=|--hist: empty field name
--hist a..b|--hist: empty component in field path 'a..b'
--hist .a|--hist: empty component in field path '.a'
--hist a.|--hist: empty component in field path 'a.'
--by quality..lang|--by: empty component in field path 'quality..lang'
--by .|--by: empty component in field path '.'
EOF
}
