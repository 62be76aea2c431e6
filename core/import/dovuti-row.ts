/**
 * The dovuti CSV template (docs/csv-import.md) and its checks: the header names exactly the known
 * columns (any order, any case), and each row becomes either a DovutoRow (cents, Dates, a payer) or
 * the list of its field errors. Pure: the import time comes in as `now`.
 * @module
 */

import type { Cents } from '../money.ts'
import { isValidNoticeNumber } from '../notice-number.ts'
import type { PartyData } from '../payment.ts'
import { fromRomeWallClock, wallClockMs } from '../rome-time.ts'
import { isValidNumericTaxId, isValidTaxId } from '../tax-id.ts'
import { type RowError, WHOLE_ROW } from './import.ts'

export const DOVUTI_COLUMNS = [
  'external_id',
  'notice_number',
  'amount',
  'reason',
  'expire_at',
  'payer_type',
  'payer_tax_code',
  'payer_name',
  'payer_family_name',
  'payer_email',
] as const
export type DovutiColumn = (typeof DOVUTI_COLUMNS)[number]

/** Column → its position in the file. */
export type DovutiHeader = { readonly index: Readonly<Record<DovutiColumn, number>>; readonly width: number }

/** A valid row, ready to become a payment. */
export type DovutoRow = {
  readonly row: number
  readonly external_id: string
  /** An existing pagoPA notice (18 digits) to import as PAYMENT_PENDING; null to create a new one. */
  readonly notice_number: string | null
  readonly amount: Cents
  /** Causale; null means the service's. */
  readonly reason: string | null
  /** null means the service's default term. */
  readonly expire_at: Date | null
  readonly payer: PartyData
}

export const MAX_EXTERNAL_ID = 64
export const MAX_REASON = 140
const MAX_NAME = 140
/** SDK: Decimal(max_digits=12, decimal_places=2). */
const AMOUNT = /^(\d{1,10})(?:\.(\d{1,2}))?$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this rejects.
const CONTROL = /[\u0000-\u001f\u007f]/

/** Checks the header record; the issues name the missing, unknown and repeated columns. */
export function readHeader(fields: readonly string[]): { ok: true; header: DovutiHeader } | { ok: false; issues: string[] } {
  const names = fields.map((f) => f.trim().toLowerCase())
  if (names.length === 1 && (names[0] ?? '').includes(';')) {
    return { ok: false, issues: ['the columns are separated by ";": save the file with "," as the separator (e.g. as "CSV UTF-8")'] }
  }
  const known = new Set<string>(DOVUTI_COLUMNS)
  const issues: string[] = []
  const unknown = names.filter((n) => !known.has(n))
  const missing = DOVUTI_COLUMNS.filter((c) => !names.includes(c))
  const repeated = [...new Set(names.filter((n, i) => names.indexOf(n) !== i))]
  if (missing.length > 0) issues.push(`missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`)
  if (unknown.length > 0) issues.push(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.map((n) => n || '(empty)').join(', ')}`)
  if (repeated.length > 0) issues.push(`repeated column${repeated.length > 1 ? 's' : ''}: ${repeated.join(', ')}`)
  if (issues.length > 0) return { ok: false, issues }
  const index = Object.fromEntries(DOVUTI_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<DovutiColumn, number>
  return { ok: true, header: { index, width: names.length } }
}

/** `16.50` → 1650 cents; null unless digits with `.` and at most two decimals. */
export function parseAmount(s: string): Cents | null {
  const m = AMOUNT.exec(s)
  if (!m) return null
  return (Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))) as Cents
}

/**
 * `YYYY-MM-DD` → the end of that day in Rome (payable through the whole day); a date-time with an
 * offset is taken as is, one without as Rome time. null when malformed or not a real date.
 */
export function parseExpiry(s: string): Date | null {
  const d = DATE.exec(s)
  if (d) {
    const wall = wallClockMs(Number(d[1]), Number(d[2]), Number(d[3]), 23, 59, 59)
    return wall === null ? null : fromRomeWallClock(wall)
  }
  const t = DATE_TIME.exec(s)
  if (!t) return null
  const [y, m, day, h, min, sec] = [1, 2, 3, 4, 5, 6].map((k) => Number(t[k] ?? 0)) as [number, number, number, number, number, number]
  const wall = wallClockMs(y, m, day, h, min, sec)
  if (wall === null) return null
  if (t[7] === undefined) return fromRomeWallClock(wall)
  const at = new Date(s)
  return Number.isNaN(at.getTime()) ? null : at
}

/** Checks one data record against the header; `now` is the import time (expiry must be later). */
export function checkRow(
  record: { readonly row: number; readonly fields: readonly string[]; readonly problem: string | null },
  header: DovutiHeader,
  now: Date,
): { ok: true; value: DovutoRow } | { ok: false; errors: RowError[] } {
  const { row } = record
  if (record.problem !== null) return { ok: false, errors: [{ row, field: WHOLE_ROW, message: record.problem }] }
  if (record.fields.length !== header.width) {
    return {
      ok: false,
      errors: [{ row, field: WHOLE_ROW, message: `has ${record.fields.length} fields; the header has ${header.width}` }],
    }
  }
  const errors: RowError[] = []
  const bad = (field: DovutiColumn, message: string) => {
    errors.push({ row, field, message })
  }
  const raw = (c: DovutiColumn) => (record.fields[header.index[c]] ?? '').trim()
  const text = (c: DovutiColumn, max: number, required: boolean): string | null => {
    const v = raw(c)
    if (v === '') {
      if (required) bad(c, 'is required')
      return null
    }
    if (v.includes('\uFFFD')) bad(c, 'is not valid UTF-8 text: save the file as "CSV UTF-8"')
    else if (CONTROL.test(v)) bad(c, 'must not contain line breaks or control characters')
    else if (v.length > max) bad(c, `must be at most ${max} characters`)
    return v
  }

  const external_id = text('external_id', MAX_EXTERNAL_ID, true)

  const notice = raw('notice_number')
  if (notice !== '' && !isValidNoticeNumber(notice))
    bad('notice_number', 'must be an 18-digit pagoPA notice number with valid check digits')

  const amountText = raw('amount')
  const amount = parseAmount(amountText)
  if (amountText === '') bad('amount', 'is required')
  else if (amount === null) {
    bad(
      'amount',
      /^\d+,\d{1,2}$/.test(amountText)
        ? 'use "." as the decimal separator (e.g. 16.50)'
        : 'must be euros with at most two decimals, e.g. 16.50',
    )
  } else if (amount <= 0) bad('amount', 'must be greater than 0')

  const reason = text('reason', MAX_REASON, false)

  const expiryText = raw('expire_at')
  const expire_at = expiryText === '' ? null : parseExpiry(expiryText)
  if (expiryText !== '' && expire_at === null) bad('expire_at', 'must be a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM:SS[+01:00]')
  else if (expire_at !== null && expire_at.getTime() <= now.getTime()) bad('expire_at', 'must be in the future')

  const type = raw('payer_type').toLowerCase()
  if (type === '') bad('payer_type', 'is required')
  else if (type !== 'human' && type !== 'legal') bad('payer_type', 'must be human or legal')

  const taxCode = raw('payer_tax_code').toUpperCase()
  if (taxCode === '') bad('payer_tax_code', 'is required')
  else if (type === 'legal' && !isValidNumericTaxId(taxCode)) bad('payer_tax_code', 'must be a valid 11-digit codice fiscale / partita IVA')
  else if (type !== 'legal' && !isValidTaxId(taxCode)) bad('payer_tax_code', 'must be a valid codice fiscale')

  const name = text('payer_name', MAX_NAME, true)
  const familyName = text('payer_family_name', MAX_NAME, false)
  const email = text('payer_email', 254, false)
  if (email !== null && !EMAIL.test(email)) bad('payer_email', 'must be an e-mail address')

  if (errors.length > 0 || external_id === null || amount === null || name === null) return { ok: false, errors: mergeByField(errors) }
  return {
    ok: true,
    value: {
      row,
      external_id,
      notice_number: notice === '' ? null : notice,
      amount,
      reason,
      expire_at,
      payer: {
        type: type as 'human' | 'legal',
        tax_identification_number: taxCode,
        name,
        family_name: familyName,
        email,
      },
    },
  }
}

/** One error per (row, field), as stored: several messages for one field are joined. */
export function mergeByField(errors: readonly RowError[]): RowError[] {
  const byKey = new Map<string, RowError>()
  for (const e of errors) {
    const key = `${e.row}\u0000${e.field}`
    const prev = byKey.get(key)
    byKey.set(key, prev ? { ...prev, message: `${prev.message}; ${e.message}` } : e)
  }
  return [...byKey.values()]
}
