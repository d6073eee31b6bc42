#!/usr/bin/env bash
# Speed and memory benchmark of seed-filter (and seed-stats) against its peers, in one run:
# the plan's merge_corpus.py (Phase 3 of the raw-data acquisition plan), jq doing the same
# length filter, and `wc -l` as the floor for reading the file. See bench/README.md.
#
# Usage: bench/filter.sh [--size MB] [--reps N] [--seed N] [--build-dir DIR] [--keep]
#
# Each command runs --reps times, round-robin (all tools once, then all again) so that load from
# other work on the machine spreads over every tool; the table reports the best (lowest) wall time
# of the repetitions, with the median beside it, and the highest max RSS seen.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/filter.sh [OPTIONS]
Time seed-filter and seed-stats against merge_corpus.py (the plan's Phase 3 script), jq and
wc -l on a generated JSONL corpus, check that the outputs agree, and compare memory use on a
corpus 1/8 the size.

EOF
    common_usage
}

prog=filter.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "$@"

# --- tools -------------------------------------------------------------------------------------
filter_bin=$(tool_bin seed-filter)
stats_bin=$(tool_bin seed-stats)
require_bins "$filter_bin" "$stats_bin"
require_peers
command -v jq >/dev/null || die "jq is missing (Debian package: jq)"
warn_stale "$filter_bin" "$stats_bin"

setup_work
extract_merge_py

# --- corpus ------------------------------------------------------------------------------------
small_mb=$(awk -v s="$size" 'BEGIN { printf "%g", s / 8 }')
big=$(corpus "$size")
small=$(corpus "$small_mb")
big_bytes=$(stat -c %s "$big")
small_bytes=$(stat -c %s "$small")

print_machine "$filter_bin" "$("$PY" --version) + rich $("$PY" -c 'import importlib.metadata as m; print(m.version("rich"))'), $(jq --version), $(wc --version | head -1)" "$big"

# --- timing ------------------------------------------------------------------------------------
start_results

# shellcheck disable=SC2016  # $stem is jq's variable, set by --arg
jq_norm='select(.text | length >= 100 and length <= 2500)
  | {text, domain: "code", source: (if has("source") then .source else $stem end)}
    + (if has("language") then {language} else {} end)
    + (if has("category") then {category} else {} end)'
jq_plain='select(.text | length >= 100 and length <= 2500)'

# run_all FILE TAG: one round of every command on FILE; outputs go to $work/TAG.*
run_all() {
    local f=$1 t=$2 stem
    stem=$(basename "$f" .jsonl)
    rm -f "$work/$t".*   # every command writes a new file rather than truncating last round's
    timed "wc -l" "$t" /dev/null wc -l "$f"
    timed "seed-filter -o OUT" "$t" /dev/null "$filter_bin" --domain code --min 100 --max 2500 "$f" -o "$work/$t.seed-filter.jsonl"
    timed "seed-filter > OUT" "$t" "$work/$t.seed-filter-stdout.jsonl" "$filter_bin" --domain code --min 100 --max 2500 "$f"
    timed "seed-filter > /dev/null" "$t" /dev/null "$filter_bin" --domain code --min 100 --max 2500 "$f"
    timed "seed-stats" "$t" "$work/$t.seed-stats.txt" "$stats_bin" "$f"
    timed "merge_corpus.py --no-dedupe" "$t" "$work/$t.merge.log" "$PY" "$merge_py" --inputs "$f" --output "$work/$t.merge.jsonl" --domain code --min-chars 100 --max-chars 2500 --no-dedupe
    timed "merge_corpus.py (dedupe)" "$t" "$work/$t.merge-dedupe.log" "$PY" "$merge_py" --inputs "$f" --output "$work/$t.merge-dedupe.jsonl" --domain code --min-chars 100 --max-chars 2500
    timed "jq, normalized record" "$t" "$work/$t.jq.jsonl" jq -c --arg stem "$stem" "$jq_norm" "$f"
    timed "jq, select only" "$t" "$work/$t.jq-plain.jsonl" jq -c "$jq_plain" "$f"
}

run_rounds "$big" "$small"

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
compare_records "$work/big.seed-filter.jsonl" "seed-filter -o" seed-filter \
    "$work/big.merge.jsonl" "merge_corpus.py --no-dedupe" merge_corpus.py || ok=1
count() { wc -l < "$1"; }
n_seed=$(count "$work/big.seed-filter.jsonl")
for pair in "jq, normalized record:big.jq.jsonl" "jq, select only:big.jq-plain.jsonl" \
            "seed-filter > OUT:big.seed-filter-stdout.jsonl" "merge_corpus.py (dedupe):big.merge-dedupe.jsonl"; do
    name=${pair%%:*} out=$work/${pair#*:} n=$(count "$work/${pair#*:}")
    if [[ $name == "merge_corpus.py (dedupe)" ]]; then
        echo "- merge_corpus.py (dedupe) kept $n records ($((n_seed - n)) duplicates removed)" >> "$checks"
    elif ((n != n_seed)); then
        echo "- MISMATCH: $name wrote $n records, seed-filter $n_seed" >> "$checks"; ok=1
    elif cmp -s "$out" "$work/big.seed-filter.jsonl"; then
        echo "- $name: the same $n records, byte-identical to seed-filter's output" >> "$checks"
    else
        echo "- $name: the same number of records ($n) as seed-filter" >> "$checks"
    fi
done
echo "- seed-filter's summary: $(grep -m1 '^seed-filter: read' "$log")" >> "$checks"

# --- report ------------------------------------------------------------------------------------
report_py "$big_bytes" "$small_bytes" "$size" "$small_mb" "$reps" <<'EOF'
big_bytes, small_bytes, size, small_mb, reps = args
big_bytes, small_bytes = int(big_bytes), int(small_bytes)

print(f"\n## Speed: {size} MiB corpus, best of {reps} (median beside it), page cache warm, sync before each\n")
print("| command | best s | median s | MiB/s | max RSS MiB | time / seed-filter -o |")
print("|---|--:|--:|--:|--:|--:|")
base = best["seed-filter -o OUT", "big"]
for label in order:
    b = best[label, "big"]
    print(f"| {label} | {b:.3f} | {median[label, 'big']:.3f} | {big_bytes / 2**20 / b:,.0f} "
          f"| {max(rss[label, 'big']):,.1f} | {b / base:.2f} |")

print("\n## Ratios (best times)\n")
print("| ratio | value | goal |")
print("|---|--:|---|")
rows = [
    ("merge_corpus.py --no-dedupe / seed-filter -o", ratio("merge_corpus.py --no-dedupe", "seed-filter -o OUT"), 10, ">="),
    ("merge_corpus.py (dedupe) / seed-filter -o", ratio("merge_corpus.py (dedupe)", "seed-filter -o OUT"), None, None),
    ("jq, normalized record / seed-filter -o", ratio("jq, normalized record", "seed-filter -o OUT"), 20, ">="),
    ("jq, select only / seed-filter -o", ratio("jq, select only", "seed-filter -o OUT"), None, None),
    ("merge_corpus.py --no-dedupe / seed-filter > OUT (neither fsyncs)", ratio("merge_corpus.py --no-dedupe", "seed-filter > OUT"), None, None),
    ("jq, normalized record / seed-filter > OUT (neither fsyncs)", ratio("jq, normalized record", "seed-filter > OUT"), None, None),
    ("seed-filter > /dev/null / wc -l", ratio("seed-filter > /dev/null", "wc -l"), 5, "<="),
    ("seed-filter -o / wc -l", ratio("seed-filter -o OUT", "wc -l"), None, None),
    ("seed-stats / wc -l", ratio("seed-stats", "wc -l"), None, None),
]
for name, value, goal, op in rows:
    if goal is None:
        verdict = "(for information)"
    else:
        met = value >= goal if op == ">=" else value <= goal
        verdict = f"{op} {goal}: {'met' if met else 'MISSED'}"
    print(f"| {name} | {value:.2f}x | {verdict} |")

print(f"\n## Memory: max RSS on the {small_mb} MiB and {size} MiB corpora\n")
print(f"| command | {small_mb} MiB | {size} MiB | growth |")
print("|---|--:|--:|--:|")
for label in ("seed-filter -o OUT", "seed-filter > /dev/null", "seed-stats",
              "merge_corpus.py --no-dedupe", "merge_corpus.py (dedupe)", "jq, normalized record"):
    s, b = max(rss[label, "small"]), max(rss[label, "big"])
    print(f"| {label} | {s:,.1f} | {b:,.1f} | {b / s:.2f}x |")
EOF
print_checks
