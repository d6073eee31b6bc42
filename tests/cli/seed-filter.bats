#!/usr/bin/env bats
# seed-filter: normalization, rules, accounting and its agreement with the plan's merge_corpus.py.

load helpers

# Writes N varied records to FILE: lengths around the bounds, every text field, escapes,
# non-ASCII and astral characters, extra fields, blank lines. Deterministic for a given SEED.
generate_records() {
  python3 - "$@" <<'EOF'
import json, random, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
alphabet = list("abcdefghij klmnop\n\t\"\\/{}") + ["é", "ß", "日本", "😀", "\u2028", "\x7f", "\x01"]
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        length = rng.choice([0, 1, 50, 99, 100, 101, 500, 2499, 2500, 2501, 4000, rng.randint(0, 3000)])
        text = "".join(rng.choice(alphabet) for _ in range(length))
        rec = {}
        where = rng.random()
        if where < 0.6:
            rec["text"] = text
        elif where < 0.75:
            rec["text"] = ""
            rec["content"] = text
        elif where < 0.85:
            rec["content"] = text
        elif where < 0.95:
            rec["code"] = text
        else:
            rec["text"] = None
            rec["code"] = text
        if rng.random() < 0.5:
            rec["source"] = rng.choice(["hf", "repo/x", None, 7])
        if rng.random() < 0.3:
            rec["language"] = rng.choice(["python", "en"])
        if rng.random() < 0.3:
            rec["category"] = rng.choice(["qa", None])
        if rng.random() < 0.3:
            rec["id"] = i
        items = list(rec.items())
        rng.shuffle(items)
        f.write(json.dumps(dict(items), ensure_ascii=rng.random() < 0.5) + "\n")
        if rng.random() < 0.05:
            f.write("\n")
EOF
}

@test "keeps the same records in the same order as the plan's merge_corpus.py (without dedup)" {
  generate_records code.jsonl 1500 1
  generate_records hf_thestack.jsonl 1500 2
  merge_corpus_reference code 100 2500 code.jsonl hf_thestack.jsonl > expected.jsonl
  run --separate-stderr seed-filter --domain code --min 100 --max 2500 code.jsonl hf_thestack.jsonl -o got.jsonl
  assert_success
  [ "$(wc -l < expected.jsonl)" -gt 500 ]  # the comparison covers a real share of the input
  cmp expected.jsonl got.jsonl
}

@test "the summary counts every drop by the rule that made it" {
  cat > mix.jsonl <<'EOF'
{"text":""}
{"text":"short"}
{"text":"this text is far too long for the bound"}
{"text":"one line only"}
{"text":"a\nb\nc\nd\ne\nf\ng"}
{"text":"no keyword\nhere"}
{"text":"def f():\n  pass"}
{"text":"```\ncode\n```"}
{"text":"def g():\n  return 1","lang":"de"}
{"text":"def h():\n  return 2","lang":"en"}
EOF
  run --separate-stderr seed-filter --min 10 --max 30 --min-lines 2 --max-lines 5 \
    --require-any 'def ,```' --max-code-ratio 0.5 --field lang=en mix.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"def h():\n  return 2","source":"mix"}'
  expect_stderr_line "seed-filter: read 10, kept 1, dropped 9 (empty 1, min 1, max 1, min-lines 1, max-lines 1, require-any 1, code-ratio 1, field 2)"
}

@test "--domain sets the domain; without it the record's own is kept" {
  printf '{"domain":"nl","text":"t"}\n{"text":"u"}\n' > d.jsonl
  run --separate-stderr seed-filter --domain code d.jsonl
  expect_jsonl_eq - '{"text":"t","domain":"code","source":"d"}
{"text":"u","domain":"code","source":"d"}'
  run --separate-stderr seed-filter d.jsonl
  expect_jsonl_eq - '{"text":"t","domain":"nl","source":"d"}
{"text":"u","source":"d"}'
}

@test "source comes from the record, else the file stem (compression suffix dropped), else none" {
  printf '{"text":"a","source":"given"}\n{"text":"b"}\n' > hf_dolly.jsonl
  gzip -c hf_dolly.jsonl > archive.jsonl.gz
  run --separate-stderr seed-filter hf_dolly.jsonl archive.jsonl.gz
  expect_jsonl_eq - '{"text":"a","source":"given"}
{"text":"b","source":"hf_dolly"}
{"text":"a","source":"given"}
{"text":"b","source":"archive"}'
  run --separate-stderr seed-filter < hf_dolly.jsonl
  expect_jsonl_eq - '{"text":"a","source":"given"}
{"text":"b"}'
}

@test "--keep-fields passes other fields through; unchanged records come back byte for byte" {
  printf '%s\n' '{"text": "caf\u00e9", "source": "s", "meta": {"tags": [1, 2]}}' > k.jsonl
  run --separate-stderr seed-filter --keep-fields k.jsonl
  expect_jsonl_eq - '{"text": "caf\u00e9", "source": "s", "meta": {"tags": [1, 2]}}'
  run --separate-stderr seed-filter --keep-fields --domain nl k.jsonl
  expect_jsonl_eq - '{"text":"café","domain":"nl","source":"s","meta":{"tags":[1,2]}}'
  run --separate-stderr seed-filter k.jsonl
  expect_jsonl_eq - '{"text":"café","source":"s"}'
}

@test "the text comes from content or code when text is absent, and is renamed" {
  printf '{"content":"from content","id":1}\n{"code":"from code"}\n' > c.jsonl
  run --separate-stderr seed-filter --keep-fields c.jsonl
  expect_jsonl_eq - '{"text":"from content","source":"c","id":1}
{"text":"from code","source":"c"}'
}

@test "a record without any text field, or with a non-string text, is bad input" {
  printf '{"text":"fine"}\n{"title":"no text"}\n{"text":["a"]}\n{"text":"fine too"}\n' > bad.jsonl
  run --separate-stderr seed-filter bad.jsonl
  assert_failure 1
  expect_stderr_line "seed-filter: bad.jsonl:2: no text: the record has no 'text', 'content' or 'code' field"
  run --separate-stderr seed-filter --on-error=skip bad.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"fine","source":"bad"}
{"text":"fine too","source":"bad"}'
  expect_stderr_line "seed-filter: bad.jsonl:2: no text: the record has no 'text', 'content' or 'code' field (skipped)
seed-filter: bad.jsonl:3: field 'text' is an array, not a string (skipped)
seed-filter: read 4, kept 2, dropped 0, skipped 2 bad"
}

@test "lengths are code points, as Python's len() counts them" {
  # 3 code points in 9 bytes: two 2-byte letters and a 4-byte emoji (a surrogate pair in JSON).
  printf '%s\n' '{"text":"éé\ud83d\ude00"}' > u.jsonl
  run --separate-stderr seed-filter -q --min 3 --max 3 u.jsonl
  expect_jsonl_eq - '{"text":"éé😀","source":"u"}'
  run --separate-stderr seed-filter -q --min 4 u.jsonl
  [ -z "$output" ]
}

@test "--require-any with the plan's keywords needs the trailing spaces" {
  printf '%s\n' '{"text":"def f(): pass"}' '{"text":"async def g(): pass"}' '{"text":"undefined behaviour"}' \
    '{"text":"class A: pass"}' > kw.jsonl
  run --separate-stderr seed-filter --require-any 'def ,class ,async def ' kw.jsonl
  expect_jsonl_eq - '{"text":"def f(): pass","source":"kw"}
{"text":"async def g(): pass","source":"kw"}
{"text":"class A: pass","source":"kw"}'
  expect_stderr_line "seed-filter: read 4, kept 3, dropped 1 (require-any 1)"
}

@test "--max-code-ratio drops code-heavy texts that the plan's formula lets through" {
  python3 - <<'EOF'
import json
prose = "Please review this function and tell me why it fails on empty input.\n"
code = "```python\n" + "def f(xs):\n    return xs[0]\n" * 8 + "```\n"
with open("chat.jsonl", "w") as f:
    f.write(json.dumps({"text": prose + code}) + "\n")
    f.write(json.dumps({"text": prose * 3}) + "\n")
text = prose + code
# The plan's check: text.count("```") / len(text) > 0.3. Here it is about 0.007: never drops.
assert text.count("```") / len(text) < 0.3
EOF
  run --separate-stderr seed-filter --max-code-ratio 0.3 chat.jsonl
  assert_success
  [ "${#lines[@]}" -eq 1 ]
  assert_output --partial 'Please review this function'
  refute_output --partial '```'
  expect_stderr_line "seed-filter: read 2, kept 1, dropped 1 (code-ratio 1)"
}

@test "--field compares strings decoded and other values as written" {
  printf '%s\n' '{"text":"a","lang":"en"}' '{"text":"b","lang":"fr"}' '{"text":"c","lang":"\u0065n"}' \
    '{"text":"d","n":5}' '{"text":"e"}' > f.jsonl
  run --separate-stderr seed-filter --keep-fields --field lang=en f.jsonl
  expect_jsonl_eq - '{"text":"a","source":"f","lang":"en"}
{"text":"c","source":"f","lang":"en"}'
  run --separate-stderr seed-filter --keep-fields --field n=5 f.jsonl
  expect_jsonl_eq - '{"text":"d","source":"f","n":5}'
}

@test "option values are checked before anything is read, exit 2" {
  printf '{"text":"a"}\n' > a.jsonl
  run --separate-stderr seed-filter --min 500 --max 100 a.jsonl
  assert_failure 2
  expect_stderr_line "seed-filter: --min 500 is greater than --max 100
Try 'seed-filter --help' for more information."
  run --separate-stderr seed-filter --max 1O0 a.jsonl
  assert_failure 2
  expect_stderr_line "seed-filter: --max: not a non-negative integer: '1O0'
Try 'seed-filter --help' for more information."
  run seed-filter --domain prose a.jsonl
  assert_failure 2
  assert_line --index 0 "seed-filter: --domain: expected 'code' or 'nl', not 'prose'"
  run seed-filter --max-code-ratio 2 a.jsonl
  assert_failure 2
  assert_line --index 0 "seed-filter: --max-code-ratio: must be between 0 and 1: '2'"
  run seed-filter --field lang a.jsonl
  assert_failure 2
  assert_line --index 0 "seed-filter: --field: expected NAME=VALUE, not 'lang'"
  run seed-filter --require-any 'def ,,class ' a.jsonl
  assert_failure 2
  assert_line --index 0 "seed-filter: --require-any: empty item in list: 'def ,,class '"
  run seed-filter --min-lines 5 --max-lines 2 a.jsonl
  assert_failure 2
  assert_line --index 0 "seed-filter: --min-lines 5 is greater than --max-lines 2"
}
