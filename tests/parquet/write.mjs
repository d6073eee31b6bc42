#!/usr/bin/env node
// write.mjs OUTDIR: write the parquet test files and, beside each NAME.parquet,
// NAME.jsonl with every row as the C++ reader is to print it (see README.md).
// The files are the same on every run: all data comes from a seeded PRNG.
// Prints nothing on success; exits 1 with a message on failure.

import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { parquetWriteFile } from 'hyparquet-writer'
import { jsonText, RawNumber } from './jsonl.mjs'
import { mulberry32 } from './mulberry32.mjs'

const compressors = {
  GZIP: (/** @type {Uint8Array} */ bytes) => new Uint8Array(zlib.gzipSync(bytes, { level: 1 })),
  BROTLI: (/** @type {Uint8Array} */ bytes) => new Uint8Array(zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  })),
}

// ---------------------------------------------------------------------------
// Deterministic randomness


class Rng {
  constructor(seed) { this.next = mulberry32(seed) }
  /** integer in [lo, hi] */
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)) }
  pick(list) { return list[Math.floor(this.next() * list.length)] }
  chance(p) { return this.next() < p }
  hex(n) {
    let s = ''
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(this.next() * 16)]
    return s
  }
  /** a bigint in [-(2^63), 2^63) */
  int64() {
    const hi = BigInt(Math.floor(this.next() * 2 ** 32))
    const lo = BigInt(Math.floor(this.next() * 2 ** 32))
    return BigInt.asIntN(64, hi << 32n | lo)
  }
}

// ---------------------------------------------------------------------------
// Schema helpers (parquet SchemaElement objects, as hyparquet-writer takes them)

const UTF8 = { converted_type: 'UTF8', logical_type: { type: 'STRING' } }
const leaf = (name, type, repetition_type = 'OPTIONAL', extra = {}) => ({ name, type, repetition_type, ...extra })
const stringLeaf = (name, repetition_type = 'OPTIONAL') => leaf(name, 'BYTE_ARRAY', repetition_type, UTF8)
/** 3-level LIST; `element` is the element subtree, its first element named "element" */
const listOf = (name, element, repetition_type = 'OPTIONAL') => [
  { name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  ...element,
]
const mapOf = (name, key, value, repetition_type = 'OPTIONAL') => [
  { name, repetition_type, converted_type: 'MAP', logical_type: { type: 'MAP' }, num_children: 1 },
  { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
  ...key,
  ...value,
]
const struct = (name, children, repetition_type = 'OPTIONAL') => [
  { name, repetition_type, num_children: children.length },
  ...children.flat(),
]

// ---------------------------------------------------------------------------
// Expected-value helpers: computed from the JS data, independently of read.mjs

const dayMs = 86400000
const dateText = (days) => new Date(days * dayMs).toISOString().slice(0, 10)
const daysOf = (y, m, d) => Date.UTC(y, m - 1, d) / dayMs

/** timestamp text from a count of units since the epoch (bigint) */
function timestampText(count, unit, utc) {
  const perMilli = { MILLIS: 1n, MICROS: 1000n, NANOS: 1000000n }[unit]
  let millis = count / perMilli
  if (millis * perMilli > count) millis -= 1n // floor for negative counts
  const below = count - millis * perMilli
  const iso = new Date(Number(millis)).toISOString() // YYYY-MM-DDTHH:MM:SS.sssZ
  const extra = unit === 'MILLIS' ? '' : below.toString().padStart(unit === 'MICROS' ? 3 : 6, '0')
  return iso.slice(0, 23) + extra + (utc ? 'Z' : '')
}

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true })
const bytes = (text) => new TextEncoder().encode(text)

// ---------------------------------------------------------------------------
// Writing a dataset: columns of {schema, data, expect} -> NAME.parquet + NAME.jsonl

/**
 * @typedef {object} Column
 * @property {string} name
 * @property {object[]} schema schema elements of this column (the column's subtree)
 * @property {any[]} data values given to hyparquet-writer
 * @property {any[]} [expect] expected JSON values (default: data)
 * @property {string} [encoding]
 */

/**
 * @param {string} outdir
 * @param {string} name
 * @param {Column[]} columns
 * @param {object} [options] more parquetWrite options
 */
function writeDataset(outdir, name, columns, options = {}) {
  const rows = columns[0].data.length
  for (const c of columns) {
    if (c.data.length !== rows || (c.expect && c.expect.length !== rows)) {
      throw new Error(`${name}: column ${c.name} has ${c.data.length} values, expected ${rows}`)
    }
    if (c.schema[0].name !== c.name) throw new Error(`${name}: schema of ${c.name} is named ${c.schema[0].name}`)
  }
  const schema = [{ name: 'schema', num_children: columns.length }, ...columns.flatMap(c => c.schema)]
  parquetWriteFile({
    filename: path.join(outdir, `${name}.parquet`),
    schema,
    columnData: columns.map(c => ({ name: c.name, data: c.data, ...c.encoding ? { encoding: c.encoding } : {} })),
    compressors,
    ...options,
  })
  const lines = new Array(rows)
  for (let i = 0; i < rows; i++) {
    const row = {}
    for (const c of columns) row[c.name] = (c.expect ?? c.data)[i]
    lines[i] = jsonText(row)
  }
  fs.writeFileSync(path.join(outdir, `${name}.jsonl`), lines.length ? lines.join('\n') + '\n' : '')
}

// ---------------------------------------------------------------------------
// Generated source code

const WORDS = ['alpha', 'beta', 'gamma', 'delta', 'value', 'count', 'index', 'item', 'items', 'result',
  'buffer', 'config', 'path', 'name', 'token', 'record', 'parser', 'reader', 'writer', 'cache', 'limit',
  'offset', 'total', 'state', 'node', 'tree', 'graph', 'edge', 'weight', 'score', 'batch', 'model', 'layer',
  'stream', 'chunk', 'frame', 'queue', 'task', 'worker', 'pool', 'event', 'handler', 'request', 'response']
const COMMENTS = ['TODO: handle the empty case', 'keep this in sync with the schema', 'café naïve façade — ok',
  'größe ändern: 日本語のコメント', 'emoji in a comment 🐍✨', 'see the "docs" for details', 'tabs\tand\tquotes \' "',
  'backslash \\ in a comment', 'fast path for small inputs', 'Ω ≈ ∑ x²']

function ident(rng) {
  const n = rng.int(1, 3)
  const parts = []
  for (let i = 0; i < n; i++) parts.push(rng.pick(WORDS))
  return parts.join('_')
}

function expr(rng) {
  switch (rng.int(0, 6)) {
  case 0: return String(rng.int(-1000, 100000))
  case 1: return `"${rng.pick(WORDS)}-${rng.hex(6)}"`
  case 2: return `[${Array.from({ length: rng.int(0, 6) }, () => rng.int(0, 99)).join(', ')}]`
  case 3: return `${ident(rng)}(${ident(rng)}, ${rng.int(0, 9)})`
  case 4: return `{${Array.from({ length: rng.int(1, 3) }, () => `"${rng.pick(WORDS)}": ${rng.int(0, 9)}`).join(', ')}}`
  case 5: return `${ident(rng)} + ${ident(rng)} * ${rng.int(2, 9)}`
  default: return `${(rng.next() * 1000).toFixed(3)}`
  }
}

function statement(rng, indent) {
  switch (rng.int(0, 9)) {
  case 0: return `${indent}# ${rng.pick(COMMENTS)}`
  case 1: return `${indent}if ${ident(rng)} > ${rng.int(0, 100)}:\n${indent}    ${ident(rng)} = ${expr(rng)}`
  case 2: return `${indent}for ${rng.pick(WORDS)} in ${ident(rng)}:\n${indent}    print(${rng.pick(WORDS)}, ${expr(rng)})`
  case 3: return `${indent}${ident(rng)}.append(${expr(rng)})`
  default: return `${indent}${ident(rng)} = ${expr(rng)}`
  }
}

/** Python source of about targetBytes; with defs, it has functions and classes */
function pythonSource(rng, targetBytes, withDefs) {
  const out = []
  let size = 0
  const push = (text) => { out.push(text); size += text.length + 1 }
  if (rng.chance(0.3)) push('#!/usr/bin/env python3')
  if (rng.chance(0.5)) push(`"""${rng.pick(COMMENTS)}."""`)
  for (let i = rng.int(0, 4); i > 0; i--) push(rng.chance(0.5) ? `import ${rng.pick(WORDS)}` : `from ${rng.pick(WORDS)} import ${rng.pick(WORDS)}`)
  push('')
  while (size < targetBytes) {
    const r = rng.next()
    if (withDefs && r < 0.25) {
      push(`def ${ident(rng)}(${Array.from({ length: rng.int(0, 3) }, () => rng.pick(WORDS)).join(', ')}):`)
      if (rng.chance(0.5)) push(`    """${rng.pick(COMMENTS)}."""`)
      for (let i = rng.int(1, 6); i > 0; i--) push(statement(rng, '    '))
      push(`    return ${expr(rng)}`)
      push('')
    } else if (withDefs && r < 0.32) {
      push(`class ${rng.pick(WORDS)[0].toUpperCase()}${rng.pick(WORDS)}(object):`)
      for (let m = rng.int(1, 3); m > 0; m--) {
        push(`    def ${ident(rng)}(self, ${rng.pick(WORDS)}):`)
        for (let i = rng.int(1, 4); i > 0; i--) push(statement(rng, '        '))
        push('')
      }
    } else {
      push(statement(rng, ''))
    }
  }
  return out.join('\n') + '\n'
}

function lineStats(text) {
  const lines = text.split('\n')
  if (lines.length > 1 && lines.at(-1) === '') lines.pop()
  let total = 0
  let max = 0
  for (const line of lines) {
    total += line.length
    if (line.length > max) max = line.length
  }
  const alnum = text.replace(/[^\p{L}\p{N}]+/gu, '').length
  return { avg: total / lines.length, max, alnum: text.length ? alnum / text.length : 0 }
}

// ---------------------------------------------------------------------------
// the-stack.parquet: shaped like bigcode/the-stack (Python subset)

function theStack(outdir) {
  const rng = new Rng(0x5eed0001)
  const n = 3000
  const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'BSD-2-Clause', 'GPL-3.0-only', 'MPL-2.0', 'Unlicense', 'ISC']
  const big = new Set([7, 1234, 2222, 2999]) // rows with 200 KB+ content
  const cols = {
    hexsha: [], size: [], ext: [], lang: [], max_stars_repo_path: [], max_stars_repo_name: [],
    max_stars_repo_head_hexsha: [], max_stars_repo_licenses: [], max_stars_count: [],
    max_stars_repo_stars_event_min_datetime: [], max_stars_repo_stars_event_max_datetime: [],
    content: [], avg_line_length: [], max_line_length: [], alphanum_fraction: [],
  }
  const stamp = (ms) => new Date(ms).toISOString()
  for (let i = 0; i < n; i++) {
    const withDefs = i % 5 !== 3 // every fifth row has neither "def " nor "class "
    const target = big.has(i) ? rng.int(200_000, 420_000) : Math.floor(40 + 3000 * rng.next() ** 2)
    const content = pythonSource(rng, target, withDefs)
    if (!withDefs && /def |class /.test(content)) throw new Error(`the-stack row ${i}: unexpected def/class`)
    const stats = lineStats(content)
    const owner = `${rng.pick(WORDS)}${rng.int(0, 99)}`
    const repo = `${owner}/${ident(rng).replace(/_/g, '-')}`
    const hasStars = rng.chance(0.7)
    const start = 1262304000000 + Math.floor(rng.next() * 3.5e11) // 2010 .. 2021
    cols.hexsha.push(rng.hex(40))
    cols.size.push(BigInt(Buffer.byteLength(content, 'utf8')))
    cols.ext.push(rng.chance(0.97) ? 'py' : rng.pick(['pyw', 'pyi']))
    cols.lang.push('Python')
    cols.max_stars_repo_path.push(`${rng.pick(['src', 'lib', 'tests', 'scripts'])}/${rng.pick(WORDS)}/${ident(rng)}.py`)
    cols.max_stars_repo_name.push(repo)
    cols.max_stars_repo_head_hexsha.push(rng.hex(40))
    const licenses = []
    for (let k = rng.chance(0.05) ? 0 : rng.int(1, 2); k > 0; k--) licenses.push(rng.pick(LICENSES))
    cols.max_stars_repo_licenses.push(licenses)
    cols.max_stars_count.push(hasStars ? BigInt(rng.int(1, 60000)) : null)
    cols.max_stars_repo_stars_event_min_datetime.push(hasStars ? stamp(start) : null)
    cols.max_stars_repo_stars_event_max_datetime.push(hasStars ? stamp(start + rng.int(0, 3e10)) : null)
    cols.content.push(content)
    cols.avg_line_length.push(stats.avg)
    cols.max_line_length.push(BigInt(stats.max))
    cols.alphanum_fraction.push(stats.alnum)
  }
  const str = (name, encoding) => ({ name, schema: [stringLeaf(name)], data: cols[name], encoding })
  const int64 = (name) => ({ name, schema: [leaf(name, 'INT64')], data: cols[name] })
  const dbl = (name) => ({ name, schema: [leaf(name, 'DOUBLE')], data: cols[name] })
  writeDataset(outdir, 'the-stack', [
    str('hexsha'),
    int64('size'),
    str('ext', 'RLE_DICTIONARY'),
    str('lang', 'RLE_DICTIONARY'),
    str('max_stars_repo_path'),
    str('max_stars_repo_name'),
    str('max_stars_repo_head_hexsha'),
    { name: 'max_stars_repo_licenses', schema: listOf('max_stars_repo_licenses', [stringLeaf('element')]), data: cols.max_stars_repo_licenses },
    int64('max_stars_count'),
    str('max_stars_repo_stars_event_min_datetime'),
    str('max_stars_repo_stars_event_max_datetime'),
    str('content'),
    dbl('avg_line_length'),
    int64('max_line_length'),
    dbl('alphanum_fraction'),
  ], { rowGroupSize: 100 })
}

// ---------------------------------------------------------------------------
// github-code.parquet: shaped like codeparrot/github-code, GZIP

function githubCode(outdir) {
  const rng = new Rng(0x5eed0002)
  const n = 2000
  const LANGS = [
    ['Python', 'py'], ['JavaScript', 'js'], ['Java', 'java'], ['C', 'c'], ['C++', 'cpp'], ['Go', 'go'],
    ['Rust', 'rs'], ['Shell', 'sh'], ['Markdown', 'md'],
  ]
  const LICENSES = ['mit', 'apache-2.0', 'gpl-3.0', 'gpl-2.0', 'bsd-3-clause', 'agpl-3.0', 'lgpl-2.1', 'mpl-2.0']
  const code = []
  const repo = []
  const filePath = []
  const language = []
  const license = []
  const size = []
  for (let i = 0; i < n; i++) {
    const [lang, ext] = rng.pick(LANGS)
    let text
    if (lang === 'Python') {
      text = pythonSource(rng, rng.int(30, 3000), rng.chance(0.8))
    } else {
      const lines = []
      const target = rng.int(30, 3000)
      let len = 0
      while (len < target) {
        const line = lang === 'Shell' ? `${rng.pick(WORDS)}="${rng.hex(8)}"  # ${rng.pick(COMMENTS)}`
          : lang === 'Markdown' ? `- ${rng.pick(COMMENTS)} (${rng.pick(WORDS)})`
            : `  ${rng.pick(['int', 'let', 'var', 'auto'])} ${ident(rng)} = ${expr(rng)}; // ${rng.pick(COMMENTS)}`
        lines.push(line)
        len += line.length + 1
      }
      text = lines.join('\n') + (rng.chance(0.9) ? '\n' : '')
    }
    code.push(text)
    repo.push(`${rng.pick(WORDS)}-${rng.int(1, 500)}/${ident(rng)}`)
    filePath.push(`${rng.pick(['src', 'lib', 'pkg', 'cmd', ''])}${rng.chance(0.5) ? '/' : ''}${ident(rng)}.${ext}`)
    language.push(lang)
    license.push(rng.pick(LICENSES))
    size.push(Buffer.byteLength(text, 'utf8'))
  }
  writeDataset(outdir, 'github-code', [
    { name: 'code', schema: [stringLeaf('code')], data: code },
    { name: 'repo_name', schema: [stringLeaf('repo_name')], data: repo },
    { name: 'path', schema: [stringLeaf('path')], data: filePath },
    { name: 'language', schema: [stringLeaf('language')], data: language },
    { name: 'license', schema: [stringLeaf('license')], data: license },
    { name: 'size', schema: [leaf('size', 'INT32')], data: size },
  ], { rowGroupSize: 250, codec: 'GZIP' })
}

// ---------------------------------------------------------------------------
// shapes.parquet: every type and shape in scope

/** Fill a column to n rows: edge values first, then generated ones. */
function fill(n, edges, gen) {
  const out = edges.slice(0, n)
  for (let i = out.length; i < n; i++) out.push(gen(i))
  return out
}

function shapes(outdir) {
  const rng = new Rng(0x5eed0003)
  const n = 50
  const maybe = (p, f) => rng.chance(p) ? null : f()

  const STRINGS = ['', 'plain ascii', 'héllo wörld', '日本語のテキスト', 'emoji 😀🎉👩‍👩‍👧', 'quote " and backslash \\',
    'tab\tnewline\ncarriage\r', 'nul \u0000 byte', 'controls \u0001\u001f\u007f', 'line sep \u2028 para sep \u2029',
    '\uFEFFleading BOM', '/slashes/ and <html> & ampersand', 'ends with space ', 'x'.repeat(1000), null]
  const words = () => Array.from({ length: rng.int(1, 4) }, () => rng.pick(WORDS)).join(' ')

  // unsigned values come back as their unsigned value
  const u32 = fill(n, [0, 4294967295, 2147483648, 2147483647, 1], () => rng.int(0, 4294967295))
  const u64 = fill(n, [0n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 63n - 1n], () => BigInt.asUintN(64, rng.int64()))

  const doubles = fill(n, [0, -0, 1.5, 0.1, 1e300, 5e-324, -2.5e-8, NaN, Infinity, -Infinity, null, Math.PI,
    123456789.123, 1e21, 1e-7, 2 ** 53, -1.7976931348623157e308], () => maybe(0.1, () => (rng.next() - 0.5) * 10 ** rng.int(-5, 12)))
  const floats = fill(n, [0.5, -1.25, 3, null, NaN, Infinity, -Infinity, 1024, -65504, 0.0078125, 0, -0],
    () => maybe(0.1, () => rng.int(-4096, 4096) / 8))

  // raw bytes (BYTE_ARRAY, no annotation); invalid UTF-8 is replaced by U+FFFD
  const raw = fill(n, [
    bytes('valid utf-8 ✓'), new Uint8Array([0xff]), new Uint8Array([0x61, 0x80, 0x62]), new Uint8Array([0xc0, 0xaf]),
    new Uint8Array([0x61, 0xe6, 0x97, 0x62]), new Uint8Array([0xf0, 0x9f, 0x98]), new Uint8Array([0xed, 0xa0, 0x80]),
    new Uint8Array([]), null, new Uint8Array([0xef, 0xbb, 0xbf, 0x41]),
  ], () => maybe(0.2, () => bytes(words())))

  const decimal = (text, scale) => ({ text, unscaled: BigInt(text.replace('.', '')), scale })
  const decText = (v) => v && new RawNumber(v.text)
  const decUnscaled = (v) => v && v.unscaled
  /** a random decimal with up to precision - scale whole digits and exactly scale fraction digits */
  const decRandom = (precision, scale) => {
    let whole = ''
    for (let i = rng.int(0, precision - scale); i > 0; i--) whole += rng.int(0, 9)
    let fraction = ''
    for (let i = 0; i < scale; i++) fraction += rng.int(0, 9)
    return decimal(`${rng.chance(0.3) ? '-' : ''}${whole.replace(/^0+/, '') || '0'}.${fraction}`, scale)
  }
  const dec32 = fill(n, [decimal('12.34', 2), decimal('-0.05', 2), decimal('0.00', 2), decimal('9999999.99', 2),
    decimal('-9999999.99', 2), null], () => maybe(0.1, () => decRandom(9, 2)))
  const dec64 = fill(n, [decimal('1.0000', 4), decimal('-922337203685477.5808', 4), decimal('0.0001', 4)],
    () => decRandom(18, 4))
  const dec128 = fill(n, [decimal('1234567890123456789012345678.0123456789', 10), decimal('-0.0000000001', 10), null],
    () => maybe(0.1, () => decRandom(38, 10)))
  const decBytes = fill(n, [decimal('0.000', 3), decimal('-128.000', 3), decimal('99999999999999999.999', 3)],
    () => maybe(0.1, () => decRandom(20, 3)))

  const dates = fill(n, [0, -1, daysOf(2024, 2, 29), daysOf(1900, 1, 1), daysOf(9999, 12, 31), daysOf(1, 1, 1), null],
    () => maybe(0.1, () => rng.int(daysOf(1950, 1, 1), daysOf(2050, 1, 1))))
  const tsRandom = (unit) => {
    const ms = BigInt(rng.int(-2e12, 4e12))
    if (unit === 'MILLIS') return ms
    const per = unit === 'MICROS' ? 1000n : 1000000n
    return ms * per + BigInt(rng.int(0, Number(per) - 1))
  }
  const tsMs = fill(n, [0n, -1n, 1709210096789n, -62135596800000n, 253402300799999n, null], () => maybe(0.1, () => tsRandom('MILLIS')))
  const tsMsLocal = fill(n, [1709210096000n, -86400001n], () => maybe(0.1, () => tsRandom('MILLIS')))
  const tsUs = fill(n, [0n, -1n, 1709210096789012n, 999999n, null], () => maybe(0.1, () => tsRandom('MICROS')))
  const tsNsLocal = fill(n, [0n, -1n, 1709210096789012345n, 2n ** 63n - 1n, -(2n ** 63n)], () => maybe(0.1, () => tsRandom('NANOS')))

  const uuids = fill(n, ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '123e4567-e89b-12d3-a456-426614174000', null],
  () => maybe(0.1, () => `${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`))
  const fixed = fill(n, [bytes('abcd'), bytes('ab\u00e9'), new Uint8Array([0, 0, 0, 0]), null],
    () => maybe(0.1, () => bytes(rng.hex(4))))
  const jsonValues = fill(n, [{ a: 1, b: [true, null], c: 'ü' }, [], 'text', 12.5, null],
    () => maybe(0.2, () => ({ word: rng.pick(WORDS), n: rng.int(0, 99) })))
  const enums = fill(n, ['RED', 'GREEN', null], () => maybe(0.1, () => rng.pick(['RED', 'GREEN', 'BLUE'])))

  const tags = fill(n, [null, [], [null], ['a', null, 'b'], ['ünï', '', '😀']],
    () => maybe(0.15, () => Array.from({ length: rng.int(0, 5) }, () => maybe(0.1, () => rng.pick(WORDS)))))
  const reqList = fill(n, [[], [1, 2, 3], [-2147483648]], () => Array.from({ length: rng.int(0, 4) }, () => rng.int(-99, 99)))
  const matrix = fill(n, [null, [], [null], [[]], [[1, null], [2]], [null, [3], []]],
    () => maybe(0.1, () => Array.from({ length: rng.int(0, 3) },
      () => maybe(0.1, () => Array.from({ length: rng.int(0, 3) }, () => maybe(0.1, () => rng.int(-1000, 1000)))))))
  const people = fill(n, [
    null,
    { name: null, age: null, scores: null, address: null },
    { name: 'Ada', age: 36, scores: [1.5, null, -0.25], address: { city: 'London', zip: null } },
    { name: '', age: 0, scores: [], address: { city: null, zip: 12345 } },
  ], () => maybe(0.1, () => ({
    name: maybe(0.1, () => rng.pick(WORDS)),
    age: maybe(0.1, () => rng.int(0, 99)),
    scores: maybe(0.2, () => Array.from({ length: rng.int(0, 3) }, () => maybe(0.1, () => rng.int(0, 400) / 4))),
    address: maybe(0.3, () => ({ city: maybe(0.1, () => rng.pick(WORDS)), zip: maybe(0.2, () => rng.int(10000, 99999)) })),
  })))
  const points = fill(n, [null, [], [{ x: 0, y: null }, { x: -1.5, y: 2.25 }]],
    () => maybe(0.1, () => Array.from({ length: rng.int(0, 3) }, () => ({ x: rng.int(-100, 100) / 2, y: maybe(0.2, () => rng.int(-100, 100) / 4) }))))
  const attrs = fill(n, [null, {}, { a: 1, b: null }, { 'ключ': 2, '': 0, 'with "quote"': -1 }],
    () => maybe(0.1, () => Object.fromEntries(Array.from({ length: rng.int(0, 3) }, (_, k) => [`${rng.pick(WORDS)}${k}`, maybe(0.1, () => rng.int(-9, 9))]))))
  const intMapEntries = fill(n, [null, [], [[1, 'one'], [-5, 'minus five'], [2147483647, null]]],
    () => maybe(0.1, () => Array.from({ length: rng.int(0, 3) }, (_, k) => [k * 10 + rng.int(0, 9), rng.pick(WORDS)])))
  const listOfMaps = fill(n, [null, [], [null, {}, { k: 1 }]],
    () => maybe(0.2, () => Array.from({ length: rng.int(0, 2) }, () => ({ [rng.pick(WORDS)]: rng.int(0, 9) }))))

  const id = Array.from({ length: n }, (_, i) => i)
  writeDataset(outdir, 'shapes', [
    { name: 'id', schema: [leaf('id', 'INT32', 'REQUIRED')], data: id },
    { name: 'flag', schema: [leaf('flag', 'BOOLEAN')], data: fill(n, [true, false, null], () => maybe(0.2, () => rng.chance(0.5))) },
    { name: 'i32', schema: [leaf('i32', 'INT32', 'REQUIRED')], data: fill(n, [-2147483648, 2147483647, 0, -1, 1], () => rng.int(-2147483648, 2147483647)) },
    { name: 'i64', schema: [leaf('i64', 'INT64')],
      data: fill(n, [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 0n, null], () => maybe(0.1, () => rng.int64())) },
    { name: 'i8', schema: [leaf('i8', 'INT32', 'OPTIONAL', { converted_type: 'INT_8', logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: true } })],
      data: fill(n, [-128, 127, 0, null], () => rng.int(-128, 127)) },
    { name: 'u16', schema: [leaf('u16', 'INT32', 'OPTIONAL', { converted_type: 'UINT_16', logical_type: { type: 'INTEGER', bitWidth: 16, isSigned: false } })],
      data: fill(n, [0, 65535, null], () => rng.int(0, 65535)) },
    { name: 'u32', schema: [leaf('u32', 'INT32', 'REQUIRED', { converted_type: 'UINT_32' })], data: u32 },
    { name: 'u64', schema: [leaf('u64', 'INT64', 'REQUIRED', { converted_type: 'UINT_64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: false } })], data: u64 },
    { name: 'f64', schema: [leaf('f64', 'DOUBLE')], data: doubles },
    { name: 'f32', schema: [leaf('f32', 'FLOAT')], data: floats },
    { name: 's', schema: [stringLeaf('s')], data: fill(n, STRINGS, () => maybe(0.1, words)) },
    { name: 's_logical', schema: [leaf('s_logical', 'BYTE_ARRAY', 'OPTIONAL', { logical_type: { type: 'STRING' } })],
      data: fill(n, ['only a logical STRING annotation', '', null], () => maybe(0.1, words)) },
    { name: 's_required', schema: [stringLeaf('s_required', 'REQUIRED')], data: fill(n, ['', 'é'], words) },
    { name: 'raw', schema: [leaf('raw', 'BYTE_ARRAY')], data: raw, expect: raw.map(b => b && utf8Decoder.decode(b)) },
    { name: 'fixed', schema: [leaf('fixed', 'FIXED_LEN_BYTE_ARRAY', 'OPTIONAL', { type_length: 4 })],
      data: fixed, expect: fixed.map(b => b && utf8Decoder.decode(b)) },
    { name: 'uuid', schema: [leaf('uuid', 'FIXED_LEN_BYTE_ARRAY', 'OPTIONAL', { type_length: 16, logical_type: { type: 'UUID' } })], data: uuids },
    { name: 'dec32', schema: [leaf('dec32', 'INT32', 'OPTIONAL', { converted_type: 'DECIMAL', scale: 2, precision: 9, logical_type: { type: 'DECIMAL', scale: 2, precision: 9 } })],
      data: dec32.map(decUnscaled), expect: dec32.map(decText) },
    { name: 'dec64', schema: [leaf('dec64', 'INT64', 'REQUIRED', { converted_type: 'DECIMAL', scale: 4, precision: 18, logical_type: { type: 'DECIMAL', scale: 4, precision: 18 } })],
      data: dec64.map(decUnscaled), expect: dec64.map(decText) },
    { name: 'dec128', schema: [leaf('dec128', 'FIXED_LEN_BYTE_ARRAY', 'OPTIONAL', { type_length: 16, converted_type: 'DECIMAL', scale: 10, precision: 38, logical_type: { type: 'DECIMAL', scale: 10, precision: 38 } })],
      data: dec128.map(decUnscaled), expect: dec128.map(decText) },
    { name: 'dec_bytes', schema: [leaf('dec_bytes', 'BYTE_ARRAY', 'OPTIONAL', { converted_type: 'DECIMAL', scale: 3, precision: 20, logical_type: { type: 'DECIMAL', scale: 3, precision: 20 } })],
      data: decBytes.map(decUnscaled), expect: decBytes.map(decText) },
    { name: 'date', schema: [leaf('date', 'INT32', 'OPTIONAL', { converted_type: 'DATE', logical_type: { type: 'DATE' } })],
      data: dates, expect: dates.map(d => d === null ? null : dateText(d)) },
    { name: 'ts_ms', schema: [leaf('ts_ms', 'INT64', 'OPTIONAL', { converted_type: 'TIMESTAMP_MILLIS' })],
      data: tsMs, expect: tsMs.map(v => v === null ? null : timestampText(v, 'MILLIS', true)) },
    { name: 'ts_ms_local', schema: [leaf('ts_ms_local', 'INT64', 'OPTIONAL', { logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' } })],
      data: tsMsLocal, expect: tsMsLocal.map(v => v === null ? null : timestampText(v, 'MILLIS', false)) },
    { name: 'ts_us', schema: [leaf('ts_us', 'INT64', 'OPTIONAL', { converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } })],
      data: tsUs, expect: tsUs.map(v => v === null ? null : timestampText(v, 'MICROS', true)) },
    { name: 'ts_ns_local', schema: [leaf('ts_ns_local', 'INT64', 'OPTIONAL', { logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'NANOS' } })],
      data: tsNsLocal, expect: tsNsLocal.map(v => v === null ? null : timestampText(v, 'NANOS', false)) },
    { name: 'json', schema: [leaf('json', 'BYTE_ARRAY', 'OPTIONAL', { converted_type: 'JSON', logical_type: { type: 'JSON' } })],
      data: jsonValues, expect: jsonValues.map(v => v === null ? null : JSON.stringify(v)) },
    { name: 'enum', schema: [leaf('enum', 'BYTE_ARRAY', 'OPTIONAL', { converted_type: 'ENUM', logical_type: { type: 'ENUM' } })],
      data: enums.map(v => v && bytes(v)), expect: enums },
    { name: 'tags', schema: listOf('tags', [stringLeaf('element')]), data: tags },
    { name: 'req_list', schema: listOf('req_list', [leaf('element', 'INT32', 'REQUIRED')], 'REQUIRED'), data: reqList },
    { name: 'matrix', schema: listOf('matrix', listOf('element', [leaf('element', 'INT32')])), data: matrix },
    { name: 'person', schema: struct('person', [
      stringLeaf('name'),
      leaf('age', 'INT32'),
      listOf('scores', [leaf('element', 'DOUBLE')]),
      struct('address', [stringLeaf('city'), leaf('zip', 'INT32')]),
    ]), data: people },
    { name: 'points', schema: listOf('points', struct('element', [leaf('x', 'DOUBLE', 'REQUIRED'), leaf('y', 'DOUBLE')])), data: points },
    { name: 'attrs', schema: mapOf('attrs', [stringLeaf('key', 'REQUIRED')], [leaf('value', 'INT32')]), data: attrs },
    { name: 'int_map', schema: mapOf('int_map', [leaf('key', 'INT32', 'REQUIRED')], [stringLeaf('value')]),
      data: intMapEntries.map(e => e && new Map(e)),
      expect: intMapEntries.map(e => e && Object.fromEntries(e.map(([k, v]) => [String(k), v]))) },
    { name: 'maps', schema: listOf('maps', mapOf('element', [stringLeaf('key', 'REQUIRED')], [leaf('value', 'INT32')])), data: listOfMaps },
  ])
}

// ---------------------------------------------------------------------------
// encodings.parquet: the same columns under each encoding hyparquet-writer offers

function encodings(outdir) {
  const rng = new Rng(0x5eed0004)
  const n = 4000
  const PREFIXES = ['https://example.com/', 'https://example.com/a/', 'file:///usr/lib/', 'café/', '日本/', '']
  const strings = Array.from({ length: n }, (_, i) => i % 97 === 5 ? null
    : `${rng.pick(PREFIXES)}${rng.pick(WORDS)}${i % 3 ? '/' + rng.pick(WORDS) : ''}${rng.int(0, 50)}`)
  const fewStrings = Array.from({ length: n }, () => rng.pick(['red', 'green', 'blue', 'cyan', 'ünïcode', '']))
  const int32s = Array.from({ length: n }, (_, i) => {
    if (i < 6) return [-2147483648, 2147483647, -2147483648, 0, 2147483647, -1][i]
    if (i % 50 === 7) return null
    return rng.chance(0.5) ? i * 3 - 1000 : rng.int(-2147483648, 2147483647)
  })
  const int64s = Array.from({ length: n }, (_, i) => {
    if (i < 4) return [-(2n ** 63n), 2n ** 63n - 1n, -(2n ** 63n), 0n][i]
    if (i % 61 === 3) return null
    return rng.chance(0.5) ? BigInt(i) * 1000003n : rng.int64()
  })
  const doubles = Array.from({ length: n }, (_, i) => i % 71 === 1 ? null
    : i === 2 ? -0 : (rng.next() - 0.5) * 10 ** rng.int(-10, 10))
  // FLOAT values of at most 6 significant digits: their shortest float and double texts agree
  const floats = Array.from({ length: n }, (_, i) => i % 83 === 2 ? null : rng.int(-20000, 20000) / 4)
  const bools = Array.from({ length: n }, (_, i) => i % 41 === 0 ? null : rng.chance(0.7))
  const required = (values, fallback) => values.map(v => v ?? fallback)
  const nonNull = (v) => v === null ? 'null' : v
  const columns = []
  const add = (name, type, data, encoding, extra = {}, repetition = 'OPTIONAL') =>
    columns.push({ name, schema: [leaf(name, type, repetition, extra)], data, encoding })
  for (const enc of ['PLAIN', 'RLE_DICTIONARY', 'DELTA_LENGTH_BYTE_ARRAY', 'DELTA_BYTE_ARRAY']) {
    add(`s_${enc.toLowerCase()}`, 'BYTE_ARRAY', strings, enc, UTF8)
    add(`few_${enc.toLowerCase()}`, 'BYTE_ARRAY', fewStrings, enc, UTF8, 'REQUIRED')
  }
  add('s_required_delta_byte_array', 'BYTE_ARRAY', strings.map(nonNull), 'DELTA_BYTE_ARRAY', UTF8, 'REQUIRED')
  for (const enc of ['PLAIN', 'RLE_DICTIONARY', 'DELTA_BINARY_PACKED', 'BYTE_STREAM_SPLIT']) {
    add(`i32_${enc.toLowerCase()}`, 'INT32', int32s, enc)
    add(`i64_${enc.toLowerCase()}`, 'INT64', int64s, enc)
  }
  add('i32_required_delta', 'INT32', required(int32s, 0), 'DELTA_BINARY_PACKED', {}, 'REQUIRED')
  add('i64_required_delta', 'INT64', required(int64s, 0n), 'DELTA_BINARY_PACKED', {}, 'REQUIRED')
  for (const enc of ['PLAIN', 'RLE_DICTIONARY', 'BYTE_STREAM_SPLIT']) {
    add(`f64_${enc.toLowerCase()}`, 'DOUBLE', doubles, enc)
    add(`f32_${enc.toLowerCase()}`, 'FLOAT', floats, enc)
  }
  add('f64_required_bss', 'DOUBLE', required(doubles, 0), 'BYTE_STREAM_SPLIT', {}, 'REQUIRED')
  const fixed = strings.map(s => s === null ? null : bytes(s.padEnd(12, '.').slice(0, 12).replace(/[^\x20-\x7e]/g, '?')))
  add('flba_byte_stream_split', 'FIXED_LEN_BYTE_ARRAY', fixed, 'BYTE_STREAM_SPLIT', { type_length: 12 })
  columns.at(-1).expect = fixed.map(b => b && utf8Decoder.decode(b))
  add('bool_plain', 'BOOLEAN', bools, 'PLAIN')
  add('bool_rle', 'BOOLEAN', bools, 'RLE')
  writeDataset(outdir, 'encodings', columns, { pageSize: 4096, rowGroupSize: 2000 })
}

// ---------------------------------------------------------------------------
// codecs-*.parquet: the same 500 rows under each codec

function codecs(outdir) {
  for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI']) {
    const rng = new Rng(0x5eed0005) // same rows in every file
    const n = 500
    const text = Array.from({ length: n }, (_, i) => i % 37 === 0 ? null : pythonSource(rng, rng.int(20, 600), rng.chance(0.5)))
    const num = Array.from({ length: n }, (_, i) => BigInt(i) * 7919n - 1000n)
    const score = Array.from({ length: n }, () => rng.int(0, 1 << 20) / 1024)
    const labels = Array.from({ length: n }, () => Array.from({ length: rng.int(0, 3) }, () => rng.pick(WORDS)))
    writeDataset(outdir, `codecs-${codec.toLowerCase()}`, [
      { name: 'text', schema: [stringLeaf('text')], data: text },
      { name: 'num', schema: [leaf('num', 'INT64', 'REQUIRED')], data: num },
      { name: 'score', schema: [leaf('score', 'DOUBLE')], data: score },
      { name: 'labels', schema: listOf('labels', [stringLeaf('element')]), data: labels },
    ], { codec, rowGroupSize: 200, pageSize: 16384 })
  }
}

// ---------------------------------------------------------------------------
// large-strings.parquet: strings of 1-8 MiB, each its own page above the default page size

function largeStrings(outdir) {
  const rng = new Rng(0x5eed0006)
  const MiB = 1 << 20
  const sizes = [1 * MiB, 2 * MiB + 17, 8 * MiB, 3 * MiB - 3]
  const chunk = Array.from({ length: 512 }, () => `${rng.pick(WORDS)} ${rng.pick(COMMENTS)} ${rng.int(0, 1e6)}\n`).join('')
  const text = sizes.map((size, i) => {
    // repeating chunks plus a varying head, cut to exactly `size` UTF-8 bytes (the chunk has multi-byte chars)
    let s = `row ${i}: ` + chunk.repeat(Math.ceil(size / chunk.length) + 1)
    let buf = Buffer.from(s, 'utf8').subarray(0, size)
    while ((buf[buf.length - 1] & 0xc0) === 0x80 || buf[buf.length - 1] >= 0xc0) buf = buf.subarray(0, buf.length - 1)
    return buf.toString('utf8')
  })
  writeDataset(outdir, 'large-strings', [
    { name: 'id', schema: [leaf('id', 'INT32', 'REQUIRED')], data: sizes.map((_, i) => i) },
    { name: 'text', schema: [stringLeaf('text', 'REQUIRED')], data: text },
    { name: 'size', schema: [leaf('size', 'INT64', 'REQUIRED')], data: text.map(t => BigInt(Buffer.byteLength(t))) },
  ])
}

// ---------------------------------------------------------------------------

function main() {
  const outdir = process.argv[2]
  if (!outdir || process.argv.length > 3) {
    process.stderr.write('usage: write.mjs OUTDIR\n')
    process.exit(2)
  }
  try {
    fs.mkdirSync(outdir) // not recursive: node's recursive mkdir can spin forever (e.g. under /proc)
  } catch (e) {
    if (e.code !== 'EEXIST') throw e
  }
  theStack(outdir)
  githubCode(outdir)
  shapes(outdir)
  encodings(outdir)
  codecs(outdir)
  largeStrings(outdir)
}

try {
  main()
} catch (e) {
  process.stderr.write(`write.mjs: ${e instanceof Error ? e.message : e}\n`)
  process.exit(1)
}
