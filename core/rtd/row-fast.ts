/**
 * The fast path of parseRtdRow (row.ts): one pass of indexOf over the line and char-code checks, no split, trim or
 * regex, and substrings only for the fields aggregation reads. It accepts a subset of what the rules of row.ts accept
 * (every field's first and last character printable ASCII, so trimming changes nothing) and returns the same RtdRow;
 * anything else (a bad row, padding, non-ASCII at a field's edge) returns null and the caller runs the full rules,
 * which also name the problem. So the two paths cannot disagree on a row this one accepts.
 * @module
 */

/** A valid row, reduced to what aggregation reads. */
export type RtdRow = {
  readonly senderCode: string
  readonly operationType: '00' | '01'
  /** First 10 characters of `date_time` as written (no time-zone conversion), `yyyy-mm-dd`. */
  readonly accountingDate: string
  /** Integer cents, absolute (the sign is the operation type), 0..99,999,999,999. */
  readonly amount: number
  readonly acquirerId: string
  readonly merchantId: string
  readonly terminalId: string
  readonly fiscalCode: string
  /** Empty when not given. */
  readonly vat: string
  readonly posType: '00' | '01'
}

const FIELDS = 19
/** Longest value per column (row.ts RULES); 0 = checked by its own pattern below. */
const MAX = [20, 0, 0, 64, 64, 255, 255, 255, 0, 0, 255, 255, 255, 0, 5, 50, 50, 0, 255]

const isDigit = (c: number) => c >= 48 && c <= 57
const d2 = (s: string, i: number) => (s.charCodeAt(i) - 48) * 10 + s.charCodeAt(i + 1) - 48
const digits = (s: string, from: number, to: number) => {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false
  return true
}

/** isRtdDateTime of `s.slice(a, b)` without the slice: same grammar, same range checks. */
export function isRtdDateTimeAt(s: string, a: number, b: number): boolean {
  const n = b - a
  if (n !== 24 && n !== 28 && n !== 29) return false
  const c = (i: number) => s.charCodeAt(a + i)
  if (c(4) !== 45 || c(7) !== 45 || c(10) !== 84 || c(13) !== 58 || c(16) !== 58 || c(19) !== 46) return false
  if (!digits(s, a, a + 4) || !digits(s, a + 5, a + 7) || !digits(s, a + 8, a + 10) || !digits(s, a + 11, a + 13)) return false
  if (!digits(s, a + 14, a + 16) || !digits(s, a + 17, a + 19) || !digits(s, a + 20, a + 23)) return false
  const zone = c(23)
  if (n === 24) {
    if (zone !== 90) return false
  } else {
    if (zone !== 43 && zone !== 45) return false
    const colon = n === 29
    if (colon && c(26) !== 58) return false
    const mm = a + (colon ? 27 : 26)
    if (!digits(s, a + 24, a + 26) || !digits(s, mm, mm + 2) || d2(s, a + 24) > 18 || d2(s, mm) > 59) return false
  }
  const year = d2(s, a) * 100 + d2(s, a + 2)
  const month = d2(s, a + 5)
  const day = d2(s, a + 8)
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
  return month >= 1 && month <= 12 && day >= 1 && day <= days && d2(s, a + 11) <= 23 && d2(s, a + 14) <= 59 && d2(s, a + 17) <= 59
}

const ends = new Int32Array(FIELDS + 1)

/** The row, or null when the full rules must decide (see the module comment). */
export function parseRtdRowFast(line: string): RtdRow | null {
  ends[0] = -1
  let at = -1
  for (let f = 1; f < FIELDS; f++) {
    at = line.indexOf(';', at + 1)
    if (at < 0) return null
    ends[f] = at
  }
  if (line.indexOf(';', at + 1) >= 0) return null
  ends[FIELDS] = line.length
  for (let f = 0; f < FIELDS; f++) {
    const a = (ends[f] as number) + 1
    const b = ends[f + 1] as number
    const n = b - a
    if (n === 0) {
      // only correlation_id, vat and par may be empty
      if (f !== 7 && f !== 16 && f !== 18) return null
      continue
    }
    const first = line.charCodeAt(a)
    const last = line.charCodeAt(b - 1)
    if (first <= 32 || first >= 127 || last <= 32 || last >= 127) return null
    const max = MAX[f] as number
    if (max > 0 && n > max) return null
  }
  const s = (f: number) => (ends[f] as number) + 1
  const e = (f: number) => ends[f + 1] as number
  // operation_type and pos_type: 00 or 01; circuit_type: two digits; currency: 978; bin: 6 or 8 digits.
  const op = s(1)
  if (e(1) - op !== 2 || line.charCodeAt(op) !== 48 || (line.charCodeAt(op + 1) !== 48 && line.charCodeAt(op + 1) !== 49)) return null
  const pos = s(17)
  if (e(17) - pos !== 2 || line.charCodeAt(pos) !== 48 || (line.charCodeAt(pos + 1) !== 48 && line.charCodeAt(pos + 1) !== 49)) return null
  if (e(2) - s(2) !== 2 || !digits(line, s(2), e(2))) return null
  if (e(9) - s(9) !== 3 || line.charCodeAt(s(9)) !== 57 || line.charCodeAt(s(9) + 1) !== 55 || line.charCodeAt(s(9) + 2) !== 56) return null
  const binLength = e(13) - s(13)
  if ((binLength !== 6 && binLength !== 8) || !digits(line, s(13), e(13))) return null
  const amountAt = s(8)
  if (e(8) - amountAt > 11) return null
  let amount = 0
  for (let i = amountAt; i < e(8); i++) {
    const c = line.charCodeAt(i)
    if (!isDigit(c)) return null
    amount = amount * 10 + c - 48
  }
  if (!isRtdDateTimeAt(line, s(4), e(4))) return null
  return {
    senderCode: line.slice(s(0), e(0)),
    operationType: line.charCodeAt(op + 1) === 48 ? '00' : '01',
    accountingDate: line.slice(s(4), s(4) + 10),
    amount,
    acquirerId: line.slice(s(10), e(10)),
    merchantId: line.slice(s(11), e(11)),
    terminalId: line.slice(s(12), e(12)),
    fiscalCode: line.slice(s(15), e(15)),
    vat: line.slice(s(16), e(16)),
    posType: line.charCodeAt(pos + 1) === 48 ? '00' : '01',
  }
}
