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

Options:
  --size MB         corpus size in MiB (default 1024)
  --reps N          repetitions of each timed command (default 3); best and median reported
  --seed N          generator seed (default 1)
  --build-dir DIR   meson build folder holding tools/seed-*/ (default: $SEED_BUILD_DIR,
                    else the repository's build/)
  --keep            keep the outputs (in bench/data/run.*) instead of deleting them
  -h, --help        show this help and exit

Environment: SEED_PLAN (path of raw-data-acquisition-plan.md, default
../shared/seed/raw-data-acquisition-plan.md from the repository root), PYTHON (default
/usr/bin/python3, Debian's, which has python3-rich), SEED_BUILD_DIR.
The corpus is kept in bench/data/ (gitignored) and reused by later runs with the same size and seed.
EOF
}

die() { echo "filter.sh: $*" >&2; exit 1; }
usage_error() { echo "filter.sh: $*" >&2; echo "Try 'bench/filter.sh --help'." >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
size=1024
reps=3
seed=1
build_dir=${SEED_BUILD_DIR:-$root/build}
keep=0
while (($#)); do
    case $1 in
        --size) size=${2:?--size needs a value}; shift 2 ;;
        --size=*) size=${1#*=}; shift ;;
        --reps) reps=${2:?--reps needs a value}; shift 2 ;;
        --reps=*) reps=${1#*=}; shift ;;
        --seed) seed=${2:?--seed needs a value}; shift 2 ;;
        --seed=*) seed=${1#*=}; shift ;;
        --build-dir) build_dir=${2:?--build-dir needs a value}; shift 2 ;;
        --build-dir=*) build_dir=${1#*=}; shift ;;
        --keep) keep=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage_error "unknown option '$1'" ;;
    esac
done
[[ $size =~ ^[0-9]+$ && $size -ge 8 ]] || usage_error "--size: expected a whole number of MiB, at least 8, not '$size'"
[[ $reps =~ ^[1-9][0-9]*$ ]] || usage_error "--reps: expected a positive integer, not '$reps'"
[[ $seed =~ ^[0-9]+$ ]] || usage_error "--seed: expected a non-negative integer, not '$seed'"

# --- tools -------------------------------------------------------------------------------------
PY=${PYTHON:-/usr/bin/python3}
plan=${SEED_PLAN:-$root/../shared/seed/raw-data-acquisition-plan.md}
filter_bin=$build_dir/tools/seed-filter/seed-filter
stats_bin=$build_dir/tools/seed-stats/seed-stats
[[ -x $filter_bin && -x $stats_bin ]] ||
    die "no seed-filter/seed-stats in $build_dir/tools (build first: ninja -C $build_dir, or pass --build-dir)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
command -v jq >/dev/null || die "jq is missing (Debian package: jq)"
[[ -x $PY ]] || die "$PY is missing (Debian package: python3)"
"$PY" -c 'import rich' 2>/dev/null ||
    die "$PY cannot import rich, which merge_corpus.py needs (Debian package: python3-rich)"
[[ -f $plan ]] || die "plan not found: $plan (set SEED_PLAN)"
for bin in "$filter_bin" "$stats_bin"; do
    stale=$(find "$root/common" "$root/tools/$(basename "$bin")" -name '*.[ch]pp' -newer "$bin" -print -quit)
    [[ -z $stale ]] || echo "filter.sh: warning: $stale is newer than $bin; rebuild for current numbers" >&2
done

# Python reads files in the locale's encoding; the plan's users have a UTF-8 locale.
export PYTHONUTF8=1

data=$root/bench/data
mkdir -p "$data"
work=$(mktemp -d "$data/run.XXXXXX")
if ((keep)); then
    trap 'echo "outputs kept in $work" >&2' EXIT
else
    trap 'rm -rf "$work"' EXIT
fi

# merge_corpus.py is taken from the plan at run time (the fenced python block after
# "Create: `scripts/merge_corpus.py`"), never committed.
merge_py=$work/merge_corpus.py
awk '/Create: `scripts\/merge_corpus\.py`/ { f = 1; next }
     f == 1 && /^```python/ { f = 2; next }
     f == 2 && /^```/ { exit }
     f == 2' "$plan" > "$merge_py"
grep -q '^def merge_corpus_files' "$merge_py" || die "could not extract merge_corpus.py from $plan"

# --- corpus ------------------------------------------------------------------------------------
# corpus SIZE: prints the path of a corpus of SIZE MiB, generating it unless an up-to-date one
# (same size, seed and generator) is already in bench/data/.
corpus() {
    local mb=$1 file=$data/corpus-${1}MB-seed$seed.jsonl stamp
    stamp="gen_corpus.py $(sha256sum < "$root/bench/gen_corpus.py" | cut -c1-16) size $mb seed $seed"
    if [[ -f $file && -f $file.stamp && $(cat "$file.stamp") == "$stamp" ]]; then
        echo "reusing $file" >&2
    else
        echo "generating $file ($mb MiB, seed $seed)..." >&2
        rm -f "$file.stamp"
        "$PY" "$root/bench/gen_corpus.py" "$mb" "$seed" > "$file.tmp"
        mv "$file.tmp" "$file"
        echo "$stamp" > "$file.stamp"
    fi
    echo "$file"
}
small_mb=$(awk -v s="$size" 'BEGIN { printf "%g", s / 8 }')
big=$(corpus "$size")
small=$(corpus "$small_mb")
big_bytes=$(stat -c %s "$big")
small_bytes=$(stat -c %s "$small")

# --- machine -----------------------------------------------------------------------------------
echo
echo "## Machine"
echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores online"
echo "- Kernel: $(uname -r); memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB"
echo "- Compiler: $(c++ --version | head -1)"
echo "- seed-tools: $("$filter_bin" --version | head -1), tree $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), binaries from $build_dir"
echo "- Peers: $("$PY" --version) + rich $("$PY" -c 'import importlib.metadata as m; print(m.version("rich"))'), $(jq --version), $(wc --version | head -1)"
echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- Corpus: $(basename "$big"), $big_bytes bytes, $(wc -l < "$big") records"

# --- timing ------------------------------------------------------------------------------------
results=$work/results.tsv
log=$work/stderr.log
: > "$results"

# timed LABEL FILE OUT CMD...: runs CMD with stdout to OUT and stderr to the log, appends
# "LABEL<TAB>FILE<TAB>microseconds<TAB>max RSS KiB" to the results. Wall time is taken with
# $EPOCHREALTIME around /usr/bin/time (which gives %e only to 10 ms); max RSS is its %M.
# `sync` first, outside the timing: otherwise the kernel is still writing back the previous
# command's gigabyte of output while this one runs, and whoever comes next pays for it (a first
# 1 GiB run without it measured seed-filter -o at 2.9 s instead of 1.15 s).
timed() {
    local label=$1 file=$2 out=$3 t0 t1 rss status=0
    shift 3
    echo "== $label" >> "$log"
    sync
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > "$out" 2>> "$log" || status=$?
    t1=$EPOCHREALTIME
    if ((status)); then
        tail -n 20 "$log" >&2
        die "$label failed (exit $status): $*"
    fi
    read -r _ rss < "$work/time"
    printf '%s\t%s\t%d\t%d\n' "$label" "$file" $((${t1/./} - ${t0/./})) "$rss" >> "$results"
}

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

echo
echo "warming the page cache (cat > /dev/null)..." >&2
cat "$big" "$small" > /dev/null
for ((r = 1; r <= reps; r++)); do
    echo "round $r of $reps on $(basename "$big")..." >&2
    run_all "$big" big
done
echo "memory run on $(basename "$small")..." >&2
run_all "$small" small

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
checks=$work/checks.txt
ok=0
# seed-filter's records must be those merge_corpus.py --no-dedupe writes (Python writes ", " and
# ": " separators and \u escapes, so records are compared parsed, key order included).
"$PY" - "$work/big.seed-filter.jsonl" "$work/big.merge.jsonl" > "$checks" <<'EOF' || ok=1
import json, sys
def pairs(line):
    return json.loads(line, object_pairs_hook=lambda kv: kv)
a_path, b_path = sys.argv[1:3]
n = 0
with open(a_path, encoding="utf-8") as a, open(b_path, encoding="utf-8") as b:
    for n, (x, y) in enumerate(zip(a, b), 1):
        if pairs(x) != pairs(y):
            print(f"- MISMATCH: seed-filter and merge_corpus.py --no-dedupe differ at record {n}")
            sys.exit(1)
    rest_a, rest_b = sum(1 for _ in a), sum(1 for _ in b)
if rest_a or rest_b:
    print(f"- MISMATCH: after {n} equal records, seed-filter has {rest_a} more, merge_corpus.py {rest_b} more")
    sys.exit(1)
print(f"- seed-filter -o and merge_corpus.py --no-dedupe: the same {n} records, parsed and compared in order (key order included)")
EOF
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
"$PY" - "$results" "$big_bytes" "$small_bytes" "$size" "$small_mb" "$reps" <<'EOF'
import statistics, sys
from collections import defaultdict
path, big_bytes, small_bytes, size, small_mb, reps = sys.argv[1:]
big_bytes, small_bytes = int(big_bytes), int(small_bytes)
times, rss = defaultdict(list), defaultdict(list)
order = []
for line in open(path):
    label, tag, usec, kib = line.rstrip("\n").split("\t")
    if label not in order:
        order.append(label)
    times[label, tag].append(int(usec) / 1e6)
    rss[label, tag].append(int(kib) / 1024)
best = {k: min(v) for k, v in times.items()}
median = {k: statistics.median(v) for k, v in times.items()}

print(f"\n## Speed: {size} MiB corpus, best of {reps} (median beside it), page cache warm, sync before each\n")
print("| command | best s | median s | MiB/s | max RSS MiB | time / seed-filter -o |")
print("|---|--:|--:|--:|--:|--:|")
base = best["seed-filter -o OUT", "big"]
for label in order:
    b = best[label, "big"]
    print(f"| {label} | {b:.3f} | {median[label, 'big']:.3f} | {big_bytes / 2**20 / b:,.0f} "
          f"| {max(rss[label, 'big']):,.1f} | {b / base:.2f} |")

def ratio(a, b):
    return best[a, "big"] / best[b, "big"]
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
echo
echo "## Checks"
echo
cat "$checks"
echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
((ok == 0)) || die "outputs disagree (see MISMATCH above)"
