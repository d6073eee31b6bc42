#!/usr/bin/env bash
# Speed and memory benchmark of seed-claude against the plan's convert_claude_export.py (Task 3
# of the raw-data acquisition plan), in one run, on a generated single-line Claude.ai export
# (bench/gen_export.py): the time of each, their peak memory on two export sizes, and whether
# they keep the same messages where they should. `wc -l` is the floor for reading the file,
# Python's json.load of the file alone the floor of the plan's script, and seed-claude keeping
# every message (no filter) the most its memory grows with the messages kept. See bench/README.md.
#
# Usage: bench/claude.sh [--size MB] [--reps N] [--seed N] [--build-dir DIR] [--keep]
#
# Each command runs --reps times, round-robin (all commands once, then all again) so that load
# from other work on the machine spreads over every command; the table reports the best (lowest)
# wall time of the repetitions, with the median beside it, and the highest max RSS seen.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/claude.sh [OPTIONS]
Time seed-claude against convert_claude_export.py (the plan's Task 3 script), Python's json.load
and wc -l on a generated single-line Claude.ai export (bench/gen_export.py), check that the
plan's script and seed-claude --no-attachments keep the same messages but for the documented
differences, and compare peak memory on an export 1/5 the size (seed-claude also with every
message kept, the most its memory grows with the messages it keeps).

EOF
    # lib.sh's default size is its corpora's (1024 MiB); this script's export is 500 MiB.
    common_usage | sed -e 's/--size MB         corpus size in MiB (default 1024)/--size MB         export size in MiB (default 500)/' \
                       -e 's/The corpus is kept/The export is kept/'
}

prog=claude.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
size_given=0
for arg; do
    if [[ $arg == --size || $arg == --size=* ]]; then size_given=1; fi
done
if ((size_given)); then parse_options "$@"; else parse_options --size 500 "$@"; fi

# --- tools -------------------------------------------------------------------------------------
claude_bin=$(tool_bin seed-claude)
require_bins "$claude_bin"
require_peers
warn_stale "$claude_bin"

setup_work

# convert_claude_export.py taken from the plan at run time (the fenced python block after
# "Create: `scripts/convert_claude_export.py`"), never committed. It runs unchanged, with the
# command line of the plan's Step 3 (its --min-chars 100 and --max-chars 2000 are its defaults,
# and seed-claude's).
convert_py=$(plan_script convert_claude_export.py extract_user_messages)

# --- export ------------------------------------------------------------------------------------
# export_file SIZE: prints the path of an export of SIZE MiB made by gen_export.py, generating it
# unless an up-to-date one (same size, seed and generator) is in bench/data/ as
# claude-export-SIZEMB-seedN.json; the generator's counts (stderr) are kept in FILE.counts.
# (lib.sh's corpus() does the same for gen_corpus.py.)
export_file() {
    local mb=$1 file stamp
    file=$data/claude-export-${mb}MB-seed$seed.json
    stamp="gen_export.py $(sha256sum < "$root/bench/gen_export.py" | cut -c1-16) size $mb seed $seed"
    if [[ -f $file && -f $file.stamp && -f $file.counts && $(cat "$file.stamp") == "$stamp" ]]; then
        echo "reusing $file" >&2
    else
        echo "generating $file ($mb MiB, seed $seed)..." >&2
        rm -f "$file.stamp" "$file.counts"
        if ! "$PY" "$root/bench/gen_export.py" "$mb" "$seed" > "$file.tmp" 2> "$file.tmp.err"; then
            cat "$file.tmp.err" >&2
            die "gen_export.py failed"
        fi
        mv "$file.tmp" "$file"
        mv "$file.tmp.err" "$file.counts"
        echo "$stamp" > "$file.stamp"
    fi
    echo "$file"
}

small_mb=$(awk -v s="$size" 'BEGIN { printf "%g", s / 5 }')
big=$(export_file "$size")
small=$(export_file "$small_mb")
big_bytes=$(stat -c %s "$big")
small_bytes=$(stat -c %s "$small")

print_machine "$claude_bin" "$("$PY" --version) + rich $("$PY" -c 'import importlib.metadata as m; print(m.version("rich"))'), $(wc --version | head -1)"
for f in "$big" "$small"; do
    echo "- Export: $(basename "$f"), $(stat -c %s "$f") bytes, one line ($(wc -l < "$f") newline characters); gen_export.py counts: $(cat "$f.counts")"
done

# --- timing ------------------------------------------------------------------------------------
start_results

# run_all FILE TAG: one round of every command on FILE; outputs go to $work/TAG.*
run_all() {
    local f=$1 t=$2
    rm -f "$work/$t".*   # every command writes a new file rather than truncating last round's
    timed "wc -l" "$t" /dev/null wc -l "$f"
    timed "seed-claude -o OUT" "$t" /dev/null "$claude_bin" "$f" -o "$work/$t.seed.jsonl"
    timed "seed-claude --no-attachments -o OUT" "$t" /dev/null "$claude_bin" --no-attachments "$f" -o "$work/$t.seed-na.jsonl"
    timed "seed-claude, every message kept" "$t" /dev/null "$claude_bin" --role all --min 0 --max 0 --max-code-ratio 1 "$f" -o "$work/$t.seed-all.jsonl"
    timed "convert_claude_export.py" "$t" "$work/$t.plan.log" "$PY" "$convert_py" --input "$f" --output "$work/$t.plan.jsonl"
    timed "python3: json.load alone" "$t" /dev/null "$PY" -c 'import json, sys; json.load(open(sys.argv[1]))' "$f"
}

run_rounds "$big" "$small"

# --- correctness -------------------------------------------------------------------------------
# compare_kept EXPORT TAG: appends to the checks how the records of convert_claude_export.py and
# of seed-claude --no-attachments on EXPORT compare, each difference explained (or MISMATCH), and
# what the pasted text changes in seed-claude's default output; returns 1 on a MISMATCH.
compare_kept() {
    "$PY" - "$1" "$work/$2.plan.jsonl" "$work/$2.seed-na.jsonl" "$work/$2.seed.jsonl" >> "$checks" <<'EOF'
import json, mmap, re, sys
from collections import Counter
export, plan_path, na_path, seed_path = sys.argv[1:5]
name = export.rsplit("/", 1)[-1]

def fenced_ratio(text):
    """Share of the characters on lines inside ``` fences, fence lines included (the issue's measure)."""
    total = fenced = 0
    open_run = 0
    for line in text.splitlines(keepends=True):
        total += len(line)
        body = line.rstrip("\n")
        stripped = body[min(len(body) - len(body.lstrip(" ")), 3):]
        run = len(stripped) - len(stripped.lstrip("`"))
        rest = stripped[run:] if run >= 3 else None
        if open_run == 0:
            if rest is not None and "`" not in rest:
                open_run = run
                fenced += len(line)
        else:
            fenced += len(line)
            if rest is not None and run >= open_run and rest.strip(" \t\r") == "":
                open_run = 0
    return fenced / total if total else 0.0

def plan_ratio(text):
    return text.count("```") / max(len(text), 1)

def records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]

plan, na, seed = records(plan_path), records(na_path), records(seed_path)
# The plan's text is the message's `text` as it stands; seed-claude's is trimmed (white space at
# both ends), so the plan's is compared trimmed.
plan_keys = Counter((r["conversation_id"], r["text"].strip()) for r in plan)
na_keys = Counter((r["conversation_id"], r["text"]) for r in na)
both = sum((plan_keys & na_keys).values())
plan_only = list((plan_keys - na_keys).elements())
na_only_keys = na_keys - plan_keys
na_only = [r for r in na if na_only_keys[(r["conversation_id"], r["text"])] > 0]
bad = 0
print(f"- {name}: convert_claude_export.py wrote {len(plan):,} records, seed-claude --no-attachments "
      f"{len(na):,}; {both:,} in both (same conversation id and text, the plan's trimmed)")

# Records only the plan keeps: judged from their text.
why = Counter()
ratios = []
for cid, text in plan_only:
    if fenced_ratio(text) > 0.3:
        why["code"] += 1
        ratios.append(plan_ratio(text))
    elif len(text) < 100:
        why["short once trimmed"] += 1
    else:
        why["unexplained"] += 1
if plan_only:
    parts = []
    if why["code"]:
        parts.append(f"{why['code']:,} with more than 0.3 of their characters inside ``` fences (seed-claude's "
                     f"code drop; the plan's count('```') / len of the same texts is at most {max(ratios):.4f})")
    if why["short once trimmed"]:
        parts.append(f"{why['short once trimmed']:,} under 100 characters once the white space at their ends is "
                     f"trimmed (the plan counts it)")
    if why["unexplained"]:
        parts.append(f"{why['unexplained']:,} not explained by either")
    print(f"- {name}: only in the plan's: {len(plan_only):,}: " + "; ".join(parts))
    if why["unexplained"]:
        print(f"- MISMATCH: {name}: {why['unexplained']} records only in the plan's output are not explained")
        bad = 1

# Records only seed-claude keeps: judged from the message in the export, found by its uuid.
if na_only:
    wanted = {r["message_id"] for r in na_only}
    found = {}
    with open(export, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        decoder = json.JSONDecoder()
        for m in re.finditer(rb'\{"uuid":"([0-9a-f-]{36})"', mm):
            uuid = m.group(1).decode()
            if uuid not in wanted or uuid in found:
                continue
            span = 1 << 16
            while True:  # the message object that starts here, decoded from a growing window
                chunk = mm[m.start():m.start() + span].decode("utf-8", "replace")
                try:
                    found[uuid] = decoder.raw_decode(chunk)[0]
                    break
                except json.JSONDecodeError:
                    if m.start() + span >= len(mm):
                        raise
                    span *= 4
    why = Counter()
    for r in na_only:
        msg = found.get(r["message_id"])
        text = None if msg is None else msg.get("text", msg.get("content", ""))
        if msg is None:
            why["not found in the export"] += 1
        elif text == "":
            why["text \"\", the text only in content[]"] += 1
        elif not 100 <= len(text) <= 2000 and 100 <= len(text.strip()) <= 2000:
            why["white space at the ends puts `text` outside 100..2000 (within once trimmed)"] += 1
        else:
            why["unexplained"] += 1
    print(f"- {name}: only in seed-claude's: {len(na_only):,}: " +
          "; ".join(f"{n:,} with {k}" for k, n in why.items()))
    if why["unexplained"] or why["not found in the export"]:
        print(f"- MISMATCH: {name}: records only in seed-claude's output are not explained")
        bad = 1

# What the pasted text (attachments with file_name "") changes in seed-claude's default output.
na_by_id = {r["message_id"]: r["text"] for r in na}
same = appended = only = 0
for r in seed:
    t = na_by_id.pop(r["message_id"], None)
    if t is None:
        only += 1
    elif t == r["text"]:
        same += 1
    else:
        appended += 1
print(f"- {name}: seed-claude with its defaults (pastes included) wrote {len(seed):,} records: {same:,} as "
      f"with --no-attachments, {appended:,} with a paste appended, {only:,} kept only with their paste "
      f"(a short prompt, or text \"\", made long enough), and left out {len(na_by_id):,} that their paste "
      f"made longer than 2000")
sys.exit(bad)
EOF
}

echo "checking outputs..." >&2
compare_kept "$big" big || ok=1
compare_kept "$small" small || ok=1
for label in "seed-claude -o OUT" "seed-claude --no-attachments -o OUT"; do
    echo "- $label on $(basename "$big"): $(stderr_of "$label" big | grep -m1 '^seed-claude: read')" >> "$checks"
done
echo "- convert_claude_export.py on $(basename "$big"): $(head -1 "$work/big.plan.log")" >> "$checks"
# Every message read: with no filter, seed-claude keeps as many as gen_export.py wrote.
for t in big small; do
    f=$big
    [[ $t == big ]] || f=$small
    n_all=$(wc -l < "$work/$t.seed-all.jsonl")
    n_gen=$(sed -n 's/.*messages \([0-9]*\) .*/\1/p' "$f.counts")
    if ((n_all == n_gen)); then
        echo "- seed-claude, every message kept, on $(basename "$f"): $n_all records, one for each message gen_export.py wrote" >> "$checks"
    else
        echo "- MISMATCH: seed-claude, every message kept, on $(basename "$f"): $n_all records for the $n_gen messages gen_export.py wrote" >> "$checks"
        ok=1
    fi
done

# --- report ------------------------------------------------------------------------------------
# kept LABEL TAG: the records seed-claude's summary line says LABEL kept on TAG.
kept() { stderr_of "$1" "$2" | sed -n 's/^seed-claude: read .*; kept \([0-9,]*\),.*/\1/p' | tr -d , | head -1; }
report_py "$big_bytes" "$small_bytes" "$size" "$small_mb" "$reps" \
    "$(kept "seed-claude -o OUT" small)" "$(kept "seed-claude -o OUT" big)" \
    "$(kept "seed-claude --no-attachments -o OUT" small)" "$(kept "seed-claude --no-attachments -o OUT" big)" \
    "$(kept "seed-claude, every message kept" small)" "$(kept "seed-claude, every message kept" big)" <<'EOF'
big_bytes, small_bytes, size, small_mb, reps, *kept_counts = args
big_bytes, small_bytes = int(big_bytes), int(small_bytes)
SEED, NA, ALL, PLAN, LOAD = ("seed-claude -o OUT", "seed-claude --no-attachments -o OUT",
                             "seed-claude, every message kept", "convert_claude_export.py", "python3: json.load alone")

speed_table(f"{size} MiB export", big_bytes, reps, SEED)

print("\n## Ratios (best times)\n")
print("| ratio | value | goal |")
print("|---|--:|---|")
rows = [
    (f"{PLAN} / {SEED}", ratio(PLAN, SEED), 10),
    (f"{PLAN} / {NA} (like for like: the plan reads no attachments)", ratio(PLAN, NA), 10),
    (f"{LOAD} / {SEED}", ratio(LOAD, SEED), None),
    (f"{PLAN} / {LOAD}", ratio(PLAN, LOAD), None),
    (f"{SEED} / wc -l", ratio(SEED, "wc -l"), None),
]
for name, value, goal in rows:
    verdict = "(for information)" if goal is None else f">= {goal}: {'met' if value >= goal else 'MISSED'}"
    print(f"| {name} | {value:.2f}x | {verdict} |")

print(f"\n## Memory: max RSS on the {small_mb} MiB and {size} MiB exports\n")
print("Goal for seed-claude: under 64 MB (64 x 10^6 bytes = 61.0 MiB, the stricter reading) at every size.\n")
print(f"| command | {small_mb} MiB | {size} MiB | growth | goal |")
print("|---|--:|--:|--:|---|")
limit = 64e6 / 2**20
for label in order:
    s, b = max(rss[label, "small"]), max(rss[label, "big"])
    goal = ""
    if label.startswith("seed-claude"):
        goal = f"< 64 MB: {'met' if max(s, b) < limit else 'MISSED'}"
    print(f"| {label} | {s:,.1f} | {b:,.1f} | {b / s:.2f}x | {goal} |")

kept_counts = [int(k) for k in kept_counts]
print("\nseed-claude holds one conversation at a time, plus a set of the (conversation, message) ids it kept, "
      "to drop repeats from overlapping exports; the growth below includes both (the larger export's largest "
      "conversation is larger too):\n")
for label, (ks, kb) in ((SEED, kept_counts[0:2]), (NA, kept_counts[2:4]), (ALL, kept_counts[4:6])):
    grown = (max(rss[label, "big"]) - max(rss[label, "small"])) * 2**20
    print(f"- {label}: kept {ks:,} and {kb:,} messages; max RSS grew by {grown / 2**20:.1f} MiB, "
          f"{grown / (kb - ks):.0f} bytes per added kept message")
EOF
print_checks
