/**
 * Stripe amounts: integer minor units (`unit_amount`, `amount_total`) with a lowercase currency.
 * Stripe refuses charges under €0.50 (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts)
 * and amounts over 8 digits.
 * @module
 */

import type { Cents } from '../../core/money.ts'

/** €0.50: Stripe's minimum charge for EUR. */
export const MIN_STRIPE_EUR_CENTS = 50
/** 99 999 999 cents: Stripe's `unit_amount` holds at most 8 digits. */
export const MAX_STRIPE_CENTS = 99_999_999

/** Cents as Stripe wants them, or null when Stripe cannot charge the amount. */
export function toStripeAmount(amount: Cents): number | null {
  return Number.isSafeInteger(amount) && amount >= MIN_STRIPE_EUR_CENTS && amount <= MAX_STRIPE_CENTS ? amount : null
}

/** Our currency code → Stripe's (ISO 4217, lowercase). */
export const toStripeCurrency = (currency: 'EUR'): 'eur' => (currency === 'EUR' ? 'eur' : currency)
