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
