#!/usr/bin/env bats
# seed-filter's quality rules (--gopher-repetition, --gopher-quality, --c4-lines, --fineweb,
# --code-quality), --report, --rejected and --annotate: a planted corpus in which every rule
# drops its own records (tests/quality/make-corpus.py), the measures checked against an
# independent Python implementation (tests/quality/reference.py), and the documented errors.

load helpers

NL_SETS=(--gopher-repetition --gopher-quality --c4-lines --fineweb)
ALL_SETS=(--gopher-repetition --gopher-quality --c4-lines --fineweb --code-quality)

setup_file() {
  export QUALITY="$SEED_SOURCE_ROOT/tests/quality"
  export CORPUS="$BATS_FILE_TMPDIR/corpus"
  mkdir -p "$CORPUS"
  PYTHONDONTWRITEBYTECODE=1 python3 "$QUALITY/make-corpus.py" --split "$CORPUS"
}

reference() { PYTHONDONTWRITEBYTECODE=1 python3 "$QUALITY/reference.py" "$@"; }

# corpus_tool MODE ARGS: small views of the corpus and of seed-filter's output files.
#   planted CORPUS           "id rule" for each record planted to fail a rule (the rule from its id)
#   rejected_rules REJECTED  "id rule" for each record in a --rejected file
#   expected_kept CORPUS     the records seed-filter keeps, as it writes them with --keep-fields:
#                            clean ones byte for byte, those C4 rewrites with the reference's text
#   verdicts CORPUS KEPT REJECTED  what seed-filter did with each record, in the form of
#                            reference.py --verdicts
#   quality FILE             the "quality" object of each --annotate output line, as written
corpus_tool() {
  PYTHONDONTWRITEBYTECODE=1 python3 - "$@" <<'EOF'
import json, re, sys
sys.path.insert(0, __import__("os").environ["QUALITY"])
import reference
mode, args = sys.argv[1], sys.argv[2:]
out = sys.stdout
def records(path):
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            yield line, json.loads(line)
if mode == "planted":
    for _, rec in records(args[0]):
        if rec["id"].startswith("plant-"):
            out.write(rec["id"] + " " + re.sub(r"^plant-|-[0-9]+$", "", rec["id"]) + "\n")
elif mode == "rejected_rules":
    for _, rec in records(args[0]):
        out.write(rec["id"] + " " + rec["rejected_by"]["rule"] + "\n")
elif mode == "expected_kept":
    for line, rec in records(args[0]):
        if rec["id"].startswith("clean-"):
            out.write(line)
        elif rec["id"].startswith("rewrite-"):
            rec["text"] = reference.c4_clean(rec["text"]).text
            out.write(json.dumps(rec, ensure_ascii=False, separators=(",", ":")) + "\n")
elif mode == "verdicts":
    done = {}
    for _, rec in records(args[1]):
        done[rec["id"]] = ("kept", rec["text"])
    for line, rec in records(args[2]):
        done[rec["id"]] = ("rejected", re.search(r',"rejected_by":(\{[^{}]*\})\}\n$', line).group(1))
    for _, rec in records(args[0]):
        kind, value = done.pop(rec["id"])
        if kind == "rejected":
            out.write(value + "\n")
        elif value == reference.record_text(rec):
            out.write('{"kept":true}\n')
        else:
            out.write(json.dumps({"kept": True, "text": value}, ensure_ascii=False, separators=(",", ":")) + "\n")
    assert not done, done
elif mode == "quality":
    for line in open(args[0], encoding="utf-8"):
        out.write(re.search(r',"quality":(\{[^{}]*\})\}\n$', line).group(1) + "\n")
EOF
}

# expect_files_eq EXPECTED GOT: the two files are byte-identical; shows the first difference.
expect_files_eq() {
  if ! cmp -s "$1" "$2"; then
    diff "$1" "$2" | head -n 20 | cut -c 1-400 >&2
    return 1
  fi
}

# ---- The planted corpus

@test "planted prose: each plant is dropped by its own rule, clean records are kept byte for byte" {
  run --separate-stderr seed-filter "${NL_SETS[@]}" --keep-fields --rejected rejected.jsonl --report report.json \
    "$CORPUS/prose.jsonl" -o kept.jsonl
  assert_success
  corpus_tool planted "$CORPUS/prose.jsonl" > want-rules.txt
  corpus_tool rejected_rules rejected.jsonl > got-rules.txt
  [ "$(wc -l < want-rules.txt)" -eq 63 ]
  expect_files_eq want-rules.txt got-rules.txt
  corpus_tool expected_kept "$CORPUS/prose.jsonl" > want-kept.jsonl
  [ "$(wc -l < want-kept.jsonl)" -eq 26 ]
  expect_files_eq want-kept.jsonl kept.jsonl
  expect_stderr_line "seed-filter: read 89, kept 26, dropped 63 (empty 1, gopher-dup-paragraphs 2, gopher-dup-paragraph-chars 2, gopher-dup-lines 2, gopher-dup-line-chars 2, gopher-top-2-gram 2, gopher-top-3-gram 2, gopher-top-4-gram 2, gopher-dup-5-grams 2, gopher-dup-6-grams 2, gopher-dup-7-grams 2, gopher-dup-8-grams 2, gopher-dup-9-grams 2, gopher-dup-10-grams 2, gopher-min-words 2, gopher-max-words 2, gopher-min-mean-word-length 3, gopher-max-mean-word-length 2, gopher-hash-ratio 2, gopher-ellipsis-ratio 2, gopher-bullet-lines 3, gopher-ellipsis-lines 2, gopher-alpha-tokens 2, gopher-stop-words 2, c4-lorem-ipsum 2, c4-curly-bracket 2, c4-min-sentences 2, fineweb-punct-lines 2, fineweb-short-lines 2, fineweb-dup-chars 2, fineweb-newlines 2); c4 removed 15 lines (long-word 1, no-terminal-punct 11, few-words 1, javascript 1, policy 1)"
  expect_jsonl_eq report.json '{"read":89,"kept":26,"dropped":63,"bad":0,"dropped_empty":1,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_gopher_dup_paragraphs":2,"dropped_gopher_dup_paragraph_chars":2,"dropped_gopher_dup_lines":2,"dropped_gopher_dup_line_chars":2,"dropped_gopher_top_2_gram":2,"dropped_gopher_top_3_gram":2,"dropped_gopher_top_4_gram":2,"dropped_gopher_dup_5_grams":2,"dropped_gopher_dup_6_grams":2,"dropped_gopher_dup_7_grams":2,"dropped_gopher_dup_8_grams":2,"dropped_gopher_dup_9_grams":2,"dropped_gopher_dup_10_grams":2,"dropped_gopher_min_words":2,"dropped_gopher_max_words":2,"dropped_gopher_min_mean_word_length":3,"dropped_gopher_max_mean_word_length":2,"dropped_gopher_hash_ratio":2,"dropped_gopher_ellipsis_ratio":2,"dropped_gopher_bullet_lines":3,"dropped_gopher_ellipsis_lines":2,"dropped_gopher_alpha_tokens":2,"dropped_gopher_stop_words":2,"dropped_c4_lorem_ipsum":2,"dropped_c4_curly_bracket":2,"dropped_c4_min_sentences":2,"dropped_c4_empty":0,"dropped_fineweb_punct_lines":2,"dropped_fineweb_short_lines":2,"dropped_fineweb_dup_chars":2,"dropped_fineweb_newlines":2,"c4_lines_removed":15,"c4_lines_removed_long_word":1,"c4_lines_removed_no_terminal_punct":11,"c4_lines_removed_few_words":1,"c4_lines_removed_javascript":1,"c4_lines_removed_policy":1}'
  [ "$(tail -c 1 report.json | od -An -c | tr -d ' ')" = '\n' ]  # one line, ended by a line break
}

@test "planted prose: rejected_by values and thresholds, and C4's texts, agree with the reference" {
  run --separate-stderr seed-filter -q "${NL_SETS[@]}" --keep-fields --rejected rejected.jsonl "$CORPUS/prose.jsonl" \
    -o kept.jsonl
  assert_success
  corpus_tool verdicts "$CORPUS/prose.jsonl" kept.jsonl rejected.jsonl > got.txt
  reference --verdicts "${NL_SETS[@]}" "$CORPUS/prose.jsonl" > want.txt
  expect_files_eq want.txt got.txt
  # A planted record goes to --rejected as read, up to its last "}", then the member.
  run grep -F '"id":"plant-gopher-min-words-1"' rejected.jsonl
  assert_output --regexp '^\{"text":"[^"]*","source":"prose","id":"plant-gopher-min-words-1","rejected_by":\{"rule":"gopher-min-words","value":[0-9]+,"threshold":50\}\}$'
  run grep -F '"id":"plant-empty-1"' rejected.jsonl
  assert_output '{"text":"","source":"prose","id":"plant-empty-1","rejected_by":{"rule":"empty","value":null,"threshold":null}}'
  run grep -F '"id":"plant-c4-lorem-ipsum-1"' rejected.jsonl
  assert_output --partial ',"rejected_by":{"rule":"c4-lorem-ipsum","value":true,"threshold":null}}'
}

@test "planted code: each plant is dropped by its own rule, clean code is kept byte for byte" {
  run --separate-stderr seed-filter --code-quality --keep-fields --rejected rejected.jsonl --report report.json \
    "$CORPUS/code.jsonl" -o kept.jsonl
  assert_success
  corpus_tool planted "$CORPUS/code.jsonl" > want-rules.txt
  corpus_tool rejected_rules rejected.jsonl > got-rules.txt
  [ "$(wc -l < want-rules.txt)" -eq 17 ]
  expect_files_eq want-rules.txt got-rules.txt
  corpus_tool expected_kept "$CORPUS/code.jsonl" > want-kept.jsonl
  [ "$(wc -l < want-kept.jsonl)" -eq 23 ]
  expect_files_eq want-kept.jsonl kept.jsonl
  expect_stderr_line "seed-filter: read 40, kept 23, dropped 17 (code-max-line-length 3, code-mean-line-length 2, code-alnum 2, code-min-comments 3, code-max-comments 2, code-xml-header 2, code-autogenerated 3)"
  expect_jsonl_eq report.json '{"read":40,"kept":23,"dropped":17,"bad":0,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_code_max_line_length":3,"dropped_code_mean_line_length":2,"dropped_code_alnum":2,"dropped_code_min_comments":3,"dropped_code_max_comments":2,"dropped_code_xml_header":2,"dropped_code_autogenerated":3}'
  corpus_tool verdicts "$CORPUS/code.jsonl" kept.jsonl rejected.jsonl > got.txt
  reference --verdicts --code-quality "$CORPUS/code.jsonl" > want.txt
  expect_files_eq want.txt got.txt
}

@test "c4-empty drops a text of which C4 keeps no line, once c4-min-sentences is out of the way" {
  run --separate-stderr seed-filter --c4-lines --disable c4-min-sentences --rejected rejected.jsonl "$CORPUS/c4-empty.jsonl"
  assert_success
  [ -z "$output" ]
  # The lines of a record dropped by a C4 document rule are not counted as removed.
  expect_stderr_line "seed-filter: read 2, kept 0, dropped 2 (c4-empty 2); c4 removed 0 lines"
  corpus_tool rejected_rules rejected.jsonl > got-rules.txt
  corpus_tool planted "$CORPUS/c4-empty.jsonl" > want-rules.txt
  expect_files_eq want-rules.txt got-rules.txt
  run grep -c ',"rejected_by":{"rule":"c4-empty","value":0,"threshold":1}}$' rejected.jsonl
  assert_output 2
  run --separate-stderr seed-filter "${NL_SETS[@]}" --c4-min-sentences 0 "$CORPUS/c4-empty.jsonl"
  assert_success
  expect_stderr_line "seed-filter: read 2, kept 0, dropped 2 (c4-empty 2); c4 removed 0 lines"
  run --separate-stderr seed-filter --c4-lines "$CORPUS/c4-empty.jsonl"
  expect_stderr_line "seed-filter: read 2, kept 0, dropped 2 (c4-min-sentences 2); c4 removed 0 lines"
}

# ---- The measures against the reference

@test "--annotate on the planted corpus writes the reference's measures for every record" {
  cat "$CORPUS/prose.jsonl" "$CORPUS/code.jsonl" "$CORPUS/c4-empty.jsonl" > all.jsonl
  run --separate-stderr seed-filter "${ALL_SETS[@]}" --annotate --keep-fields all.jsonl -o annotated.jsonl
  assert_success
  expect_stderr_line "seed-filter: read 131, kept 130, dropped 1 (empty 1)"
  corpus_tool quality annotated.jsonl > got.txt
  reference "${ALL_SETS[@]}" all.jsonl > want.txt
  [ "$(wc -l < want.txt)" -eq 130 ]
  expect_files_eq want.txt got.txt
  # Each set alone, and options that change the measures (the 100000-word texts left out).
  grep -v '"id":"plant-gopher-max-words-' all.jsonl > some.jsonl
  for options in --gopher-repetition --gopher-quality --c4-lines --fineweb --code-quality \
      "--c4-lines --disable c4-no-terminal-punct,c4-policy --c4-min-words-per-line 5 --c4-max-word-length 12" \
      "--fineweb --fineweb-short-line-length 60" "--gopher-quality --stop-words a,in,на,и,の"; do
    # shellcheck disable=SC2086
    seed-filter -q $options --annotate --keep-fields some.jsonl -o annotated.jsonl
    corpus_tool quality annotated.jsonl > got.txt
    # shellcheck disable=SC2086
    reference $options some.jsonl > want.txt
    expect_files_eq want.txt got.txt || { echo "with $options" >&2; return 1; }
  done
}

@test "--annotate on bench/gen_corpus.py's prose writes the reference's measures" {
  python3 "$SEED_SOURCE_ROOT/bench/gen_corpus.py" 2 | grep '"category"' > bench.jsonl
  n=$(wc -l < bench.jsonl)
  [ "$n" -gt 900 ]
  run --separate-stderr seed-filter "${ALL_SETS[@]}" --annotate bench.jsonl -o annotated.jsonl
  assert_success
  expect_stderr_line "seed-filter: read $n, kept $n, dropped 0"
  corpus_tool quality annotated.jsonl > got.txt
  reference "${ALL_SETS[@]}" bench.jsonl > want.txt
  expect_files_eq want.txt got.txt
  seed-filter -q "${NL_SETS[@]}" --keep-fields --rejected rejected.jsonl bench.jsonl -o kept.jsonl
  corpus_tool verdicts bench.jsonl kept.jsonl rejected.jsonl > got.txt
  reference --verdicts "${NL_SETS[@]}" bench.jsonl > want.txt
  expect_files_eq want.txt got.txt
}

@test "the measures of small texts, written out (tokens, lines, CRLF, CJK, emoji)" {
  # "Hello, world!" is 2 words and 4 tokens; "don't" one word; "U.S." a word and a symbol;
  # 日本語の文 5 words; カタカナ one; "abc日本" 3; 😀😀 one symbol token: 14 words of 34 chars,
  # 18 tokens. "a b\r\n\r\nc d..." has 3 lines, one blank; "..." ends a sentence for FineWeb.
  printf '%s\n' '{"text":"Hello, world! don'"'"'t U.S. 日本語の文 カタカナ abc日本 😀😀 ok"}' \
    '{"text":"a b\r\n\r\nc d..."}' '{"text":"- one\n* two\n\n• three…"}' > t.jsonl
  run --separate-stderr seed-filter --annotate --gopher-quality --fineweb < t.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"Hello, world! don'"'"'t U.S. 日本語の文 カタカナ abc日本 😀😀 ok","quality":{"gopher_words":14,"gopher_mean_word_length":2.4285714285714284,"gopher_hash_ratio":0,"gopher_ellipsis_ratio":0,"gopher_bullet_lines":0,"gopher_ellipsis_lines":0,"gopher_alpha_tokens":0.7777777777777778,"gopher_stop_words":0,"fineweb_punct_lines":0,"fineweb_short_lines":0,"fineweb_dup_chars":0,"fineweb_newlines":0}}
{"text":"a b\r\n\r\nc d...","quality":{"gopher_words":4,"gopher_mean_word_length":1,"gopher_hash_ratio":0,"gopher_ellipsis_ratio":0.25,"gopher_bullet_lines":0,"gopher_ellipsis_lines":0.3333333333333333,"gopher_alpha_tokens":0.8,"gopher_stop_words":0,"fineweb_punct_lines":0.5,"fineweb_short_lines":1,"fineweb_dup_chars":0,"fineweb_newlines":0.5}}
{"text":"- one\n* two\n\n• three…","quality":{"gopher_words":3,"gopher_mean_word_length":3.6666666666666665,"gopher_hash_ratio":0,"gopher_ellipsis_ratio":0.3333333333333333,"gopher_bullet_lines":0.75,"gopher_ellipsis_lines":0.25,"gopher_alpha_tokens":0.42857142857142855,"gopher_stop_words":0,"fineweb_punct_lines":0.3333333333333333,"fineweb_short_lines":1,"fineweb_dup_chars":0,"fineweb_newlines":1}}'
  reference --gopher-quality --fineweb t.jsonl > want.txt
  seed-filter -q --annotate --gopher-quality --fineweb t.jsonl > annotated.jsonl
  corpus_tool quality annotated.jsonl > got.txt
  expect_files_eq want.txt got.txt
}

@test "repetition: the top n-gram's ties go to the first, duplicated n-grams are scanned greedily" {
  # In the second text "aa b" and "b c" both occur twice; "aa b" came first: 2 * (2+1+1) / 16
  # (not 2 * (1+1+1) / 16). In the first, "a b c d e" comes back at word 6 and the scan goes on
  # after it: 5 chars of 23 for the 5-grams, and no repeated 6-gram.
  printf '%s\n' '{"text":"a b c d e a b c d e x y"}' '{"text":"aa b c aa b c zz"}' > r.jsonl
  run --separate-stderr seed-filter --annotate --gopher-max-top-2-gram 1 --gopher-max-top-3-gram 1 \
    --gopher-max-dup-5-grams 1 --gopher-max-dup-6-grams 1 < r.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"a b c d e a b c d e x y","quality":{"gopher_top_2_gram":0.2608695652173913,"gopher_top_3_gram":0.43478260869565216,"gopher_dup_5_grams":0.21739130434782608,"gopher_dup_6_grams":0}}
{"text":"aa b c aa b c zz","quality":{"gopher_top_2_gram":0.5,"gopher_top_3_gram":0.75,"gopher_dup_5_grams":0,"gopher_dup_6_grams":0}}'
}

# ---- Options

@test "--disable turns a rule off whatever the order; it is then neither checked, counted nor reported" {
  # 11 words: only gopher-min-words fails of the Gopher quality rules.
  printf '%s\n' '{"text":"The cat and the dog sat with a friend of mine.","source":"s"}' > short.jsonl
  run --separate-stderr seed-filter --gopher-quality short.jsonl
  expect_stderr_line "seed-filter: read 1, kept 0, dropped 1 (gopher-min-words 1)"
  for order in "--gopher-quality --disable gopher-min-words" "--disable gopher-min-words --gopher-quality"; do
    # shellcheck disable=SC2086
    run --separate-stderr seed-filter $order --keep-fields --report report.json short.jsonl
    assert_success
    expect_jsonl_eq - "$(cat short.jsonl)"
    expect_stderr_line "seed-filter: read 1, kept 1, dropped 0"
    expect_jsonl_eq report.json '{"read":1,"kept":1,"dropped":0,"bad":0,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_gopher_max_words":0,"dropped_gopher_min_mean_word_length":0,"dropped_gopher_max_mean_word_length":0,"dropped_gopher_hash_ratio":0,"dropped_gopher_ellipsis_ratio":0,"dropped_gopher_bullet_lines":0,"dropped_gopher_ellipsis_lines":0,"dropped_gopher_alpha_tokens":0,"dropped_gopher_stop_words":0}'
  done
  # A disabled rule's measure is still written when another rule shares it.
  run --separate-stderr seed-filter --gopher-min-words 1 --gopher-max-words 9 --disable gopher-min-words --annotate short.jsonl
  assert_output '{"text":"The cat and the dog sat with a friend of mine.","source":"s","quality":{"gopher_words":11}}'
  # A threshold option given after --disable does not turn the rule back on.
  run --separate-stderr seed-filter --disable gopher-min-words --gopher-min-words 100 short.jsonl
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0"
}

@test "--disable of a C4 line rule keeps such lines; the summary counts the others" {
  printf '%s\n' '{"text":"Please enable JavaScript in your browser to see the map.\nRead the privacy policy of the site first.\nThe bridge opened in 1931 after six long years.[3]\nThe river is cold and wide and very deep. It was full.\nHome\nOK.\n[1] Trains stop here at noon and at six.\nAll of this was quiet! Then it rained.\nThe end came soon... "}' > page.jsonl
  run --separate-stderr seed-filter --c4-lines page.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"The bridge opened in 1931 after six long years.\nThe river is cold and wide and very deep. It was full.\nTrains stop here at noon and at six.\nAll of this was quiet! Then it rained.","source":"page"}'
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0; c4 removed 5 lines (no-terminal-punct 2, few-words 1, javascript 1, policy 1)"
  run --separate-stderr seed-filter --c4-lines --disable c4-javascript,c4-few-words --report report.json page.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"Please enable JavaScript in your browser to see the map.\nThe bridge opened in 1931 after six long years.\nThe river is cold and wide and very deep. It was full.\nOK.\nTrains stop here at noon and at six.\nAll of this was quiet! Then it rained.","source":"page"}'
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0; c4 removed 3 lines (no-terminal-punct 2, policy 1)"
  expect_jsonl_eq report.json '{"read":1,"kept":1,"dropped":0,"bad":0,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_c4_lorem_ipsum":0,"dropped_c4_curly_bracket":0,"dropped_c4_min_sentences":0,"dropped_c4_empty":0,"c4_lines_removed":3,"c4_lines_removed_long_word":0,"c4_lines_removed_no_terminal_punct":2,"c4_lines_removed_few_words":0,"c4_lines_removed_javascript":0,"c4_lines_removed_policy":1}'
}

@test "C4 rewrites the text (exact record), leaves a text in its form alone, and stays out of --annotate's summary" {
  printf '%s\n' '{"id":7,"text":"  First line here, with words.  \r\n\r\nSecond line \"quoted.\"\r\nMenu\r\nLorem? No: ipsum.\t\r\n","source":"s"}' \
    '{"text":"Already clean line one.\nAnd line two is fine.","source":"s"}' > c4.jsonl
  run --separate-stderr seed-filter --keep-fields --c4-min-sentences 1 c4.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"First line here, with words.\nSecond line \"quoted.\"\nLorem? No: ipsum.","source":"s","id":7}
{"text":"Already clean line one.\nAnd line two is fine.","source":"s"}'
  expect_stderr_line "seed-filter: read 2, kept 2, dropped 0; c4 removed 1 lines (no-terminal-punct 1)"
  run --separate-stderr seed-filter --c4-min-sentences 1 --annotate c4.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"  First line here, with words.  \r\n\r\nSecond line \"quoted.\"\r\nMenu\r\nLorem? No: ipsum.\t\r\n","source":"s","quality":{"c4_sentences":4,"c4_lines_removed":1}}
{"text":"Already clean line one.\nAnd line two is fine.","source":"s","quality":{"c4_sentences":2,"c4_lines_removed":0}}'
  expect_stderr_line "seed-filter: read 2, kept 2, dropped 0"
  run --separate-stderr seed-filter --c4-lines --c4-min-sentences 2 c4.jsonl
  expect_stderr_line "seed-filter: read 2, kept 2, dropped 0; c4 removed 1 lines (no-terminal-punct 1)"
  run --separate-stderr seed-filter --c4-lines --c4-min-sentences 5 c4.jsonl
  expect_stderr_line "seed-filter: read 2, kept 0, dropped 2 (c4-min-sentences 2); c4 removed 0 lines"
}

@test "C4's document rules: the first line with lorem ipsum or { decides; disabled, they are ordinary lines" {
  printf '%s\n' '{"text":"Write {name} in the first field.\nLorem ipsum dolor sit amet, elit.\nThe third line is fine."}' > doc.jsonl
  run --separate-stderr seed-filter --c4-lines --c4-min-sentences 1 --rejected rejected.jsonl doc.jsonl
  expect_stderr_line "seed-filter: read 1, kept 0, dropped 1 (c4-curly-bracket 1); c4 removed 0 lines"
  run cat rejected.jsonl
  assert_output '{"text":"Write {name} in the first field.\nLorem ipsum dolor sit amet, elit.\nThe third line is fine.","rejected_by":{"rule":"c4-curly-bracket","value":true,"threshold":null}}'
  run --separate-stderr seed-filter --c4-lines --c4-min-sentences 1 --disable c4-curly-bracket doc.jsonl
  expect_stderr_line "seed-filter: read 1, kept 0, dropped 1 (c4-lorem-ipsum 1); c4 removed 0 lines"
  run --separate-stderr seed-filter --c4-lines --c4-min-sentences 1 --disable c4-curly-bracket,c4-lorem-ipsum doc.jsonl
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0; c4 removed 0 lines"
  run --separate-stderr seed-filter --c4-lines --annotate < doc.jsonl
  expect_jsonl_eq - '{"text":"Write {name} in the first field.\nLorem ipsum dolor sit amet, elit.\nThe third line is fine.","quality":{"c4_lorem_ipsum":true,"c4_curly_bracket":true,"c4_sentences":3,"c4_lines_kept":3,"c4_lines_removed":0}}'
}

@test "a threshold option alone turns on its rule and no other" {
  grep -E '"id":"(plant-gopher-min-words-1|plant-gopher-hash-ratio-1|plant-fineweb-short-lines-1)"' \
    "$CORPUS/prose.jsonl" > three.jsonl
  run --separate-stderr seed-filter --gopher-min-words 50 --report report.json three.jsonl
  assert_success
  expect_stderr_line "seed-filter: read 3, kept 2, dropped 1 (gopher-min-words 1)"
  expect_jsonl_eq report.json '{"read":3,"kept":2,"dropped":1,"bad":0,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_gopher_min_words":1}'
  run --separate-stderr seed-filter --gopher-max-hash-ratio 0.05 three.jsonl
  expect_stderr_line "seed-filter: read 3, kept 2, dropped 1 (gopher-hash-ratio 1)"
  run -0 seed-filter -q --fineweb-max-short-lines 0.5 --annotate three.jsonl
  [ "$(grep -c ',"quality":{"fineweb_short_lines":[0-9.e-]*}}$' <<< "$output")" -eq 3 ]
  # The parameters of a rule turn nothing on.
  run --separate-stderr seed-filter --fineweb-short-line-length 5 --c4-min-words-per-line 9 --c4-max-word-length 2 three.jsonl
  assert_success
  expect_stderr_line "seed-filter: read 3, kept 3, dropped 0"
}

@test "--stop-words replaces the English list; words compare case-insensitively" {
  printf '%s\n' '{"text":"THE The the them. И в лесу, и ВОДА. Über ÜBER über. Ο ο."}' > sw.jsonl
  run --separate-stderr seed-filter --annotate --gopher-min-stop-words 1 < sw.jsonl
  expect_jsonl_eq - '{"text":"THE The the them. И в лесу, и ВОДА. Über ÜBER über. Ο ο.","quality":{"gopher_stop_words":3}}'
  run --separate-stderr seed-filter --annotate --gopher-min-stop-words 1 --stop-words 'и,вода,über,ο' < sw.jsonl
  expect_jsonl_eq - '{"text":"THE The the them. И в лесу, и ВОДА. Über ÜBER über. Ο ο.","quality":{"gopher_stop_words":8}}'
  grep -F '"id":"plant-gopher-stop-words-2"' "$CORPUS/prose.jsonl" > ru.jsonl
  run --separate-stderr seed-filter --gopher-quality ru.jsonl
  expect_stderr_line "seed-filter: read 1, kept 0, dropped 1 (gopher-stop-words 1)"
  run --separate-stderr seed-filter --gopher-quality --stop-words 'в,и,на,по,для' ru.jsonl
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0"
}

@test "--annotate replaces a quality member and appends to an unchanged record byte for byte" {
  printf '%s\n' '{"text": "caf\u00e9 au lait", "source": "s" }' \
    '{"text": "one two three", "quality": {"old": 1}, "n": 2}' \
    '{"text": "four five", "source": "t", "id": 3}' > a.jsonl
  run --separate-stderr seed-filter --annotate --keep-fields --gopher-min-words 3 a.jsonl
  assert_success
  expect_jsonl_eq - '{"text": "caf\u00e9 au lait", "source": "s" ,"quality":{"gopher_words":3}}
{"text":"one two three","source":"a","n":2,"quality":{"gopher_words":3}}
{"text": "four five", "source": "t", "id": 3,"quality":{"gopher_words":2}}'
  expect_stderr_line "seed-filter: read 3, kept 3, dropped 0"
  run --separate-stderr seed-filter --annotate --gopher-min-words 3 a.jsonl
  expect_jsonl_eq - '{"text": "caf\u00e9 au lait", "source": "s" ,"quality":{"gopher_words":3}}
{"text":"one two three","source":"a","quality":{"gopher_words":3}}
{"text":"four five","source":"t","quality":{"gopher_words":2}}'
  # The base rules still drop; only what they keep is annotated.
  run --separate-stderr seed-filter --annotate --min 10 --gopher-min-words 3 a.jsonl
  expect_jsonl_eq - '{"text": "caf\u00e9 au lait", "source": "s" ,"quality":{"gopher_words":3}}
{"text":"one two three","source":"a","quality":{"gopher_words":3}}'
  expect_stderr_line "seed-filter: read 3, kept 2, dropped 1 (min 1)"
}

@test "numbers in rejected_by: counts as integers, others in the shortest form" {
  printf '%s\n' '{"text":"one #two six ten red big cat dog sun sky"}' '{"text":"abcd efgh ijkl mnop"}' > n.jsonl
  run --separate-stderr seed-filter --gopher-max-hash-ratio 0.0001 --gopher-max-mean-word-length 3.5 \
    --rejected rejected.jsonl n.jsonl
  assert_success
  expect_jsonl_eq rejected.jsonl '{"text":"one #two six ten red big cat dog sun sky","rejected_by":{"rule":"gopher-hash-ratio","value":0.1,"threshold":1e-04}}
{"text":"abcd efgh ijkl mnop","rejected_by":{"rule":"gopher-max-mean-word-length","value":4,"threshold":3.5}}'
  run --separate-stderr seed-filter --min 100 --rejected rejected.jsonl n.jsonl
  expect_jsonl_eq rejected.jsonl '{"text":"one #two six ten red big cat dog sun sky","rejected_by":{"rule":"min","value":40,"threshold":100}}
{"text":"abcd efgh ijkl mnop","rejected_by":{"rule":"min","value":19,"threshold":100}}'
  # 100000 is written 1e+05 (shorter), 100001 as it is.
  python3 -c 'print("{\"text\":\"" + "a" * 100001 + "\"}")' > wide.jsonl
  run --separate-stderr seed-filter --code-max-mean-line-length 100000 --rejected rejected.jsonl wide.jsonl
  assert_success
  run grep -o ',"rejected_by":.*' rejected.jsonl
  assert_output ',"rejected_by":{"rule":"code-mean-line-length","value":100001,"threshold":1e+05}}'
}

@test "--code-quality takes the language from language, else lang, else the path's extension" {
  printf '%s\n' '{"text":"# hi\nx = 1\n","language":"python","lang":"c"}' '{"text":"# hi\nx = 1\n","lang":"Python"}' \
    '{"text":"# hi\nx = 1\n","lang":"C"}' '{"text":"# hi\nx = 1\n","path":"src/a.py"}' \
    '{"text":"# hi\nx = 1\n","max_stars_repo_path":"a/b/run.sh"}' '{"text":"# hi\nx = 1\n","path":"Makefile"}' \
    '{"text":"# hi\nx = 1\n","language":"en","path":"a.py"}' '{"text":"# hi\nx = 1\n","path":"a.PY"}' \
    '{"text":"# hi\nx = 1\n"}' > lang.jsonl
  run -0 seed-filter -q --annotate --code-min-comments 0.2 < lang.jsonl
  expect_jsonl_eq - '{"text":"# hi\nx = 1\n","language":"python","quality":{"code_comments":0.36363636363636365}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":0.36363636363636365}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":0}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":0.36363636363636365}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":0.36363636363636365}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":0.36363636363636365}}
{"text":"# hi\nx = 1\n","language":"en","quality":{"code_comments":null}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":null}}
{"text":"# hi\nx = 1\n","quality":{"code_comments":null}}'
  # Without a known language the comment rules do not drop; the other code rules do.
  run --separate-stderr seed-filter --code-quality --keep-fields lang.jsonl
  expect_stderr_line "seed-filter: read 9, kept 8, dropped 1 (code-min-comments 1)"
  printf '%s\n' '{"text":"<?xml version=\"1.0\"?>\n<!-- x -->\n<a>1</a>\n","path":"icon.svg"}' \
    '{"text":"<?xml version=\"1.0\"?>\n<!-- x -->\n<a>1</a>\n","language":"XML"}' \
    '{"text":"<?xml version=\"1.0\"?>\n<!-- x -->\n<a>1</a>\n","path":"page.html"}' \
    '{"text":"<?xml version=\"1.0\"?>\n<!-- x -->\n<a>1</a>\n","lang":"markdown"}' \
    '{"text":"<?xml version=\"1.0\"?>\n<!-- x -->\n<a>1</a>\n"}' > xml.jsonl
  run --separate-stderr seed-filter --code-quality xml.jsonl
  expect_stderr_line "seed-filter: read 5, kept 3, dropped 2 (code-xml-header 2)"
}

# ---- Errors and files

@test "usage errors: one line, the hint, exit 2, nothing read or written" {
  printf '{"text":"a b c"}\n' > a.jsonl
  check_usage() {
    local message=$1
    shift
    run --separate-stderr seed-filter "$@" a.jsonl
    assert_failure 2
    [ -z "$output" ]
    expect_stderr_line "seed-filter: $message
Try 'seed-filter --help' for more information."
  }
  check_usage "--c4-lines removes lines of prose and cannot be used with --domain code" --c4-lines --domain code
  check_usage "--c4-lines removes lines of prose and cannot be used with --domain code" --domain code --c4-min-sentences 3
  check_usage "--annotate keeps every record the quality rules would drop: --rejected cannot be used with it" \
    --gopher-quality --annotate --rejected r.jsonl
  check_usage "--gopher-min-words: not a non-negative integer: 'x'" --gopher-min-words x
  check_usage "--gopher-min-words: not a non-negative integer: '-3'" --gopher-min-words -3
  check_usage "--gopher-max-hash-ratio: not a number: 'x'" --gopher-max-hash-ratio x
  check_usage "--fineweb-min-punct-lines: must be between 0 and 1: '2'" --fineweb-min-punct-lines 2
  check_usage "--gopher-min-mean-word-length: must not be negative: '-1'" --gopher-min-mean-word-length -1
  check_usage "--gopher-min-words 60 is greater than --gopher-max-words 40" --gopher-min-words 60 --gopher-max-words 40
  check_usage "--gopher-min-words 200000 is greater than --gopher-max-words 100000" --gopher-quality --gopher-min-words 200000
  check_usage "--gopher-min-mean-word-length 5.5 is greater than --gopher-max-mean-word-length 4" \
    --gopher-max-mean-word-length 4 --gopher-min-mean-word-length 5.5
  check_usage "--code-min-comments 0.5 is greater than --code-max-comments 0.25" --code-min-comments 0.5 --code-max-comments 0.25
  check_usage "--stop-words: empty item in list: 'a,,b'" --gopher-quality --stop-words a,,b
  check_usage "--disable: empty item in list: 'a,,b'" --disable a,,b
  check_usage "--disable: no quality rule is named 'gopher-words'" --gopher-quality --disable gopher-words
  check_usage "--disable: no quality rule is named 'min'" --disable min
  check_usage "--disable: no quality rule is named 'c4-empty-lines'" --disable c4-empty-lines
  check_usage "--report: expected a file name (standard output carries the kept records)" --report -
  check_usage "--report: expected a file name (standard output carries the kept records)" --report ''
  check_usage "--rejected: expected a file name (standard output carries the kept records)" --rejected -
  check_usage "--rejected: expected a file name (standard output carries the kept records)" --rejected=
  no_files_like 'r.jsonl*'
  # With every C4 rule disabled, --domain code is allowed.
  run --separate-stderr seed-filter --c4-lines --disable c4-lorem-ipsum,c4-curly-bracket,c4-min-sentences,c4-empty \
    --domain code a.jsonl
  assert_success
  expect_jsonl_eq - '{"text":"a b c","domain":"code","source":"a"}'
  expect_stderr_line "seed-filter: read 1, kept 1, dropped 0"
}

@test "--rejected and --report appear only when the run succeeds, whole" {
  printf '%s\n' '{"text":"a b c"}' '{"text":"one two three four five"}' '{"title":"no text"}' > bad.jsonl
  echo old > report.json
  run --separate-stderr seed-filter --gopher-min-words 4 --rejected rejected.jsonl --report report.json bad.jsonl -o out.jsonl
  assert_failure 1
  expect_stderr_line "seed-filter: bad.jsonl:3: no text: the record has no 'text', 'content' or 'code' field"
  [ "$(cat report.json)" = old ]
  no_files_like 'rejected.jsonl*'
  no_files_like 'report.json?*'
  no_files_like 'out.jsonl*'
  # Bad lines skipped are not rejected records; the report counts them.
  run --separate-stderr seed-filter --on-error=skip --gopher-min-words 4 --rejected rejected.jsonl --report report.json \
    bad.jsonl -o out.jsonl
  assert_success
  expect_jsonl_eq out.jsonl '{"text":"one two three four five","source":"bad"}'
  expect_jsonl_eq rejected.jsonl '{"text":"a b c","rejected_by":{"rule":"gopher-min-words","value":3,"threshold":4}}'
  expect_jsonl_eq report.json '{"read":3,"kept":1,"dropped":1,"bad":1,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_gopher_min_words":1}'
  run ls
  assert_output "bad.jsonl
out.jsonl
rejected.jsonl
report.json"
  # Nothing dropped: the files are still written, the rejected one empty.
  run --separate-stderr seed-filter --gopher-min-words 1 --rejected none.jsonl --report counts.json bad.jsonl --on-error=skip
  assert_success
  [ -f none.jsonl ] && [ ! -s none.jsonl ]
  expect_jsonl_eq counts.json '{"read":3,"kept":2,"dropped":0,"bad":1,"dropped_empty":0,"dropped_min":0,"dropped_max":0,"dropped_min_lines":0,"dropped_max_lines":0,"dropped_require_any":0,"dropped_code_ratio":0,"dropped_field":0,"dropped_gopher_min_words":0}'
}

@test "-q silences the summary; standard input is read when no file is named" {
  grep -E '"id":"(clean-prose-1|plant-gopher-min-words-1)"' "$CORPUS/prose.jsonl" > two.jsonl
  run --separate-stderr seed-filter -q "${NL_SETS[@]}" --keep-fields --rejected rejected.jsonl --report report.json < two.jsonl
  assert_success
  [ -z "$stderr" ]
  expect_jsonl_eq - "$(head -n 1 two.jsonl)"
  expect_jsonl_eq rejected.jsonl "$(sed -n 2p two.jsonl | sed 's/}$//'),\"rejected_by\":{\"rule\":\"gopher-min-words\",\"value\":$(reference --verdicts "${NL_SETS[@]}" two.jsonl | sed -n 's/.*"value":\([0-9]*\).*/\1/p'),\"threshold\":50}}"
  run --separate-stderr seed-filter "${NL_SETS[@]}" - < two.jsonl
  expect_stderr_line "seed-filter: read 2, kept 1, dropped 1 (gopher-min-words 1); c4 removed 0 lines"
  # Without a file there is no stem for the source.
  printf '{"text":"a b c"}\n' | seed-filter -q --gopher-min-words 2 > out.jsonl
  expect_jsonl_eq out.jsonl '{"text":"a b c"}'
}

@test "--annotate's measures feed seed-stats --by and --hist (the way to choose a threshold)" {
  printf '%s\n' '{"text":"one two three"}' '{"text":"one two three four five"}' '{"text":"a b c d e f g h i j"}' \
    | seed-filter -q --annotate --gopher-min-words 1 > annotated.jsonl
  expect_jsonl_eq annotated.jsonl '{"text":"one two three","quality":{"gopher_words":3}}
{"text":"one two three four five","quality":{"gopher_words":5}}
{"text":"a b c d e f g h i j","quality":{"gopher_words":10}}'
  run --separate-stderr seed-stats -q --json --hist quality.gopher_words annotated.jsonl
  assert_success
  run python3 -c 'import json, sys; h = json.loads(sys.argv[1])["hist"]["quality.gopher_words"]; print(h["count"], h["min"], h["p50"], h["max"])' "$output"
  assert_output "3 3 5 10"
  run --separate-stderr seed-stats -q --json --by quality.gopher_words annotated.jsonl
  assert_success
  run python3 -c 'import json, sys; print(sorted(g["key"] for g in json.loads(sys.argv[1])["groups"]))' "$output"
  assert_output "['10', '3', '5']"
}
