// A second independent writer for the parquet tests: parquetjs-lite, which writes version 1
// data pages (hyparquet-writer writes only version 2) and bare repeated fields and groups (no
// LIST annotation). Writes OUTDIR/parquetjs-v1.parquet and OUTDIR/parquetjs-v1.jsonl, the rows
// in the convention of README.md.
//   node tests/parquet/write-parquetjs.mjs OUTDIR
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { mulberry32 } from './mulberry32.mjs'

const require = createRequire(import.meta.url)
const parquet = require('parquetjs-lite')

const out = process.argv[2]
if (!out) {
  console.error('usage: write-parquetjs.mjs OUTDIR')
  process.exit(2)
}

// Seeded, so every run writes the same rows.
const random = mulberry32(7)
const pick = (list) => list[Math.floor(random() * list.length)]

const words = ['def', 'class', 'return', 'naïve', 'ünïcode', '日本語', '🚀', 'tab\there', 'quote"d', 'back\\slash', 'line\nbreak']
const text = () => Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(words)).join(' ')

const schema = new parquet.ParquetSchema({
  id: { type: 'INT64' },
  name: { type: 'UTF8', compression: 'GZIP' },
  score: { type: 'DOUBLE', optional: true },
  flag: { type: 'BOOLEAN', optional: true },
  small: { type: 'INT32' },
  when: { type: 'TIMESTAMP_MILLIS', optional: true },
  tags: { type: 'UTF8', repeated: true },
  stock: {
    repeated: true,
    fields: {
      warehouse: { type: 'UTF8' },
      quantity: { type: 'INT64', optional: true },
      bins: { type: 'INT32', repeated: true },
    },
  },
  meta: {
    optional: true,
    fields: {
      lang: { type: 'UTF8', optional: true },
      lines: { type: 'INT32' },
    },
  },
})

const pad = (n, w) => String(n).padStart(w, '0')
function iso (ms) {
  const d = new Date(ms)
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`
}

const rows = []
const expected = []
for (let i = 0; i < 1200; i++) {
  const row = { id: i * 1000003 - 500000000, name: text(), small: Math.floor(random() * 16) }
  const want = { id: row.id, name: row.name, score: null, flag: null, small: row.small, when: null, tags: [], stock: [], meta: null }
  if (random() < 0.8) { row.score = Math.round(random() * 1e6) / 64; want.score = row.score }
  if (random() < 0.7) { row.flag = random() < 0.5; want.flag = row.flag }
  if (random() < 0.6) {
    const ms = 1700000000000 + Math.floor(random() * 1e10)
    row.when = new Date(ms)
    want.when = iso(ms)
  }
  const tagCount = Math.floor(random() * 4)
  if (tagCount > 0) { row.tags = Array.from({ length: tagCount }, text); want.tags = row.tags }
  const stockCount = Math.floor(random() * 3)
  if (stockCount > 0) {
    row.stock = []
    for (let s = 0; s < stockCount; s++) {
      const item = { warehouse: pick(['north', 'south', 'east']) }
      const wantItem = { warehouse: item.warehouse, quantity: null, bins: [] }
      if (random() < 0.5) { item.quantity = Math.floor(random() * 100); wantItem.quantity = item.quantity }
      const binCount = Math.floor(random() * 3)
      if (binCount > 0) { item.bins = Array.from({ length: binCount }, () => Math.floor(random() * 50)); wantItem.bins = item.bins }
      row.stock.push(item)
      want.stock.push(wantItem)
    }
  }
  if (random() < 0.7) {
    row.meta = { lines: Math.floor(random() * 500) }
    want.meta = { lang: null, lines: row.meta.lines }
    if (random() < 0.5) { row.meta.lang = pick(['Python', 'Go']); want.meta.lang = row.meta.lang }
  }
  rows.push(row)
  expected.push(want)
}

const writer = await parquet.ParquetWriter.openFile(schema, join(out, 'parquetjs-v1.parquet'), { useDataPageV2: false })
writer.setRowGroupSize(250)
for (const row of rows) await writer.appendRow(row)
await writer.close()
writeFileSync(join(out, 'parquetjs-v1.jsonl'), expected.map((r) => JSON.stringify(r)).join('\n') + '\n')
