#!/usr/bin/env bash
# The main job on the bundled sample data: the plan's Task 1 (definitions from a git repository),
# Phase 3 (merge and dedup each domain) and Phase 4 (verify) as seed-tools pipelines.
# Usage: examples/sample.sh [OUTDIR]   (default examples/out)
# Uses the tools built in build/ (./bootstrap.sh), or those on PATH when SEED_BIN is empty.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
bin=${SEED_BIN-$here/../build/tools}
[ -z "$bin" ] || PATH="$bin/seed-gitextract:$bin/seed-filter:$bin/seed-dedup:$bin/seed-stats:$PATH"
data=$here/data
out=${1:-$here/out}
mkdir -p "$out"

# Phase 1 (Task 1): functions and classes of 5-60 lines and 150-2000 characters from a git
# repository, read from its commit, not its files. The sample's source is committed into a
# fresh repository first (fixed dates, so the commit id is always the same).
rm -rf "$out/textkit"
mkdir -p "$out/textkit"
cp -R "$data/repo/." "$out/textkit/"
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
git -C "$out/textkit" init -q -b main
git -C "$out/textkit" add -A
git -C "$out/textkit" -c user.name=sample -c user.email=sample@example.invalid commit -q -m "textkit"
seed-gitextract "$out/textkit" -o "$out/textkit.jsonl"

# Phase 3a: code from a local repository and from the hub, normalized, length-bounded and
# deduplicated by exact text as merge_corpus.py --domain code --dedupe does (its defaults:
# 100..2500 characters).
seed-filter --domain code --min 100 --max 2500 "$out/textkit.jsonl" "$data/code.jsonl" "$data/hf_thestack.jsonl" |
  seed-dedup -o "$out/code_merged.jsonl"

# Phase 3b: natural language; code-heavy chat messages are dropped by their fenced share, and
# near-duplicates (a prompt pasted again with a few words changed) as well as exact ones.
seed-filter --domain nl --min 100 --max 2500 --max-code-ratio 0.3 "$data/nl_docs.jsonl" "$data/hf_dolly.jsonl" |
  seed-dedup --near --report "$out/nl_dropped.jsonl" -o "$out/nl_merged.jsonl"

# Phase 4: counts and the length distribution, per domain and per source.
seed-stats --by domain "$out/code_merged.jsonl" "$out/nl_merged.jsonl"
echo
seed-stats -q --by source --json "$out/code_merged.jsonl" "$out/nl_merged.jsonl" -o "$out/stats.json"
echo "outputs: $out/code_merged.jsonl $out/nl_merged.jsonl $out/stats.json (dropped near-duplicates: $out/nl_dropped.jsonl)"
