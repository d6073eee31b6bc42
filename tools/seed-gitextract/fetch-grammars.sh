#!/bin/sh
# Fetches the tree-sitter grammars pinned in LOCK (package, version, sha256 of the npm tarball)
# with `npm pack`, checks each tarball's sha256, and unpacks its sources into DEST/PACKAGE.
# Tarballs are cached in $SEED_GRAMMAR_CACHE (default: ${XDG_CACHE_HOME:-~/.cache}/seed-tools/
# grammars), so several build folders download them once. Run by meson at configure time.
#
#   fetch-grammars.sh LOCK DEST
set -eu
lock=$1
dest=$2
cache=${SEED_GRAMMAR_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/seed-tools/grammars}
mkdir -p "$cache" "$dest"
command -v npm >/dev/null || { echo "fetch-grammars: npm is missing (Debian package: npm)" >&2; exit 1; }
grep -v '^[[:space:]]*\(#\|$\)' "$lock" | while read -r pkg ver sha; do
  tgz="$cache/$pkg-$ver.tgz"
  if ! printf '%s  %s\n' "$sha" "$tgz" | sha256sum -c --status 2>/dev/null; then
    rm -f "$tgz"
    (cd "$cache" && npm pack --silent "$pkg@$ver" >/dev/null) ||
      { echo "fetch-grammars: npm pack $pkg@$ver failed" >&2; exit 1; }
    printf '%s  %s\n' "$sha" "$tgz" | sha256sum -c --status ||
      { echo "fetch-grammars: $pkg@$ver: sha256 mismatch (not $sha)" >&2; rm -f "$tgz"; exit 1; }
  fi
  stamp="$dest/$pkg/.stamp-$sha"
  if [ ! -f "$stamp" ]; then
    rm -rf "${dest:?}/$pkg"
    mkdir -p "$dest/$pkg"
    tar -xzf "$tgz" -C "$dest/$pkg" --strip-components=1 --exclude='package/prebuilds' \
      --exclude='package/bindings' --exclude='*.wasm'
    touch "$stamp"
  fi
done
