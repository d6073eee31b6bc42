#!/usr/bin/env bats
# The shape of the tree: what lives where, and the code layout (.clang-format).

load helpers

@test "common/ includes nothing from tools/" {
  cd "$SEED_SOURCE_ROOT"
  tool_headers=$(cd tools && find . -name '*.hpp' -printf '%f\n' | sort -u)
  [ -n "$tool_headers" ]
  bad=""
  for h in $tool_headers; do
    bad+=$(grep -rn "#include [\"<]\\(.*/\\)\\?$h[\">]" common || true)
  done
  bad+=$(grep -rn '#include .*tools/' common || true)
  if [ -n "$bad" ]; then printf 'common/ includes tool code:\n%s\n' "$bad" >&2; return 1; fi
}

@test "every tool has its main, its man page and its command-line tests" {
  cd "$SEED_SOURCE_ROOT"
  missing=""
  for d in tools/seed-*/; do
    t=$(basename "$d")
    [ -f "$d/main.cpp" ] || missing+="$t: no main.cpp\n"
    [ -f "man/$t.1" ] || missing+="$t: no man/$t.1\n"
    [ -f "tests/cli/$t.bats" ] || missing+="$t: no tests/cli/$t.bats\n"
    grep -q "'$t'" tests/meson.build || missing+="$t: tests/cli/$t.bats is not registered in tests/meson.build\n"
    grep -q "'$t.1'" man/meson.build || missing+="$t: man/$t.1 is not installed by man/meson.build\n"
  done
  if [ -n "$missing" ]; then printf "$missing" >&2; return 1; fi
}

@test "C++ sources follow .clang-format" {
  command -v clang-format >/dev/null || skip "clang-format is not installed (./bootstrap.sh installs it)"
  cd "$SEED_SOURCE_ROOT"
  run clang-format --dry-run --Werror common/*.[ch]pp common/*/*.[ch]pp tools/*/*.[ch]pp tests/unit/*.[ch]pp tests/fuzz/*.[ch]pp
  if [ "$status" -ne 0 ]; then
    printf '%s\n' "$output" | head -n 40 >&2
    echo "run: clang-format -i common/*.[ch]pp common/*/*.[ch]pp tools/*/*.[ch]pp tests/unit/*.[ch]pp tests/fuzz/*.[ch]pp" >&2
    return 1
  fi
}
