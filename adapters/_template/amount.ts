/**
 * Example amounts: integer minor units on the wire, the same unit as Cents, so conversion is a range
 * check. A provider that takes decimal strings ("16.50") converts here, and only here.
 * @module
 */

import type { Cents } from '../../core/money.ts'

/** Cents as the create body wants them, or null when the provider cannot take them. */
export function toWireAmount(amount: Cents): number | null {
  return Number.isSafeInteger(amount) && amount >= 1 ? amount : null
}
