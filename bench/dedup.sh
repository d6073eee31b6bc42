#!/usr/bin/env bash
# Speed and memory benchmark of seed-dedup against its peers, in one run: the plan's
# merge_corpus.py with its dedup on (Phase 3 of the raw-data acquisition plan), seed-filter |
# seed-dedup as the like-for-like pipeline, `awk '!seen[$0]++'` (line-level exact dedup) and
# `wc -l` as the floor for reading the file; near mode's throughput; memory per unique record.
# See bench/README.md.
#
# Usage: bench/dedup.sh [--size MB] [--reps N] [--seed N] [--build-dir DIR] [--keep]
#
# Each command runs --reps times, round-robin (all tools once, then all again) so that load from
# other work on the machine spreads over every tool; the table reports the best (lowest) wall time
# of the repetitions, with the median beside it, and the highest max RSS seen.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/dedup.sh [OPTIONS]
Time seed-dedup (exact and --near) against merge_corpus.py (the plan's Phase 3 script, with
its dedup), seed-filter | seed-dedup, awk '!seen[$0]++' and wc -l on a generated JSONL corpus
with planted exact and near duplicates, check that the outputs agree, and compare memory use
on a corpus 1/8 the size.

EOF
    common_usage
}

prog=dedup.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "$@"

# --- tools -------------------------------------------------------------------------------------
dedup_bin=$(tool_bin seed-dedup)
filter_bin=$(tool_bin seed-filter)
require_bins "$dedup_bin" "$filter_bin"
require_peers
command -v awk >/dev/null || die "awk is missing (Debian package: mawk)"
warn_stale "$dedup_bin" "$filter_bin"

setup_work
extract_merge_py

# --- corpus ------------------------------------------------------------------------------------
# gen_corpus.py's corpus has no duplicate texts, exact or near; this one has 10% of its records
# planted as byte-identical copies of an earlier record and 10% as copies with 2% of their words
# replaced (see gen_corpus.py). Its originals are the records of filter.sh's corpus, in order.
plant=(--exact-dups 0.1 --near-dups 0.1 --edits 0.02)
small_mb=$(awk -v s="$size" 'BEGIN { printf "%g", s / 8 }')
big=$(corpus "$size" dedup-corpus "${plant[@]}")
small=$(corpus "$small_mb" dedup-corpus "${plant[@]}")
big_bytes=$(stat -c %s "$big")
small_bytes=$(stat -c %s "$small")

print_machine "$dedup_bin" "$("$PY" --version) + rich $("$PY" -c 'import importlib.metadata as m; print(m.version("rich"))'), awk = $(awk -W version 2>&1 | head -1), $(wc --version | head -1)" "$big"
echo "- Planted (gen_corpus.py ${plant[*]}): $(cat "$big.planted")"

# --- timing ------------------------------------------------------------------------------------
start_results

# run_all FILE TAG: one round of every command on FILE; outputs go to $work/TAG.*
run_all() {
    local f=$1 t=$2
    rm -f "$work/$t".*   # every command writes a new file rather than truncating last round's
    timed "wc -l" "$t" /dev/null wc -l "$f"
    timed "seed-dedup > OUT" "$t" "$work/$t.dedup.jsonl" "$dedup_bin" "$f"
    timed "seed-dedup -v > /dev/null" "$t" /dev/null "$dedup_bin" -v "$f"
    # shellcheck disable=SC2016  # $0 is awk's
    timed "awk '!seen[\$0]++' > OUT" "$t" "$work/$t.awk.jsonl" awk '!seen[$0]++' "$f"
    # shellcheck disable=SC2016  # the positional parameters are the inner shell's
    timed "seed-filter | seed-dedup > OUT" "$t" "$work/$t.pipeline.jsonl" bash -c \
        'set -o pipefail; "$1" --domain code --min 100 --max 2500 "$3" | "$2"' pipeline "$filter_bin" "$dedup_bin" "$f"
    timed "merge_corpus.py (dedupe)" "$t" "$work/$t.merge.log" "$PY" "$merge_py" --inputs "$f" --output "$work/$t.merge.jsonl" --domain code --min-chars 100 --max-chars 2500
    timed "seed-dedup --near -v > OUT" "$t" "$work/$t.near.jsonl" "$dedup_bin" --near -v "$f"
}

run_rounds "$big" "$small"

# Which records near mode dropped, and for which kept one: untimed, once, on the full corpus.
echo "near mode with --report on $(basename "$big")..." >&2
echo "== seed-dedup --near --report [big]" >> "$log"
"$dedup_bin" --near --report "$work/big.near-report.jsonl" "$big" > /dev/null 2>> "$log"

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
# The like-for-like pipeline must write the records merge_corpus.py writes with its dedup on.
compare_records "$work/big.pipeline.jsonl" "seed-filter | seed-dedup" "seed-filter | seed-dedup" \
    "$work/big.merge.jsonl" "merge_corpus.py (dedupe)" merge_corpus.py || ok=1

# The counts against what the generator planted, awk against seed-dedup, near mode's drops
# against the planted near copies.
for t in big small; do
    for label in "seed-dedup > OUT" "seed-dedup -v > /dev/null" "seed-filter | seed-dedup > OUT" \
                 "seed-dedup --near -v > OUT"; do
        printf '%s\t%s\t%s\n' "$label" "$t" "$(stderr_of "$label" "$t" | tr '\n' '\037')"
    done
done > "$work/stderr.tsv"
printf '%s\t%s\t%s\n' "seed-dedup --near --report" big \
    "$(stderr_of "seed-dedup --near --report" big | tr '\n' '\037')" >> "$work/stderr.tsv"

"$PY" - "$work" "$big.planted" "$small.planted" >> "$checks" <<'EOF' || ok=1
import filecmp, json, re, sys
work, big_planted, small_planted = sys.argv[1:4]
failed = False
def say(line, mismatch=False):
    global failed
    failed |= mismatch
    print(f"- {'MISMATCH: ' if mismatch else ''}{line}")

def planted(path):
    words = open(path).read().split()
    return {k: int(v) for k, v in zip(words[::2], words[1::2])}
stderr = {}
for line in open(f"{work}/stderr.tsv", encoding="utf-8"):
    label, tag, text = line.rstrip("\n").split("\t")
    stderr[label, tag] = text.split("\x1f")
def summary(label, tag):
    """(read, kept, exact, near) from seed-dedup's summary line."""
    for line in stderr[label, tag]:
        m = re.match(r"seed-dedup: read (\d+), kept (\d+), dropped \d+ \(exact (\d+)(?:, near (\d+))?\)", line)
        if m:
            return tuple(int(g or 0) for g in m.groups())
    raise SystemExit(f"no seed-dedup summary for {label} on {tag}")
def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)

for tag, path in (("big", big_planted), ("small", small_planted)):
    p = planted(path)
    read, kept, exact, _ = summary("seed-dedup > OUT", tag)
    ok = read == p["records"] and kept == p["distinct_texts"] and exact == p["exact_copies"] == read - kept
    say(f"seed-dedup on the {tag} corpus: read {read}, kept {kept}, dropped {exact} "
        f"(planted: {p['records']} records, {p['distinct_texts']} distinct texts, {p['exact_copies']} exact copies)",
        not ok)
    if summary("seed-dedup -v > /dev/null", tag) != summary("seed-dedup > OUT", tag):
        say(f"seed-dedup -v > /dev/null and seed-dedup > OUT disagree on the {tag} corpus", True)

    # awk keeps the first of each distinct line; the planted exact copies are whole lines again,
    # and no two other records share a text, so it must keep the same records.
    n_awk = lines(f"{work}/{tag}.awk.jsonl")
    if n_awk != kept:
        say(f"awk '!seen[$0]++' kept {n_awk} lines of the {tag} corpus, seed-dedup {kept} records", True)
    elif filecmp.cmp(f"{work}/{tag}.awk.jsonl", f"{work}/{tag}.dedup.jsonl", shallow=False):
        say(f"awk '!seen[$0]++' on the {tag} corpus: the same {n_awk} records, byte-identical to seed-dedup's output")
    else:
        say(f"awk '!seen[$0]++' on the {tag} corpus: {n_awk} lines, as many as seed-dedup keeps, but not the same bytes", True)

p = planted(big_planted)
n_merge, n_pipe = lines(f"{work}/big.merge.jsonl"), lines(f"{work}/big.pipeline.jsonl")
pipe_dedup = summary("seed-filter | seed-dedup > OUT", "big")
say(f"merge_corpus.py (dedupe) kept {n_merge} records; in the pipeline seed-dedup read {pipe_dedup[0]} "
    f"(what seed-filter kept) and dropped {pipe_dedup[2]} exact duplicates")

# Near mode: the same decisions with and without --report; then who was dropped for whom.
near = summary("seed-dedup --near -v > OUT", "big")
if summary("seed-dedup --near --report", "big") != near:
    say("seed-dedup --near with and without --report disagree", True)
say(f"seed-dedup --near on the big corpus: read {near[0]}, kept {near[1]}, dropped {near[2]} exact "
    f"and {near[3]} near (planted: {p['exact_copies']} exact copies, {p['near_copies']} near copies with "
    f"{p['words_replaced']} of their {p['near_copy_words']} words replaced, "
    f"{100 * p['words_replaced'] / max(1, p['near_copy_words']):.1f}%)")
if near[2] != p["exact_copies"]:
    say(f"near mode dropped {near[2]} records as exact duplicates, not the {p['exact_copies']} planted", True)
def origin(record_id):
    """The original a record copies: its own id for an original, X for "near<N>-of-X"."""
    if isinstance(record_id, str) and record_id.startswith("near"):
        return int(record_id.rsplit("-of-", 1)[1])
    return record_id
caught = wrong = 0
similarity = []
for line in open(f"{work}/big.near-report.jsonl", encoding="utf-8"):
    r = json.loads(line)
    if r["match"] != "near":
        continue
    dropped, kept = r["dropped"]["id"], r["kept"]["id"]
    if isinstance(dropped, str) and origin(dropped) == origin(kept):
        caught += 1
        similarity.append(r["similarity"])
    else:
        wrong += 1
missed = p["near_copies"] - caught
similarity.sort()
say(f"near drops: {caught} of the {p['near_copies']} planted near copies ({100 * caught / max(1, p['near_copies']):.2f}%), "
    f"each matched with its original or another copy of it, estimated similarity "
    f"min {similarity[0] if similarity else 0:.3f}, median {similarity[len(similarity) // 2] if similarity else 0:.3f}; "
    f"{missed} planted copies kept; {wrong} drops of anything else (records that are not near copies of what they were matched with)")
sys.exit(1 if failed else 0)
EOF

# --- report ------------------------------------------------------------------------------------
report_py "$work/stderr.tsv" "$big_bytes" "$small_bytes" "$size" "$small_mb" "$reps" <<'EOF'
import re
stderr_path, big_bytes, small_bytes, size, small_mb, reps = args
size_bytes = {"big": int(big_bytes), "small": int(small_bytes)}
size_mib = {"big": size, "small": small_mb}
stderr = {}
for line in open(stderr_path, encoding="utf-8"):
    label, tag, text = line.rstrip("\n").split("\t")
    stderr[label, tag] = text.split("\x1f")
def kept(label, tag):
    for line in stderr[label, tag]:
        m = re.match(r"seed-dedup: read \d+, kept (\d+)", line)
        if m:
            return int(m.group(1))
def memory_line(label, tag):
    """(the -v memory line, its bytes, its unique keys)."""
    for line in stderr[label, tag]:
        m = re.match(r"seed-dedup: memory: ([\d,]+) bytes for ([\d,]+) unique keys?", line)
        if m:
            return line[len("seed-dedup: "):], int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
    raise SystemExit(f"no memory line from {label} on {tag}")
EXACT, NEAR = "seed-dedup > OUT", "seed-dedup --near -v > OUT"
PIPE, MERGE, AWK = "seed-filter | seed-dedup > OUT", "merge_corpus.py (dedupe)", "awk '!seen[$0]++' > OUT"
speed_table(f"{size} MiB corpus", size_bytes["big"], reps, EXACT)

print("\n## Ratios (best times)\n")
print("| ratio | value | goal |")
print("|---|--:|---|")
rows = [
    (f"{MERGE} / seed-filter \\| seed-dedup (like for like)", ratio(MERGE, PIPE), 10, ">="),
    (f"{MERGE} / seed-dedup > OUT (merge_corpus.py also filters)", ratio(MERGE, EXACT), 10, ">="),
    (f"{AWK} / seed-dedup > OUT", ratio(AWK, EXACT), None, None),
    ("seed-dedup > OUT / wc -l", ratio(EXACT, "wc -l"), None, None),
    ("seed-dedup -v > /dev/null / wc -l", ratio("seed-dedup -v > /dev/null", "wc -l"), None, None),
    (f"{NEAR} / seed-dedup > OUT", ratio(NEAR, EXACT), None, None),
]
for name, value, goal, op in rows:
    if goal is None:
        verdict = "(for information)"
    else:
        met = value >= goal if op == ">=" else value <= goal
        verdict = f"{op} {goal}: {'met' if met else 'MISSED'}"
    print(f"| {name} | {value:.2f}x | {verdict} |")

print(f"\n## Near mode (defaults), best of {reps}\n")
print("MiB = 2^20 bytes, MB = 10^6 bytes; seed-dedup runs on one thread, so wall-time throughput is per core.\n")
print("| corpus | best s | MiB/s | MB/s | MiB per CPU s | max RSS MiB | kept | -v memory line | bytes per kept record |")
print("|---|--:|--:|--:|--:|--:|--:|---|--:|")
for tag in ("small", "big"):
    b = best[NEAR, tag]
    line, mem, keys = memory_line(NEAR, tag)
    n = kept(NEAR, tag)
    print(f"| {size_mib[tag]} MiB | {b:.3f} | {size_bytes[tag] / 2**20 / b:,.1f} | {size_bytes[tag] / 1e6 / b:,.1f} "
          f"| {size_bytes[tag] / 2**20 / best_cpu((NEAR, tag)):,.1f} | {max(rss[NEAR, tag]):,.1f} | {n:,} | {line} "
          f"| {mem / n:,.0f} |")
near_mibs = size_bytes["big"] / 2**20 / best[NEAR, "big"]
print(f"\nGoal >= 30 MB/s per core with the defaults: {near_mibs:,.1f} MiB/s, "
      f"{'met' if near_mibs >= 30 else 'MISSED'} (in MiB/s, the stricter reading).")

print(f"\n## Memory of exact mode per unique record, on the {small_mb} MiB and {size} MiB corpora\n")
print("Peak RSS is the highest max RSS of `seed-dedup > OUT`; the memory line is `seed-dedup -v`'s (the key table alone).\n")
print("| corpus | unique records (kept) | peak RSS MiB | RSS bytes / unique | RSS MiB per million unique | -v bytes | -v bytes / unique | -v MiB per million unique |")
print("|---|--:|--:|--:|--:|--:|--:|--:|")
exact_mem = {}
per_million = 1e6 / 2**20  # bytes per record -> MiB per million records
for tag in ("small", "big"):
    n = kept(EXACT, tag)
    peak = max(rss[EXACT, tag]) * 2**20
    _, mem, keys = memory_line("seed-dedup -v > /dev/null", tag)
    exact_mem[tag] = (n, peak, mem)
    print(f"| {size_mib[tag]} MiB | {n:,} | {peak / 2**20:,.1f} | {peak / n:.1f} | {peak / n * per_million:.1f} "
          f"| {mem:,} | {mem / keys:.1f} | {mem / keys * per_million:.1f} |")
(n0, p0, m0), (n1, p1, m1) = exact_mem["small"], exact_mem["big"]
dp, dm = (p1 - p0) / (n1 - n0), (m1 - m0) / (n1 - n0)
print(f"| growth from {small_mb} to {size} MiB, per added unique record | {n1 - n0:,} | {(p1 - p0) / 2**20:,.1f} "
      f"| {dp:.1f} | {dp * per_million:.1f} | {m1 - m0:,} | {dm:.1f} | {dm * per_million:.1f} |")

print(f"\n## Memory: max RSS on the {small_mb} MiB and {size} MiB corpora\n")
print(f"| command | {small_mb} MiB | {size} MiB | growth |")
print("|---|--:|--:|--:|")
for label in order:
    if label == "wc -l":
        continue
    s, b = max(rss[label, "small"]), max(rss[label, "big"])
    print(f"| {md(label)} | {s:,.1f} | {b:,.1f} | {b / s:.2f}x |")
EOF
print_checks
