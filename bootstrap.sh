#!/bin/sh
# Gets a Debian 12 machine from a bare checkout to built tools: installs the system packages
# seed-tools needs (only those missing; apt-get, so it needs root or sudo), then configures
# and compiles the meson build in BUILDDIR (default: build) with any extra meson options.
#
#   ./bootstrap.sh                      # build/ with the default release build
#   ./bootstrap.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false
set -eu

packages="
  g++ meson ninja-build pkg-config
  rapidjson-dev zlib1g-dev libzstd-dev libxxhash-dev libgit2-dev libtree-sitter-dev git libcurl4-openssl-dev libarchive-dev
  libsnappy-dev liblz4-dev libbrotli-dev
  googletest libgtest-dev bats bats-assert bats-support mandoc clang-format clang libclang-rt-14-dev
  python3 python3-rich jq gzip zstd time parallel
"

cd "$(dirname "$0")"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# The tree-sitter grammars come from the npm registry at configure time (grammars.lock).
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  echo "bootstrap: installing:$missing" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  $sudo apt-get install -y --no-install-recommends $missing >/dev/null 2>&1 || {
    $sudo apt-get update -q >/dev/null
    $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
  }
fi

# The parquet tests' independent writer and reader (hyparquet), pinned by tests/parquet/package-lock.json.
if [ ! -f tests/parquet/node_modules/.package-lock.json ] ||
   ! cmp -s tests/parquet/package-lock.json tests/parquet/node_modules/.package-lock.json.source 2>/dev/null; then
  (cd tests/parquet && npm ci --silent --no-audit --no-fund >/dev/null 2>&1 &&
     cp package-lock.json node_modules/.package-lock.json.source) ||
    { echo "bootstrap: npm ci in tests/parquet failed" >&2; exit 1; }
fi

builddir="${1:-build}"
[ $# -gt 0 ] && shift
if [ -f "$builddir/build.ninja" ]; then
  meson setup --reconfigure "$builddir" "$@" >/dev/null
else
  meson setup "$builddir" "$@" >/dev/null
fi
meson compile -C "$builddir" >/dev/null
echo "bootstrap: built seed-tools in $builddir/" >&2
