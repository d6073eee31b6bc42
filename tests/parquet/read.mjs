#!/usr/bin/env node
// read.mjs FILE.parquet [COLUMN,...]: print the rows of FILE as JSONL, one
// object per row, keys in schema order, in the row convention of README.md.
// hyparquet decodes the pages (the independent reference reader); this script
// only turns its physical values into the convention. Exits 1 with a message
// when hyparquet cannot read the file.

import { execFileSync } from 'node:child_process'
import zlib from 'node:zlib'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet'
import { decimalText, jsonText, RawNumber } from './jsonl.mjs'

// ---------------------------------------------------------------------------
// Decompressors: hyparquet has SNAPPY built in; the rest come from node's zlib,
// the zstd command (node 20 has no zstd), and a small LZ4 block decoder here.

/** Decode one LZ4 block from src into dst[pos, limit); returns the new pos. */
function lz4Block(src, dst, pos, limit) {
  let i = 0
  const n = src.length
  while (i < n) {
    const token = src[i++]
    let literals = token >>> 4
    if (literals === 15) {
      let b
      do { b = src[i++]; literals += b } while (b === 255 && i < n)
    }
    if (i + literals > n || pos + literals > limit) throw new Error('lz4: literals run past the end')
    dst.set(src.subarray(i, i + literals), pos)
    i += literals
    pos += literals
    if (i >= n) break // the last sequence has literals only
    const offset = src[i] | src[i + 1] << 8
    i += 2
    let length = token & 15
    if (length === 15) {
      let b
      do { b = src[i++]; length += b } while (b === 255 && i < n)
    }
    length += 4
    if (offset === 0 || offset > pos || pos + length > limit) throw new Error('lz4: bad match')
    for (let k = 0; k < length; k++, pos++) dst[pos] = dst[pos - offset]
  }
  return pos
}

const u32be = (b, i) => (b[i] << 24 | b[i + 1] << 16 | b[i + 2] << 8 | b[i + 3]) >>> 0
const u32le = (b, i) => (b[i] | b[i + 1] << 8 | b[i + 2] << 16 | b[i + 3] << 24) >>> 0

function lz4Raw(src, size) {
  const dst = new Uint8Array(size)
  if (lz4Block(src, dst, 0, size) !== size) throw new Error('lz4: short output')
  return dst
}

/** Hadoop framing: [u32be output size, ([u32be compressed size] block)+]+ */
function lz4Hadoop(src, size) {
  const dst = new Uint8Array(size)
  let i = 0
  let pos = 0
  while (i < src.length) {
    if (i + 4 > src.length) throw new Error('lz4 hadoop: truncated')
    const end = pos + u32be(src, i)
    i += 4
    if (end > size) throw new Error('lz4 hadoop: too much output')
    while (pos < end) {
      if (i + 4 > src.length) throw new Error('lz4 hadoop: truncated')
      const length = u32be(src, i)
      i += 4
      if (i + length > src.length) throw new Error('lz4 hadoop: truncated')
      const start = pos
      pos = lz4Block(src.subarray(i, i + length), dst.subarray(start, end), 0, end - start) + start
      i += length
    }
  }
  if (pos !== size) throw new Error('lz4 hadoop: short output')
  return dst
}

/** LZ4 frame format (magic 04 22 4d 18) */
function lz4Frame(src, size) {
  if (u32le(src, 0) !== 0x184d2204) throw new Error('lz4: not a frame')
  const flags = src[4]
  let i = 6 + (flags & 8 ? 8 : 0) + (flags & 1 ? 4 : 0) + 1
  const dst = new Uint8Array(size)
  let pos = 0
  for (;;) {
    const word = u32le(src, i)
    i += 4
    if (word === 0) break
    const length = word & 0x7fffffff
    if (word & 0x80000000) {
      dst.set(src.subarray(i, i + length), pos)
      pos += length
    } else {
      pos = lz4Block(src.subarray(i, i + length), dst, pos, size)
    }
    i += length + (flags & 16 ? 4 : 0)
  }
  if (pos !== size) throw new Error('lz4 frame: short output')
  return dst
}

const compressors = {
  GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
  ZSTD: (input) => typeof zlib.zstdDecompressSync === 'function'
    ? new Uint8Array(zlib.zstdDecompressSync(input))
    : new Uint8Array(execFileSync('zstd', ['-d', '-c', '-q'], { input, maxBuffer: 1 << 30 })),
  LZ4_RAW: lz4Raw,
  // the deprecated LZ4 codec: Hadoop framing, else the frame format, else a raw block
  LZ4: (input, size) => {
    try { return lz4Hadoop(input, size) } catch { /* next */ }
    try { return lz4Frame(input, size) } catch { /* next */ }
    return lz4Raw(input, size)
  },
}

// ---------------------------------------------------------------------------
// Physical value -> convention

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }) // invalid UTF-8 -> U+FFFD, BOM kept

const floorDiv = (a, b) => {
  const q = a / b
  return q * b > a ? q - 1n : q
}
const pad = (v, n) => String(v).padStart(n, '0')

/** proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days) */
function civil(days) {
  const z = days + 719468n
  const era = floorDiv(z, 146097n)
  const doe = z - era * 146097n
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n)
  const mp = (5n * doy + 2n) / 153n
  const d = doy - (153n * mp + 2n) / 5n + 1n
  const m = mp < 10n ? mp + 3n : mp - 9n
  const y = yoe + era * 400n + (m <= 2n ? 1n : 0n)
  const year = y < 0n ? '-' + pad(-y, 4) : pad(y, 4)
  return `${year}-${pad(m, 2)}-${pad(d, 2)}`
}

const UNITS = { MILLIS: [1000n, 3], MICROS: [1000000n, 6], NANOS: [1000000000n, 9] }

function timestamp(count, unit, utc) {
  const [perSecond, digits] = UNITS[unit]
  const seconds = floorDiv(count, perSecond)
  const fraction = count - seconds * perSecond
  const days = floorDiv(seconds, 86400n)
  const s = seconds - days * 86400n
  return `${civil(days)}T${pad(s / 3600n, 2)}:${pad(s / 60n % 60n, 2)}:${pad(s % 60n, 2)}.${pad(fraction, digits)}${utc ? 'Z' : ''}`
}

/** shortest decimal that reads back as the same float32 (FLOAT columns) */
function float32(v) {
  if (!Number.isFinite(v)) return null
  if (v === 0 || Number.isInteger(v) && Math.abs(v) < 2 ** 24) return v
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p))
    if (Math.fround(candidate) === v) return candidate
  }
  return v
}

/** big-endian two's complement */
function signedBytes(bytes) {
  let v = 0n
  for (const b of bytes) v = v << 8n | BigInt(b)
  return bytes.length && bytes[0] & 0x80 ? v - (1n << BigInt(bytes.length * 8)) : v
}

function float16(bytes) {
  const bits = bytes[1] << 8 | bytes[0]
  const sign = bits & 0x8000 ? -1 : 1
  const exp = bits >> 10 & 0x1f
  const frac = bits & 0x3ff
  if (exp === 0x1f) return null // NaN, ±Infinity
  return exp === 0 ? sign * frac * 2 ** -24 : sign * (1024 + frac) * 2 ** (exp - 25)
}

const isUnsigned = (el) => /^UINT_/.test(el.converted_type ?? '') ||
  el.logical_type?.type === 'INTEGER' && el.logical_type.isSigned === false

/** timestamp unit and UTC flag of an INT64 column, or undefined */
function timestampOf(el) {
  const lt = el.logical_type
  if (lt?.type === 'TIMESTAMP') return { unit: lt.unit, utc: !!lt.isAdjustedToUTC }
  if (el.converted_type === 'TIMESTAMP_MILLIS') return { unit: 'MILLIS', utc: true }
  if (el.converted_type === 'TIMESTAMP_MICROS') return { unit: 'MICROS', utc: true }
  return undefined
}

/**
 * @param {any} v physical value from hyparquet (annotations stripped)
 * @param {import('hyparquet').SchemaElement} el the original schema element
 */
function leafValue(v, el) {
  if (v === null || v === undefined) return null
  const lt = el.logical_type
  if (el.converted_type === 'DECIMAL' || lt?.type === 'DECIMAL') {
    const scale = lt?.type === 'DECIMAL' ? lt.scale : el.scale ?? 0
    const unscaled = v instanceof Uint8Array ? signedBytes(v) : BigInt(v)
    return new RawNumber(decimalText(unscaled, scale))
  }
  switch (el.type) {
  case 'BOOLEAN':
    return v
  case 'INT32':
    if (el.converted_type === 'DATE' || lt?.type === 'DATE') return civil(BigInt(v))
    return isUnsigned(el) ? v >>> 0 : v
  case 'INT64': {
    const ts = timestampOf(el)
    if (ts) return timestamp(BigInt(v), ts.unit, ts.utc)
    return isUnsigned(el) ? BigInt.asUintN(64, BigInt(v)) : BigInt(v)
  }
  case 'INT96': // nanoseconds since the epoch, from the parser below
    return timestamp(v, 'NANOS', true)
  case 'FLOAT':
    return float32(v)
  case 'DOUBLE':
    return Number.isFinite(v) ? v : null
  case 'FIXED_LEN_BYTE_ARRAY':
    if (lt?.type === 'UUID') {
      const hex = Array.from(v, (b) => b.toString(16).padStart(2, '0')).join('')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    }
    if (lt?.type === 'FLOAT16') return float16(v)
    return utf8.decode(v)
  case 'BYTE_ARRAY':
    return typeof v === 'string' ? v : utf8.decode(v)
  }
  throw new Error(`unknown physical type ${el.type} for ${el.name}`)
}

/** Map keys arrive as hyparquet's String(key): turn them into the key's text. */
function mapKey(text, node) {
  const el = node.element
  let raw
  switch (el.type) {
  case 'BYTE_ARRAY': case 'FIXED_LEN_BYTE_ARRAY': return text // decoded as UTF-8 by hyparquet
  case 'BOOLEAN': raw = text === 'true'; break
  case 'INT32': case 'FLOAT': case 'DOUBLE': raw = Number(text); break
  default: raw = BigInt(text)
  }
  const value = leafValue(raw, el)
  return typeof value === 'string' ? value : jsonText(value)
}

const annotated = (el, type) => el.converted_type === type || el.logical_type?.type === type

/** hyparquet's list test, on the original tree */
const listLike = (node) => annotated(node.element, 'LIST') && node.children.length === 1 &&
  node.children[0].element.repetition_type === 'REPEATED' && node.children[0].children.length <= 1

/**
 * Convert hyparquet's assembled value of a schema node.
 * @param {any} v
 * @param {any} node schema tree node
 * @param {boolean} [element] true when v is one element of a repeated node
 */
function convert(v, node, element = false) {
  const el = node.element
  if (!element && el.repetition_type === 'REPEATED') { // un-annotated repeated field: an array
    return v === null || v === undefined ? [] : Array.from(v, (x) => convert(x, node, true))
  }
  if (v === null || v === undefined) return null
  if (!node.children.length) return leafValue(v, el)
  if (annotated(el, 'LIST')) {
    const repeated = node.children[0]
    if (!listLike(node)) { // legacy list of a repeated group with several fields: hyparquet made it a struct
      return Array.from(v[repeated.element.name] ?? [], (x) => convert(x, repeated, true))
    }
    if (!repeated.children.length) return Array.from(v, (x) => convert(x, repeated, true)) // 2-level list
    const only = repeated.children[0]
    if (repeated.element.name === 'array' || repeated.element.name === `${el.name}_tuple`) {
      // backward-compatibility rule: the repeated group is the element, a struct of one field
      return Array.from(v, (x) => ({ [only.element.name]: convert(x, only) }))
    }
    return Array.from(v, (x) => convert(x, only))
  }
  if (annotated(el, 'MAP') && node.children.length === 1 && node.children[0].children.length === 2) {
    const [keyNode, valueNode] = node.children[0].children
    const out = {}
    for (const [k, x] of Object.entries(v)) out[mapKey(k, keyNode)] = convert(x, valueNode)
    return out
  }
  const out = {}
  for (const child of node.children) out[child.element.name] = convert(v[child.element.name], child)
  return out
}

/**
 * A copy of the metadata whose leaves carry no annotation, so hyparquet hands
 * over physical values (DECIMAL, DATE, TIMESTAMP, UUID, ... are converted
 * here); LIST/MAP groups keep theirs, with the converted type filled in from
 * the logical type, which is the one hyparquet looks at.
 */
function physicalMetadata(metadata) {
  const tree = parquetSchema(metadata)
  const mapKeys = new Set()
  const walk = (node) => {
    if (annotated(node.element, 'MAP') && node.children[0]?.children.length === 2) mapKeys.add(node.children[0].children[0].element)
    node.children.forEach(walk)
  }
  walk(tree)
  const schema = metadata.schema.map((el) => {
    if (el.num_children) {
      const copy = { ...el }
      if (!copy.converted_type && (el.logical_type?.type === 'LIST' || el.logical_type?.type === 'MAP')) {
        copy.converted_type = el.logical_type.type
      }
      return copy
    }
    const copy = { ...el }
    delete copy.converted_type
    delete copy.logical_type
    // map keys are turned into object keys by hyparquet: have it decode text keys
    if (mapKeys.has(el) && (el.type === 'BYTE_ARRAY' || el.type === 'FIXED_LEN_BYTE_ARRAY')) copy.converted_type = 'UTF8'
    return copy
  })
  return { ...metadata, schema }
}

const CHUNK_LIMIT = 1 << 29 // bytes of one uncompressed column chunk

async function main() {
  const args = process.argv.slice(2)
  if (!args.length || args[0].startsWith('-')) {
    process.stderr.write('usage: read.mjs FILE.parquet [COLUMN,...]\n')
    process.exit(2)
  }
  const filename = args[0]
  const wanted = args.slice(1).flatMap((a) => a.split(',')).filter(Boolean)
  const file = await asyncBufferFromFile(filename)
  const metadata = await parquetMetadataAsync(file, { geoparquet: false })
  const tree = parquetSchema(metadata)
  const top = tree.children
  for (const name of wanted) {
    if (!top.some((c) => c.element.name === name)) throw new Error(`no column named ${JSON.stringify(name)}`)
  }
  const selected = wanted.length ? top.filter((c) => wanted.includes(c.element.name)) : top
  // hyparquet holds a whole column chunk in memory, and a JS string tops out near 512 Mi
  // characters: fail fast instead of after minutes and gigabytes
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const columnPath = chunk.meta_data?.path_in_schema ?? []
      if (selected.some((c) => c.element.name === columnPath[0]) && Number(chunk.meta_data.total_uncompressed_size) > CHUNK_LIMIT) {
        throw new Error(`column chunk ${columnPath.join('.')} is ${chunk.meta_data.total_uncompressed_size} bytes ` +
          `uncompressed, more than read.mjs can hold (${CHUNK_LIMIT})`)
      }
    }
  }
  const rows = await parquetReadObjects({
    file,
    metadata: physicalMetadata(metadata),
    columns: selected.map((c) => c.element.name),
    compressors,
    utf8: false,
    geoparquet: false,
    parsers: {
      // with the annotations stripped, only INT96 reaches a parser: keep all nanoseconds
      timestampFromNanoseconds: (nanos) => nanos,
      stringFromBytes: (b) => b && utf8.decode(b),
    },
  })
  const out = []
  let size = 0
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''))
    out.length = 0
    size = 0
  }
  for (const row of rows) {
    const converted = {}
    for (const node of selected) converted[node.element.name] = convert(row[node.element.name], node)
    const line = jsonText(converted) + '\n'
    out.push(line)
    size += line.length
    if (size > 1 << 22) flush()
  }
  flush()
}

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})
main().catch((e) => {
  process.stderr.write(`read.mjs: ${process.argv[2]}: ${e instanceof Error ? e.message : e}\n`)
  process.exit(1)
})
