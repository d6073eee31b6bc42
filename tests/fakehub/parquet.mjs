// The parquet files of fakehub (tests/fakehub/README.md), written with hyparquet-writer and read
// back with hyparquet, both from tests/parquet/node_modules (./bootstrap.sh installs them).
//
//   node tests/fakehub/parquet.mjs < SPEC.json      writes the files of SPEC
//   node tests/fakehub/parquet.mjs --read FILE...   prints each file's layout and rows as JSON
//
// SPEC is a JSON list of files, each an object with:
//   path          where to write it (fakehub gives a temporary name, then renames the file)
//   columns       [[name, type], ...] in file order; type is "STRING", "INT64", "INT32", "DOUBLE",
//                 "BOOLEAN", {"list": type} or {"struct": [[name, type], ...]}. Every field is
//                 nullable, and lists are 3-level LISTs (list/element), as pyarrow writes them.
//   rows          a list of objects (INT64 values as JSON numbers; a missing key is null), or
//   generate      {"kind": "code", "rowGroups": G, "rowsPerGroup": R}: G row groups of R rows of
//                 synthetic source code (columns content, lang, path), made here, one row group at
//                 a time (fakehub's benchmark file: too big to send as JSON)
//   rowGroupSize  rows per row group (default: one row group)
//   codec         "SNAPPY" (default), "GZIP" (node's zlib) or "UNCOMPRESSED"
//   pageSize      target page size in bytes (default: hyparquet-writer's, 1 MiB)
//   kvMetadata    [{key, value}, ...] (optional)
// The output depends only on SPEC and the package versions: the same SPEC gives the same bytes.
//
// --read prints a JSON list with, for each FILE: num_rows, created_by, key_value_metadata,
// columns (in SPEC's notation), row_groups ([{num_rows, codecs}]) and rows (objects with every
// column; null for a null; INT64 as a JSON number).

import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'

import { mulberry32 } from '../parquet/mulberry32.mjs'

const MODULES = new URL('../parquet/node_modules/', import.meta.url)

async function importPackage(name) {
  try {
    return await import(new URL(`${name}/src/node.js`, MODULES))
  } catch (e) {
    process.stderr.write(`parquet.mjs: cannot load ${name} from ${fileURLToPath(MODULES)} ` +
                         `(./bootstrap.sh installs it): ${e.message}\n`)
    process.exit(2)
  }
}

const COMPRESSORS = { GZIP: input => new Uint8Array(zlib.gzipSync(input)) }
const DECOMPRESSORS = { GZIP: input => new Uint8Array(zlib.gunzipSync(input)) }

const LEAVES = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  INT64: { type: 'INT64' },
  INT32: { type: 'INT32' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
}

// -- writing

function schemaOf(columns) {
  const schema = [{ name: 'root', num_children: columns.length }]
  const add = (name, type) => {
    if (typeof type === 'string') {
      if (!LEAVES[type]) throw new Error(`unknown type ${type} of ${name}`)
      schema.push({ name, ...LEAVES[type], repetition_type: 'OPTIONAL' })
    } else if (type.list !== undefined) {
      schema.push({ name, repetition_type: 'OPTIONAL', converted_type: 'LIST', logical_type: { type: 'LIST' },
                    num_children: 1 })
      schema.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 })
      add('element', type.list)
    } else if (type.struct !== undefined) {
      schema.push({ name, repetition_type: 'OPTIONAL', num_children: type.struct.length })
      for (const [child, childType] of type.struct) add(child, childType)
    } else {
      throw new Error(`unknown type ${JSON.stringify(type)} of ${name}`)
    }
  }
  for (const [name, type] of columns) add(name, type)
  return schema
}

const hasInt64 = type => typeof type === 'string' ? type === 'INT64'
  : type.list !== undefined ? hasInt64(type.list) : type.struct.some(([, t]) => hasInt64(t))

// JSON values to what hyparquet-writer wants: INT64 as BigInt, null for missing
function toWriter(value, type) {
  if (value === null || value === undefined) return null
  if (typeof type === 'string') return type === 'INT64' ? BigInt(value) : value
  if (type.list !== undefined) return value.map(v => toWriter(v, type.list))
  const out = {}
  for (const [name, t] of type.struct) out[name] = toWriter(value[name], t)
  return out
}

function columnData(columns, rows) {
  return columns.map(([name, type]) => ({
    name,
    data: hasInt64(type) || typeof type !== 'string' ? rows.map(r => toWriter(r[name], type))
      : rows.map(r => r[name] ?? null),
  }))
}

function options(file) {
  const out = { codec: file.codec ?? 'SNAPPY', compressors: COMPRESSORS }
  if (file.pageSize !== undefined) out.pageSize = file.pageSize
  if (file.kvMetadata !== undefined) out.kvMetadata = file.kvMetadata
  return out
}

function writeRows(w, file) {
  const rows = file.rows
  w.parquetWriteFile({
    filename: file.path,
    schema: schemaOf(file.columns),
    columnData: columnData(file.columns, rows),
    rowGroupSize: file.rowGroupSize ?? Math.max(rows.length, 1),
    ...options(file),
  })
}

// -- the benchmark's synthetic code (deterministic: a PRNG seeded by the row number)


const WORDS = ('load parse merge count filter render fetch split clean index token user line row path event ' +
  'buffer cache frame packet record schema column page group offset length header footer stream reader ' +
  'writer value table query result error retry limit budget worker queue batch chunk block store image ' +
  'label score weight node edge graph tree leaf root child parent order key map set list range window').split(' ')
const CODE_LANGS = [
  { lang: 'Python', ext: 'py' }, { lang: 'Go', ext: 'go' }, { lang: 'JavaScript', ext: 'js' },
  { lang: 'Rust', ext: 'rs' }, { lang: 'C++', ext: 'cpp' },
]
const DIRS = ['src', 'lib', 'cmd', 'pkg', 'internal', 'tools', 'app']

function codeRow(n) {
  const r = mulberry32(Math.imul(n + 1, 0x9E3779B1) ^ 0x5EED)
  const pick = list => list[Math.floor(r() * list.length)]
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1))
  const word = () => pick(WORDS)
  const letters = k => { let s = ''; for (let i = 0; i < k; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[int(0, 35)]; return s }
  const ident = () => `${word()}_${word()}${r() < 0.5 ? int(0, 999) : ''}`
  const camel = () => { const w = word(); return w[0].toUpperCase() + w.slice(1) + word()[0].toUpperCase() + word().slice(1) }
  const sentence = () => Array.from({ length: int(4, 12) }, word).join(' ')
  const { lang, ext } = pick(CODE_LANGS)
  const block = {
    Python: () => [`def ${ident()}(${ident()}, ${ident()}=${int(0, 99999)}):`, `    """${sentence()}."""`,
      `    ${'x' + letters(3)} = len("${letters(int(6, 24))}") * ${int(1, 9999)}`,
      `    if ${'x' + letters(3)} > ${int(0, 99999)}:`, `        return "${letters(int(4, 30))}"`,
      `    return [${int(0, 999)}, ${int(0, 999)}, "${letters(int(3, 12))}"]`, ''],
    Go: () => [`// ${camel()} ${sentence()}.`, `func ${camel()}(${word()} []string, n int) (int, error) {`,
      `\tif n > ${int(0, 99999)} {`, `\t\treturn 0, fmt.Errorf("${letters(int(6, 24))}: %d", n)`, '\t}',
      `\treturn len(${word()}) * ${int(1, 9999)}, nil`, '}', ''],
    JavaScript: () => [`// ${sentence()}`, `export function ${word()}${camel()}(${word()}, limit = ${int(0, 9999)}) {`,
      `  const ${word()}Id = '${letters(int(6, 24))}';`, `  return ${word()}.slice(0, limit).map((x) => x + ${int(0, 99999)});`,
      '}', ''],
    Rust: () => [`/// ${sentence()}.`, `pub fn ${ident()}(${word()}: &[u8]) -> Result<usize, String> {`,
      `    if ${word()}.len() > ${int(0, 99999)} {`, `        return Err("${letters(int(6, 24))}".to_string());`, '    }',
      `    Ok(${word()}.len() * ${int(1, 9999)})`, '}', ''],
    'C++': () => [`// ${sentence()}.`, `std::size_t ${ident()}(const std::vector<std::string>& ${word()}) {`,
      `    static const char* k = "${letters(int(6, 24))}";`, `    return ${word()}.size() * ${int(1, 9999)} + std::strlen(k);`,
      '}', ''],
  }[lang]
  // 1124..4095 bytes, then whole lines (each under 100 bytes) while they fit: 1 to 4 KB of ASCII
  const target = int(1124, 4095)
  const lines = [`// ${lang}: ${sentence()} (row ${n})`, '']
  let size = lines[0].length + 2
  for (;;) {
    const more = block()
    const add = more.reduce((s, l) => s + l.length + 1, 0)
    if (size + add > target) {
      for (const l of more) { if (size + l.length + 1 > target) break; lines.push(l); size += l.length + 1 }
      break
    }
    lines.push(...more)
    size += add
  }
  return { content: lines.join('\n') + '\n', lang, path: `${pick(DIRS)}/${word()}/${word()}_${n}.${ext}` }
}

function writeGenerated(w, file) {
  const { kind, rowGroups, rowsPerGroup } = file.generate
  if (kind !== 'code') throw new Error(`unknown generator ${kind}`)
  const writer = w.fileWriter(file.path)
  const opts = options(file)
  const pq = new w.ParquetWriter({ writer, schema: schemaOf(file.columns), ...opts })
  for (let g = 0; g < rowGroups; g++) {
    const rows = []
    for (let i = 0; i < rowsPerGroup; i++) rows.push(codeRow(g * rowsPerGroup + i))
    pq.write({ columnData: columnData(file.columns, rows), rowGroupSize: rowsPerGroup, pageSize: opts.pageSize })
  }
  pq.finish()
}

// -- reading (the self-test's independent check)

function describe(node) {
  const e = node.element
  if (e.converted_type === 'LIST' || e.logical_type?.type === 'LIST') return { list: describe(node.children[0].children[0]) }
  if (node.children.length) return { struct: node.children.map(c => [c.element.name, describe(c)]) }
  if (e.type === 'BYTE_ARRAY' && e.converted_type === 'UTF8') return 'STRING'
  return e.type + (e.converted_type ? `/${e.converted_type}` : '')
}

function normalize(value, node) {
  if (value === null || value === undefined) return null
  const e = node.element
  if (e.converted_type === 'LIST' || e.logical_type?.type === 'LIST') {
    const element = node.children[0].children[0]
    return value.map(v => normalize(v, element))
  }
  if (node.children.length) {
    const out = {}
    for (const c of node.children) out[c.element.name] = normalize(value[c.element.name], c)
    return out
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : String(value)
  return value
}

async function read(files) {
  const h = await importPackage('hyparquet')
  const out = []
  for (const filename of files) {
    const file = await h.asyncBufferFromFile(filename)
    const metadata = await h.parquetMetadataAsync(file)
    const tree = h.parquetSchema(metadata)
    const rows = await h.parquetReadObjects({ file, metadata, compressors: DECOMPRESSORS })
    out.push({
      num_rows: Number(metadata.num_rows),
      created_by: metadata.created_by ?? null,
      key_value_metadata: metadata.key_value_metadata ?? [],
      columns: tree.children.map(c => [c.element.name, describe(c)]),
      row_groups: metadata.row_groups.map(g => ({
        num_rows: Number(g.num_rows), codecs: [...new Set(g.columns.map(c => c.meta_data.codec))],
      })),
      rows: rows.map(r => Object.fromEntries(tree.children.map(c => [c.element.name, normalize(r[c.element.name], c)]))),
    })
  }
  process.stdout.write(JSON.stringify(out))
}

async function write() {
  const spec = JSON.parse(fs.readFileSync(0, 'utf8'))
  const w = await importPackage('hyparquet-writer')
  for (const file of spec) {
    try {
      if (file.generate) writeGenerated(w, file)
      else writeRows(w, file)
    } catch (e) {
      process.stderr.write(`parquet.mjs: ${file.path}: ${e.stack}\n`)
      process.exit(1)
    }
  }
}

if (process.argv[2] === '--read') await read(process.argv.slice(3))
else await write()
