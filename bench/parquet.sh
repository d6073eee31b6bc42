#!/usr/bin/env bash
# Parquet benchmark of seed-hfstream, in one run, against hyparquet (the independent JS reader
# in tests/parquet/node_modules) and a plain download of the whole file:
#
# 1. Decode throughput per core of one STRING column, on two generated files holding the same
#    rows (~1 GiB of code-like text, SNAPPY, 10 row groups): one dictionary-encoded
#    (RLE_DICTIONARY), one PLAIN. `seed-hfstream -q --local --rows` and the records mode
#    (`--local --text-field content`) against hyparquet reading every row of the column: CPU
#    time (user + sys) and max RSS, and MB/s of decoded text (UTF-8 bytes) per CPU second.
# 2. Bytes transferred for the first rows of a remote parquet file of 100 row groups, served by
#    the fake hub (tests/fakehub/, --bench-parquet): `seed-hfstream seed-tools/row-groups --files
#    --limit ...` (and with a projection, and an --offset that skips 50 row groups), the bytes
#    summed from the fake's request log, against curl downloading the whole file followed by
#    the same read from disk.
# See bench/README.md.
#
# Usage: bench/parquet.sh [--quick] [--size MB] [--reps N] [--seed N] [--build-dir DIR] [--keep]
#
# Timings are never asserted: the script reports them, and exits 1 only when a check of the
# outputs fails (MISMATCH).
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: bench/parquet.sh [OPTIONS]
Measure seed-hfstream's parquet reader: decode throughput of a STRING column on generated
dictionary-encoded and PLAIN files (SNAPPY) against hyparquet, and the bytes it fetches from
a remote file of 100 row groups (the fake hub) for its first rows against a download of the
whole file with curl; check that the outputs agree.

EOF
    # lib.sh's help, with this script's --size and --quick, and without the plan's environment
    common_usage | sed -e 's/--size MB         corpus size in MiB (default 1024)/--size MB         decoded text in each generated file, in MiB (default 1024)/' \
                       -e '/^Options:/a\
  --quick           a small run: --size 64 and row groups of 100 rows on the fake hub\
                    (--size still counts when given)' \
                       -e '/^Environment: SEED_PLAN/,$d'
    cat <<'EOF'
Environment: SEED_BUILD_DIR. The generated files are kept in bench/data/ (gitignored) and
reused by later runs with the same size and seed, as is the fake hub's parquet cache
(bench/data/fakehub-parquet).
EOF
}

prog=parquet.sh
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
quick=0
size_given=0
args=()
for arg; do
    case $arg in
        --quick) quick=1 ;;
        *) args+=("$arg") ;;
    esac
    if [[ $arg == --size || $arg == --size=* ]]; then size_given=1; fi
done
if ((size_given)); then
    parse_options ${args[@]+"${args[@]}"}
else
    parse_options --size $((quick ? 64 : 1024)) ${args[@]+"${args[@]}"}
fi
# The fake's file: 100 row groups of group_rows rows; the reads want the first group_rows rows,
# or those of row group 50.
group_rows=$((quick ? 100 : 1000))
offset=$((50 * group_rows))

# --- tools -------------------------------------------------------------------------------------
hf_bin=$(tool_bin seed-hfstream)
require_bins "$hf_bin"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian package: time)"
command -v node >/dev/null || die "node is missing (Node 20 or newer; see tests/parquet/README.md)"
command -v curl >/dev/null || die "curl is missing (Debian package: curl)"
command -v python3 >/dev/null || die "python3 is missing (the fake hub needs it)"
modules=$root/tests/parquet/node_modules
for package in hyparquet hyparquet-writer; do
    [[ -f $modules/$package/package.json ]] || die "no $package in $modules (./bootstrap.sh installs it)"
done
package_version() { node -p "require('$modules/$1/package.json').version"; }
warn_stale "$hf_bin"

setup_work
fake_pid=
stop_fake() {
    if [[ -n $fake_pid ]]; then
        kill "$fake_pid" 2>/dev/null || true
        wait "$fake_pid" 2>/dev/null || true
        fake_pid=
    fi
}
if ((keep)); then
    trap 'stop_fake; echo "outputs kept in $work" >&2' EXIT
else
    trap 'stop_fake; rm -rf "$work"' EXIT
fi

# --- the node scripts --------------------------------------------------------------------------
# gen.mjs MODULES DICT_OUT PLAIN_OUT SIZE_MIB SEED: writes the two files and prints, as one JSON
# line, what they hold (rows, row groups, distinct strings, text_bytes = the sum of the UTF-8
# lengths of the content values, text_chars = the sum of their JavaScript lengths, and
# rows_sha256 = the SHA-256 of the JSON Lines `{"content":...}` of every row, as JSON.stringify
# writes them).
# A pool of distinct code-like strings (20,000 for 1024 MiB, proportionally fewer for less) of
# 512 to 4096 UTF-8 bytes, whole lines, one in eight with non-ASCII in its comments (accents,
# CJK, Hangul, Cyrillic, an emoji), the others ASCII; rows drawn from it at random (a seeded
# PRNG, mulberry32) until the text reaches SIZE MiB, in 10 row groups. A row group draws 2.4
# times as many rows as there are strings in the pool, so about 38% of its values are distinct
# and a dictionary takes 38% of the bytes. The first file asks for RLE_DICTIONARY: left to
# itself, hyparquet-writer first samples 1,000 values of the chunk and gives up on a dictionary
# when 90% of the sampled bytes are distinct, which they are with 20,000 strings in the pool
# (the file came out PLAIN); with a pool of 1,250 (--size 64) it kept the dictionary unasked.
# The second file holds the same rows with PLAIN asked for: no dictionary. The check below reads
# both footers. Both SNAPPY (hyparquet-writer's own), data pages of at most 1 MiB (its
# default; a dictionary page holds the whole dictionary of its chunk), the column `content`
# OPTIONAL BYTE_ARRAY STRING.
cat > "$work/gen.mjs" <<'EOF'
import crypto from 'node:crypto'
import fs from 'node:fs'
const [modules, dictOut, plainOut, sizeArg, seedArg] = process.argv.slice(2)
const w = await import(new URL('hyparquet-writer/src/node.js', 'file://' + modules + '/'))
const size = Number(sizeArg) * 2 ** 20

const { mulberry32 } = await import(new URL('../mulberry32.mjs', 'file://' + modules + '/'))
const r = mulberry32(Math.imul(Number(seedArg) + 1, 0x9E3779B1) ^ 0x5EED)
const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1))
const pick = (list) => list[Math.floor(r() * list.length)]
const WORDS = ('load parse merge count filter render fetch split clean index token user line row path event ' +
  'buffer cache frame packet record schema column page group offset length header footer stream reader ' +
  'writer value table query result error retry limit budget worker queue batch chunk block store image ' +
  'label score weight node edge graph tree leaf root child parent order key map set list range window').split(' ')
const NON_ASCII = ['café', 'naïve', 'Grüße', 'señal', 'déjà vu', '—', '→', '日本語', '데이터', 'данные', 'ε', '🚀', '✓']
const word = () => pick(WORDS)
const letters = (k) => { let s = ''; for (let i = 0; i < k; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[int(0, 35)]; return s }
const ident = () => `${word()}_${word()}${r() < 0.5 ? int(0, 999) : ''}`
const camel = () => { const x = word(); return x[0].toUpperCase() + x.slice(1) + word()[0].toUpperCase() + word().slice(1) }
const sentence = (na) => Array.from({ length: int(4, 12) }, () => na && r() < 0.15 ? pick(NON_ASCII) : word()).join(' ')
const LANGS = ['Python', 'Go', 'JavaScript', 'Rust', 'C++']
function block(lang, na) {
  switch (lang) {
  case 'Python': return [`def ${ident()}(${ident()}, ${ident()}=${int(0, 99999)}):`, `    """${sentence(na)}."""`,
    `    x${letters(3)} = len("${letters(int(6, 24))}\\n") * ${int(1, 9999)}`,
    `    if x${letters(3)} > ${int(0, 99999)}:`, `        return '${letters(int(4, 30))}'`,
    `    return [${int(0, 999)}, ${int(0, 999)}, "${letters(int(3, 12))}"]`, '']
  case 'Go': return [`// ${camel()} ${sentence(na)}.`, `func ${camel()}(${word()} []string, n int) (int, error) {`,
    `\tif n > ${int(0, 99999)} {`, `\t\treturn 0, fmt.Errorf("${letters(int(6, 24))}: %d\\n", n)`, '\t}',
    `\treturn len(${word()}) * ${int(1, 9999)}, nil`, '}', '']
  case 'JavaScript': return [`// ${sentence(na)}`, `export function ${word()}${camel()}(${word()}, limit = ${int(0, 9999)}) {`,
    `  const ${word()}Id = '${letters(int(6, 24))}';`, `  return ${word()}.slice(0, limit).map((x) => x + ${int(0, 99999)});`, '}', '']
  case 'Rust': return [`/// ${sentence(na)}.`, `pub fn ${ident()}(${word()}: &[u8]) -> Result<usize, String> {`,
    `    if ${word()}.len() > ${int(0, 99999)} {`, `        return Err("${letters(int(6, 24))}\\t".to_string());`, '    }',
    `    Ok(${word()}.len() * ${int(1, 9999)})`, '}', '']
  default: return [`// ${sentence(na)}.`, `std::size_t ${ident()}(const std::vector<std::string>& ${word()}) {`,
    `    static const char* k = "${letters(int(6, 24))}\\\\";`, `    return ${word()}.size() * ${int(1, 9999)} + std::strlen(k);`, '}', '']
  }
}
// one code-like string of 512..4096 UTF-8 bytes, whole lines
function codeString(i) {
  const lang = pick(LANGS)
  const na = r() < 0.125
  const target = int(512, 4096)
  const lines = [`// ${lang} #${i}: ${sentence(na)}`, '']
  let bytes = Buffer.byteLength(lines[0]) + 2
  for (;;) {
    let full = false
    for (const l of block(lang, na)) {
      const b = Buffer.byteLength(l) + 1
      if (bytes + b > target) { full = true; break }
      lines.push(l)
      bytes += b
    }
    if (full) break
  }
  return lines.join('\n') + '\n'
}

const distinct = Math.max(400, Math.round(20000 * Number(sizeArg) / 1024))
const pool = Array.from({ length: distinct }, (_, i) => codeString(i))
const poolBytes = pool.map((s) => Buffer.byteLength(s))
const mean = poolBytes.reduce((a, b) => a + b, 0) / distinct
const groups = 10
const perGroup = Math.ceil(size / mean / groups)
const idx = new Uint32Array(perGroup * groups)
const lines = pool.map((s) => Buffer.from(JSON.stringify({ content: s }) + '\n'))
const hash = crypto.createHash('sha256')
let bytes = 0
let chars = 0
for (let i = 0; i < idx.length; i++) {
  const k = Math.floor(r() * distinct)
  idx[i] = k
  bytes += poolBytes[k]
  chars += pool[k].length
  hash.update(lines[k])
}
const schema = [{ name: 'root', num_children: 1 },
  { name: 'content', type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type: 'OPTIONAL' }]
function write(path, encoding) {
  const pq = new w.ParquetWriter({ writer: w.fileWriter(path + '.tmp'), schema, codec: 'SNAPPY' })
  for (let g = 0; g < groups; g++) {
    const data = Array.from(idx.subarray(g * perGroup, (g + 1) * perGroup), (k) => pool[k])
    pq.write({ columnData: [{ name: 'content', data, ...(encoding ? { encoding } : {}) }], rowGroupSize: perGroup })
  }
  pq.finish()
  fs.renameSync(path + '.tmp', path)
}
write(dictOut, 'RLE_DICTIONARY')
write(plainOut, 'PLAIN')
console.log(JSON.stringify({ rows: idx.length, row_groups: groups, rows_per_group: perGroup, distinct,
  text_bytes: bytes, text_chars: chars, rows_sha256: hash.digest('hex') }))
EOF

# meta.mjs MODULES FILE: the layout of FILE from its footer, as hyparquet reads it, as one JSON
# line: rows, row groups, codecs, the encodings of the column chunks, the chunks with a
# dictionary page, and the encodings of the data pages (from the chunks' encoding_stats).
cat > "$work/meta.mjs" <<'EOF'
const [modules, filename] = process.argv.slice(2)
const hp = await import(new URL('hyparquet/src/node.js', 'file://' + modules + '/'))
const m = await hp.parquetMetadataAsync(await hp.asyncBufferFromFile(filename))
const out = { rows: Number(m.num_rows), row_groups: m.row_groups.length, created_by: m.created_by, codecs: new Set(),
  encodings: new Set(), chunks: 0, dictionary_pages: 0, data_page_encodings: new Set() }
for (const g of m.row_groups) {
  for (const c of g.columns) {
    const md = c.meta_data
    out.chunks++
    out.codecs.add(md.codec)
    md.encodings.forEach((e) => out.encodings.add(e))
    if (md.dictionary_page_offset !== undefined) out.dictionary_pages++
    for (const s of md.encoding_stats ?? []) if (s.page_type.startsWith('DATA_PAGE')) out.data_page_encodings.add(s.encoding)
  }
}
console.log(JSON.stringify(out, (k, v) => v instanceof Set ? [...v] : v))
EOF

# peer.mjs MODULES FILE: the peer. hyparquet reads every row of the column content, one row
# group at a time (parquetRead with rowStart/rowEnd, strings decoded from UTF-8 as by default),
# and sums the lengths of the strings; prints "ROWS CHARS" (JavaScript lengths), which the
# checks compare with the generator's.
cat > "$work/peer.mjs" <<'EOF'
const [modules, filename] = process.argv.slice(2)
const hp = await import(new URL('hyparquet/src/node.js', 'file://' + modules + '/'))
const file = await hp.asyncBufferFromFile(filename)
const metadata = await hp.parquetMetadataAsync(file)
let rows = 0
let chars = 0
let start = 0
for (const group of metadata.row_groups) {
  const end = start + Number(group.num_rows)
  await hp.parquetRead({ file, metadata, columns: ['content'], rowStart: start, rowEnd: end,
    onChunk: ({ columnData }) => { for (const s of columnData) { rows++; chars += s.length } } })
  start = end
}
console.log(rows, chars)
EOF

# --- the fake hub ------------------------------------------------------------------------------
# Started first: with a cold cache it writes its 100-row-group file (105 MB, 15 s) while the
# generator below runs; nothing is timed before its port line is read. Its parquet cache is kept
# in bench/data/ so that later runs start in a fraction of a second.
mkfifo "$work/ports"
FAKEHUB_PARQUET_CACHE=$data/fakehub-parquet python3 "$root/tests/fakehub/fakehub.py" --bench-parquet "$group_rows" \
    > "$work/ports" 2> "$work/fake.err" &
fake_pid=$!
echo "starting the fake hub (--bench-parquet $group_rows)..." >&2

# --- the files ---------------------------------------------------------------------------------
# The two files of SIZE MiB of text, made by gen.mjs unless up-to-date ones (same size, seed,
# generator and hyparquet-writer) are in bench/data/ as parquet-text-SIZEMB-seedN.{dict,plain}.parquet;
# what the generator printed is kept beside them in parquet-text-SIZEMB-seedN.json.
base=$data/parquet-text-${size}MB-seed$seed
dict_file=$base.dict.parquet
plain_file=$base.plain.parquet
info_file=$base.json
stamp="gen.mjs $(sha256sum < "$work/gen.mjs" | cut -c1-16) hyparquet-writer $(package_version hyparquet-writer) size $size seed $seed"
if [[ -f $dict_file && -f $plain_file && -f $info_file && -f $base.stamp && $(cat "$base.stamp") == "$stamp" ]]; then
    echo "reusing $dict_file and $plain_file" >&2
else
    echo "generating $dict_file and $plain_file ($size MiB of text each, seed $seed)..." >&2
    rm -f "$base.stamp"
    node "$work/gen.mjs" "$modules" "$dict_file" "$plain_file" "$size" "$seed" > "$info_file.tmp" ||
        die "gen.mjs failed"
    mv "$info_file.tmp" "$info_file"
    echo "$stamp" > "$base.stamp"
fi
node "$work/meta.mjs" "$modules" "$dict_file" > "$work/dict.meta"
node "$work/meta.mjs" "$modules" "$plain_file" > "$work/plain.meta"

read -r main_port _ < "$work/ports" || { cat "$work/fake.err" >&2; die "the fake hub did not start"; }
[[ -n $main_port ]] || { cat "$work/fake.err" >&2; die "the fake hub did not start"; }
hub=http://127.0.0.1:$main_port
export HF_ENDPOINT=$hub SEED_HF_VIEWER=$hub HF_HOME=$work/hf HF_TOKEN='' HUGGING_FACE_HUB_TOKEN=''
repo='seed-tools/row-groups'
remote_path=data/train-00000-of-00001.parquet
resolve_url=$hub/datasets/$repo/resolve/main/$remote_path

# fake_control JSON: POST /_control (as tests/fakehub/fakehub.bash's fakehub_control).
fake_control() {
    python3 - "$hub/_control" "$1" > /dev/null <<'EOF'
import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
                                              headers={"Content-Type": "application/json"})).read()
EOF
}
# The remote file's size, from the hub's tree listing.
remote_size=$(python3 - "$hub/api/datasets/$repo/tree/main/data" "$remote_path" <<'EOF'
import json, sys, urllib.request
print(next(e["size"] for e in json.load(urllib.request.urlopen(sys.argv[1])) if e["path"] == sys.argv[2]))
EOF
)

print_machine "$hf_bin" "node $(node --version), hyparquet $(package_version hyparquet), hyparquet-writer $(package_version hyparquet-writer), $(curl --version | head -1 | cut -d' ' -f1-2), $(python3 --version) (the fake hub)"
for f in "$dict_file" "$plain_file"; do
    echo "- File: $(basename "$f"), $(stat -c %s "$f") bytes; footer: $(cat "$work/$( [[ $f == "$dict_file" ]] && echo dict || echo plain).meta")"
done
echo "- Generated text (gen.mjs, both files): $(cat "$info_file")"
echo "- Remote file: $repo $remote_path on the fake hub (--bench-parquet $group_rows), $remote_size bytes"

# --- timing ------------------------------------------------------------------------------------
start_results
bytes_log=$work/bytes.tsv
: > "$bytes_log"

DECODE_ROWS="seed-hfstream -q --local --rows x FILE"
DECODE_RECORDS="seed-hfstream --local --text-field content x FILE"
DECODE_PEER="hyparquet: node peer.mjs FILE"

# run_all FILE TAG: one round of the decode commands on FILE.
run_all() {
    local f=$1 t=$2
    timed "$DECODE_ROWS" "$t" /dev/null "$hf_bin" -q --local --rows x "$f"
    timed "$DECODE_RECORDS" "$t" /dev/null "$hf_bin" --local --text-field content x "$f"
    timed "$DECODE_PEER" "$t" "$work/$t.peer" node "$work/peer.mjs" "$modules" "$f"
}

echo
echo "warming the page cache (cat > /dev/null)..." >&2
cat "$dict_file" "$plain_file" > /dev/null
for ((r = 1; r <= reps; r++)); do
    echo "decode round $r of $reps..." >&2
    run_all "$dict_file" dict
    run_all "$plain_file" plain
done

# remote_timed LABEL OUT CMD...: clears the fake's log, runs CMD with timed (tag remote), then
# appends to bytes.tsv what the fake sent for the file (its resolve URL and the CDN): LABEL,
# bytes, requests, the ranges asked for; and the bytes of everything else (the tree listing).
remote_timed() {
    local label=$1 out=$2
    shift 2
    fake_control '{"reset": true}'
    timed "$label" remote "$out" "$@"
    python3 - "$hub/_log" "$label" "$remote_path" >> "$bytes_log" <<'EOF'
import json, sys, urllib.parse, urllib.request
log = json.load(urllib.request.urlopen(sys.argv[1]))
label, path = sys.argv[2], sys.argv[3]
mine = [e for e in log if e["port"] == "cdn" or urllib.parse.unquote(e["path"]).endswith("/resolve/main/" + path)]
other = [e for e in log if e not in mine]
ranges = ",".join(e["range"] or "whole" for e in mine if e["port"] == "cdn")
print(f"{label}\t{sum(e['sent'] or 0 for e in mine)}\t{len(mine)}\t{ranges}\t{sum(e['sent'] or 0 for e in other)}\t{len(other)}")
EOF
}

# The reads of the remote file: NAME|OPTIONS. Each runs as seed-hfstream REPO --files OPTIONS
# (the dataset has no viewer), and as the peer: curl downloads the whole file into
# $work/data/ (removed before each run, outside the timing), then seed-hfstream --local REPO
# OPTIONS data/train-00000-of-00001.parquet from $work, so that the records name the same file
# and must be byte-identical.
reads=(
    "first|--limit $group_rows --text-field content"
    "projection|--limit $group_rows --text-field content --columns lang"
    "one column|--rows --limit $group_rows --columns lang"
    "offset|--offset $offset --limit $group_rows --text-field content"
)
mkdir -p "$work/data"
for ((r = 1; r <= reps; r++)); do
    echo "remote round $r of $reps..." >&2
    for i in "${!reads[@]}"; do
        read -r -a opts <<< "${reads[i]#*|}"
        remote_timed "seed-hfstream --files ${reads[i]#*|}" "$work/remote.$i.ours" \
            "$hf_bin" "$repo" --files "${opts[@]}"
        rm -f "$work/$remote_path"
        # shellcheck disable=SC2016  # the inner script's arguments, expanded by the inner bash
        remote_timed "curl + seed-hfstream --local ${reads[i]#*|}" "$work/remote.$i.peer" \
            bash -c 'curl -sSfL -o "$1" "$2" && cd "$3" && shift 3 && exec "$@"' _ \
            "$work/$remote_path" "$resolve_url" "$work" "$hf_bin" "$repo" --local "${opts[@]}" "$remote_path"
    done
done

# --- correctness -------------------------------------------------------------------------------
echo "checking outputs..." >&2
# check LINE: appends LINE to the checks; a line that starts with MISMATCH fails the run.
check() {
    echo "- $1" >> "$checks"
    [[ $1 != MISMATCH* ]] || ok=1
}
read -r gen_rows gen_chars gen_sha < <(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["rows"], d["text_chars"], d["rows_sha256"])' "$info_file")
# The footers: a dictionary page in every chunk of the dictionary file, its data pages
# RLE_DICTIONARY; none in the PLAIN file, whose data pages are PLAIN.
for t in dict plain; do
    verdict=$(python3 - "$work/$t.meta" "$t" "$gen_rows" <<'EOF'
import json, sys
m, t, rows = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
want_dict = t == "dict"
good = (m["rows"] == rows and m["codecs"] == ["SNAPPY"] and
        (m["dictionary_pages"] == m["chunks"] and m["data_page_encodings"] == ["RLE_DICTIONARY"] if want_dict
         else m["dictionary_pages"] == 0 and m["data_page_encodings"] == ["PLAIN"]))
what = (f"{m['rows']} rows in {m['row_groups']} row groups, {m['codecs']}, a dictionary page in {m['dictionary_pages']} "
        f"of {m['chunks']} column chunks, data pages {m['data_page_encodings']}")
print(("" if good else "MISMATCH: ") + f"{t} file's footer: {what}")
EOF
)
    check "$verdict"
done
# seed-hfstream --rows writes every row as JSON.stringify does (the strings hold no character
# that the two escape differently), so its output's SHA-256 is the generator's; and hyparquet's
# count of rows and characters is the generator's.
for t in dict plain; do
    f=$dict_file
    [[ $t == dict ]] || f=$plain_file
    sha=$("$hf_bin" -q --local --rows x "$f" | sha256sum | cut -d' ' -f1)
    if [[ $sha == "$gen_sha" ]]; then
        check "$t: seed-hfstream --rows wrote the generator's $gen_rows rows, byte for byte (SHA-256 of the output)"
    else
        check "MISMATCH: $t: seed-hfstream --rows output's SHA-256 $sha is not the generator's $gen_sha"
    fi
    read -r peer_rows peer_chars < "$work/$t.peer"
    if [[ $peer_rows == "$gen_rows" && $peer_chars == "$gen_chars" ]]; then
        check "$t: hyparquet read $peer_rows rows and $peer_chars characters, the generator's counts"
    else
        check "MISMATCH: $t: hyparquet read $peer_rows rows and $peer_chars characters, not $gen_rows and $gen_chars"
    fi
    summary=$(stderr_of "$DECODE_RECORDS" "$t" | grep -m1 '^seed-hfstream:' || true)
    if [[ $summary == *"wrote $gen_rows rows from 1 file" ]]; then
        check "$t: records mode: $summary"
    else
        check "MISMATCH: $t: records mode: ${summary:-no summary line} ($gen_rows rows expected)"
    fi
done
# The remote reads: the records of seed-hfstream --files and of the peer (the whole file, read
# from disk) are byte-identical, and there are as many as --limit asks for; the bytes the fake
# sent are the same on every round.
for i in "${!reads[@]}"; do
    o=${reads[i]#*|}
    ours=$work/remote.$i.ours
    n=$(wc -l < "$ours")
    if cmp -s "$ours" "$work/remote.$i.peer" && ((n == group_rows)); then
        check "remote $o: $n records, byte-identical to those read from the downloaded file; $(stderr_of "seed-hfstream --files $o" remote | grep -m1 '^seed-hfstream:' | sed 's/^seed-hfstream: //')"
    else
        check "MISMATCH: remote $o: $n records ($group_rows expected), $(cmp -s "$ours" "$work/remote.$i.peer" && echo "identical to" || echo "not the same as") those read from the downloaded file"
    fi
    distinct_bytes=$(awk -F'\t' -v l="seed-hfstream --files $o" '$1 == l { print $2 }' "$bytes_log" | sort -u | wc -l)
    ((distinct_bytes == 1)) || check "remote $o: the bytes sent differ between rounds (the report gives the largest)"
done

# --- report ------------------------------------------------------------------------------------
report_py "$info_file" "$(stat -c %s "$dict_file")" "$(stat -c %s "$plain_file")" "$size" "$reps" \
    "$bytes_log" "$remote_size" "$group_rows" "${reads[@]}" <<'EOF'
import json
info_path, dict_size, plain_size, size, reps, bytes_log, remote_size, group_rows, *reads = args
info = json.load(open(info_path))
text = info["text_bytes"]
remote_size, group_rows = int(remote_size), int(group_rows)
ROWS, RECORDS, PEER = ("seed-hfstream -q --local --rows x FILE", "seed-hfstream --local --text-field content x FILE",
                       "hyparquet: node peer.mjs FILE")
sizes = {"dict": int(dict_size), "plain": int(plain_size)}
names = {"dict": "RLE_DICTIONARY", "plain": "PLAIN"}

def mbs(label, tag):
    return text / 1e6 / min(cpu[label, tag])

print(f"\n## Decode: {text / 1e6:,.0f} MB ({text / 2**20:,.0f} MiB) of text in one STRING column, {info['rows']:,} rows, "
      f"best of {reps}, page cache warm\n")
print("MB/s per core: MB (10^6 bytes) of decoded text (the UTF-8 bytes of the values) per CPU second (user + sys) of the "
      "run with the least CPU time. Wall time: the best run's.\n")
print("| file | command | CPU s | wall s | MB/s per core | max RSS MiB |")
print("|---|---|--:|--:|--:|--:|")
for tag in ("dict", "plain"):
    for label in (ROWS, RECORDS, PEER):
        print(f"| {names[tag]} ({sizes[tag] / 1e6:,.0f} MB) | {md(label)} | {min(cpu[label, tag]):.2f} | {best[label, tag]:.3f} "
              f"| {mbs(label, tag):,.0f} | {max(rss[label, tag]):,.1f} |")

print("\n### Ratios (CPU time)\n")
print("| ratio | value | goal |")
print("|---|--:|---|")
goal = mbs(ROWS, "dict")
print(f"| seed-hfstream --rows on the RLE_DICTIONARY file, MB/s per core | {goal:,.0f} | >= 500: {'met' if goal >= 500 else 'MISSED'} |")
for tag in ("dict", "plain"):
    for label in (ROWS, RECORDS):
        print(f"| {names[tag]}: {md(label)} / hyparquet, speed | {mbs(label, tag) / mbs(PEER, tag):.2f}x | (for information) |")
print(f"| seed-hfstream --rows: RLE_DICTIONARY / PLAIN, speed | {mbs(ROWS, 'dict') / mbs(ROWS, 'plain'):.2f}x | (for information) |")
print(f"| hyparquet: RLE_DICTIONARY / PLAIN, speed | {mbs(PEER, 'dict') / mbs(PEER, 'plain'):.2f}x | (for information) |")

sent = {}
for line in open(bytes_log):
    label, nbytes, requests, ranges, other, other_requests = line.rstrip("\n").split("\t")
    prev = sent.get(label)
    if prev is None or int(nbytes) > prev[0]:
        sent[label] = (int(nbytes), int(requests), ranges, int(other), int(other_requests))

print(f"\n## Remote: the fake hub's {remote_size:,}-byte file of 100 row groups of {group_rows:,} rows, best of {reps}\n")
print("Bytes: what the fake sent for the file (the resolve URL's answers, 302s of 305 bytes included, and the CDN's), "
      "from its request log; the tree listing is left out (two requests, under 400 bytes). Time: wall time of the "
      "whole run over loopback, with no added latency; for the peer, curl's download and then the same read from "
      "the downloaded file.\n")
print("| read | command | bytes | of the file | requests | best s | median s |")
print("|---|---|--:|--:|--:|--:|--:|")
rows = []
for item in reads:
    name, opts = item.split("|", 1)
    for label in (f"seed-hfstream --files {opts}", f"curl + seed-hfstream --local {opts}"):
        b, n, ranges, _, _ = sent[label]
        print(f"| {name} | `{label}` | {b:,} | {b / remote_size:.2%} | {n} | {best[label, 'remote']:.3f} | "
              f"{median[label, 'remote']:.3f} |")
    rows.append((name, opts))

print("\n### Ratios\n")
print("| read | bytes: seed-hfstream / curl | time: curl + read / seed-hfstream | goal |")
print("|---|--:|--:|---|")
for name, opts in rows:
    ours, peer = f"seed-hfstream --files {opts}", f"curl + seed-hfstream --local {opts}"
    share = sent[ours][0] / remote_size
    verdict = f"< 5% of the file: {'met' if share < 0.05 else 'MISSED'} ({share:.2%})" if name == "first" else "(for information)"
    print(f"| {name} | {sent[ours][0] / sent[peer][0]:.2%} | {best[peer, 'remote'] / best[ours, 'remote']:.1f}x | {verdict} |")

print("\nRanges asked for (the CDN's requests, one round):\n")
for name, opts in rows:
    print(f"- {name}: {sent[f'seed-hfstream --files {opts}'][2]}")
EOF
print_checks
