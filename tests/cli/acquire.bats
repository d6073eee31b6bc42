#!/usr/bin/env bats
# examples/acquire.sh, the README's main command: the plan's phases 1-4 offline, on the bundled
# Claude export and the fake hub the script starts itself. The git source is the sample
# repository (examples/data/repo, committed with fixed dates as examples/sample.sh does) rather
# than the default, this checkout, whose commit changes with every change to the project; one
# test checks the default on its own.

load helpers

# textkit DIR: the sample repository as a git repository of one commit (always b092cc1f).
textkit() {
  mkdir -p "$1"
  cp -R "$SEED_SOURCE_ROOT/examples/data/repo/." "$1/"
  GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z sh -c '
    git -C "$1" init -q -b main && git -C "$1" add -A &&
    git -C "$1" -c user.name=sample -c user.email=sample@example.invalid commit -q -m textkit' sh "$1"
}

# acquire ARGS...: the script with the tools on PATH (the test runner's build/).
acquire() { env SEED_BIN= "$SEED_SOURCE_ROOT/examples/acquire.sh" "$@" 3>&-; }

# One run for the whole file, into $BATS_FILE_TMPDIR/out; most tests check what it left.
setup_file() {
  local dir=$BATS_FILE_TMPDIR status=0
  textkit "$dir/textkit"
  acquire --out "$dir/out" --repo "$dir/textkit" >"$dir/stdout" 2>"$dir/stderr" || status=$?
  echo "$status" >"$dir/status"
}

# The counts the sample gives, computed once from a run and explained:
# - code_git 2: the sample repository's Tokenizer class and wrap_paragraph function (its other
#   definition is under 150 characters; see tests/cli/examples.bats);
# - hf_thestack 200, hf_githubcode 100, hf_dolly 200, hf_oasst 50: the script's offline --limit of
#   each (the fake has 440 matching the-stack rows, 181 github-code, 230 dolly, 56 oasst1);
# - claude_conversations 12: the bundled export's 23 messages less 8 of the assistant, 2 short
#   ("thanks!", "ok") and 1 mostly code;
# - code_filtered 302 = 2 + 200 + 100, all within 100-2500 characters; code_merged 301: one
#   github-code row of the fake is an exact repeat of another;
# - nl_filtered 116 = 12 claude + 104 dolly: of 262, 144 are under 100 characters (all 50 of the
#   fake's oasst1 prompts, 94 dolly rows without context) and 2 dolly rows fail FineWeb's
#   punctuation rule; nl_merged 62: 54 duplicates (40 exact, 14 near), among them the export's
#   prompt pasted again (exact) and the prompt asked again with "Thank you!" (near).
@test "acquire.sh runs the plan offline and gives the sample's counts per source" {
  cd "$BATS_FILE_TMPDIR"
  [ "$(cat status)" = 0 ] || { cat stderr; false; }
  for f in code_git:2 hf_thestack:200 hf_githubcode:100 claude_conversations:12 hf_dolly:200 \
           hf_oasst:50 code_filtered:302 code_merged:301 nl_filtered:116 nl_merged:62 nl_dropped:54; do
    echo "${f%:*}.jsonl"
    [ "$(wc -l < "out/${f%:*}.jsonl")" -eq "${f#*:}" ]
  done
  # What each source kept in the merged files, from the stats reports.
  run python3 -c '
import json
for d in ("code", "nl"):
    r = json.load(open(f"out/stats_{d}.json"))
    print(d, r["records"], " ".join("%s=%d" % (g["key"], g["records"]) for g in r["groups"]))'
  assert_output "code 301 bigcode/the-stack=200 codeparrot/github-code=99 textkit=2
nl 62 claude_export=10 databricks/databricks-dolly-15k=52"
  # The tools' summaries, one per stage, in order.
  run grep -c '^seed-' stderr
  assert_output 10
  grep -qx 'seed-dedup: read 116, kept 62, dropped 54 (exact 40, near 14)' stderr
}

@test "acquire.sh: every record is valid, in its domain, and the merged files hold no duplicate" {
  cd "$BATS_FILE_TMPDIR"
  python3 - <<'PY'
import glob, json
domains = {"code_filtered": "code", "code_merged": "code", "nl_filtered": "nl", "nl_merged": "nl"}
for name in sorted(glob.glob("out/*.jsonl")):
    stage = name[4:-6]
    for n, line in enumerate(open(name, encoding="utf-8"), 1):
        r = json.loads(line)
        if stage == "nl_dropped":
            continue
        assert isinstance(r["text"], str) and r["text"].strip(), (name, n)
        if stage in domains:
            assert r["domain"] == domains[stage], (name, n, r["domain"])
            assert 100 <= len(r["text"]) <= 2500, (name, n)
for d in ("code", "nl"):
    texts = [json.loads(l)["text"] for l in open(f"out/{d}_merged.jsonl", encoding="utf-8")]
    assert len(texts) == len(set(texts)), d
    # The stats reports agree with the files.
    report = json.load(open(f"out/stats_{d}.json"))
    assert report["records"] == len(texts) and report["by"] == "source", d
    assert sum(g["records"] for g in report["groups"]) == len(texts), d
PY
  grep -q '^(all) *301 ' out/stats_code.txt
  grep -q '^(all) *62 ' out/stats_nl.txt
}

@test "acquire.sh prints each stage's time and the plan's Expected Output table" {
  cd "$BATS_FILE_TMPDIR"
  run cat stdout
  assert_line --regexp '^acquire: code_git.jsonl +2 records +[0-9]+\.[0-9]{3} s$'
  assert_line --regexp '^acquire: nl_merged.jsonl +62 records +[0-9]+\.[0-9]{3} s$'
  assert_line --regexp '^acquire: stats_nl.json +report +[0-9]+\.[0-9]{3} s$'
  assert_line 'Expected Output (offline sample)'
  assert_line 'git repositories -> code_git.jsonl                    2'
  assert_line 'OpenAssistant/oasst1 -> hf_oasst.jsonl               50'
  assert_line 'code_merged.jsonl                                   301   (plan: 5,000-6,000)'
  assert_line 'nl_merged.jsonl                                      62   (plan: 5,000-6,000)'
  assert_line 'Total raw samples                                   363   (plan: 10,000-12,000)'
  assert_line "outputs: $BATS_FILE_TMPDIR/out/code_merged.jsonl $BATS_FILE_TMPDIR/out/nl_merged.jsonl"
}

@test "acquire.sh resumes: a second run skips every stage and changes nothing" {
  cd "$BATS_FILE_TMPDIR"
  md5sum out/* >before
  run --separate-stderr acquire --out out --repo textkit
  assert_success
  [ "$(grep -c 'exists, skipped$' <<<"$output")" -eq 14 ]
  refute_line --regexp '^acquire: .* records +[0-9.]+ s$'
  # No tool ran (no summary), so the fake hub was not started either.
  [ -z "$stderr" ]
  assert_line 'Total raw samples                                   363   (plan: 10,000-12,000)'
  md5sum out/* | diff before -
}

@test "acquire.sh --fresh starts over and gives the same files" {
  cp -R "$BATS_FILE_TMPDIR/out" out
  run --separate-stderr acquire --out out --repo "$BATS_FILE_TMPDIR/textkit" --fresh
  assert_success
  refute_output --partial 'skipped'
  # nl_dropped.jsonl names its input by path, which differs; everything else is the same bytes.
  (cd "$BATS_FILE_TMPDIR/out" && ls | grep -vx nl_dropped.jsonl | xargs md5sum --) | (cd out && md5sum -c --quiet)
}

@test "acquire.sh by default reads this checkout's own commit" {
  git -C "$SEED_SOURCE_ROOT" rev-parse --git-dir >/dev/null 2>&1 || skip "not a git checkout"
  run --separate-stderr acquire --out out
  assert_success
  seed-gitextract -q --lang python "$(git -C "$SEED_SOURCE_ROOT" rev-parse --show-toplevel)" >expected.jsonl
  cmp expected.jsonl out/code_git.jsonl
  [ -s out/code_merged.jsonl ]
}

@test "acquire.sh --online without --export is a usage error" {
  run --separate-stderr acquire --online --out out
  assert_failure 2
  expect_stderr_line "acquire.sh: --online needs --export FILE: your Claude or ChatGPT data export (claude.ai: Settings, Privacy, Export data)
Try 'examples/acquire.sh --help'."
  [ ! -e out ]
}

@test "acquire.sh --help, and bad arguments" {
  run acquire --help
  assert_success
  assert_line --index 0 'Usage: examples/acquire.sh [--online] [--out DIR] [--export FILE] [OPTIONS]'
  assert_output --partial '--online'
  run --separate-stderr acquire --dolly-rows many
  assert_failure 2
  [ "${stderr_lines[0]}" = 'acquire.sh: --dolly-rows: not a number: many' ]
  run --separate-stderr acquire --out
  assert_failure 2
  [ "${stderr_lines[0]}" = 'acquire.sh: option --out needs a value' ]
}

@test "acquire.sh: a failing stage stops the script with its message and nothing after it" {
  run --separate-stderr acquire --out out --repo "$WORK/missing"
  assert_failure 1
  expect_stderr_line "seed-gitextract: $WORK/missing: not a git repository (failed to resolve path '$WORK/missing': No such file or directory)
acquire.sh: stage code_git.jsonl failed (status 1); rerun to resume from it"
  refute_output --partial 'Expected Output'
  # The stage's file does not exist (no partial output), and no later stage ran.
  [ -z "$(ls out)" ]
}

@test "acquire.sh: a stage that fails later keeps the stages before it, and the rerun resumes there" {
  run --separate-stderr acquire --out out --repo "$BATS_FILE_TMPDIR/textkit" --export "$WORK/missing.json"
  assert_failure 1
  assert_equal "${stderr_lines[-1]}" 'acquire.sh: stage claude_conversations.jsonl failed (status 1); rerun to resume from it'
  [[ "${stderr_lines[-2]}" == "seed-claude: $WORK/missing.json: "* ]]
  run ls out
  assert_output 'code_git.jsonl
hf_githubcode.jsonl
hf_thestack.jsonl'
  run --separate-stderr acquire --out out --repo "$BATS_FILE_TMPDIR/textkit"
  assert_success
  assert_line --regexp '^acquire: hf_githubcode.jsonl +exists, skipped$'
  assert_line --regexp '^acquire: claude_conversations.jsonl +12 records '
  assert_line 'Total raw samples                                   363   (plan: 10,000-12,000)'
  (cd "$BATS_FILE_TMPDIR/out" && md5sum -- code_merged.jsonl nl_merged.jsonl) | (cd out && md5sum -c --quiet)
}
