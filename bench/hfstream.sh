#!/usr/bin/env bash
# Speed of seed-hfstream against the ideal of its concurrency: the fake hub (tests/fakehub/)
# serves a dolly-shaped dataset of --rows rows with --latency-ms of delay per answer, and
# seed-hfstream reads it with --jobs 1 and --jobs 8. The ideal rate is jobs x 100 rows per page /
# latency; the goal (issue 5) is >= 80% of it at 8 jobs with the client under 10% of one core.
#
# Usage: bench/hfstream.sh [--rows N] [--latency-ms MS] [--build-dir DIR]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rows=16000
latency=50
build_dir=${SEED_BUILD_DIR:-$root/build}
while (($#)); do
    case $1 in
        --rows) rows=$2; shift 2 ;;
        --latency-ms) latency=$2; shift 2 ;;
        --build-dir) build_dir=$2; shift 2 ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "hfstream.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
tool=$build_dir/tools/seed-hfstream/seed-hfstream
[[ -x $tool ]] || { echo "hfstream.sh: no $tool (build first)" >&2; exit 1; }

work=$(mktemp -d)
fifo=$work/ports
mkfifo "$fifo"
python3 "$root/tests/fakehub/fakehub.py" --latency-ms "$latency" --dolly-rows "$rows" > "$fifo" &
fake=$!
trap 'kill $fake 2>/dev/null; wait $fake 2>/dev/null; rm -rf "$work"' EXIT
read -r main_port _ < "$fifo"
export SEED_HF_VIEWER=http://127.0.0.1:$main_port HF_ENDPOINT=http://127.0.0.1:$main_port HF_HOME=$work/hf HF_TOKEN=

echo "## seed-hfstream against the fake hub: $rows rows, ${latency} ms per answer"
echo
echo "| jobs | wall s | rows/s | ideal rows/s | of ideal | client CPU s | CPU / wall |"
echo "|--:|--:|--:|--:|--:|--:|--:|"
for jobs in 1 8; do
    start=$EPOCHREALTIME
    /usr/bin/time -f '%U %S' -o "$work/time" "$tool" -q --jobs "$jobs" dolly-15k > "$work/out.$jobs"
    end=$EPOCHREALTIME
    read -r user sys < "$work/time"
    python3 - "$jobs" "$start" "$end" "$user" "$sys" "$rows" "$latency" <<'PY'
import sys
jobs, start, end, user, sys_, rows, latency = int(sys.argv[1]), *map(float, sys.argv[2:])
wall = end - start
rate = rows / wall
ideal = jobs * 100 / (latency / 1000)
cpu = user + sys_
print(f"| {jobs} | {wall:.2f} | {rate:,.0f} | {ideal:,.0f} | {rate / ideal:.0%} | {cpu:.2f} | {cpu / wall:.1%} |")
PY
done
cmp -s "$work/out.1" "$work/out.8" && echo && echo "Checks: --jobs 1 and --jobs 8 wrote byte-identical records ($(wc -l < "$work/out.1") lines)." ||
    { echo "MISMATCH: --jobs 1 and --jobs 8 differ" >&2; exit 1; }
