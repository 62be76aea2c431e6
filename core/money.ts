/**
 * Money is integer minor units (euro cents) behind a brand. Conversion to and from the wire's
 * decimal numbers happens only here (Opencity: JSON numbers with two decimals) and in adapters.
 * @module
 */

export type Cents = number & { readonly __brand: 'Cents' }

/** @example cents(1650) */
export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a non-negative integer amount of cents: ${value}`)
  return value as Cents
}

/**
 * A wire amount in euros (e.g. 16.5) → cents, or null when it is not a non-negative number with at
 * most two decimals. Decimal-string arithmetic avoids 0.1 + 0.2 style float errors.
 * @example centsFromEuros(16.5) // 1650
 */
export function centsFromEuros(value: number): Cents | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(value.toString())
  if (!m) {
    // toString may use more digits for values like 1.005; accept only exact 2-dp values.
    const rounded = Math.round(value * 100)
    return Math.abs(rounded / 100 - value) < 1e-9 && Number.isSafeInteger(rounded) ? (rounded as Cents) : null
  }
  const whole = Number(m[1])
  const frac = Number((m[2] ?? '').padEnd(2, '0'))
  const total = whole * 100 + frac
  return Number.isSafeInteger(total) ? (total as Cents) : null
}

/** Cents → wire euros (a JSON number; 1650 → 16.5, serialised with up to two decimals). */
export function eurosFromCents(value: Cents): number {
  return value / 100
}
