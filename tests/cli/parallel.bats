#!/usr/bin/env bats
# GNU parallel recipes (README "Beyond one machine", seed-dedup(1) BEYOND ONE MACHINE,
# examples/parallel.sh): each gives, byte for byte, what one process gives, with several jobs.

load helpers

setup_file() {
  # A few MB with exact and near copies; written once for the whole file.
  python3 "$SEED_SOURCE_ROOT/bench/gen_corpus.py" 4 7 --exact-dups 0.1 --near-dups 0.1 > "$BATS_FILE_TMPDIR/corpus.jsonl"
}

corpus() { printf '%s' "$BATS_FILE_TMPDIR/corpus.jsonl"; }

# jobs_in JOBLOG: the number of jobs a --joblog file records (its first line is a header).
jobs_in() { echo $(($(wc -l < "$1") - 1)); }

# summary_totals: adds up `seed-filter: read N, kept N, dropped N (RULE N, ...)` lines from
# stdin, one "name total" line per count, sorted.
summary_totals() {
  awk '{ sub(/^seed-filter: /, ""); gsub(/[(),]/, " ")
         for (i = 1; i < NF; i += 2) total[$i] += $(i + 1) }
       END { for (name in total) print name, total[name] }' | sort
}

# with_retry COMMAND...: GNU parallel's --shard hangs about once in a hundred runs (see
# seed-dedup.bats): a timeout turns that into one retry. fd 3 (bats's) is closed for the
# command so that no leftover process holds it open.
with_retry() {
  local status=0
  timeout 60 "$@" 3>&- || status=$?
  if [ "$status" -eq 124 ]; then
    echo "# timed out (parallel --shard hang); retrying once" >&3
    status=0
    timeout 60 "$@" 3>&- || status=$?
  fi
  return "$status"
}

@test "seed-filter through parallel --pipepart -k: the single run's output, and its summaries add up to the single summary" {
  seed-filter --min 100 --max 2000 "$(corpus)" > single.jsonl 2> single.txt
  parallel --will-cite --pipepart -a "$(corpus)" --block 200k -k -j4 --joblog jobs.log \
    'seed-filter --min 100 --max 2000 2> summary.{#}.txt' > parallel.jsonl
  [ "$(jobs_in jobs.log)" -gt 4 ]
  cmp single.jsonl parallel.jsonl
  # The corpus has records dropped by both rules, so the totals compare more than three counts.
  grep -q 'min [0-9]*, max [0-9]*)$' single.txt
  [ "$(summary_totals < single.txt)" = "$(cat summary.*.txt | summary_totals)" ]
  # -q: no summaries at all.
  run -0 --separate-stderr parallel --will-cite --pipepart -a "$(corpus)" --block 200k -k -j4 seed-filter -q --min 100 --max 2000
  [ -z "$stderr" ]
  cmp single.jsonl <(printf '%s\n' "$output")
}

@test "exact dedup sharded with parallel --shard as seed-dedup(1) shows it equals one seed-dedup" {
  seed-dedup -q "$(corpus)" > single.jsonl
  [ "$(wc -l < single.jsonl)" -lt "$(wc -l < "$(corpus)")" ]   # something was dropped
  seed-dedup -q --shard-key "$(corpus)" > keyed.tsv
  with_retry bash -c 'parallel --will-cite --pipe --shard 1 --colsep "\t" -j4 --joblog jobs.log \
    "sort -k2,2 | seed-dedup -q --from-shard-key" < keyed.tsv > workers.tsv'
  [ "$(jobs_in jobs.log)" -eq 4 ]
  sort -k2,2 workers.tsv | cut -f3- > sharded.jsonl
  cmp single.jsonl sharded.jsonl
}

@test "exact dedup over shard files run by parallel, merged with sort -m, equals one seed-dedup" {
  seed-dedup -q "$(corpus)" > single.jsonl
  seed-dedup -q --shard-key "$(corpus)" | awk -F '\t' '{ print > ("shard." substr($1, 1, 1)) }'
  [ "$(compgen -G 'shard.?' | wc -l)" -eq 16 ]
  parallel --will-cite -j4 --joblog jobs.log seed-dedup -q --from-shard-key -o {}.kept {} ::: shard.?
  [ "$(jobs_in jobs.log)" -eq 16 ]
  sort -m -k2,2 shard.?.kept | cut -f3- > sharded.jsonl
  cmp single.jsonl sharded.jsonl
}

@test "near dedup: --signatures through parallel --pipepart -k, then --from-signatures, equals seed-dedup --near" {
  seed-dedup -q --near "$(corpus)" > single.jsonl
  [ "$(wc -l < single.jsonl)" -lt "$(seed-dedup -q "$(corpus)" | wc -l)" ]   # near copies were dropped
  parallel --will-cite --pipepart -a "$(corpus)" --block 200k -k -j4 --joblog jobs.log seed-dedup -q --signatures |
    seed-dedup -q --from-signatures > staged.jsonl
  [ "$(jobs_in jobs.log)" -gt 4 ]
  cmp single.jsonl staged.jsonl
}

@test "examples/parallel.sh runs end to end and each output equals the single-process run" {
  run -0 "$SEED_SOURCE_ROOT/examples/parallel.sh" --help
  [[ "$output" == Usage:* ]]
  run -2 "$SEED_SOURCE_ROOT/examples/parallel.sh"
  with_retry env SEED_BIN= "$SEED_SOURCE_ROOT/examples/parallel.sh" --jobs 4 --block 200k "$(corpus)" "out dir" 2> run.err
  [ "$(jobs_in "out dir/filter.joblog")" -gt 4 ]
  seed-filter --min 100 --max 2500 "$(corpus)" > filtered.jsonl 2> single.txt
  cmp filtered.jsonl "out dir/filtered.jsonl"
  [ "$(summary_totals < single.txt)" = "$(cat "out dir"/summaries/filter.*.txt | summary_totals)" ]
  # The script's own total line: read, kept and dropped of the single summary.
  single=$(sed 's/^seed-filter: //; s/ (.*//' single.txt)
  grep -q "^seed-filter: [0-9]* jobs: $single\$" run.err
  seed-dedup -q "$(corpus)" > dedup.jsonl
  cmp dedup.jsonl "out dir/dedup.jsonl"
  cmp dedup.jsonl "out dir/dedup-files.jsonl"
  seed-dedup -q --near "$(corpus)" > dedup-near.jsonl
  cmp dedup-near.jsonl "out dir/dedup-near.jsonl"
}
