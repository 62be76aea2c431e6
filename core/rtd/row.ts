/**
 * One row of an RTD input file (specs/pagopa.md B1): 19 `;`-separated columns, validated field by field as the
 * reference batch does (rtd-ms-transaction-filter `InboundTransaction` bean validation). Like its Spring reader,
 * every field is trimmed before it is checked and a row must have exactly 19 columns (trailing `;` before an empty
 * `par` included). Stricter than the reference on purpose: `date_time` must be a real instant (Java's SMART resolver
 * turns 2024-02-30 into 02-29 and still reports "2024-02-30" as the accounting date) and amounts are digits only.
 * @module
 */

import { err, ok, type Result } from '../result.ts'
import { parseRtdRowFast, type RtdRow } from './row-fast.ts'

export const RTD_COLUMNS = [
  'sender_code',
  'operation_type',
  'circuit_type',
  'pan',
  'date_time',
  'id_trx_acquirer',
  'id_trx_issuer',
  'correlation_id',
  'total_amount',
  'currency',
  'acquirer_id',
  'merchant_id',
  'terminal_id',
  'bin',
  'mcc',
  'fiscal_code',
  'vat',
  'pos_type',
  'par',
] as const
export type RtdColumn = (typeof RTD_COLUMNS)[number]

export type { RtdRow } from './row-fast.ts'

/** Why a row was refused; `column` is 1-based, null when the row as a whole is wrong. */
export type RowProblem = { readonly column: number | null; readonly field: RtdColumn | null; readonly reason: string }

export const MAX_AMOUNT_CENTS = 99_999_999_999

type Rule = { readonly required: boolean; readonly max: number; readonly pattern?: RegExp; readonly patternText?: string }

const text = (max: number, required = true): Rule => ({ required, max })
const pattern = (re: RegExp, patternText: string): Rule => ({ required: true, max: Number.POSITIVE_INFINITY, pattern: re, patternText })

const RULES: Readonly<Record<RtdColumn, Rule>> = {
  sender_code: text(20),
  operation_type: pattern(/^0[01]$/, '00 or 01'),
  circuit_type: pattern(/^\d{2}$/, 'two digits'),
  pan: text(64),
  date_time: text(64),
  id_trx_acquirer: text(255),
  id_trx_issuer: text(255),
  correlation_id: text(255, false),
  total_amount: pattern(/^\d{1,11}$/, 'cents, 0 to 99999999999'),
  currency: pattern(/^978$/, '978'),
  acquirer_id: text(255),
  merchant_id: text(255),
  terminal_id: text(255),
  bin: pattern(/^(\d{6}|\d{8})$/, '6 or 8 digits'),
  mcc: text(5),
  fiscal_code: text(50),
  vat: text(50, false),
  pos_type: pattern(/^0[01]$/, '00 or 01'),
  par: text(255, false),
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}(Z|[+-](\d{2}):?(\d{2}))$/

/** True for `yyyy-MM-ddTHH:mm:ss.SSS` + `Z`, `±HH:MM` or `±HHMM`, naming a real day and time. */
export function isRtdDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
  if (days === undefined || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return false
  return m[7] === 'Z' || (Number(m[8]) <= 18 && Number(m[9]) <= 59)
}

function check(column: number, field: RtdColumn, value: string): RowProblem | null {
  const rule = RULES[field]
  if (value === '') return rule.required ? { column, field, reason: 'is empty' } : null
  if (value.length > rule.max) return { column, field, reason: `is longer than ${rule.max} characters` }
  if (rule.pattern && !rule.pattern.test(value)) return { column, field, reason: `must be ${rule.patternText}` }
  if (field === 'date_time' && !isRtdDateTime(value)) {
    return { column, field, reason: 'must be yyyy-MM-ddTHH:mm:ss.SSS with Z or an offset (+01:00), a real date and time' }
  }
  return null
}

/** Parses and validates one data line (not a `#` comment). The first failing column is reported. */
export function parseRtdRow(line: string): Result<RtdRow, RowProblem> {
  const fast = parseRtdRowFast(line)
  return fast ? ok(fast) : parseRtdRowByRules(line)
}

/** The rules one by one, naming the first failing column (row-fast.ts accepts a subset of these rows, quicker). */
export function parseRtdRowByRules(line: string): Result<RtdRow, RowProblem> {
  const raw = line.split(';')
  if (raw.length !== RTD_COLUMNS.length) {
    return err({ column: null, field: null, reason: `has ${raw.length} columns separated by ';', expected ${RTD_COLUMNS.length}` })
  }
  const v = raw.map((s) => s.trim())
  for (let i = 0; i < RTD_COLUMNS.length; i++) {
    const problem = check(i + 1, RTD_COLUMNS[i] as RtdColumn, v[i] as string)
    if (problem) return err(problem)
  }
  return ok({
    senderCode: v[0] as string,
    operationType: v[1] as '00' | '01',
    accountingDate: (v[4] as string).slice(0, 10),
    amount: Number(v[8]),
    acquirerId: v[10] as string,
    merchantId: v[11] as string,
    terminalId: v[12] as string,
    fiscalCode: v[15] as string,
    vat: v[16] as string,
    posType: v[17] as '00' | '01',
  })
}
