# Bats helpers for tests that run against the fake Hugging Face services (fakehub.py).
#
#   load ../fakehub/fakehub          # from tests/cli/*.bats
#   setup()    { ...; fakehub_start; }
#   teardown() { fakehub_stop; ...; }
#
# fakehub_start exports FAKEHUB_MAIN (viewer and Hub paths) and FAKEHUB_CDN (LFS bodies), both
# http://127.0.0.1:PORT, and FAKEHUB_PID. Control and inspection go through the main port:
#   fakehub_control '{"not_ready":2}'      # POST /_control; prints the new state
#   fakehub_log                            # GET /_log: every request so far, as a JSON list
# The helpers use python3 (already needed for the fake), not curl.

FAKEHUB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# fakehub_start [--latency-ms N] [--dolly-rows N] [--bench-parquet ROWS_PER_GROUP]: starts the fake
# in the background with its stdout on a FIFO and reads its port line from there (no sleeping, no
# polling). The .parquet files come from a cache (FAKEHUB_PARQUET_CACHE, else
# ${TMPDIR:-/tmp}/fakehub-parquet): the first start after a change writes them (about a second).
fakehub_start() {
  local dir fifo main_port cdn_port
  dir="$(mktemp -d "${BATS_TEST_TMPDIR:-${TMPDIR:-/tmp}}/fakehub.XXXXXX")" || return 1
  fifo="$dir/ports"
  mkfifo "$fifo" || return 1
  FAKEHUB_STDERR="$dir/stderr"
  # 3>&-: Bats waits for every holder of fd 3 before it ends a test
  python3 "$FAKEHUB_DIR/fakehub.py" "$@" >"$fifo" 2>"$FAKEHUB_STDERR" 3>&- &
  FAKEHUB_PID=$!
  if ! read -r main_port cdn_port <"$fifo" || [ -z "$cdn_port" ]; then
    echo "fakehub did not start:" >&2
    cat "$FAKEHUB_STDERR" >&2
    wait "$FAKEHUB_PID" 2>/dev/null
    unset FAKEHUB_PID
    return 1
  fi
  rm -f "$fifo"
  export FAKEHUB_PID FAKEHUB_STDERR
  export FAKEHUB_MAIN="http://127.0.0.1:$main_port" FAKEHUB_CDN="http://127.0.0.1:$cdn_port"
}

# fakehub_stop: stops the fake started by fakehub_start (SIGTERM, then waits for it). Safe to
# call when it is not running; call it from teardown.
fakehub_stop() {
  [ -n "${FAKEHUB_PID:-}" ] || return 0
  kill "$FAKEHUB_PID" 2>/dev/null || true
  wait "$FAKEHUB_PID" 2>/dev/null || true
  unset FAKEHUB_PID FAKEHUB_MAIN FAKEHUB_CDN
}

# fakehub_control JSON: POST /_control with this body (faults, latency, reset); prints the
# fake's state. Fails on a body the fake rejects.
fakehub_control() {
  python3 - "$FAKEHUB_MAIN/_control" "$1" <<'EOF'
import sys, urllib.error, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
try:
    print(urllib.request.urlopen(req).read().decode())
except urllib.error.HTTPError as e:
    sys.exit(f"fakehub_control: {e.code} {e.read().decode()}")
EOF
}

# fakehub_log: prints GET /_log (a JSON list, one object per request in arrival order).
fakehub_log() {
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1]).read().decode())' \
    "$FAKEHUB_MAIN/_log"
}
