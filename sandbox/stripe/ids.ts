/** Time and ids as Stripe writes them: unix seconds, and prefixed ids (`cs_test_…`, `pi_…`, `evt_…`). @module */

export type StripeIds = {
  /** Now, in unix seconds. */
  readonly nowS: () => number
  /** A new id with Stripe's prefix for the object. */
  readonly rid: (prefix: string) => string
}

export function stripeIds(now: () => Date, newId: () => string): StripeIds {
  return {
    nowS: () => Math.floor(now().getTime() / 1000),
    rid: (prefix) => `${prefix}${newId().replace(/-/g, '')}`,
  }
}

export const DAY_S = 24 * 60 * 60
