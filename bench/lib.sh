# shellcheck shell=bash disable=SC2154  # prog, usage and run_all come from the sourcing script
# Shared by the benchmark scripts (bench/filter.sh, bench/dedup.sh, bench/gitextract.sh);
# sourced, never run.
#
# Before sourcing, a script sets `prog` (its file name, for messages) and defines usage(). A
# script that reads no generated corpus sets `corpus_options=0` too: --size and --seed are then
# refused and left out of the help; `default_reps` changes the default of --reps (3).
# The common options, the checks of the peers every script needs, the corpus cache, the
# extraction of merge_corpus.py from the plan, the machine notes, the timing and the parsed
# comparison of records live here, so that the scripts measure and report the same way.

die() { echo "$prog: $*" >&2; exit 1; }
usage_error() { echo "$prog: $*" >&2; echo "Try 'bench/$prog --help'." >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The part of --help that every script shares: the common options and (for the scripts with a
# corpus) the environment.
common_usage() {
    echo "Options:"
    ((${corpus_options:-1} == 0)) || echo "  --size MB         corpus size in MiB (default 1024)"
    echo "  --reps N          repetitions of each timed command (default ${default_reps:-3}); best and median reported"
    ((${corpus_options:-1} == 0)) || echo "  --seed N          generator seed (default 1)"
    cat <<'EOF'
  --build-dir DIR   meson build folder holding tools/seed-*/ (default: $SEED_BUILD_DIR,
                    else the repository's build/)
  --keep            keep the outputs (in bench/data/run.*) instead of deleting them
  -h, --help        show this help and exit
EOF
    ((${corpus_options:-1} == 0)) || cat <<'EOF'

Environment: SEED_PLAN (path of raw-data-acquisition-plan.md, default
../shared/seed/raw-data-acquisition-plan.md from the repository root), PYTHON (default
/usr/bin/python3, Debian's, which has python3-rich), SEED_BUILD_DIR.
The corpus is kept in bench/data/ (gitignored) and reused by later runs with the same size and seed.
EOF
}

# parse_options ARGS...: sets size, reps, seed, build_dir and keep from the common options.
parse_options() {
    size=1024
    reps=${default_reps:-3}
    seed=1
    build_dir=${SEED_BUILD_DIR:-$root/build}
    keep=0
    while (($#)); do
        if ((${corpus_options:-1} == 0)) && [[ $1 == --size || $1 == --size=* || $1 == --seed || $1 == --seed=* ]]; then
            usage_error "${1%%=*}: $prog generates no corpus"
        fi
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
}

# --- tools -------------------------------------------------------------------------------------
PY=${PYTHON:-/usr/bin/python3}
plan=${SEED_PLAN:-$root/../shared/seed/raw-data-acquisition-plan.md}

# tool_bin NAME: the path of seed-tools' NAME in the build folder.
tool_bin() { echo "$build_dir/tools/$1/$1"; }

# require_bins BIN...: dies unless every BIN is built.
require_bins() {
    local bin names=() missing=0
    for bin; do
        names+=("$(basename "$bin")")
        [[ -x $bin ]] || missing=1
    done
    ((missing == 0)) ||
        die "no $(IFS=/; echo "${names[*]}") in $build_dir/tools (build first: ninja -C $build_dir, or pass --build-dir)"
}

# require_peers: dies unless /usr/bin/time, $PY with rich (for merge_corpus.py) and the plan are there.
require_peers() {
    [[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
    [[ -x $PY ]] || die "$PY is missing (Debian package: python3)"
    "$PY" -c 'import rich' 2>/dev/null ||
        die "$PY cannot import rich, which merge_corpus.py needs (Debian package: python3-rich)"
    [[ -f $plan ]] || die "plan not found: $plan (set SEED_PLAN)"
}

# warn_stale BIN...: warns when a source file of BIN (common/ or its tools/ folder) is newer.
warn_stale() {
    local bin stale
    for bin; do
        stale=$(find "$root/common" "$root/tools/$(basename "$bin")" -name '*.[ch]pp' -newer "$bin" -print -quit)
        [[ -z $stale ]] || echo "$prog: warning: $stale is newer than $bin; rebuild for current numbers" >&2
    done
}

# setup_work: the data folder (bench/data/, gitignored) and this run's folder in it, removed
# at exit unless --keep.
setup_work() {
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
}

# plan_script NAME FUNCTION: prints the path of scripts/NAME taken from the plan at run time (the
# fenced python block after "Create: `scripts/NAME`"), never committed; it must define FUNCTION.
plan_script() {
    local name=$1 function=$2 path=$work/$1
    awk -v marker="Create: \`scripts/$name\`" 'index($0, marker) { f = 1; next }
         f == 1 && /^```python/ { f = 2; next }
         f == 2 && /^```/ { exit }
         f == 2' "$plan" > "$path"
    grep -q "^def $function" "$path" || die "could not extract $name from $plan"
    printf '%s\n' "$path"
}

# extract_merge_py: sets merge_py to the plan's merge_corpus.py.
extract_merge_py() { merge_py=$(plan_script merge_corpus.py merge_corpus_files); }

# --- corpus ------------------------------------------------------------------------------------
# corpus SIZE [NAME [GENERATOR-OPTION...]]: prints the path of a corpus of SIZE MiB made by
# gen_corpus.py with those options, generating it unless an up-to-date one (same size, seed,
# options and generator) is already in bench/data/ as NAME-SIZEMB-seedN.jsonl (NAME: corpus).
# What the generator prints to stderr (its counts of planted duplicates) is kept beside it in
# FILE.planted.
corpus() {
    local mb=$1 name=${2:-corpus} file stamp
    shift $(($# < 2 ? $# : 2))
    file=$data/$name-${mb}MB-seed$seed.jsonl
    stamp="gen_corpus.py $(sha256sum < "$root/bench/gen_corpus.py" | cut -c1-16) size $mb seed $seed${*:+ $*}"
    if [[ -f $file && -f $file.stamp && $(cat "$file.stamp") == "$stamp" ]]; then
        echo "reusing $file" >&2
    else
        echo "generating $file ($mb MiB, seed $seed${*:+, $*})..." >&2
        rm -f "$file.stamp" "$file.planted"
        if ! "$PY" "$root/bench/gen_corpus.py" "$mb" "$seed" "$@" > "$file.tmp" 2> "$file.tmp.err"; then
            cat "$file.tmp.err" >&2
            die "gen_corpus.py failed"
        fi
        mv "$file.tmp" "$file"
        if [[ -s $file.tmp.err ]]; then mv "$file.tmp.err" "$file.planted"; else rm -f "$file.tmp.err"; fi
        echo "$stamp" > "$file.stamp"
    fi
    echo "$file"
}

# --- machine -----------------------------------------------------------------------------------
# print_machine BIN PEERS [CORPUS]: the machine notes; BIN gives the seed-tools version.
print_machine() {
    echo
    echo "## Machine"
    echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores online"
    echo "- Kernel: $(uname -r); memory: $(free -g | awk '/^Mem:/ { print $2 }') GiB"
    echo "- Compiler: $(c++ --version | head -1)"
    echo "- seed-tools: $("$1" --version | head -1), tree $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'), binaries from $build_dir"
    echo "- Peers: $2"
    echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    [[ -z ${3:-} ]] || echo "- Corpus: $(basename "$3"), $(stat -c %s "$3") bytes, $(wc -l < "$3") records"
}

# --- timing ------------------------------------------------------------------------------------
# start_results: empties the results, the log of the commands' stderr and the checks.
start_results() {
    results=$work/results.tsv
    log=$work/stderr.log
    checks=$work/checks.txt
    ok=0
    : > "$results"
    : > "$log"
    : > "$checks"
}

# timed LABEL TAG OUT CMD...: runs CMD with stdout to OUT (stdin from the file $timed_stdin
# when that is set: `timed_stdin=FILE timed ...`) and stderr to the log (after a line
# "== LABEL [TAG]"), appends "LABEL<TAB>TAG<TAB>microseconds<TAB>max RSS KiB<TAB>CPU seconds"
# to the results. Wall time is taken with $EPOCHREALTIME around /usr/bin/time (which gives %e
# only to 10 ms); max RSS is its %M (for a pipeline run by a shell: its largest process), CPU
# time its %U + %S (all the processes).
# `sync` first, outside the timing: otherwise the kernel is still writing back the previous
# command's gigabyte of output while this one runs, and whoever comes next pays for it (a first
# 1 GiB run without it measured seed-filter -o at 2.9 s instead of 1.15 s).
timed() {
    local label=$1 tag=$2 out=$3 t0 t1 rss user sys status=0
    shift 3
    echo "== $label [$tag]" >> "$log"
    sync
    t0=$EPOCHREALTIME
    if [[ -n ${timed_stdin:-} ]]; then
        /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" < "$timed_stdin" > "$out" 2>> "$log" || status=$?
    else
        /usr/bin/time -f '%e %M %U %S' -o "$work/time" "$@" > "$out" 2>> "$log" || status=$?
    fi
    t1=$EPOCHREALTIME
    if ((status)); then
        tail -n 20 "$log" >&2
        die "$label failed (exit $status): $*"
    fi
    read -r _ rss user sys < "$work/time"
    printf '%s\t%s\t%d\t%d\t%s\n' "$label" "$tag" $((${t1/./} - ${t0/./})) "$rss" \
        "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" >> "$results"
}

# stderr_of LABEL TAG: what the first run of LABEL on TAG wrote to stderr.
stderr_of() {
    awk -v head="== $1 [$2]" '$0 == head { f = 1; next } f && /^== / { exit } f' "$log"
}

# run_rounds BIG SMALL: warms the page cache, runs run_all (the script's round of every
# command) on BIG --reps times, round-robin, then once on SMALL for the memory comparison.
run_rounds() {
    local r
    echo
    echo "warming the page cache (cat > /dev/null)..." >&2
    cat "$1" "$2" > /dev/null
    for ((r = 1; r <= reps; r++)); do
        echo "round $r of $reps on $(basename "$1")..." >&2
        run_all "$1" big
    done
    echo "memory run on $(basename "$2")..." >&2
    run_all "$2" small
}

# --- report ------------------------------------------------------------------------------------
# report_py ARGS... < SCRIPT: runs the Python SCRIPT after a prelude that loads the results
# (sys.argv[1]) into times[label, tag] (seconds), rss[label, tag] (MiB) and cpu[label, tag]
# (seconds), lists for each run, with best and median (of the times), order (the labels in the
# order first run), and args (the other arguments).
report_py() {
    { cat <<'EOF'
import statistics, sys
from collections import defaultdict
times, rss, cpu = defaultdict(list), defaultdict(list), defaultdict(list)
order = []
for line in open(sys.argv[1]):
    label, tag, usec, kib, cpu_s = line.rstrip("\n").split("\t")
    if label not in order:
        order.append(label)
    times[label, tag].append(int(usec) / 1e6)
    rss[label, tag].append(int(kib) / 1024)
    cpu[label, tag].append(float(cpu_s))
best = {k: min(v) for k, v in times.items()}
median = {k: statistics.median(v) for k, v in times.items()}
args = sys.argv[2:]

def best_cpu(key):
    """The CPU seconds of the run with the best wall time."""
    return cpu[key][times[key].index(best[key])]

def md(label):
    return label.replace("|", "\\|")

def ratio(a, b, tag="big"):
    return best[a, tag] / best[b, tag]

def speed_table(what, nbytes, reps, base_label):
    """The timing table of the "big" runs: best and median wall time, MiB/s of nbytes, CPU
    seconds of the best run, highest max RSS, and time relative to base_label."""
    print(f"\n## Speed: {what}, best of {reps} (median beside it), page cache warm, sync before each\n")
    print(f"| command | best s | median s | MiB/s | CPU s | max RSS MiB | time / {base_label} |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    base = best[base_label, "big"]
    for label in order:
        b = best[label, "big"]
        print(f"| {md(label)} | {b:.3f} | {median[label, 'big']:.3f} | {nbytes / 2**20 / b:,.0f} "
              f"| {best_cpu((label, 'big')):.2f} | {max(rss[label, 'big']):,.1f} | {b / base:.2f} |")
EOF
      cat
    } > "$work/report.py"
    "$PY" "$work/report.py" "$results" "$@"
}

# compare_records A_FILE A_NAME A_SHORT B_FILE B_NAME B_SHORT: appends to the checks whether
# the two JSONL files hold the same records in the same order, parsed (Python writes ", " and
# ": " separators and \u escapes) with key order included; returns 1 when they differ.
compare_records() {
    "$PY" - "$@" >> "$checks" <<'EOF'
import json, sys
def pairs(line):
    return json.loads(line, object_pairs_hook=lambda kv: kv)
a_path, a_name, a_short, b_path, b_name, b_short = sys.argv[1:7]
n = 0
with open(a_path, encoding="utf-8") as a, open(b_path, encoding="utf-8") as b:
    for n, (x, y) in enumerate(zip(a, b), 1):
        if pairs(x) != pairs(y):
            print(f"- MISMATCH: {a_short} and {b_name} differ at record {n}")
            sys.exit(1)
    rest_a, rest_b = sum(1 for _ in a), sum(1 for _ in b)
if rest_a or rest_b:
    print(f"- MISMATCH: after {n} equal records, {a_short} has {rest_a} more, {b_short} {rest_b} more")
    sys.exit(1)
print(f"- {a_name} and {b_name}: the same {n} records, parsed and compared in order (key order included)")
EOF
}

# print_checks: the checks section; exits 1 after it when a check failed (ok != 0).
print_checks() {
    echo
    echo "## Checks"
    echo
    cat "$checks"
    echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
    ((ok == 0)) || die "outputs disagree (see MISMATCH above)"
}
