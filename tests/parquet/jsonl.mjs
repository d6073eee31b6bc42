// Serialise test rows as JSON text, the way the parquet tests expect them:
// like JSON.stringify, but BigInt prints as exact integer text, a RawNumber
// prints its text as is (a DECIMAL with its scale applied), and NaN/±Infinity
// print as null. Shared by write.mjs and read.mjs.

/** A JSON number given as text, printed without change (e.g. "12.34", "-0.05"). */
export class RawNumber {
  /** @param {string} text */
  constructor(text) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a JSON number: ${text}`)
    this.text = text
  }
}

/**
 * @param {any} value
 * @returns {string}
 */
export function jsonText(value) {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
  case 'string': return JSON.stringify(value)
  case 'boolean': return value ? 'true' : 'false'
  case 'number': return Number.isFinite(value) ? JSON.stringify(value) : 'null'
  case 'bigint': return value.toString()
  }
  if (value instanceof RawNumber) return value.text
  if (Array.isArray(value)) return '[' + value.map(jsonText).join(',') + ']'
  if (typeof value === 'object') {
    const parts = []
    for (const [k, v] of Object.entries(value)) parts.push(JSON.stringify(k) + ':' + jsonText(v))
    return '{' + parts.join(',') + '}'
  }
  throw new Error(`cannot serialise ${typeof value} as JSON`)
}

/**
 * Text of a decimal number from its unscaled integer and scale: 1234n, 2 -> "12.34".
 *
 * @param {bigint} unscaled
 * @param {number} scale
 * @returns {string}
 */
export function decimalText(unscaled, scale) {
  const negative = unscaled < 0n
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
  const whole = digits.slice(0, digits.length - scale)
  const fraction = scale > 0 ? '.' + digits.slice(digits.length - scale) : ''
  return (negative ? '-' : '') + whole + fraction
}
