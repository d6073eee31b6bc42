#!/usr/bin/env bash
# Speed benchmark of seed-gitextract against its floors and a Python reference, in one run: the
# bare tree-sitter parse of the same files (bench/ts-parse), `git cat-file --batch` reading the
# same blobs, and bench/py_extract.py (the same records with Python's ast, blobs read through
# one `git cat-file --batch`), on a git repository made of the Python standard library that
# Debian installs. See bench/README.md.
#
# Usage: bench/gitextract.sh [--reps N] [--build-dir DIR] [--keep] [--no-scaling]
#
# Each command runs --reps times, round-robin (all commands once, then all again) so that load
# from other work on the machine spreads over every command; the tables report the best
# (lowest) wall time of the repetitions, with the median beside it, and the highest max RSS.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/gitextract.sh [OPTIONS]
Time seed-gitextract on one and two threads against the bare tree-sitter parse of the same
files (bench/ts-parse), git cat-file --batch reading the same blobs, and a Python reference
extractor (bench/py_extract.py, ast-based), on a git repository of the Python standard
library (and one holding it twice, for scaling), and check that seed-gitextract and the
reference extract the same definitions.

EOF
    common_usage
    cat <<'EOF'
  --no-scaling      leave out the repository that holds the standard library twice

Environment: PYTHON (default /usr/bin/python3: its standard library is the repository, and
it runs py_extract.py), SEED_BUILD_DIR.
The repositories are kept in bench/data/ (gitignored) and rebuilt only when the standard
library's files change.
EOF
}

prog=gitextract.sh
corpus_options=0
default_reps=5
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
scaling=1
args=()
for arg; do
    if [[ $arg == --no-scaling ]]; then scaling=0; else args+=("$arg"); fi
done
parse_options ${args[@]+"${args[@]}"}

# --- tools -------------------------------------------------------------------------------------
extract_bin=$(tool_bin seed-gitextract)
ts_parse_bin=$build_dir/bench/ts-parse
py_extract=$root/bench/py_extract.py
require_bins "$extract_bin"
[[ -x $ts_parse_bin ]] || die "no bench/ts-parse in $build_dir (build first: ninja -C $build_dir, or pass --build-dir)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
[[ -x $PY ]] || die "$PY is missing (Debian package: python3)"
command -v git >/dev/null || die "git is missing (Debian package: git)"
warn_stale "$extract_bin"
stale=$(find "$root/common" "$root/tools/seed-gitextract" "$root/bench/ts-parse.cpp" -name '*.[ch]pp' -newer "$ts_parse_bin" -print -quit)
[[ -z $stale ]] || echo "$prog: warning: $stale is newer than $ts_parse_bin; rebuild for current numbers" >&2

setup_work

# --- repositories ------------------------------------------------------------------------------
# The Python standard library $PY runs on (Debian's /usr/lib/python3.11): its *.py files,
# without site-packages, dist-packages and __pycache__, and its LICENSE.txt, in a bare git
# repository with one commit whose author, committer, dates and message are fixed, so that the
# commit id depends only on the files. Symbolic links stay links (seed-gitextract and the
# reference skip them). Packed with `git repack -ad`, as a clone is, on one thread so that the
# pack too is the same every time.
stdlib=$("$PY" -c 'import sysconfig; print(sysconfig.get_path("stdlib"))')
[[ -f $stdlib/os.py ]] || die "no standard library in $stdlib"
repo_format=2  # bump when the way the repositories are made changes

# stdlib_repo COPIES: sets `made` to the path of the repository holding the standard library
# COPIES times (COPIES 1: at the root; more: under copy1/, copy2/, ...), making it unless an
# up-to-date one is in bench/data/. (Not run in $(...), where set -e would not stop it.)
stdlib_repo() {
    local copies=$1 repo list manifest stamp stage c prefix
    repo=$data/stdlib-$(basename "$stdlib")-x$copies.git
    list=$work/stdlib-files
    (cd "$stdlib" && find . \( -name site-packages -o -name dist-packages -o -name __pycache__ \) -prune -o \
        \( -name '*.py' -o -path ./LICENSE.txt \) \( -type f -o -type l \) -printf '%P\0' | LC_ALL=C sort -z) > "$list"
    # The files' names, modes, link targets and contents, as a tar stream without times and owners.
    manifest=$(tar -C "$stdlib" --no-recursion --mtime=@0 --owner=0 --group=0 --numeric-owner --null -T "$list" -cf - |
        sha256sum | cut -c1-16)
    stamp="stdlib-repo format $repo_format copies $copies files $manifest"
    if [[ -d $repo && -f $repo.stamp && $(cat "$repo.stamp") == "$stamp" ]]; then
        echo "reusing $repo" >&2
    else
        echo "making $repo ($copies x $stdlib)..." >&2
        rm -rf "$repo" "$repo.stamp" "$repo.tmp"
        stage=$work/stage
        rm -rf "$stage"
        for ((c = 1; c <= copies; c++)); do
            prefix=$stage
            ((copies == 1)) || prefix=$stage/copy$c
            mkdir -p "$prefix"
            tar -C "$stdlib" --no-recursion --null -T "$list" -cf - | tar -C "$prefix" -xf -
        done
        git init -q --bare "$repo.tmp"
        (
            export GIT_DIR=$repo.tmp GIT_WORK_TREE=$stage GIT_CONFIG_NOSYSTEM=1 HOME=$work
            export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.invalid GIT_AUTHOR_DATE=2024-01-01T00:00:00Z
            export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.invalid GIT_COMMITTER_DATE=2024-01-01T00:00:00Z
            git -c core.autocrlf=false add -A
            git -c commit.gpgsign=false -c core.hooksPath=/dev/null commit -q --no-verify \
                -m "Python standard library ($copies x the *.py files of $(basename "$stdlib"))"
            git -c pack.threads=1 repack -adq  # one thread: the same pack every time
            git prune
        )
        rm -rf "$stage"
        mv "$repo.tmp" "$repo"
        echo "$stamp" > "$repo.stamp"
    fi
    made=$repo
}

stdlib_repo 1
repos=("$made")
if ((scaling)); then
    stdlib_repo 2
    repos+=("$made")
fi

# blob_list REPO > FILE: the ids of the blobs py_extract.py reads (the Python files that are
# not links; the repositories have no vendored folders), one a line: git cat-file --batch's input.
blob_list() {
    git -C "$1" ls-tree -r -z --full-tree HEAD | "$PY" -c '
import sys
for entry in sys.stdin.buffer.read().split(b"\0"):
    if entry:
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob" and mode != b"120000" and path.endswith((b".py", b".pyi")):
            print(sha.decode())'
}

print_machine "$extract_bin" "$("$PY" --version), $(git --version)"
for r in "${repos[@]}"; do
    blob_list "$r" > "$work/$(basename "$r" .git).blobs"
    echo "- Repository: $(basename "$r") (bench/data/), commit $(git -C "$r" rev-parse HEAD), $(git -C "$r" ls-tree -r HEAD | wc -l) files, pack $(du -cb "$r"/objects/pack/*.pack | tail -1 | cut -f1) bytes; from $stdlib ($(dpkg-query -W -f '${Package} ${Version}' "lib$(basename "$stdlib")-stdlib" 2>/dev/null || echo '?'))"
done

# --- timing ------------------------------------------------------------------------------------
start_results

# run_all REPO TAG: one round of every command on REPO; outputs go to $work/TAG.*
run_all() {
    local r=$1 t=$2 parse
    rm -f "$work/$t".*.jsonl "$work/$t".ts-parse.txt
    timed_stdin=$work/$(basename "$r" .git).blobs timed "git cat-file --batch > /dev/null" "$t" /dev/null git -C "$r" cat-file --batch
    timed "ts-parse (wall)" "$t" "$work/$t.ts-parse.txt" "$ts_parse_bin" "$r"
    # Its own timer around the parsing alone, as a row of its own (no RSS of its own: 0).
    read -r _ _ _ _ parse _ < "$work/$t.ts-parse.txt"
    printf '%s\t%s\t%d\t0\t%s\n' "tree-sitter parse alone" "$t" \
        "$(awk -v s="$parse" 'BEGIN { printf "%d", s * 1e6 }')" "$parse" >> "$results"
    timed "seed-gitextract -j1 > OUT" "$t" "$work/$t.j1.jsonl" "$extract_bin" -j1 "$r"
    timed "seed-gitextract -j2 > OUT" "$t" "$work/$t.j2.jsonl" "$extract_bin" -j2 "$r"
    timed "py_extract.py > OUT" "$t" "$work/$t.py.jsonl" "$PY" "$py_extract" "$r"
}

echo >&2
echo "warming the page cache..." >&2
for r in "${repos[@]}"; do
    cat "$r"/objects/pack/* > /dev/null
    git -C "$r" cat-file --batch < "$work/$(basename "$r" .git).blobs" > /dev/null
done
for ((round = 1; round <= reps; round++)); do
    for r in "${repos[@]}"; do
        echo "round $round of $reps on $(basename "$r")..." >&2
        run_all "$r" "$(basename "$r" .git | sed 's/.*-//')"
    done
done

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
for r in "${repos[@]}"; do
    t=$(basename "$r" .git | sed 's/.*-//')
    for label in "seed-gitextract -j1 > OUT" "seed-gitextract -j2 > OUT" "py_extract.py > OUT"; do
        printf '%s\t%s\t%s\n' "$label" "$t" "$(stderr_of "$label" "$t" | tail -n 1)"
    done
    printf '%s\t%s\t%s\n' ts-parse "$t" "$(head -n 1 "$work/$t.ts-parse.txt")"
done > "$work/stderr.tsv"

"$PY" - "$work" "${repos[@]}" >> "$checks" <<'EOF' || ok=1
import collections, json, re, subprocess, sys
work, repos = sys.argv[1], sys.argv[2:]
failed = False
def say(line, mismatch=False):
    global failed
    failed |= mismatch
    print(f"- {'MISMATCH: ' if mismatch else ''}{line}")

said = {}
for line in open(f"{work}/stderr.tsv", encoding="utf-8"):
    label, tag, text = line.rstrip("\n").split("\t")
    said[label, tag] = text

def records(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]

def key(r):
    return (r["path"], r["start_line"], r["end_line"], r["name"])

def is_comment_or_blank(line):
    return not line.strip() or line.lstrip().startswith("#")

for repo in repos:
    tag = repo.rsplit("-", 1)[1].removesuffix(".git")
    name = repo.rsplit("/", 1)[1]
    j1, j2, py = (f"{work}/{tag}.{x}.jsonl" for x in ("j1", "j2", "py"))

    # The threads do not change the output.
    with open(j1, "rb") as a, open(j2, "rb") as b:
        if a.read() == b.read():
            say(f"{name}: seed-gitextract -j1 and -j2 wrote byte-identical outputs")
        else:
            say(f"{name}: seed-gitextract -j1 and -j2 wrote different outputs", True)

    # The same files read and skipped: the summary lines up to "kept", and ts-parse's count.
    tool_line = said["seed-gitextract -j1 > OUT", tag].removeprefix("seed-gitextract: ")
    py_line = said["py_extract.py > OUT", tag].removeprefix("py_extract.py: ")
    files = lambda line: line.split(", kept ")[0]
    ts = said["ts-parse", tag].split()
    n_files = int(re.search(r"(\d+) files", tool_line).group(1))
    say(f"{name}: seed-gitextract: {tool_line}")
    say(f"{name}: py_extract.py: {py_line}")
    if files(tool_line) != files(py_line):
        say(f"{name}: seed-gitextract and py_extract.py did not read and skip the same files", True)
    if int(ts[0]) != n_files:
        say(f"{name}: ts-parse parsed {ts[0]} files, seed-gitextract {n_files}", True)
    else:
        say(f"{name}: ts-parse parsed the same {ts[0]} files ({int(ts[2]):,} bytes)")

    # The (path, start_line, end_line, name) sets, then every field of the records in both.
    tool, ref = records(j1), records(py)
    tool_keys, ref_keys = collections.Counter(map(key, tool)), collections.Counter(map(key, ref))
    only_tool, only_ref = tool_keys - ref_keys, ref_keys - tool_keys
    if not only_tool and not only_ref:
        say(f"{name}: seed-gitextract and py_extract.py: the same {len(tool)} (path, start_line, end_line, name)")
    else:
        # Classify: a tool record that ends with comment or blank lines after the reference's
        # end (tree-sitter's block takes the comments indented under it), or a reference
        # record followed by such lines, or anything else.
        cat = subprocess.Popen(["git", "-C", repo, "cat-file", "--batch"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
        cache = {}
        def lines(path):
            if path not in cache:
                cat.stdin.write(f"HEAD:{path}\n".encode()); cat.stdin.flush()
                size = int(cat.stdout.readline().split()[2])
                cache[path] = cat.stdout.read(size + 1)[:-1].decode("utf-8").split("\n")
            return cache[path]
        starts = {(k[0], k[1], k[3]): k for k in ref_keys}
        kinds = collections.defaultdict(list)
        for k in sorted(only_tool):
            text = lines(k[0])
            end = k[2]
            while end > k[1] and is_comment_or_blank(text[end - 1]):
                end -= 1
            other = starts.get((k[0], k[1], k[3]))
            if end < k[2] and other and other[2] == end:
                kinds["same start, longer by trailing comment lines"].append((k, other))
            elif end < k[2]:
                kinds["only in seed-gitextract, ending with comment lines (the reference's text without them is out of bounds)"].append((k, None))
            else:
                kinds["only in seed-gitextract, other"].append((k, None))
        paired = {other for group in kinds.values() for _, other in group if other}
        for k in sorted(only_ref - collections.Counter(paired)):
            text = lines(k[0])
            indent = len(text[k[1] - 1]) - len(text[k[1] - 1].lstrip())
            after = k[2]
            while after < len(text) and is_comment_or_blank(text[after]) and \
                    (not text[after].strip() or len(text[after]) - len(text[after].lstrip()) > indent):
                after += 1
            if any(text[i].strip() for i in range(k[2], after)):
                kinds["only in py_extract.py, followed by comment lines indented under it (seed-gitextract's text with them is out of bounds)"].append((k, None))
            else:
                kinds["only in py_extract.py, other"].append((k, None))
        cat.stdin.close(); cat.wait()
        say(f"{name}: seed-gitextract wrote {len(tool)} records, py_extract.py {len(ref)}; "
            f"{sum(only_tool.values())} (path, start_line, end_line, name) only in seed-gitextract's, "
            f"{sum(only_ref.values())} only in py_extract.py's", True)
        for kind, group in kinds.items():
            examples = "; ".join(f"{k[0]}:{k[1]}-{k[2]} {k[3]}" + (f" (py_extract.py: -{o[2]})" if o else "")
                                 for k, o in group[:4])
            print(f"  - {len(group)} {kind}: {examples}{' ...' if len(group) > 4 else ''}")
    by_key = {key(r): r for r in ref}
    tool_by_key = {key(r): r for r in tool}
    common = [k for k in map(key, tool) if k in by_key]
    differ = [k for k in common if tool_by_key[k] != by_key[k]]
    if differ:
        k = differ[0]
        fields = [f for f in tool_by_key[k].keys() | by_key[k].keys() if tool_by_key[k].get(f) != by_key[k].get(f)]
        say(f"{name}: {len(differ)} of the {len(common)} records in both differ in other fields, "
            f"e.g. {k[0]}:{k[1]} {k[3]}: {', '.join(sorted(fields))}", True)
    else:
        same_order = common == [k for k in map(key, ref) if k in tool_by_key]
        with open(j1, "rb") as a, open(py, "rb") as b:
            tool_lines, ref_lines = a.read().split(b"\n"), b.read().split(b"\n")
        ref_set = set(ref_lines)
        same_bytes = sum(line in ref_set for line in tool_lines if line)
        say(f"{name}: the {len(common)} records in both are equal field by field (text, kind, source, repo, commit, ...)"
            f"{', in the same order' if same_order else ', but NOT in the same order'}"
            f"; {same_bytes} of them are byte-identical lines", not same_order)
        if tool_lines == ref_lines:
            say(f"{name}: py_extract.py's output is byte-identical to seed-gitextract's")
sys.exit(1 if failed else 0)
EOF

# --- report ------------------------------------------------------------------------------------
report_py "$work/stderr.tsv" "$reps" "${repos[@]}" <<'EOF'
stderr_path, reps, *repos = args
said = {}
for line in open(stderr_path, encoding="utf-8"):
    label, tag, text = line.rstrip("\n").split("\t")
    said[label, tag] = text
tags = [r.rsplit("-", 1)[1].removesuffix(".git") for r in repos]
CAT, TSW, PARSE = "git cat-file --batch > /dev/null", "ts-parse (wall)", "tree-sitter parse alone"
J1, J2, PYX = "seed-gitextract -j1 > OUT", "seed-gitextract -j2 > OUT", "py_extract.py > OUT"
rows = [CAT, PARSE, TSW, J1, J2, PYX]
for tag, repo in zip(tags, repos):
    files, _, nbytes, _, _, _ = said["ts-parse", tag].split()
    nbytes = int(nbytes)
    print(f"\n## Speed: {repo.rsplit('/', 1)[1]}, {files} Python files, {nbytes / 1e6:.1f} MB parsed; "
          f"best of {reps} (median beside it), page cache warm\n")
    print("MB/s: MB (10^6 bytes) of the Python files parsed, per second of wall time.\n")
    print("| command | best s | median s | MB/s | CPU s | max RSS MiB | time / bare parse |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    base = best[PARSE, tag]
    for label in rows:
        b = best[label, tag]
        rss_cell = "-" if label == PARSE else f"{max(rss[label, tag]):,.1f}"
        print(f"| {md(label)} | {b:.3f} | {median[label, tag]:.3f} | {nbytes / 1e6 / b:,.1f} "
              f"| {best_cpu((label, tag)):.2f} | {rss_cell} | {b / base:.2f} |")

for tag, repo in zip(tags, repos):
    print(f"\n## Ratios on {repo.rsplit('/', 1)[1]} (best times)\n")
    print("| ratio | value | goal |")
    print("|---|--:|---|")
    goals = [
        (f"{J1} / {PARSE}", ratio(J1, PARSE, tag), 1.25, "<="),
        (f"{J1} / {J2} (speed-up on 2 cores)", ratio(J1, J2, tag), 1.8, ">="),
        (f"{PYX} / {J2}", ratio(PYX, J2, tag), 1.0, ">"),
        (f"{PYX} / {J1}", ratio(PYX, J1, tag), None, None),
        (f"{J2} / {PARSE}", ratio(J2, PARSE, tag), None, None),
        (f"{TSW} / {PARSE} (reading the blobs into memory + parse)", ratio(TSW, PARSE, tag), None, None),
        (f"{CAT} / {J1}", ratio(CAT, J1, tag), None, None),
        (f"CPU of {J1} / {PARSE}", best_cpu((J1, tag)) / best[PARSE, tag], None, None),
        (f"CPU of {J2} / CPU of {J1}", best_cpu((J2, tag)) / best_cpu((J1, tag)), None, None),
    ]
    for name, value, goal, op in goals:
        if goal is None:
            verdict = "(for information)"
        else:
            met = value <= goal if op == "<=" else value >= goal if op == ">=" else value > goal
            verdict = f"{op} {goal:g}: {'met' if met else 'MISSED'}"
            if op == ">=" and goal == 1.8:
                verdict = f"near 2 (read here as >= 1.8): {'met' if met else 'MISSED'}"
        print(f"| {md(name)} | {value:.2f}x | {verdict} |")

if len(tags) == 2:
    a, b = tags
    print(f"\n## Scaling: {repos[0].rsplit('/', 1)[1]} and {repos[1].rsplit('/', 1)[1]} (the same files twice), best times\n")
    print(f"| command | {a} s | {b} s | {b} / {a} | max RSS MiB {a} | max RSS MiB {b} |")
    print("|---|--:|--:|--:|--:|--:|")
    for label in rows:
        ra = "-" if label == PARSE else f"{max(rss[label, a]):,.1f}"
        rb = "-" if label == PARSE else f"{max(rss[label, b]):,.1f}"
        print(f"| {md(label)} | {best[label, a]:.3f} | {best[label, b]:.3f} | {best[label, b] / best[label, a]:.2f} "
              f"| {ra} | {rb} |")
EOF
print_checks
