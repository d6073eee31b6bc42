#!/usr/bin/env bats
# seed-dedup: exact and near dedup, --index, --report, the sharding stages, agreement with the
# plan's merge_corpus.py, and the near-duplicate quality on a planted corpus.

load helpers

# Writes N records to FILE whose texts come from one pool shared by every file (so there are
# many duplicates, within and across files), each written in varied ways: any of the three text
# fields, \u escapes or not, shuffled keys, extra fields, blank lines. The pool holds lengths
# around the bounds, non-ASCII and astral characters, and texts that differ from another only by
# a trailing space or by a decomposed é (not duplicates for either side). Deterministic for SEED.
generate_duplicated_records() {
  python3 - "$@" <<'EOF'
import json, random, sys
path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pool_rng = random.Random(0)
alphabet = list("abcdefghij klmnop\n\t\"\\/{}") + ["é", "ß", "日本", "😀", "\u2028", "\x7f"]
pool = []
for _ in range(150):
    length = pool_rng.choice([0, 99, 100, 101, 500, 800, 2499, 2500, 2501, pool_rng.randint(100, 2500), pool_rng.randint(0, 3000)])
    pool.append("".join(pool_rng.choice(alphabet) for _ in range(length)))
pool += [t + " " for t in pool[:10]] + [t.replace("é", "e\u0301") for t in pool[:20] if "é" in t]
rng = random.Random(seed)
with open(path, "w", encoding="utf-8") as f:
    for i in range(n):
        text = rng.choice(pool[:rng.choice([10, len(pool)])])  # a few texts are very common
        rec = {}
        where = rng.random()
        if where < 0.6:
            rec["text"] = text
        elif where < 0.75:
            rec["text"] = ""
            rec["content"] = text
        elif where < 0.9:
            rec["content"] = text
        else:
            rec["code"] = text
        if rng.random() < 0.5:
            rec["source"] = rng.choice(["hf", "repo/x", None, 7])
        if rng.random() < 0.3:
            rec["language"] = rng.choice(["python", "en"])
        if rng.random() < 0.3:
            rec["category"] = rng.choice(["qa", None])
        rec["id"] = i
        items = list(rec.items())
        rng.shuffle(items)
        f.write(json.dumps(dict(items), ensure_ascii=rng.random() < 0.5) + "\n")
        if rng.random() < 0.05:
            f.write("\n")
EOF
}

# Writes a corpus of NDOCS unrelated documents (60 to 400 words drawn from 3000 random lowercase
# words) with NPLANTED near-duplicates mixed in, each a copy of a random earlier document (maybe
# itself a copy) with words substituted, deleted and inserted at a rate from 0 to 20% (skewed
# towards small edits). FILE gets {"id":N,"text":...}; TRUTH gets for each id its family (the
# id of the unrelated document it descends from) and, for a copy, its true Jaccard similarity
# to its source on 5-word shingles (seed-dedup's tokens for such texts are exactly the words).
generate_planted_corpus() {
  python3 - "$@" <<'EOF'
import json, random, sys
path, truth_path, n_docs, n_planted, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
rng = random.Random(seed)
letters = "abcdefghijklmnopqrstuvwxyz"
vocabulary = set()
while len(vocabulary) < 3000:
    vocabulary.add("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))))
vocabulary = sorted(vocabulary)
def shingles(words, n=5):
    return {tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}
kinds = [False] * (n_docs - 1) + [True] * n_planted
rng.shuffle(kinds)
kinds.insert(0, False)
docs = []  # (words, family, similarity to the source or None)
for planted in kinds:
    if not planted:
        docs.append((rng.choices(vocabulary, k=rng.randint(60, 400)), len(docs), None))
        continue
    words, family, _ = docs[rng.randrange(len(docs))]
    rate = 0.2 * rng.random() ** 2
    copy = []
    for w in words:
        r = rng.random()
        if r < rate / 3:
            copy.append(rng.choice(vocabulary))  # substituted
        elif r < 2 * rate / 3:
            pass  # deleted
        elif r < rate:
            copy += [w, rng.choice(vocabulary)]  # one inserted after
        else:
            copy.append(w)
    a, b = shingles(words), shingles(copy)
    docs.append((copy, family, len(a & b) / len(a | b)))
with open(path, "w") as f, open(truth_path, "w") as t:
    for k, (words, family, similarity) in enumerate(docs):
        f.write(json.dumps({"id": k, "text": " ".join(words)}) + "\n")
        t.write(json.dumps({"id": k, "family": family, "similarity": similarity}) + "\n")
EOF
}

# expect_usage_error MESSAGE ARG...: seed-dedup ARG... exits 2 with MESSAGE and the --help hint,
# and writes nothing to stdout.
expect_usage_error() {
  local message=$1
  shift
  run -2 --separate-stderr seed-dedup "$@"
  [ -z "$output" ]
  expect_stderr_line "seed-dedup: $message
Try 'seed-dedup --help' for more information."
}

# Two texts of 41 words: the second is the first with one word changed (true Jaccard 32/42 on
# 5-word shingles), and a third on another subject.
FOX="the quick brown fox jumps over the lazy dog while the farmer watches from the porch and wonders whether the fence will hold through another long winter of snow and wind and rain before spring comes back again to the valley"
FOX_GATE="the quick brown fox jumps over the lazy dog while the farmer watches from the porch and wonders whether the gate will hold through another long winter of snow and wind and rain before spring comes back again to the valley"
COMPILER="a completely different sentence about compilers and the way they turn source code into machine instructions for the processor to execute one after another until the program ends or crashes with an error message on the screen"

# --- exact mode -------------------------------------------------------------------------------

@test "keeps the first record of each text byte for byte; keys are the decoded text" {
  cat > in.jsonl <<'EOF'
{ "id" : 1 ,   "text":"caf\u00e9" }
{"text":"café","id":2}
{"text":"a"}
{"text":"A"}
{"id":5,"text":"a","extra":{"k": [1, 2]}}
{"text":"a "}
{"text":"\u0041"}

{"text":"caf\u00E9"}
EOF
  run -0 --separate-stderr seed-dedup in.jsonl
  expect_jsonl_eq - '{ "id" : 1 ,   "text":"caf\u00e9" }
{"text":"a"}
{"text":"A"}
{"text":"a "}'
  expect_stderr_line "seed-dedup: read 8, kept 4, dropped 4 (exact 4)"
}

@test "--normalize makes white-space runs one space, trims, and folds case" {
  cat > in.jsonl <<'EOF'
{"text":"Hello   World"}
{"text":"hello world"}
{"text":" HELLO\tWORLD "}
{"text":"Hello\u00a0\n World"}
{"text":"HelloWorld"}
{"text":"ÉCOLE"}
{"text":"école"}
EOF
  run -0 --separate-stderr seed-dedup --normalize in.jsonl
  expect_jsonl_eq - '{"text":"Hello   World"}
{"text":"HelloWorld"}
{"text":"ÉCOLE"}'
  expect_stderr_line "seed-dedup: read 7, kept 3, dropped 4 (exact 4)"
  run -0 --separate-stderr seed-dedup in.jsonl
  expect_jsonl_eq - "$(cat in.jsonl)"
  expect_stderr_line "seed-dedup: read 7, kept 7, dropped 0 (exact 0)"
}

@test "--key hashes another field: strings decoded, other values as compact JSON" {
  cat > in.jsonl <<'EOF'
{"n":5,"text":"a"}
{"n":"5","text":"b"}
{"n":5,"text":"c"}
{"n":"\u0035","text":"d"}
{"n": {"x": [1, 2]},"text":"e"}
{"n":{"x":[1,2]},"text":"f"}
{"n":5.0,"text":"g"}
{"n":null,"text":"h"}
{"n":[],"text":"i"}
{"n":null,"text":"j"}
EOF
  run -0 --separate-stderr seed-dedup --key n in.jsonl
  expect_jsonl_eq - '{"n":5,"text":"a"}
{"n":"5","text":"b"}
{"n": {"x": [1, 2]},"text":"e"}
{"n":5.0,"text":"g"}
{"n":null,"text":"h"}
{"n":[],"text":"i"}'
  expect_stderr_line "seed-dedup: read 10, kept 6, dropped 4 (exact 4)"
  run -0 --separate-stderr seed-dedup -k text in.jsonl
  [ "${#lines[@]}" -eq 10 ]
}

@test "a record without the key field is bad input; --on-error=skip counts it" {
  printf '%s\n' '{"text":"x","id":1}' '{"title":"no text"}' '{"text":"x","id":3}' '{"text":"y"}' > in.jsonl
  run -1 --separate-stderr seed-dedup in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:2: no 'text' field to deduplicate on"
  run -1 --separate-stderr seed-dedup < in.jsonl
  expect_stderr_line "seed-dedup: <stdin>:2: no 'text' field to deduplicate on"
  run -1 --separate-stderr seed-dedup --key id in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:2: no 'id' field to deduplicate on"
  run -0 --separate-stderr seed-dedup --on-error=skip in.jsonl
  expect_jsonl_eq - '{"text":"x","id":1}
{"text":"y"}'
  expect_stderr_line "seed-dedup: in.jsonl:2: no 'text' field to deduplicate on (skipped)
seed-dedup: read 4, kept 2, dropped 1 (exact 1), skipped 1 bad"
}

@test "invalid JSON and invalid UTF-8 are errors with their place" {
  printf '{"text":"a"}\n{"text":\n' > in.jsonl
  run -1 --separate-stderr seed-dedup in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:2: invalid JSON at column 9: unexpected end of line, expected a value"
  printf '{"text":"a"}\n{"text":"\xff"}\n{"text":"a"}\n' > utf.jsonl
  run -1 --separate-stderr seed-dedup utf.jsonl
  expect_stderr_line "seed-dedup: utf.jsonl:2: invalid UTF-8 at column 10 (byte 0xff)"
  run -0 --separate-stderr seed-dedup --on-error=skip utf.jsonl
  expect_jsonl_eq - '{"text":"a"}'
  expect_stderr_line "seed-dedup: utf.jsonl:2: invalid UTF-8 at column 10 (byte 0xff) (skipped)
seed-dedup: read 3, kept 1, dropped 1 (exact 1), skipped 1 bad"
  printf '{"text":"a"}\n["text"]\n' > array.jsonl
  run -1 --separate-stderr seed-dedup array.jsonl
  expect_stderr_line "seed-dedup: array.jsonl:2: expected a JSON object, found an array"
  run -1 --separate-stderr seed-dedup missing.jsonl
  expect_stderr_line "seed-dedup: missing.jsonl: No such file or directory"
}

@test "--on-error=skip reports the first ten bad lines and counts them all" {
  { printf '{"text":"a"}\n'; for i in $(seq 1 12); do printf '{"id":%d}\n' "$i"; done; printf '{"text":"a"}\n'; } > in.jsonl
  run -1 --separate-stderr seed-dedup in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:2: no 'text' field to deduplicate on"
  run -0 --separate-stderr seed-dedup --on-error=skip in.jsonl
  expect_jsonl_eq - '{"text":"a"}'
  [ "${#stderr_lines[@]}" -eq 12 ]
  [ "${stderr_lines[0]}" = "seed-dedup: in.jsonl:2: no 'text' field to deduplicate on (skipped)" ]
  [ "${stderr_lines[9]}" = "seed-dedup: in.jsonl:11: no 'text' field to deduplicate on (skipped)" ]
  [ "${stderr_lines[10]}" = "seed-dedup: more bad lines skipped; the summary counts them all" ]
  [ "${stderr_lines[11]}" = "seed-dedup: read 14, kept 1, dropped 1 (exact 1), skipped 12 bad" ]
}

@test "files are one stream in order: duplicates across files, - for stdin, gzip read" {
  printf '{"text":"one"}\n{"text":"two"}\n' > a.jsonl
  printf '{"text":"two","from":"gz"}\n{"text":"three"}\n' | gzip -c > b.jsonl.gz
  run -0 --separate-stderr bash -c 'printf "{\"text\":\"three\",\"from\":\"stdin\"}\n{\"text\":\"four\"}" |
    seed-dedup --report r.jsonl b.jsonl.gz - a.jsonl'
  expect_jsonl_eq - '{"text":"two","from":"gz"}
{"text":"three"}
{"text":"four"}
{"text":"one"}'
  expect_stderr_line "seed-dedup: read 6, kept 4, dropped 2 (exact 2)"
  expect_jsonl_eq r.jsonl '{"dropped":{"file":"<stdin>","line":1},"kept":{"file":"b.jsonl.gz","line":2},"match":"exact","similarity":1}
{"dropped":{"file":"a.jsonl","line":2},"kept":{"file":"b.jsonl.gz","line":1},"match":"exact","similarity":1}'
}

@test "-o, --report and --index appear only when the run succeeds" {
  printf '{"text":"x"}\n{"text":"x"}\n{"nope":1}\n' > in.jsonl
  run -1 --separate-stderr seed-dedup -o out.jsonl --report rep.jsonl --index idx in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:3: no 'text' field to deduplicate on"
  no_files_like 'out.jsonl*'
  no_files_like 'rep.jsonl*'
  no_files_like 'idx*'
  run -0 --separate-stderr seed-dedup -o out.jsonl --report rep.jsonl --index idx --on-error=skip in.jsonl
  [ -z "$output" ]
  expect_jsonl_eq out.jsonl '{"text":"x"}'
  expect_jsonl_eq rep.jsonl '{"dropped":{"file":"in.jsonl","line":2},"kept":{"file":"in.jsonl","line":1},"match":"exact","similarity":1}'
  [ -s idx ]
  [ "$(compgen -G '*' | sort | tr '\n' ' ')" = "idx in.jsonl out.jsonl rep.jsonl " ]
}

@test "a closed pipe ends seed-dedup quietly with status 0" {
  seq 1 50000 | awk '{ printf "{\"text\":\"record %d\"}\n", $1 }' > many.jsonl
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-dedup many.jsonl | head -n 1'
  assert_output '{"text":"record 1"}'
  [ -z "$stderr" ]
  # Near mode on texts of 31 distinct words (short texts are slow to sign: most bins stay empty).
  seq 1 5000 | awk '{ printf "{\"text\":\""; for (k = 1; k <= 30; k++) printf "r%dw%d ", $1, k; print "end\"}" }' > long.jsonl
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-dedup --near --report r.jsonl long.jsonl | head -n 1'
  assert_output "$(head -n 1 long.jsonl)"
  [ -z "$stderr" ]
  no_files_like 'r.jsonl*'
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-dedup --index idx many.jsonl | head -n 1'
  assert_output '{"text":"record 1"}'
  no_files_like 'idx*'
  run -0 --separate-stderr bash -c 'set -o pipefail; seed-dedup --shard-key many.jsonl | head -n 1 | cut -f 2-'
  assert_output "000000000001	{\"text\":\"record 1\"}"
  [ -z "$stderr" ]
}

# --- agreement with the plan ------------------------------------------------------------------

@test "seed-filter | seed-dedup keeps the same records in the same order as merge_corpus.py with dedup" {
  generate_duplicated_records code.jsonl 450 1
  generate_duplicated_records hf_thestack.jsonl 450 2
  merge_corpus_reference --dedupe code 100 2500 code.jsonl hf_thestack.jsonl > expected.jsonl
  filtered=$(seed-filter -q --domain code --min 100 --max 2500 code.jsonl hf_thestack.jsonl | wc -l)
  kept=$(wc -l < expected.jsonl)
  # The comparison covers a real share of the input, and many duplicates.
  [ "$kept" -gt 50 ]
  [ "$((filtered - kept))" -gt 300 ]
  run -0 --separate-stderr bash -c 'set -o pipefail
    seed-filter -q --domain code --min 100 --max 2500 code.jsonl hf_thestack.jsonl | seed-dedup -o got.jsonl'
  expect_stderr_line "seed-dedup: read $filtered, kept $kept, dropped $((filtered - kept)) (exact $((filtered - kept)))"
  cmp expected.jsonl got.jsonl
}

# --- --index ----------------------------------------------------------------------------------

@test "--index: the first run creates it; later runs drop what earlier runs kept and add their own keys" {
  printf '{"text":"one"}\n{"text":"two"}\n{"text":"one"}\n' > run1.jsonl
  printf '{"text":"two","run":2}\n{"text":"three"}\n{"text":"one","run":2}\n{"text":"three"}\n' > run2.jsonl
  printf '{"text":"three","run":3}\n{"text":"four"}\n{"text":"one","run":3}\n' > run3.jsonl
  run -0 --separate-stderr seed-dedup --index idx run1.jsonl
  expect_jsonl_eq - '{"text":"one"}
{"text":"two"}'
  expect_stderr_line "seed-dedup: read 3, kept 2, dropped 1 (exact 1)"
  [ "$(head -n 1 idx)" = '{"format":"seed-dedup-index","version":1,"key":"text","normalize":false,"count":2}' ]
  # The second run tracks kept records for --report; the index it loads and saves is the same kind.
  run -0 --separate-stderr seed-dedup --index idx --report r2.jsonl run2.jsonl
  expect_jsonl_eq - '{"text":"three"}'
  expect_stderr_line "seed-dedup: read 4, kept 1, dropped 3 (exact 3)"
  expect_jsonl_eq r2.jsonl '{"dropped":{"file":"run2.jsonl","line":1},"kept":null,"match":"index","similarity":1}
{"dropped":{"file":"run2.jsonl","line":3},"kept":null,"match":"index","similarity":1}
{"dropped":{"file":"run2.jsonl","line":4},"kept":{"file":"run2.jsonl","line":2},"match":"exact","similarity":1}'
  [ "$(head -n 1 idx)" = '{"format":"seed-dedup-index","version":1,"key":"text","normalize":false,"count":3}' ]
  [ "$(stat -c %s idx)" -eq $(( $(head -n 1 idx | wc -c) + 3 * 16 + 8 )) ]
  run -0 --separate-stderr seed-dedup -q -v --index idx run3.jsonl
  expect_jsonl_eq - '{"text":"four"}'
  [ "${#stderr_lines[@]}" -eq 3 ]
  [ "${stderr_lines[0]}" = "seed-dedup: index: loaded 3 keys from idx" ]
  [ "${stderr_lines[1]}" = "seed-dedup: index: saved 4 keys to idx" ]
  [[ "${stderr_lines[2]}" =~ ^seed-dedup:\ memory:\ [0-9,]+\ bytes\ for\ 4\ unique\ keys\ \([0-9,]+\ bytes\ each\)$ ]]
  # --key and --normalize are recorded, and one index serves runs with the same ones.
  run -0 --separate-stderr seed-dedup -q -v --index nidx --normalize run1.jsonl
  [ "${stderr_lines[0]}" = "seed-dedup: index: nidx does not exist yet; it will be created" ]
  [ "${stderr_lines[1]}" = "seed-dedup: index: saved 2 keys to nidx" ]
  run -0 --separate-stderr seed-dedup --index nidx --normalize <<<'{"text":" ONE "}'
  [ -z "$output" ]
  [ "$(head -n 1 nidx)" = '{"format":"seed-dedup-index","version":1,"key":"text","normalize":true,"count":2}' ]
}

@test "--index is left as it was when the run fails" {
  printf '{"text":"one"}\n' > run1.jsonl
  printf '{"text":"two"}\n{"bad":1}\n' > run2.jsonl
  seed-dedup -q --index idx run1.jsonl
  cp idx before
  run -1 --separate-stderr seed-dedup --index idx run2.jsonl
  expect_stderr_line "seed-dedup: run2.jsonl:2: no 'text' field to deduplicate on"
  cmp before idx
  no_files_like 'idx.*'
  run -1 --separate-stderr seed-dedup --index new-idx run2.jsonl
  no_files_like 'new-idx*'
}

@test "--index refuses a foreign, damaged or differently made file, exit 2, reading nothing" {
  printf '{"text":"k%d"}\n' 1 2 3 4 5 6 7 8 9 > keys.jsonl
  seed-dedup -q --index idx keys.jsonl > /dev/null
  cp idx saved
  size=$(stat -c %s idx)
  printf '{"text":"new"}\n' > in.jsonl

  echo hello > foreign
  expect_usage_error '--index foreign: not a seed-dedup index (it does not start with {"format":"seed-dedup-index")' \
    --index foreign in.jsonl
  cp idx truncated
  truncate -s -3 truncated
  expect_usage_error "--index truncated: damaged: $((size - 3)) bytes where the header calls for $size (truncated, or not written by seed-dedup)" \
    --index truncated in.jsonl
  # One bit of the last key's last byte: the keys stay in order, the checksum does not match.
  cp idx flipped
  python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[-9] ^= 1; open(p, "wb").write(b)' flipped
  expect_usage_error "--index flipped: damaged: checksum mismatch" --index flipped in.jsonl
  # The first two keys swapped.
  cp idx swapped
  python3 -c '
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); h = b.index(b"\n") + 1
b[h:h + 32] = b[h + 16:h + 32] + b[h:h + 16]; open(p, "wb").write(b)' swapped
  expect_usage_error "--index swapped: damaged: keys out of order at key 2" --index swapped in.jsonl
  sed '1s/"version":1/"version":2/' idx > v2
  sed '1s/"count":9/"count":"9"/' idx > count
  expect_usage_error "--index count: damaged header" --index count in.jsonl
  printf '{"format":"seed-dedup-index","version":1,\n' > header
  expect_usage_error "--index header: damaged header: invalid JSON at column 42: expected a string key" --index header in.jsonl
  expect_usage_error "--index v2: index version 2 is not supported (this seed-dedup reads version 1)" --index v2 in.jsonl
  expect_usage_error "--index idx: made with --key text without --normalize, but this run uses --key text with --normalize" \
    --index idx --normalize in.jsonl
  expect_usage_error "--index idx: made with --key text without --normalize, but this run uses --key id without --normalize" \
    --index idx --key id in.jsonl
  seed-dedup -q --index nidx --normalize keys.jsonl > /dev/null
  expect_usage_error "--index nidx: made with --key text with --normalize, but this run uses --key text without --normalize" \
    --index nidx in.jsonl
  mkdir folder
  expect_usage_error "--index folder: not a regular file" --index folder in.jsonl
  # None of them was changed or replaced.
  cmp saved idx
  [ "$(stat -c %s truncated)" -eq $((size - 3)) ]
  [ "$(cat foreign)" = hello ]
}

# --- --report ---------------------------------------------------------------------------------

@test "--report: one line per dropped record naming the kept one; source, path and id copied" {
  cat > in.jsonl <<'EOF'
{"text":"x","source":"hf","path":"a/b.py","id":"r1","other":[1, 2]}
{"text":"y","id":2}
{ "id" : {"n": [7, 8]}, "text" : "x" , "source" : null }
{"text":"y"}
{"text":"x","path":"c.py"}
EOF
  run -0 --separate-stderr seed-dedup --report r.jsonl in.jsonl
  expect_stderr_line "seed-dedup: read 5, kept 2, dropped 3 (exact 3)"
  expect_jsonl_eq r.jsonl '{"dropped":{"file":"in.jsonl","line":3,"source":null,"id":{"n":[7,8]}},"kept":{"file":"in.jsonl","line":1,"source":"hf","path":"a/b.py","id":"r1"},"match":"exact","similarity":1}
{"dropped":{"file":"in.jsonl","line":4},"kept":{"file":"in.jsonl","line":2,"id":2},"match":"exact","similarity":1}
{"dropped":{"file":"in.jsonl","line":5,"path":"c.py"},"kept":{"file":"in.jsonl","line":1,"source":"hf","path":"a/b.py","id":"r1"},"match":"exact","similarity":1}'
  # Nothing dropped: an empty report.
  printf '{"text":"only"}\n' > one.jsonl
  run -0 --separate-stderr seed-dedup --report r.jsonl one.jsonl
  [ -f r.jsonl ]
  [ ! -s r.jsonl ]
}

# --- --near -----------------------------------------------------------------------------------

@test "--near drops a copy with one word changed, keeps other texts, and counts exact copies as exact" {
  python3 - "$FOX" "$FOX_GATE" "$COMPILER" <<'EOF' > in.jsonl
import json, sys
fox, gate, compiler = sys.argv[1:]
for i, text in enumerate([fox, gate, compiler, fox, "Short text.", "short TEXT", fox.upper()]):
    print(json.dumps({"id": i + 1, "text": text}))
EOF
  run -0 --separate-stderr seed-dedup --near --report r.jsonl in.jsonl
  expect_jsonl_eq - "$(sed -n '1p;3p;5p;6p' in.jsonl)"
  expect_stderr_line "seed-dedup: read 7, kept 4, dropped 3 (exact 1, near 2)"
  expect_jsonl_eq r.jsonl '{"dropped":{"file":"in.jsonl","line":2,"id":2},"kept":{"file":"in.jsonl","line":1,"id":1},"match":"near","similarity":0.776}
{"dropped":{"file":"in.jsonl","line":4,"id":4},"kept":{"file":"in.jsonl","line":1,"id":1},"match":"exact","similarity":1}
{"dropped":{"file":"in.jsonl","line":7,"id":7},"kept":{"file":"in.jsonl","line":1,"id":1},"match":"near","similarity":1.000}'
  # Exact mode keeps all but the exact copy.
  run -0 --separate-stderr seed-dedup in.jsonl
  expect_stderr_line "seed-dedup: read 7, kept 6, dropped 1 (exact 1)"
  # A threshold above the pair's similarity keeps the changed copy.
  run -0 --separate-stderr seed-dedup --near --threshold 0.8 in.jsonl
  expect_stderr_line "seed-dedup: read 7, kept 5, dropped 2 (exact 1, near 1)"
}

@test "--verbose prints the near settings; the banding follows --threshold, --perms, --bands and --rows" {
  printf '{"text":"a b c"}\n{"text":"a b c"}\n' > in.jsonl
  # settings OPTION...: runs seed-dedup --near -v with these options; $settings is the settings line.
  settings() {
    run -0 --separate-stderr seed-dedup --near -v "$@" in.jsonl
    [ "${#stderr_lines[@]}" -eq 3 ]
    [[ "${stderr_lines[1]}" =~ ^seed-dedup:\ memory:\ [0-9,]+\ bytes\ for\ 1\ unique\ key\ and\ 1\ kept\ signatures\ \([0-9,]+\ bytes\ each\)$ ]]
    [ "${stderr_lines[2]}" = "seed-dedup: read 2, kept 1, dropped 1 (exact 1, near 0)" ]
    settings=${stderr_lines[0]}
  }
  settings
  [ "$settings" = "seed-dedup: near: 256 MinHash values as 32 bands x 8 rows (candidates at similarity 0.62 half the time), threshold 0.700, 5-token shingles" ]
  settings --perms 112 --threshold 0.7
  [ "$settings" = "seed-dedup: near: 112 MinHash values as 14 bands x 8 rows (candidates at similarity 0.68 half the time), threshold 0.700, 5-token shingles" ]
  settings --threshold 0.8
  [ "$settings" = "seed-dedup: near: 256 MinHash values as 16 bands x 16 rows (candidates at similarity 0.82 half the time), threshold 0.800, 5-token shingles" ]
  settings --bands 16
  [ "$settings" = "seed-dedup: near: 256 MinHash values as 16 bands x 16 rows (candidates at similarity 0.82 half the time), threshold 0.700, 5-token shingles" ]
  settings --rows 4 --ngram 3 --shingle chars --no-verify
  [ "$settings" = "seed-dedup: near: 256 MinHash values as 64 bands x 4 rows (candidates at similarity 0.32 half the time), threshold 0.700, 3-character shingles, unverified" ]
  # --bands and --rows together set --perms when it is not given.
  settings --bands 30 --rows 8
  [ "$settings" = "seed-dedup: near: 240 MinHash values as 30 bands x 8 rows (candidates at similarity 0.62 half the time), threshold 0.700, 5-token shingles" ]
  # Exact mode has no settings to print, only the memory.
  run -0 --separate-stderr seed-dedup -v in.jsonl
  [ "${#stderr_lines[@]}" -eq 2 ]
  [[ "${stderr_lines[0]}" =~ ^seed-dedup:\ memory:\ [0-9,]+\ bytes\ for\ 1\ unique\ key\ \([0-9,]+\ bytes\ each\)$ ]]
}

@test "--shingle chars compares characters, where word shingles see different token sequences" {
  # True Jaccard of the 5-character shingles: 6/7 = 0.857.
  printf '%s\n' '{"text":"Short text."}' '{"text":"short TEXT"}' > in.jsonl
  run -0 --separate-stderr seed-dedup --near in.jsonl
  expect_stderr_line "seed-dedup: read 2, kept 2, dropped 0 (exact 0, near 0)"
  run -0 --separate-stderr seed-dedup --near --shingle chars --report r.jsonl in.jsonl
  expect_jsonl_eq - '{"text":"Short text."}'
  expect_stderr_line "seed-dedup: read 2, kept 1, dropped 1 (exact 0, near 1)"
  expect_jsonl_eq r.jsonl '{"dropped":{"file":"in.jsonl","line":2},"kept":{"file":"in.jsonl","line":1},"match":"near","similarity":0.847}'
}

@test "--no-verify drops LSH candidates below the threshold; verification keeps them" {
  # Four words changed: true Jaccard 17/57 = 0.30. With 128 bands of 2 rows the pair is
  # certainly a candidate.
  python3 - "$FOX" <<'EOF' > in.jsonl
import json, sys
words = sys.argv[1].split()
changed = list(words)
for i in (6, 16, 26, 36):
    changed[i] = "X"
print(json.dumps({"text": " ".join(words)}))
print(json.dumps({"text": " ".join(changed)}))
EOF
  run -0 --separate-stderr seed-dedup --near --bands 128 --rows 2 in.jsonl
  expect_stderr_line "seed-dedup: read 2, kept 2, dropped 0 (exact 0, near 0)"
  run -0 --separate-stderr seed-dedup --near --bands 128 --rows 2 --no-verify --report r.jsonl in.jsonl
  expect_stderr_line "seed-dedup: read 2, kept 1, dropped 1 (exact 0, near 1)"
  expect_jsonl_eq r.jsonl '{"dropped":{"file":"in.jsonl","line":2},"kept":{"file":"in.jsonl","line":1},"match":"near","similarity":0.282}'
  # At the default banding it is not even a candidate.
  run -0 --separate-stderr seed-dedup --near --no-verify in.jsonl
  expect_stderr_line "seed-dedup: read 2, kept 2, dropped 0 (exact 0, near 0)"
}

@test "near mode compares text: a non-string key is bad input; texts without tokens compare exactly" {
  printf '%s\n' '{"text":"a","n":5}' '{"text":"b","n":"five"}' > key.jsonl
  run -1 --separate-stderr seed-dedup --near --key n key.jsonl
  expect_stderr_line "seed-dedup: key.jsonl:1: field 'n' is a number, not a string (near mode compares text)"
  run -0 --separate-stderr seed-dedup --near --key n --on-error=skip key.jsonl
  expect_jsonl_eq - '{"text":"b","n":"five"}'
  printf '%s\n' '{"text":""}' '{"text":" "}' '{"text":"  "}' '{"text":""}' '{"text":"\t"}' '{"text":"word"}' > blank.jsonl
  run -0 --separate-stderr seed-dedup --near blank.jsonl
  expect_jsonl_eq - '{"text":""}
{"text":" "}
{"text":"  "}
{"text":"\t"}
{"text":"word"}'
  expect_stderr_line "seed-dedup: read 6, kept 5, dropped 1 (exact 1, near 0)"
}

@test "near mode survives more than 4096 kept texts without tokens before the first with tokens" {
  # 4100 distinct texts of white space only (no tokens, so no sketch), then two near copies.
  python3 - <<'EOF' > in.jsonl
import json
for i in range(4100):
    print(json.dumps({"text": "".join(" " if i >> b & 1 else "\t" for b in range(13))}))
print(json.dumps({"text": "now some words here"}))
print(json.dumps({"text": "Now some words here"}))
EOF
  run -0 --separate-stderr seed-dedup --near in.jsonl
  [ "${#lines[@]}" -eq 4101 ]
  expect_stderr_line "seed-dedup: read 4102, kept 4101, dropped 1 (exact 0, near 1)"
}

@test "--near is deterministic: two runs give the same output and report, byte for byte" {
  generate_planted_corpus in.jsonl truth.jsonl 400 200 11
  seed-dedup -q --near --report r1.jsonl in.jsonl > out1.jsonl
  seed-dedup -q --near --report r2.jsonl in.jsonl > out2.jsonl
  cmp out1.jsonl out2.jsonl
  cmp r1.jsonl r2.jsonl
  [ "$(grep -c '"match":"near"' r1.jsonl)" -gt 20 ]
}

# --- usage errors -----------------------------------------------------------------------------

@test "option errors exit 2 with the reason before anything is read" {
  printf '{"text":"a"}\n' > in.jsonl
  for t in 0 1 1.5 x; do
    expect_usage_error "--threshold: expected a number between 0 and 1 (exclusive), not '$t'" --near --threshold "$t" -o out.jsonl in.jsonl
  done
  expect_usage_error "--bands 30 x --rows 8 is 240, not --perms 256" --near --perms 256 --bands 30 --rows 8 in.jsonl
  expect_usage_error "--bands 30 does not divide --perms 256" --near --bands 30 in.jsonl
  expect_usage_error "--rows 3 does not divide --perms 256" --near --rows 3 in.jsonl
  expect_usage_error "--bands 16 does not divide --perms 100" --near --perms 100 --bands 16 in.jsonl
  expect_usage_error "--bands x --rows is more than 8192" --near --bands 100 --rows 100 in.jsonl
  expect_usage_error "--perms: expected a number from 1 to 8192, not '0'" --near --perms 0 in.jsonl
  expect_usage_error "--perms: expected a number from 1 to 8192, not '9000'" --near --perms 9000 in.jsonl
  expect_usage_error "--ngram: expected a number from 1 to 256, not '0'" --near --ngram 0 in.jsonl
  expect_usage_error "--threshold needs --near" --threshold 0.5 in.jsonl
  expect_usage_error "--bands needs --near" --bands 32 in.jsonl
  expect_usage_error "--no-verify needs --near" --no-verify in.jsonl
  expect_usage_error "--shingle: expected 'words' or 'chars', not 'bogus'" --near --shingle bogus in.jsonl
  expect_usage_error "--shard-key is for exact mode; near mode splits its work with --signatures" --shard-key --near in.jsonl
  expect_usage_error "--from-shard-key is for exact mode; near mode splits its work with --signatures" --near --from-shard-key in.jsonl
  expect_usage_error "--shard-key and --signatures are different stages; give one" --shard-key --signatures in.jsonl
  expect_usage_error "--from-signatures and --from-shard-key are different stages; give one" --from-signatures --from-shard-key in.jsonl
  expect_usage_error "--index works in exact mode without stages" --index idx --near in.jsonl
  expect_usage_error "--index works in exact mode without stages" --index idx --shard-key in.jsonl
  expect_usage_error "--index works in exact mode without stages" --index idx --signatures in.jsonl
  expect_usage_error "--report needs a run that drops records, not --shard-key" --report r.jsonl --shard-key in.jsonl
  expect_usage_error "--report needs a run that drops records, not --signatures" --report r.jsonl --signatures in.jsonl
  expect_usage_error "--key applies where keys are made (--shard-key), not to --from-shard-key" --key id --from-shard-key in.jsonl
  expect_usage_error "--normalize applies where keys are made (--signatures), not to --from-signatures" --normalize --from-signatures in.jsonl
  expect_usage_error "--index: needs a file name" --index - in.jsonl
  expect_usage_error "--index: needs a file name" --index= in.jsonl
  expect_usage_error "--key: empty field name" --key= in.jsonl
  expect_usage_error "--report: empty file name" --report= in.jsonl
  no_files_like 'out.jsonl*'
  no_files_like 'idx*'
  no_files_like 'r.jsonl*'
}

# --- splitting the work -----------------------------------------------------------------------

@test "--shard-key | parallel --shard ... --from-shard-key gives what one process gives, byte for byte" {
  python3 - <<'EOF' > in.jsonl
import json, random
rng = random.Random(5)
pool = [" ".join(rng.choice(["alpha", "beta", "gamma", "é", "日本", "x"]) for _ in range(rng.randint(1, 12))) for _ in range(600)]
for i in range(3000):
    rec = {"id": i, "text": rng.choice(pool[:rng.choice([50, 600])])}
    if rng.random() < 0.3:
        rec = {"text": rec["text"], "id": i}
    print(json.dumps(rec, ensure_ascii=rng.random() < 0.5, separators=rng.choice([(",", ":"), (", ", ": ")])))
EOF
  run -0 --separate-stderr seed-dedup -o whole.jsonl in.jsonl
  [[ "$stderr" =~ ^seed-dedup:\ read\ 3000,\ kept\ ([0-9]+),\ dropped ]]
  [ "${BASH_REMATCH[1]}" -gt 300 ]
  [ "${BASH_REMATCH[1]}" -lt 700 ]
  run -0 --separate-stderr seed-dedup -o keyed.tsv --shard-key in.jsonl
  expect_stderr_line "seed-dedup: read 3000, wrote 3000"
  tab=$(printf '\t')

  # Three shards split by hand on the key's first hex digit: each worker gets its lines in order.
  for shard in 0 1 2; do
    awk -v shard="$shard" '{ if (index("0123456789abcdef", substr($0, 1, 1)) % 3 == shard) print }' keyed.tsv |
      seed-dedup -q --from-shard-key > "worker$shard.tsv"
  done
  cat worker0.tsv worker1.tsv worker2.tsv | sort -t "$tab" -k2,2 | cut -f3- > by-hand.jsonl
  cmp whole.jsonl by-hand.jsonl

  # GNU parallel's --shard runs several sharders over 100 kB blocks and merges their output per
  # worker, so a worker can get a shard's lines out of order (--from-shard-key then stops,
  # naming the position); each worker sorts its lines by position first. parallel itself
  # rarely hangs in --shard (about 1 run in 100 here): a timeout turns that into one retry.
  [ "$(stat -c %s keyed.tsv)" -gt 300000 ]
  shard_run() {
    timeout 60 parallel --will-cite --pipe --shard 1 --colsep '\t' -j3 \
      'sort -k2,2 | seed-dedup -q --from-shard-key' < keyed.tsv > workers.tsv 3>&-
  }
  status=0
  shard_run || status=$?
  if [ "$status" -eq 124 ]; then
    echo "# parallel --shard hung; retrying once" >&3
    status=0
    shard_run || status=$?
  fi
  [ "$status" -eq 0 ]
  sort -t "$tab" -k2,2 workers.tsv | cut -f3- > sharded.jsonl
  cmp whole.jsonl sharded.jsonl
}

@test "--from-shard-key rejects lines that are not --shard-key lines, and lines out of order" {
  printf '{"text":"a"}\n{"text":"b"}\n{"text":"a"}\n' > in.jsonl
  seed-dedup -q --shard-key in.jsonl > keyed.tsv
  [ "$(cut -f2 keyed.tsv | tr '\n' ' ')" = "000000000001 000000000002 000000000003 " ]
  [[ "$(head -n 1 keyed.tsv)" =~ ^[0-9a-f]{32}$'\t'000000000001$'\t''{"text":"a"}'$ ]]
  run -0 --separate-stderr seed-dedup --from-shard-key keyed.tsv
  expect_jsonl_eq - "$(sed -n '1p;2p' keyed.tsv)"
  expect_stderr_line "seed-dedup: read 3, kept 2, dropped 1 (exact 1)"

  run -1 --separate-stderr seed-dedup --from-shard-key in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:1: not a --shard-key line (expected KEY<TAB>POSITION<TAB>RECORD, as seed-dedup --shard-key writes)"
  cut -f1,2 keyed.tsv > no-record.tsv
  run -1 --separate-stderr seed-dedup --from-shard-key no-record.tsv
  expect_stderr_line "seed-dedup: no-record.tsv:1: not a --shard-key line (expected KEY<TAB>POSITION<TAB>RECORD, as seed-dedup --shard-key writes)"
  sed '2s/"b"/"b"x/' keyed.tsv > bad-record.tsv
  run -1 --separate-stderr seed-dedup --from-shard-key bad-record.tsv
  expect_stderr_line "seed-dedup: bad-record.tsv:2: the record after the second tab: invalid JSON at column 12: expected ',' or '}' after value"
  run -0 --separate-stderr seed-dedup --from-shard-key --on-error=skip bad-record.tsv
  expect_stderr_line "seed-dedup: bad-record.tsv:2: the record after the second tab: invalid JSON at column 12: expected ',' or '}' after value (skipped)
seed-dedup: read 3, kept 1, dropped 1 (exact 1), skipped 1 bad"

  { sed -n 3p keyed.tsv; sed -n 1p keyed.tsv; } > unordered.tsv
  run -1 --separate-stderr seed-dedup --from-shard-key unordered.tsv
  expect_stderr_line "seed-dedup: unordered.tsv:2: position 1 does not follow 3: a worker must read its lines in position order (sort them with sort -k2,2)"
  sed -n '1p;1p' keyed.tsv > repeated.tsv
  run -1 --separate-stderr seed-dedup --from-shard-key repeated.tsv
  expect_stderr_line "seed-dedup: repeated.tsv:2: position 1 does not follow 1: a worker must read its lines in position order (sort them with sort -k2,2)"
}

@test "--signatures | --from-signatures gives what --near gives; the report names the signature stream" {
  generate_planted_corpus in.jsonl truth.jsonl 300 150 5
  run -0 --separate-stderr seed-dedup --near --report whole-report.jsonl -o whole.jsonl in.jsonl
  whole_summary=$stderr
  [[ "$whole_summary" =~ near\ ([0-9]+)\)$ ]]
  [ "${BASH_REMATCH[1]}" -gt 20 ]
  run -0 --separate-stderr bash -c 'set -o pipefail
    parallel --will-cite --pipe -k -N 100 seed-dedup -q --signatures < in.jsonl |
      seed-dedup --from-signatures --report staged-report.jsonl -o staged.jsonl'
  expect_stderr_line "$whole_summary"
  cmp whole.jsonl staged.jsonl
  # The second stage reads one stream of signature lines, so its report names "<stdin>" and the
  # line in that stream (here the same line as in in.jsonl: one file, no blank lines, kept in
  # order by -k); source, path and id come from the carried record as in a whole run.
  sed 's/"file":"in.jsonl"/"file":"<stdin>"/g' whole-report.jsonl | cmp - staged-report.jsonl
  # The stage writes one line per record: TAG, signature, and the record as read.
  run -0 --separate-stderr seed-dedup --signatures in.jsonl
  expect_stderr_line "seed-dedup: read 450, wrote 450"
  [ "$(printf '%s\n' "$output" | cut -f1 | sort -u)" = "minhash1:perms=256:bands=32:ngram=5:words" ]
  [ "$(printf '%s\n' "$output" | cut -f3-)" = "$(cat in.jsonl)" ]
}

@test "--from-signatures refuses a signature made with other options, naming both" {
  printf '{"text":"one two three"}\n{"text":"four"}\n' > in.jsonl
  seed-dedup -q --signatures --ngram 3 in.jsonl > sig3.tsv
  run -1 --separate-stderr seed-dedup --from-signatures sig3.tsv
  [ -z "$output" ]
  expect_stderr_line "seed-dedup: sig3.tsv:1: signature made with minhash1:perms=256:bands=32:ngram=3:words, but this run uses minhash1:perms=256:bands=32:ngram=5:words (give both runs the same near-mode options)"
  run -0 --separate-stderr seed-dedup --from-signatures --ngram 3 sig3.tsv
  expect_jsonl_eq - "$(cat in.jsonl)"
  run -1 --separate-stderr seed-dedup --from-signatures in.jsonl
  expect_stderr_line "seed-dedup: in.jsonl:1: not a --signatures line (expected TAG<TAB>SIGNATURE<TAB>RECORD, as seed-dedup --signatures writes)"
  sed '1s/\t[A-Za-z0-9+\/]/\t!/' sig3.tsv > damaged.tsv
  run -1 --separate-stderr seed-dedup --from-signatures --ngram 3 damaged.tsv
  expect_stderr_line "seed-dedup: damaged.tsv:1: damaged signature"
}

# --- quality ----------------------------------------------------------------------------------

@test "--near at its defaults finds planted near-duplicates (recall >= 0.9 at similarity >= 0.8, false drops <= 0.5%)" {
  generate_planted_corpus in.jsonl truth.jsonl 2000 800 1
  run -0 --separate-stderr seed-dedup --near --report r.jsonl -o kept.jsonl in.jsonl
  # A planted copy at similarity >= 0.8 to its source should be dropped (against any record of
  # its family). A false drop: an unrelated document dropped, or a copy dropped against a
  # record of another family; the rate is per unrelated document.
  run -0 python3 - <<'EOF'
import json
truth = [json.loads(line) for line in open("truth.jsonl")]
report = {}
for line in open("r.jsonl"):
    r = json.loads(line)
    report[r["dropped"]["id"]] = r
similar = [t for t in truth if t["similarity"] is not None and t["similarity"] >= 0.8]
found = sum(t["id"] in report for t in similar)
unrelated = sum(t["similarity"] is None for t in truth)
false = sum(1 for t in truth if t["id"] in report and
            (t["similarity"] is None or truth[report[t["id"]]["kept"]["id"]]["family"] != t["family"]))
print(found, len(similar), false, unrelated)
print("recall=%.3f (%d of %d planted at similarity >= 0.8), false-drop rate=%.2f%% (%d of %d unrelated), %d dropped in all"
      % (found / len(similar), found, len(similar), 100 * false / unrelated, false, unrelated, len(report)))
EOF
  echo "# ${lines[1]}" >&3
  read -r found similar false unrelated <<<"${lines[0]}"
  [ "$similar" -ge 200 ]
  [ "$unrelated" -ge 1900 ]
  [ $((10 * found)) -ge $((9 * similar)) ]
  [ $((200 * false)) -le "$unrelated" ]
}
