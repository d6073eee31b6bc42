#!/usr/bin/env bash
# The whole acquisition plan (../shared/seed/raw-data-acquisition-plan.md, "Quick Reference
# Commands") as seed-tools pipelines, one stage per line: code from git repositories and from the
# hub (Phase 1), natural language from a chat export and the hub (Phase 2), each domain filtered,
# merged and deduplicated (Phase 3), and a report per domain with the plan's "Expected Output"
# table (Phase 4).
#
# Offline (the default) it runs on an embedded sample: this checkout's own repository as the git
# source, the bundled Claude export (examples/data/claude-export), and the tests' fake Hugging Face
# hub (tests/fakehub/fakehub.py), started here on 127.0.0.1, for the hub's datasets. --online
# switches to the plan's real sources.
#
# Every stage writes one file in OUTDIR (with -o: it appears only when the stage succeeds), and a
# stage whose file exists is skipped, so a rerun resumes where a failed or interrupted run stopped.
# Any failure stops the script with the failing tool's message.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: examples/acquire.sh [--online] [--out DIR] [--export FILE] [OPTIONS]
Run the acquisition plan's phases 1-4 as seed-tools pipelines, one file per stage in DIR.

  --online              the plan's real sources: its GitHub repositories (cloned by
                        seed-gitextract), the Hugging Face hub (token from HF_TOKEN) and your
                        chat export (--export, required); default: the bundled offline sample
  --out DIR             where the stages write (default: examples/acquire-out)
  --export FILE         a Claude or ChatGPT export (zip, folder or conversations.json)
                        (default offline: examples/data/claude-export/conversations.json)
  --repo PATH|URL       a git repository to extract code from; repeatable, replaces the default
                        (offline: this checkout; online: starlette, httpx, rich, click)
  --thestack-rows N     rows of bigcode/the-stack (default: 2000 online, 200 offline)
  --githubcode-rows N   rows of codeparrot/github-code (default: 1500 online, 100 offline)
  --dolly-rows N        rows of databricks-dolly-15k (default: 2500 online, 200 offline)
  --oasst-rows N        rows of OpenAssistant/oasst1 (default: 2500 online, 50 offline)
  --fresh               delete this script's earlier outputs in DIR first (no resuming)
  -h, --help            show this help and exit

Uses the tools in build/ (SEED_BIN overrides the folder; empty: those on PATH).
EOF
}

die_usage() { echo "acquire.sh: $1" >&2; echo "Try 'examples/acquire.sh --help'." >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
online=0 out=$here/acquire-out export='' fresh=0 repos=()
thestack_rows='' githubcode_rows='' dolly_rows='' oasst_rows=''
while [ $# -gt 0 ]; do
  case $1 in
    --online) online=1 ;;
    --fresh) fresh=1 ;;
    --out|--export|--repo|--thestack-rows|--githubcode-rows|--dolly-rows|--oasst-rows)
      [ $# -ge 2 ] || die_usage "option $1 needs a value"
      case $1 in
        --out) out=$2 ;;
        --export) export=$2 ;;
        --repo) repos+=("$2") ;;
        *) [[ $2 =~ ^[0-9]+$ ]] || die_usage "$1: not a number: $2"
           case $1 in
             --thestack-rows) thestack_rows=$2 ;;
             --githubcode-rows) githubcode_rows=$2 ;;
             --dolly-rows) dolly_rows=$2 ;;
             --oasst-rows) oasst_rows=$2 ;;
           esac ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    *) die_usage "unknown argument: $1" ;;
  esac
  shift
done

bin=${SEED_BIN-$here/../build/tools}
for tool in gitextract hfstream claude filter dedup stats; do
  [ -z "$bin" ] || PATH="$bin/seed-$tool:$PATH"
done

if [ "$online" = 1 ]; then
  # The plan's sources and its target counts (Phase 1c and 2b: --limit 2000, 1500, 2500, 2500).
  [ -n "$export" ] || die_usage "--online needs --export FILE: your Claude or ChatGPT data export (claude.ai: Settings, Privacy, Export data)"
  [ ${#repos[@]} -gt 0 ] || repos=(https://github.com/encode/starlette https://github.com/encode/httpx
                                   https://github.com/Textualize/rich https://github.com/pallets/click)
  : "${thestack_rows:=2000}" "${githubcode_rows:=1500}" "${dolly_rows:=2500}" "${oasst_rows:=2500}"
else
  # The embedded sample: this checkout, the bundled export, small slices of the fake hub.
  [ -n "$export" ] || export=$here/data/claude-export/conversations.json
  [ ${#repos[@]} -gt 0 ] || repos=("$(git -C "$here/.." rev-parse --show-toplevel)")
  : "${thestack_rows:=200}" "${githubcode_rows:=100}" "${dolly_rows:=200}" "${oasst_rows:=50}"
fi

stages=(code_git.jsonl hf_thestack.jsonl hf_githubcode.jsonl claude_conversations.jsonl hf_dolly.jsonl
        hf_oasst.jsonl code_filtered.jsonl nl_filtered.jsonl code_merged.jsonl nl_merged.jsonl
        stats_code.txt stats_code.json stats_nl.txt stats_nl.json)
mkdir -p "$out"
if [ "$fresh" = 1 ]; then
  for f in "${stages[@]}" code_filter_report.json nl_filter_report.json nl_dropped.jsonl; do rm -f "$out/$f"; done
fi

# stage FILE: starts the stage that writes $out/FILE (its path is then $o) and is true, or says
# that the file exists and is false, so that `stage FILE && command -o "$o"` skips a done stage.
# The stage before is closed first: its record count and time are printed.
cur='' o='' t0=''
now() { local t=${EPOCHREALTIME//[.,]/}; echo "${t#0}"; }   # microseconds
close_stage() {
  [ -n "$cur" ] || return 0
  [ -e "$o" ] || { echo "acquire.sh: stage $cur wrote no $o" >&2; exit 1; }
  local us=$(( $(now) - t0 )) n
  case $o in *.jsonl) n="$(wc -l < "$o") records" ;; *) n=report ;; esac
  printf 'acquire: %-27s %14s %6d.%03d s\n' "$cur" "$n" $((us / 1000000)) $((us % 1000000 / 1000))
  cur=
}
stage() {
  close_stage
  o=$out/$1
  if [ -e "$o" ]; then printf 'acquire: %-27s exists, skipped\n' "$1"; return 1; fi
  cur=$1 t0=$(now)
}
fake_pid='' fake_dir=''
on_exit() {
  local status=$?
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  [ -z "$fake_dir" ] || rm -rf "$fake_dir"
  if [ "$status" != 0 ] && [ -n "$cur" ]; then
    echo "acquire.sh: stage $cur failed (status $status); rerun to resume from it" >&2
  fi
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
start=$(now)

# Offline, the hub is the tests' fake on 127.0.0.1 (only when a hub stage is still to run): it
# prints its two ports on one line, read here from a FIFO, and is stopped when the script exits.
if [ "$online" = 0 ]; then
  for f in hf_thestack.jsonl hf_githubcode.jsonl hf_dolly.jsonl hf_oasst.jsonl; do
    [ -e "$out/$f" ] && continue
    fake_dir=$(mktemp -d "${TMPDIR:-/tmp}/acquire-fakehub.XXXXXX")
    mkfifo "$fake_dir/ports"
    python3 "$here/../tests/fakehub/fakehub.py" >"$fake_dir/ports" 2>"$fake_dir/stderr" &
    fake_pid=$!
    if ! read -r main_port _ <"$fake_dir/ports" || [ -z "$main_port" ]; then
      echo "acquire.sh: the fake hub (tests/fakehub/fakehub.py) did not start:" >&2
      cat "$fake_dir/stderr" >&2
      exit 1
    fi
    export HF_ENDPOINT=http://127.0.0.1:$main_port SEED_HF_VIEWER=http://127.0.0.1:$main_port
    export HF_TOKEN=hf_good   # the fake's token that reads its gated datasets
    break
  done
fi

# === PHASE 1: CODE ===
# 1a, 1b (Task 1): Python functions and classes of 5-60 lines and 150-2000 characters, read from
# each repository's commit (URLs are cloned once into seed-gitextract's cache).
stage code_git.jsonl && seed-gitextract --lang python "${repos[@]}" -o "$o"
# 1c: Python files from the hub that define a function or a class (gated: HF_TOKEN).
stage hf_thestack.jsonl && seed-hfstream the-stack --limit "$thestack_rows" -o "$o"
stage hf_githubcode.jsonl && seed-hfstream github-code --limit "$githubcode_rows" -o "$o"

# === PHASE 2: NL ===
# 2a (Task 3): the user's messages of the chat export, with the plan's length and code rules.
stage claude_conversations.jsonl && seed-claude "$export" -o "$o"
# 2b: dolly's context and instruction; oasst1's English prompts.
stage hf_dolly.jsonl && seed-hfstream dolly-15k --limit "$dolly_rows" -o "$o"
stage hf_oasst.jsonl && seed-hfstream oasst1 --limit "$oasst_rows" -o "$o"

# === PHASE 3: MERGE ===
# 3a: code normalized to the seed format and bounded to 100-2500 characters (merge_corpus.py's
# bounds), then exact duplicates dropped (merge_corpus.py --dedupe). Kept as two files rather than
# `seed-filter ... | seed-dedup`, so that a rerun resumes between them.
stage code_filtered.jsonl && seed-filter --domain code --min 100 --max 2500 \
  --report "$out/code_filter_report.json" \
  "$out/code_git.jsonl" "$out/hf_thestack.jsonl" "$out/hf_githubcode.jsonl" -o "$o"
stage code_merged.jsonl && seed-dedup "$out/code_filtered.jsonl" -o "$o"
# 3b: prose the same way, code-heavy texts dropped (more than 30% fenced), Gopher's repetition
# rules and FineWeb's line rules (Gopher's quality rules and C4's want 50 words or 5 sentences,
# more than chat prompts have), then exact and near duplicates (a prompt pasted again with a few
# words changed) dropped; nl_dropped.jsonl names what each dropped record duplicates. (Offline, the
# fake's oasst1 prompts are all shorter than 100 characters: none of them is kept.)
stage nl_filtered.jsonl && seed-filter --domain nl --min 100 --max 2500 --max-code-ratio 0.3 \
  --gopher-repetition --fineweb --report "$out/nl_filter_report.json" \
  "$out/claude_conversations.jsonl" "$out/hf_dolly.jsonl" "$out/hf_oasst.jsonl" -o "$o"
stage nl_merged.jsonl && seed-dedup --near --report "$out/nl_dropped.jsonl" "$out/nl_filtered.jsonl" -o "$o"

# === PHASE 4: VERIFY ===
# Counts and length distributions per domain, by source: as text and as JSON.
stage stats_code.txt && seed-stats -q --by source "$out/code_merged.jsonl" -o "$o"
stage stats_code.json && seed-stats -q --by source --json "$out/code_merged.jsonl" -o "$o"
stage stats_nl.txt && seed-stats -q --by source "$out/nl_merged.jsonl" -o "$o"
stage stats_nl.json && seed-stats -q --by source --json "$out/nl_merged.jsonl" -o "$o"
close_stage
total_us=$(( $(now) - start ))

# The plan's "Expected Output", with what each source gave.
count() { wc -l < "$out/$1"; }
echo
echo "Expected Output ($([ "$online" = 1 ] && echo "the plan's sources" || echo "offline sample"))"
printf '%-46s %8s\n' "source -> file" records
printf '%-46s %8d\n' "git repositories -> code_git.jsonl" "$(count code_git.jsonl)" \
  "bigcode/the-stack -> hf_thestack.jsonl" "$(count hf_thestack.jsonl)" \
  "codeparrot/github-code -> hf_githubcode.jsonl" "$(count hf_githubcode.jsonl)" \
  "chat export -> claude_conversations.jsonl" "$(count claude_conversations.jsonl)" \
  "databricks-dolly-15k -> hf_dolly.jsonl" "$(count hf_dolly.jsonl)" \
  "OpenAssistant/oasst1 -> hf_oasst.jsonl" "$(count hf_oasst.jsonl)"
printf '%-46s %8d   (plan: 5,000-6,000)\n' "code_merged.jsonl" "$(count code_merged.jsonl)" \
  "nl_merged.jsonl" "$(count nl_merged.jsonl)"
printf '%-46s %8d   (plan: 10,000-12,000)\n' "Total raw samples" \
  $(( $(count code_merged.jsonl) + $(count nl_merged.jsonl) ))
printf 'took %d.%03d s\n' $((total_us / 1000000)) $((total_us % 1000000 / 1000))
# What each source kept after Phase 3: the first table of each report.
echo
sed '/^$/q' "$out/stats_code.txt"
sed '/^$/q' "$out/stats_nl.txt"
echo "outputs: $out/code_merged.jsonl $out/nl_merged.jsonl"
echo "reports: $out/stats_code.txt $out/stats_nl.txt (and .json); every stage's file is in $out"
