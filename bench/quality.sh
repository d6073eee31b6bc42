#!/usr/bin/env bash
# Speed benchmark of seed-filter's quality rule sets (issue 8) on the generated benchmark corpus:
# each rule set alone, the four prose (NL) sets together and --annotate, against the plain length
# filter on the same input and `wc -l` as the floor for reading the file; the peer is the
# independent Python implementation of the same measures, tests/quality/reference.py, timed on a
# slice 1/50 the size. See bench/README.md.
#
# Usage: bench/quality.sh [--size MB] [--reps N] [--seed N] [--build-dir DIR] [--keep]
#
# Each command runs --reps times, round-robin (all commands once, then all again) so that load
# from other work on the machine spreads over every command; the table reports the best (lowest)
# wall time of the repetitions, with the median beside it, and the highest max RSS seen.
# seed-filter is single-threaded: MB/s is also MB/s per core.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/quality.sh [OPTIONS]
Time seed-filter's quality rule sets (--gopher-repetition, --gopher-quality, --c4-lines and
--fineweb on the prose half of a generated JSONL corpus, --code-quality on its code half, the
four prose sets together on the prose half and on the whole corpus, and --annotate) against the
plain length filter (--min 100 --max 2500) and wc -l on the same input; check the counts and
that the records kept and dropped are the records read; time tests/quality/reference.py (the
independent Python implementation of the measures) against seed-filter --annotate on a slice
1/50 the size, which also serves for the memory comparison.

EOF
    common_usage
}

prog=quality.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
parse_options "$@"

# --- tools -------------------------------------------------------------------------------------
filter_bin=$(tool_bin seed-filter)
require_bins "$filter_bin"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
[[ -x $PY ]] || die "$PY is missing (Debian package: python3)"
warn_stale "$filter_bin"
"$filter_bin" --help | grep -q -e '--gopher-repetition' ||
    die "$filter_bin has no quality rules (--gopher-repetition); rebuild it"
reference=$root/tests/quality/reference.py

setup_work

# --- corpus ------------------------------------------------------------------------------------
big=$(corpus "$size")
big_records=$(wc -l < "$big")
slice_records=$((big_records / 50))
((slice_records > 0)) || die "the corpus has fewer than 50 records"
slice=$work/slice.jsonl
head -n "$slice_records" "$big" > "$slice"

# split_corpus FILE TAG: the prose and the code records of FILE, in their order, in
# $work/input-TAG.prose.jsonl and $work/input-TAG.code.jsonl. gen_corpus.py writes
# "source": "bench-nl" on prose and "source": "bench-code" on code, with json.dumps' separators;
# a text cannot hold either string, since its quotes are escaped.
split_corpus() {
    local f=$1 t=$2 n p c
    grep -F '"source": "bench-nl"' "$f" > "$work/input-$t.prose.jsonl" || true
    grep -F '"source": "bench-code"' "$f" > "$work/input-$t.code.jsonl" || true
    n=$(wc -l < "$f") p=$(wc -l < "$work/input-$t.prose.jsonl") c=$(wc -l < "$work/input-$t.code.jsonl")
    ((p > 0 && c > 0 && p + c == n)) || die "$(basename "$f"): $p prose and $c code records of $n; not the bench corpus?"
    echo "- $(basename "$f") split by source: $p prose records (bench-nl, $(stat -c %s "$work/input-$t.prose.jsonl") bytes), $c code records (bench-code, $(stat -c %s "$work/input-$t.code.jsonl") bytes), $n in all" >> "$checks"
}

echo "splitting the corpora into prose and code..." >&2
start_results
split_corpus "$big" big
split_corpus "$slice" small

peers="$("$PY" --version), $(wc --version | head -1)"
if [[ -f $reference ]]; then peers+=", tests/quality/reference.py"; else peers+=" (tests/quality/reference.py: not there)"; fi
print_machine "$filter_bin" "$peers" "$big"
echo "- Slice: the first $slice_records records (1/50), $(stat -c %s "$slice") bytes"

# --- timing ------------------------------------------------------------------------------------
nl_sets=(--gopher-repetition --gopher-quality --c4-lines --fineweb)

# run_all FILE TAG: one round of every command on FILE (and its halves, made by split_corpus);
# outputs go to $work/TAG.*, with seed-filter's --report beside each output as OUT.report.json.
run_all() {
    local f=$1 t=$2 prose=$work/input-$2.prose.jsonl code=$work/input-$2.code.jsonl
    rm -f "$work/$t".*   # every command writes a new file rather than truncating last round's
    # sf LABEL NAME INPUT OPTION...: seed-filter OPTION... INPUT > TAG.NAME.jsonl, timed
    sf() {
        local label=$1 name=$2 input=$3
        shift 3
        timed "$label" "$t" "$work/$t.$name.jsonl" "$filter_bin" "$@" --report "$work/$t.$name.report.json" "$input"
    }
    timed "wc -l" "$t" /dev/null wc -l "$f"
    sf "length filter" length "$f" --min 100 --max 2500
    sf "length filter, prose half" length-prose "$prose" --min 100 --max 2500
    sf "length filter, code half" length-code "$code" --min 100 --max 2500
    sf "--gopher-repetition, prose half" repetition "$prose" --gopher-repetition
    sf "--gopher-quality, prose half" gopher-quality "$prose" --gopher-quality
    sf "--c4-lines, prose half" c4 "$prose" --c4-lines
    sf "--fineweb, prose half" fineweb "$prose" --fineweb
    sf "--code-quality, code half" code-quality "$code" --code-quality
    sf "all NL sets, prose half" nl-prose "$prose" "${nl_sets[@]}"
    sf "all NL sets, whole corpus" nl "$f" "${nl_sets[@]}"
    sf "--annotate, all NL sets, prose half" annotate "$prose" --annotate "${nl_sets[@]}"
}

run_rounds "$big" "$slice"

# The peer, on the slice: reference.py and seed-filter --annotate with the same rule sets, each
# --reps times, round-robin.
peer_ran=0
if [[ -f $reference ]]; then
    for ((r = 1; r <= reps; r++)); do
        echo "peer round $r of $reps on the slice..." >&2
        timed "seed-filter --annotate, all NL sets" slice "$work/slice.annotate.jsonl" \
            "$filter_bin" --annotate "${nl_sets[@]}" "$slice"
        timed_stdin=$slice timed "reference.py, all NL sets" slice "$work/slice.reference.jsonl" \
            "$PY" "$reference" "${nl_sets[@]}"
    done
    peer_ran=1
else
    echo "$prog: $reference is not there; the peer is skipped" >&2
fi

# Which records were kept and which dropped, with the rule: untimed, once, on the whole corpus.
echo "all NL sets with --keep-fields --rejected on $(basename "$big")..." >&2
echo "== all NL sets --keep-fields --rejected [big]" >> "$log"
"$filter_bin" "${nl_sets[@]}" --keep-fields --rejected "$work/big.partition-rejected.jsonl" \
    --report "$work/big.partition.report.json" "$big" > "$work/big.partition-kept.jsonl" 2>> "$log"

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
for label in "length filter" "all NL sets, whole corpus" "--code-quality, code half"; do
    echo "- seed-filter's summary, $label: $(stderr_of "$label" big | grep -m1 '^seed-filter: read')" >> "$checks"
done

"$PY" - "$work" "$big" "$peer_ran" >> "$checks" <<'EOF' || ok=1
import hashlib, json, math, sys
work, big, peer_ran = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
failed = False
def say(line, mismatch=False):
    global failed
    failed |= mismatch
    print(f"- {'MISMATCH: ' if mismatch else ''}{line}")

def lines(path):
    with open(path, "rb") as f:
        return sum(1 for _ in f)

# 1. Every --report: read = the input's records, kept + dropped = read, no bad record, the drops by
#    rule add up to the drops, the output has `kept` records; C4's removed lines add up.
inputs = {"whole": big, "prose": f"{work}/input-big.prose.jsonl", "code": f"{work}/input-big.code.jsonl"}
n_input = {k: lines(v) for k, v in inputs.items()}
rows = [("length filter", "length", "whole"), ("length filter, prose half", "length-prose", "prose"),
        ("length filter, code half", "length-code", "code"), ("--gopher-repetition, prose half", "repetition", "prose"),
        ("--gopher-quality, prose half", "gopher-quality", "prose"), ("--c4-lines, prose half", "c4", "prose"),
        ("--fineweb, prose half", "fineweb", "prose"), ("--code-quality, code half", "code-quality", "code"),
        ("all NL sets, prose half", "nl-prose", "prose"), ("all NL sets, whole corpus", "nl", "whole"),
        ("--annotate, all NL sets, prose half", "annotate", "prose")]
for label, name, half in rows:
    rep = json.load(open(f"{work}/big.{name}.report.json"))
    n_out = lines(f"{work}/big.{name}.jsonl")
    by_rule = {k[len("dropped_"):]: v for k, v in rep.items() if k.startswith("dropped_")}
    problems = []
    if rep["read"] != n_input[half]:
        problems.append(f"read {rep['read']}, the input has {n_input[half]} records")
    if rep["kept"] + rep["dropped"] != rep["read"]:
        problems.append(f"kept {rep['kept']} + dropped {rep['dropped']} != read {rep['read']}")
    if rep["bad"]:
        problems.append(f"{rep['bad']} bad records")
    if sum(by_rule.values()) != rep["dropped"]:
        problems.append(f"the drops by rule add up to {sum(by_rule.values())}, not {rep['dropped']}")
    if n_out != rep["kept"]:
        problems.append(f"the output has {n_out} records, the report says kept {rep['kept']}")
    if "c4_lines_removed" in rep and rep["c4_lines_removed"] != sum(
            v for k, v in rep.items() if k.startswith("c4_lines_removed_")):
        problems.append("c4_lines_removed is not the sum of its reasons")
    if label.startswith("--annotate") and rep["kept"] != rep["read"]:
        problems.append("--annotate dropped records")
    drops = ", ".join(f"{k} {v:,}" for k, v in by_rule.items() if v) or "none"
    c4 = f"; c4 removed {rep['c4_lines_removed']:,} lines" if "c4_lines_removed" in rep else ""
    if problems:
        say(f"{label}: " + "; ".join(problems), True)
    else:
        say(f"{label}: read {rep['read']:,} = kept {rep['kept']:,} + dropped {rep['dropped']:,} "
            f"(by rule: {drops}){c4}; the output has the {rep['kept']:,} kept records")

# 2. The partition (all NL sets, --keep-fields --rejected, whole corpus): walking the input, each
#    record is either the next rejected record (its line up to its last "}", then "rejected_by") or
#    the next kept one, byte-identical unless C4 rewrote its text; then only the text differs, and
#    its lines are, in order, some of the input text's lines trimmed of white space.
def subsequence(new_lines, old_lines):
    it = iter(old_lines)
    return all(any(line == old for old in it) for line in new_lines)
def key(rec):
    """What identifies a kept record in the normalized output too: its source and a digest of its text."""
    return rec["source"], hashlib.blake2b(rec["text"].encode("utf-8"), digest_size=16).digest()
rejected_by = {}   # index among the prose records -> rejected_by (for the check against --annotate below)
n_prose = 0
kept_keys = []     # (source, text) of each kept record, in order
identical = rewritten = n_rej = 0
rules = {}
with open(big, encoding="utf-8") as fin, open(f"{work}/big.partition-kept.jsonl", encoding="utf-8") as fk, \
        open(f"{work}/big.partition-rejected.jsonl", encoding="utf-8") as fr:
    k, r = fk.readline(), fr.readline()
    for n, line in enumerate(fin, 1):
        line = line.rstrip("\n")
        n_prose += '"source": "bench-nl"' in line
        prefix = line[:line.rfind("}")] + ',"rejected_by":'
        if r and r.startswith(prefix):
            member = json.loads(r[len(prefix):-2])
            rules[member["rule"]] = rules.get(member["rule"], 0) + 1
            n_rej += 1
            if '"source": "bench-nl"' in line:
                rejected_by[n_prose] = member
            r = fr.readline()
            continue
        if not k:
            say(f"partition: input record {n} is neither rejected nor kept (no kept record left)", True)
            break
        if k.rstrip("\n") == line:
            identical += 1
        else:
            a, b = json.loads(line), json.loads(k)
            old, new = a.pop("text"), b.pop("text")
            if a != b or list(a) != list(b) or not subsequence(new.split("\n"), [x.strip() for x in old.split("\n")]):
                say(f"partition: input record {n} (id {a.get('id')}) is neither the next rejected record nor the next kept one", True)
                break
            rewritten += 1
        kept_keys.append(key(json.loads(k)))
        k = fk.readline()
    else:
        if k or r:
            say("partition: records left over in the kept or rejected output after the input's last", True)
        else:
            say(f"partition, all NL sets with --keep-fields --rejected on the whole corpus: the {n:,} records read are "
                f"the {identical + rewritten:,} kept ({identical:,} byte-identical to their input line, {rewritten:,} "
                f"with the text C4 rewrote: its lines, in order, trimmed lines of the input's) and the {n_rej:,} rejected "
                f"(each its input line with \"rejected_by\" appended), in order; rejected by rule: "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(rules.items(), key=lambda kv: -kv[1])))

# 3. The timed outputs (normalized records, without --keep-fields): the same texts as the partition
#    run, whole corpus; on the prose half, the same texts as the partition's kept prose records.
def keys(path):
    with open(path, encoding="utf-8") as f:
        return [key(rec) for rec in map(json.loads, f)]
for name, label, want in (("nl", "all NL sets, whole corpus", kept_keys),
                          ("nl-prose", "all NL sets, prose half", [x for x in kept_keys if x[0] == "bench-nl"])):
    got = keys(f"{work}/big.{name}.jsonl")
    if got == want:
        say(f"{label}: the same {len(got):,} texts, in order, as the --keep-fields run kept"
            + (" from the prose records (the rules see one record at a time)" if name == "nl-prose" else ""))
    else:
        say(f"{label}: {len(got):,} texts, the --keep-fields run kept {len(want):,}; they differ", True)

# 4. --annotate on the prose half (normalized records): each output record is its input record's
#    text, source and category, then "quality":{...} with the same measure names on every record;
#    and every prose record that all NL sets dropped has, as the measure of the rule that dropped
#    it, the value in rejected_by (for the Gopher and C4 rules: the FineWeb rules see C4's text,
#    --annotate's measures the original).
def measure_of(rule):
    prefix, rest = rule.split("-", 1)
    for m in ("min-", "max-"):
        if rest.startswith(m):
            rest = rest[len(m):]
    return (prefix + "_" + rest).replace("-", "_")
names = None
compared = skipped = 0
with open(f"{work}/input-big.prose.jsonl", encoding="utf-8") as fin, open(f"{work}/big.annotate.jsonl", encoding="utf-8") as fa:
    for n, (line, a) in enumerate(zip(fin, fa), 1):
        rec, out = json.loads(line), json.loads(a)
        q = out.pop("quality", None)
        if list(out) != ["text", "source", "category"] or any(out[f] != rec[f] for f in out) or not isinstance(q, dict):
            say(f"--annotate: output record {n} is not its input record normalized with \"quality\" last", True)
            break
        if names is None:
            names = list(q)
        elif list(q) != names:
            say(f"--annotate: record {n} has the measures {list(q)}, the first record {names}", True)
            break
        if n in rejected_by:
            rb = rejected_by.pop(n)
            m = measure_of(rb["rule"])
            if rb["rule"].startswith("fineweb-"):
                skipped += 1
            elif m not in q or q[m] != rb["value"]:
                say(f"--annotate: prose record {n}: rejected by {rb['rule']} with value {rb['value']}, "
                    f"--annotate's {m} is {q.get(m)}", True)
                break
            else:
                compared += 1
    else:
        if n != lines(f"{work}/input-big.prose.jsonl") or fa.readline():
            say("--annotate: not one output record per input record", True)
        else:
            say(f"--annotate, all NL sets, prose half: {n:,} records, each its input record (text, source, category) with \"quality\" last, "
                f"{len(names)} measures each ({', '.join(names)}); for the {compared:,} prose records all NL sets dropped, "
                f"the measure of the rule that dropped them equals the value in rejected_by"
                + (f" ({skipped:,} FineWeb drop{'s' if skipped > 1 else ''} not compared: FineWeb measures C4's text)"
                   if skipped else ""))
if rejected_by:
    say(f"--annotate: {len(rejected_by)} rejected prose records not found in --annotate's output", True)

# 5. The peer: seed-filter --annotate's measures against reference.py's, on the slice (for
#    information: the tests hold the contract; here the count of records that agree).
if peer_ran:
    def quality_objects(path):
        """The quality object of each line: its "quality" member, else the line itself."""
        with open(path, encoding="utf-8") as f:
            for line in f:
                obj = json.loads(line)
                yield obj.get("quality", obj)
    agree = differ = exact = 0
    first = None
    for n, (x, y) in enumerate(zip(quality_objects(f"{work}/slice.annotate.jsonl"),
                                   quality_objects(f"{work}/slice.reference.jsonl")), 1):
        same = set(x) == set(y) and all(
            x[key] == y[key] or (isinstance(x[key], float) and isinstance(y[key], (int, float))
                                 and math.isclose(x[key], y[key], rel_tol=1e-9, abs_tol=1e-12)) for key in x)
        if same:
            agree += 1
            exact += list(x.items()) == list(y.items())
        else:
            differ += 1
            if first is None:
                first = (n, {key: (x.get(key), y.get(key)) for key in set(x) | set(y) if x.get(key) != y.get(key)})
    n_a, n_r = lines(f"{work}/slice.annotate.jsonl"), lines(f"{work}/slice.reference.jsonl")
    msg = (f"peer on the slice: seed-filter --annotate wrote {n_a:,} records, reference.py {n_r:,} quality objects; "
           f"{agree:,} agree on every measure (floats within 1e-9; {exact:,} of them the same numbers, "
           f"keys in the same order), {differ:,} differ")
    if first:
        msg += f"; first difference at record {first[0]}: {dict(list(first[1].items())[:4])}"
    say(msg)   # for information
sys.exit(1 if failed else 0)
EOF

# --- report ------------------------------------------------------------------------------------
bytes_of() { stat -c %s "$1"; }
report_py "$(bytes_of "$big")" "$(bytes_of "$work/input-big.prose.jsonl")" "$(bytes_of "$work/input-big.code.jsonl")" \
          "$(bytes_of "$slice")" "$(bytes_of "$work/input-small.prose.jsonl")" "$(bytes_of "$work/input-small.code.jsonl")" \
          "$size" "$reps" "$peer_ran" <<'EOF'
nbytes = {"big": dict(zip(("whole", "prose", "code"), map(int, args[0:3]))),
          "small": dict(zip(("whole", "prose", "code"), map(int, args[3:6])))}
size, reps, peer_ran = args[6], args[7], args[8] == "1"

def half(label):
    return "prose" if "prose half" in label else "code" if "code half" in label else "whole"
def baseline(label):
    return {"whole": "length filter", "prose": "length filter, prose half", "code": "length filter, code half"}[half(label)]
def mbs(label, tag="big"):
    """MB (10^6 bytes) per second of wall time, best run."""
    return nbytes[tag][half(label)] / 1e6 / best[label, tag]

def per_cpu(label):
    """MB per CPU second of the best run ("-" when under /usr/bin/time's 10 ms)."""
    c = best_cpu((label, "big"))
    return f"{nbytes['big'][half(label)] / 1e6 / c:,.1f}" if c else "-"

print(f"\n## Speed: {size} MiB corpus (prose half, code half or whole), best of {reps} (median beside it), "
      "page cache warm, sync before each\n")
print("MB = 10^6 bytes, of the command's input. seed-filter is single-threaded: its MB/s is MB/s per core. "
      "\"cost\" = the time per input byte relative to the length filter (--min 100 --max 2500) on the same input.\n")
print("| command | input | best s | median s | MB/s | MiB/s | CPU s | MB per CPU s | max RSS MiB | cost / length filter |")
print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|")
for label in order:
    if (label, "big") not in best:
        continue
    b, h = best[label, "big"], half(label)
    print(f"| {md(label)} | {h} | {b:.3f} | {median[label, 'big']:.3f} | {mbs(label):,.1f} "
          f"| {nbytes['big'][h] / 2**20 / b:,.1f} | {best_cpu((label, 'big')):.2f} "
          f"| {per_cpu(label)} | {max(rss[label, 'big']):,.1f} "
          f"| {b / best[baseline(label), 'big']:.2f} |")

print("\n## Goal: all rule sets on at >= 100 MB/s per core (best wall time)\n")
print("| command | MB/s | goal |")
print("|---|--:|---|")
for label in ("all NL sets, whole corpus", "all NL sets, prose half", "--annotate, all NL sets, prose half",
              "--code-quality, code half"):
    v = mbs(label)
    print(f"| {md(label)} | {v:,.1f} | >= 100: {'met' if v >= 100 else 'MISSED'} |")

print("\n## Rule sets alone on the prose half: the share of the time of all four together\n")
print("| rule set | best s | MB/s | share of \"all NL sets, prose half\" | cost / length filter |")
print("|---|--:|--:|--:|--:|")
together = best["all NL sets, prose half", "big"]
base = best["length filter, prose half", "big"]
total = 0.0
for label in ("--gopher-repetition, prose half", "--gopher-quality, prose half", "--c4-lines, prose half",
              "--fineweb, prose half"):
    b = best[label, "big"]
    total += b
    print(f"| {md(label.split(',')[0])} | {b:.3f} | {mbs(label):,.1f} | {b / together:.2f} | {b / base:.2f} |")
print(f"| sum of the four alone | {total:.3f} | | {total / together:.2f} | {total / base:.2f} |")
print(f"| all four together | {together:.3f} | {mbs('all NL sets, prose half'):,.1f} | 1.00 | {together / base:.2f} |")

if peer_ran:
    print(f"\n## Peer: tests/quality/reference.py on the slice ({nbytes['small']['whole']:,} bytes), all NL sets, best of {reps}\n")
    print("| command | best s | median s | MB/s | CPU s | max RSS MiB | time / seed-filter --annotate | CPU / seed-filter's |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|")
    sf = "seed-filter --annotate, all NL sets"
    for label in (sf, "reference.py, all NL sets"):
        b, c = best[label, "slice"], best_cpu((label, "slice"))
        base_cpu = best_cpu((sf, "slice"))
        cpu_ratio = f"{c / base_cpu:.1f}" if base_cpu else "-"   # "-": under /usr/bin/time's 10 ms
        print(f"| {md(label)} | {b:.3f} | {median[label, 'slice']:.3f} | {nbytes['small']['whole'] / 1e6 / b:,.2f} "
              f"| {c:.2f} | {max(rss[label, 'slice']):,.1f} | {b / best[sf, 'slice']:.1f} | {cpu_ratio} |")
else:
    print("\n## Peer: skipped (tests/quality/reference.py is not there)")

print(f"\n## Memory: max RSS on the slice (1/50) and the {size} MiB corpus\n")
print("| command | slice | full | growth |")
print("|---|--:|--:|--:|")
for label in order:
    if (label, "small") in rss and (label, "big") in rss:
        s, b = max(rss[label, "small"]), max(rss[label, "big"])
        print(f"| {md(label)} | {s:,.1f} | {b:,.1f} | {b / s:.2f}x |")
EOF
print_checks
