/**
 * Revolut amounts: the Merchant API carries integer minor units (`7034` in EUR is €70.34,
 * providers.md §2.2), the same unit as our Cents, so conversion is only a range check.
 * @module
 */

import type { Cents } from '../../core/money.ts'

/** Cents as `Order-Creation.amount` wants them, or null when Revolut cannot take them (zero, negative, unsafe). */
export function toWireAmount(amount: Cents): number | null {
  return Number.isSafeInteger(amount) && amount >= 1 ? amount : null
}

/** A wire amount (order `amount`, `outstanding_amount`) → cents, or null when it is not a non-negative safe integer. */
export function fromWireAmount(value: unknown): Cents | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? (value as Cents) : null
}

/** ISO 4217, upper case, 3 letters; Varco sends EUR only. */
export function isWireCurrency(value: string): boolean {
  return /^[A-Z]{3}$/.test(value)
}
