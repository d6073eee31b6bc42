#!/usr/bin/env bash
# Fuzzes the parquet reader for SECONDS with libFuzzer (tests/fuzz/parquet_fuzz.cpp), ASAN and
# UBSAN, starting from the parquet conformance files.
#
#   tests/fuzz/run.sh SECONDS [OUTDIR]
#
# OUTDIR (default build/fuzz in the checkout) keeps the fuzzer binary, which is rebuilt only when
# a source is newer, the log of the last run and crashes/ with the inputs that crashed it. The
# corpus starts as every *.parquet in $SEED_PARQUET_TESTING (default
# ../shared/reference/parquet/testing beside the checkout, else
# /work/shared/reference/parquet/testing) plus tests/fuzz/corpus/* and tests/fuzz/crashes/* (the
# inputs of crashes found before, so that each run checks them again), copied into a temporary
# folder. Exit status: 0 when nothing crashed, 1 on a crash (its input's path and the sanitizer
# report on stderr) or when clang++ or its libFuzzer runtime is missing.
set -euo pipefail

usage() { echo "usage: tests/fuzz/run.sh SECONDS [OUTDIR]" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
seconds="$1"
case "$seconds" in '' | *[!0-9]*) usage ;; esac

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
outdir="${2:-$root/build/fuzz}"
mkdir -p "$outdir/crashes"
outdir="$(cd "$outdir" && pwd)"

say() { echo "parquet-fuzz: $*" >&2; }

# The compiler: clang++ (Debian: clang), and its libFuzzer and sanitizer runtimes (Debian:
# libclang-rt-14-dev).
cxx=""
for c in "${CXX_FUZZ:-}" clang++ clang++-14; do
  if [ -n "$c" ] && command -v "$c" >/dev/null 2>&1; then cxx="$c"; break; fi
done
if [ -z "$cxx" ]; then
  say "clang++ not found (Debian: apt-get install clang libclang-rt-14-dev, or run ./bootstrap.sh)"
  exit 1
fi

# shellcheck disable=SC2054 # the commas are -fsanitize='s own
flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
libs=(-lsnappy -lbrotlidec -llz4 -lz -lzstd)
sources=("$root"/common/parquet/*.cpp "$root/common/error.cpp" "$root/common/utf8.cpp" "$root/common/json.cpp")
binary="$outdir/parquet_fuzz"

# Rebuilt when missing or older than a source, a header or this script.
stale=0
if [ ! -x "$binary" ]; then
  stale=1
elif [ -n "$(find "$root/common" "$here" -maxdepth 2 \( -name '*.cpp' -o -name '*.hpp' -o -name run.sh \) \
               -newer "$binary" -print -quit)" ]; then
  stale=1
fi

compile_seconds=0
if [ "$stale" -eq 1 ]; then
  start=$SECONDS
  # The runtime first, on an empty target, so that its absence is said plainly.
  probe="$outdir/probe"
  if ! printf '%s\n' '#include <cstddef>' '#include <cstdint>' \
      'extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }' |
      "$cxx" "${flags[@]}" -x c++ - -o "$probe" 2>"$outdir/probe.log"; then
    cat "$outdir/probe.log" >&2
    say "$cxx cannot link -fsanitize=fuzzer,address,undefined: the libFuzzer runtime is missing" \
        "(Debian: apt-get install libclang-rt-14-dev, or run ./bootstrap.sh)"
    exit 1
  fi
  rm -f "$probe" "$outdir/probe.log"
  # One object per source, compiled in parallel, then linked.
  objdir="$outdir/obj"
  rm -rf "$objdir"
  mkdir -p "$objdir"
  pids=()
  objects=()
  for src in "${sources[@]}"; do
    obj="$objdir/$(basename "$(dirname "$src")")_$(basename "$src" .cpp).o"
    objects+=("$obj")
    "$cxx" "${flags[@]}" -I"$root/common" -I"$root/common/parquet" -c "$src" -o "$obj" &
    pids+=($!)
  done
  obj="$objdir/parquet_fuzz.o"
  objects+=("$obj")
  "$cxx" "${flags[@]}" -Wall -Wextra -Werror -I"$root/common" -I"$root/common/parquet" \
    -c "$here/parquet_fuzz.cpp" -o "$obj" &
  pids+=($!)
  failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  if [ "$failed" -ne 0 ]; then say "compiling the fuzzer failed"; exit 1; fi
  "$cxx" "${flags[@]}" "${objects[@]}" "${libs[@]}" -o "$binary.tmp"
  mv "$binary.tmp" "$binary"
  compile_seconds=$((SECONDS - start))
fi

# The seed corpus, in a temporary folder the fuzzer adds to.
testing="${SEED_PARQUET_TESTING:-}"
if [ -z "$testing" ]; then
  testing="$root/../shared/reference/parquet/testing"
  [ -d "$testing" ] || testing=/work/shared/reference/parquet/testing
fi
corpus="$(mktemp -d "${TMPDIR:-/tmp}/parquet-fuzz-corpus.XXXXXX")"
trap 'rm -rf "$corpus"' EXIT
# Seeds over 128 KiB are left out: libFuzzer's inputs grow to the largest seed, and one of 450 KiB
# (alltypes_tiny_pages) makes it run 3 times slower and cover less in a minute.
seeds=0
for f in "$testing"/*.parquet "$here"/corpus/* "$here"/crashes/*; do
  [ -f "$f" ] || continue
  [ "$(wc -c <"$f")" -le 131072 ] || continue
  cp "$f" "$corpus/"
  seeds=$((seeds + 1))
done
[ "$seeds" -gt 0 ] || say "no seed files (no *.parquet in $testing): fuzzing from nothing"

# Sanitizer settings of our own, whatever the caller's (meson test and CI set theirs).
export ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:allocator_may_return_null=0:symbolize=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:symbolize=1
unset LSAN_OPTIONS MSAN_OPTIONS
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && ! command -v llvm-symbolizer >/dev/null 2>&1; then
  for s in /usr/lib/llvm-14/bin/llvm-symbolizer /usr/bin/llvm-symbolizer-14; do
    if [ -x "$s" ]; then export ASAN_SYMBOLIZER_PATH="$s"; break; fi
  done
fi

log="$outdir/fuzz.log"
# Crashes go to crashes/ under a name that says which run found them.
artifacts="$outdir/crashes/$(date +%Y%m%d-%H%M%S)-"
start=$SECONDS
status=0
"$binary" "$corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$artifacts" >"$log" 2>&1 || status=$?
run_seconds=$((SECONDS - start))

runs="$(sed -n 's/^Done \([0-9]*\) runs in .*/\1/p' "$log" | tail -n 1)"
[ -n "$runs" ] || runs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)"
corpus_size="$(find "$corpus" -type f | wc -l)"

if [ "$status" -ne 0 ]; then
  # The report: the log without libFuzzer's progress lines.
  grep -a -v -E '^#[0-9]+' "$log" >&2 || true
  crash="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
  say "CRASH (exit status $status) after ${run_seconds}s; input: ${crash:-not written (see $log)}"
  say "reproduce: $binary ${crash:-CRASH_FILE}; minimise: $binary -minimize_crash=1 -runs=100000 ${crash:-CRASH_FILE}"
  exit 1
fi
echo "parquet-fuzz: ${runs:-?} runs in ${run_seconds}s (compile ${compile_seconds}s), corpus $seeds -> $corpus_size inputs, no crash"
