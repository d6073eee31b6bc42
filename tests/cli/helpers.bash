# Shared set-up and domain assertions for the command-line tests.
# The test runner puts the built tools on PATH and sets SEED_SOURCE_ROOT and LC_ALL=C.

bats_require_minimum_version 1.5.0

bats_load_library bats-support
bats_load_library bats-assert

setup() {
  WORK="$(mktemp -d)"
  cd "$WORK" || return 1
}

teardown() {
  cd / && rm -rf "$WORK"
}

# expect_jsonl_eq FILE_OR_DASH EXPECTED: compares JSONL output line by line (exact bytes),
# showing both sides on failure. With "-", compares $output.
expect_jsonl_eq() {
  local got
  if [ "$1" = - ]; then got="$output"; else got="$(cat "$1")"; fi
  if [ "$got" != "$2" ]; then
    printf 'expected:\n%s\ngot:\n%s\n' "$2" "$got" >&2
    return 1
  fi
}

# expect_stderr_line TEXT: $stderr (from `run --separate-stderr`) is exactly this one line.
expect_stderr_line() {
  if [ "$stderr" != "$1" ]; then
    printf 'expected stderr:\n%s\ngot stderr:\n%s\n' "$1" "$stderr" >&2
    return 1
  fi
}

# no_files_like PATTERN: nothing in the current folder matches the glob (no leftovers).
no_files_like() {
  local matches
  matches=$(compgen -G "$1" || true)
  if [ -n "$matches" ]; then
    printf 'unexpected files:\n%s\n' "$matches" >&2
    return 1
  fi
}

# The plan's merge_corpus.py (Phase 3), written out here as the reference for seed-filter (its
# filter half) and, with --dedupe, for seed-filter | seed-dedup: same text choice, same length
# test, same normalized record, and with --dedupe the first record of each md5(text)[:16] after
# the length test. Python's json module with compact separators and ensure_ascii=False writes
# the same bytes seed-filter does for these inputs (integers only, no lone surrogates).
#   merge_corpus_reference [--dedupe] DOMAIN MIN MAX FILE...
merge_corpus_reference() {
  python3 - "$@" <<'EOF'
import hashlib, json, sys
from pathlib import Path
args = sys.argv[1:]
dedupe = args[0] == "--dedupe"
if dedupe:
    args = args[1:]
domain, min_chars, max_chars, files = args[0], int(args[1]), int(args[2]), args[3:]
seen_hashes = set()
for input_file in map(Path, files):
    with open(input_file, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            text = item.get("text") or item.get("content") or item.get("code", "")
            if not text:
                continue
            if len(text) < min_chars or len(text) > max_chars:
                continue
            if dedupe:
                text_hash = hashlib.md5(text.encode()).hexdigest()[:16]
                if text_hash in seen_hashes:
                    continue
                seen_hashes.add(text_hash)
            normalized = {"text": text, "domain": domain, "source": item.get("source", str(input_file.stem))}
            if "language" in item:
                normalized["language"] = item["language"]
            if "category" in item:
                normalized["category"] = item["category"]
            print(json.dumps(normalized, ensure_ascii=False, separators=(",", ":")))
EOF
}
