/**
 * pagoPA amounts: GPD, Checkout and print-notice JSON carry integer euro cents (`int64`, minimum 1);
 * the SOAP receipt (`paSendRT`) carries a decimal string `\d+\.\d{2}` (pagopa.md A0, A4).
 * @module
 */

import type { Cents } from '../../core/money.ts'
import { MAX_NOTICE_CENTS } from '../../core/notice-number.ts'

/** The largest amount a receipt can state: 999999999.99 € (`stAmount`). */
export const MAX_PAGOPA_CENTS = MAX_NOTICE_CENTS

/** Cents as GPD/Checkout want them, or null when pagoPA cannot carry the amount (zero or too large). */
export function toWireCents(amount: Cents): number | null {
  return Number.isSafeInteger(amount) && amount >= 1 && amount <= MAX_PAGOPA_CENTS ? amount : null
}

/**
 * Cents → the receipt's decimal string.
 * @example toReceiptAmount(cents(12050)) // '120.50'
 */
export function toReceiptAmount(amount: Cents): string {
  const s = String(amount).padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

/**
 * The receipt's decimal string → cents, or null when it is not `\d+\.\d{2}`.
 * @example fromReceiptAmount('120.50') // 12050
 */
export function fromReceiptAmount(value: string): Cents | null {
  const m = /^(\d+)\.(\d{2})$/.exec(value)
  if (!m) return null
  const total = Number(m[1]) * 100 + Number(m[2])
  return Number.isSafeInteger(total) ? (total as Cents) : null
}
