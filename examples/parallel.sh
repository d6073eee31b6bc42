#!/usr/bin/env bash
# seed-tools under GNU parallel: a per-record filter over all cores, the sharded exact dedup and
# the staged near dedup of seed-dedup(1) (BEYOND ONE MACHINE), each giving the same bytes as one
# process (tests/cli/parallel.bats checks that), and what becomes of the per-job summaries.
# Uses the tools built in build/ (./bootstrap.sh), or those on PATH when SEED_BIN is empty.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: examples/parallel.sh [--jobs N] [--block SIZE] FILE.jsonl [OUTDIR]   (OUTDIR: default parallel-out)
  --jobs N      jobs at a time (default: one per core)
  --block SIZE  bytes of FILE per filter job, as parallel --block takes it (default 1M)
Writes into OUTDIR: filtered.jsonl (seed-filter --min 100 --max 2500), its per-job summaries
in summaries/ and its job log filter.joblog; dedup.jsonl (exact, sharded with parallel --shard),
dedup-files.jsonl (exact, shard files: the shape of a run over several hosts) and
dedup-near.jsonl (near, signatures made in parallel).
EOF
}

jobs=100% block=1M
while [ $# -gt 0 ]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --jobs) jobs=${2:?--jobs needs a number}; shift 2 ;;
    --block) block=${2:?--block needs a size}; shift 2 ;;
    -*) usage >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage >&2; exit 2; fi
corpus=$1 out=${2:-parallel-out}

here=$(cd "$(dirname "$0")" && pwd)
bin=${SEED_BIN-$here/../build/tools}
[ -z "$bin" ] || PATH="$bin/seed-filter:$bin/seed-dedup:$PATH"
export LC_ALL=C   # sort compares bytes (the positions are zero-padded digits), and quickly
mkdir -p "$out/summaries"
rm -f "$out"/summaries/filter.*.txt

# (a) A per-record filter over all cores. --pipepart has parallel read FILE itself, each job
# seeking to its own block (cut at a line end), instead of one parallel process reading
# everything and copying it through pipes as --pipe does; it needs a seekable file, hence -a
# FILE rather than stdin. -k writes the jobs' outputs in the order of their blocks, so the
# output is byte for byte that of one `seed-filter ... FILE`. Each job prints its own summary
# on stderr: `2>` into a file per job ({#} is the job's number) keeps them, and awk adds
# them up (or give the tools -q to print none).
parallel --will-cite --pipepart -a "$corpus" --block "$block" -k -j "$jobs" --joblog "$out/filter.joblog" \
  "seed-filter --min 100 --max 2500 2> \"$out\"/summaries/filter.{#}.txt" > "$out/filtered.jsonl"
awk '{ gsub(/,/, ""); read += $3; kept += $5; dropped += $7 }
     END { printf "seed-filter: %d jobs: read %d, kept %d, dropped %d\n", NR, read, kept, dropped }' \
  "$out"/summaries/filter.*.txt >&2

# On several hosts with the tools installed, --pipe sends the blocks over ssh (4 jobs on each):
#   parallel --pipe --block 50M -k --sshlogin 4/host1,4/host2 seed-filter --min 100 --max 2500 \
#     < corpus.jsonl > filtered.jsonl

# (b) Exact dedup keeps global state (the keys seen so far), so blocks cannot be deduplicated
# on their own. seed-dedup --shard-key (one run over the whole input: it numbers the records)
# writes KEY<TAB>POSITION<TAB>RECORD; parallel --shard sends every line of a key to the same
# job; each job sorts its lines back into input order and keeps the first of each key; sorting
# all kept lines by POSITION and cutting the first two fields gives what one seed-dedup gives.
seed-dedup -q --shard-key "$corpus" |
  parallel --will-cite --pipe --shard 1 --colsep '\t' -j "$jobs" 'sort -k2,2 | seed-dedup -q --from-shard-key' |
  sort -k2,2 | cut -f3- > "$out/dedup.jsonl"

# The same split made into files (16 shards by the key's first hex digit), which can be
# processed anywhere; the kept lines of each shard are in POSITION order, so sort -m merges them.
# Here parallel runs the shards on this machine; over ssh it would copy each shard to a host,
# run it there and fetch the result:
#   parallel --sshlogin 4/host1,4/host2 --transferfile {} --return {}.kept --cleanup \
#     seed-dedup -q --from-shard-key -o {}.kept {} ::: shard.?
rm -rf "$out/shards" && mkdir "$out/shards"
seed-dedup -q --shard-key "$corpus" | awk -F '\t' -v dir="$out/shards" '{ print > (dir "/shard." substr($1, 1, 1)) }'
parallel --will-cite -j "$jobs" seed-dedup -q --from-shard-key -o {}.kept {} ::: "$out"/shards/shard.?
sort -m -k2,2 "$out"/shards/shard.?.kept | cut -f3- > "$out/dedup-files.jsonl"

# Near dedup cannot be split by key; its costly part, the signatures, runs on blocks in parallel
# (order kept), and one seed-dedup --from-signatures does the banding and verification. The
# result is that of seed-dedup --near (give the near options to both stages).
parallel --will-cite --pipepart -a "$corpus" --block "$block" -k -j "$jobs" seed-dedup -q --signatures |
  seed-dedup -q --from-signatures > "$out/dedup-near.jsonl"

wc -l "$out"/filtered.jsonl "$out"/dedup*.jsonl
