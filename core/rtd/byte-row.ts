/**
 * row-fast.ts on the line's bytes: the same checks (19 fields, edges printable ASCII, lengths, the patterns, a real
 * date_time), with two more that keep it a subset of what row-fast accepts with the same values: a field's byte length
 * must be within its limit (UTF-16 length ≤ UTF-8 length), and the fields aggregation reads as text (sender, acquirer,
 * merchant, terminal, fiscal code, VAT) must be ASCII. A line it refuses goes to the string path (decoded, row.ts),
 * which accepts it or names the problem; so the two cannot disagree. On success the field bounds are in `FIELD` and
 * the amount in `scanned.amount`.
 * @module
 */

const FIELDS = 19
/** Longest value per column in bytes (row.ts RULES); 0 = checked by its own pattern. */
const MAX = [20, 0, 0, 64, 64, 255, 255, 255, 0, 0, 255, 255, 255, 0, 5, 50, 50, 0, 255]
/** Fields that must be ASCII: read as text by aggregation. */
const ASCII = [0, 10, 11, 12, 15, 16]

/** FIELD[f] is the offset of field f's `;` before it (or start - 1); FIELD[f + 1] is its end. */
export const FIELD = new Int32Array(FIELDS + 1)
export const scanned = { amount: 0 }

const isDigit = (c: number) => c >= 48 && c <= 57
const d2 = (b: Uint8Array, i: number) => ((b[i] as number) - 48) * 10 + (b[i + 1] as number) - 48
function digits(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigit(b[i] as number)) return false
  return true
}

/** row-fast isRtdDateTimeAt on bytes. */
export function isRtdDateTimeBytes(b: Uint8Array, a: number, e: number): boolean {
  const n = e - a
  if (n !== 24 && n !== 28 && n !== 29) return false
  if (b[a + 4] !== 45 || b[a + 7] !== 45 || b[a + 10] !== 84 || b[a + 13] !== 58 || b[a + 16] !== 58 || b[a + 19] !== 46) return false
  if (!digits(b, a, a + 4) || !digits(b, a + 5, a + 7) || !digits(b, a + 8, a + 10) || !digits(b, a + 11, a + 13)) return false
  if (!digits(b, a + 14, a + 16) || !digits(b, a + 17, a + 19) || !digits(b, a + 20, a + 23)) return false
  const zone = b[a + 23]
  if (n === 24) {
    if (zone !== 90) return false
  } else {
    if (zone !== 43 && zone !== 45) return false
    const colon = n === 29
    if (colon && b[a + 26] !== 58) return false
    const mm = a + (colon ? 27 : 26)
    if (!digits(b, a + 24, a + 26) || !digits(b, mm, mm + 2) || d2(b, a + 24) > 18 || d2(b, mm) > 59) return false
  }
  const year = d2(b, a) * 100 + d2(b, a + 2)
  const month = d2(b, a + 5)
  const day = d2(b, a + 8)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return month >= 1 && month <= 12 && day >= 1 && day <= days && d2(b, a + 11) <= 23 && d2(b, a + 14) <= 59 && d2(b, a + 17) <= 59
}

const zeroOne = (b: Uint8Array, s: number, e: number) => e - s === 2 && b[s] === 48 && (b[s + 1] === 48 || b[s + 1] === 49)

/** True when the line `b[start, end)` is a valid row this path can take (see the module comment). */
export function scanRowBytes(b: Uint8Array, start: number, end: number): boolean {
  FIELD[0] = start - 1
  let f = 1
  let high = 0
  for (let i = start; i < end; i++) {
    const c = b[i] as number
    high |= c
    if (c === 59) {
      if (f === FIELDS) return false
      FIELD[f++] = i
    }
  }
  if (f !== FIELDS) return false
  FIELD[FIELDS] = end
  for (let g = 0; g < FIELDS; g++) {
    const a = (FIELD[g] as number) + 1
    const e = FIELD[g + 1] as number
    const n = e - a
    if (n === 0) {
      if (g !== 7 && g !== 16 && g !== 18) return false
      continue
    }
    const first = b[a] as number
    const last = b[e - 1] as number
    if (first <= 32 || first >= 127 || last <= 32 || last >= 127) return false
    const max = MAX[g] as number
    if (max > 0 && n > max) return false
  }
  if (high >= 128)
    for (const g of ASCII)
      for (let i = (FIELD[g] as number) + 1; i < (FIELD[g + 1] as number); i++) if ((b[i] as number) >= 128) return false
  const s = (g: number) => (FIELD[g] as number) + 1
  const e = (g: number) => FIELD[g + 1] as number
  if (!zeroOne(b, s(1), e(1)) || !zeroOne(b, s(17), e(17))) return false
  if (e(2) - s(2) !== 2 || !digits(b, s(2), e(2))) return false
  const c = s(9)
  if (e(9) - c !== 3 || b[c] !== 57 || b[c + 1] !== 55 || b[c + 2] !== 56) return false
  const binLength = e(13) - s(13)
  if ((binLength !== 6 && binLength !== 8) || !digits(b, s(13), e(13))) return false
  const at = s(8)
  if (e(8) - at > 11) return false
  let amount = 0
  for (let i = at; i < e(8); i++) {
    const d = b[i] as number
    if (!isDigit(d)) return false
    amount = amount * 10 + d - 48
  }
  scanned.amount = amount
  return isRtdDateTimeBytes(b, s(4), e(4))
}
