/** What the Stripe simulator accepts and signs with, the price it has from the start, and Stripe's declined test card. @module */

export const SANDBOX_STRIPE = {
  /** The default account's secret key (`Authorization: Bearer …`, or as the Basic user); see {@link stripeAccountOf}. */
  secretKey: 'sk_test_sandbox_varco_0000000000000000',
  /** The default account's webhook signing secret (its endpoints' and its signed events'). */
  webhookSecret: 'whsec_sandbox_varco_0000000000000000',
  /** The one-time price every simulator has from the start: 15000 eur, product "Pacchetto Onboarding" (`STRIPE_PRICE_PACKAGE`). */
  packagePrice: 'price_sandbox_varco_package',
} as const

/** The product of {@link SANDBOX_STRIPE.packagePrice}. */
export const SANDBOX_PACKAGE_PRODUCT = { id: 'prod_sandbox_varco_package', name: 'Pacchetto Onboarding', unitAmount: 15_000 } as const

/** Stripe's test card that is always declined (`generic_decline`): `POST /test/sessions/{id}/pay?card=…` refuses it. */
export const DECLINED_TEST_CARD = '4000000000000002'

/** One simulated Stripe account: its id and the secret its events are signed with. */
export type StripeAccount = { readonly id: string; readonly webhookSecret: string }

const SANDBOX_KEY = /^sk_test_sandbox_([A-Za-z0-9_]{1,64})$/

/**
 * The account a secret key opens: every `sk_test_sandbox_<name>` key is its own account
 * `acct_sandbox_<name>`, whose events are signed with `whsec_sandbox_<name>` (so the default key's
 * secret is {@link SANDBOX_STRIPE.webhookSecret}). Anything else is no account (401).
 */
export function stripeAccountOf(key: string | undefined): StripeAccount | null {
  const name = key ? SANDBOX_KEY.exec(key)?.[1] : undefined
  return name ? { id: `acct_sandbox_${name}`, webhookSecret: `whsec_sandbox_${name}` } : null
}

/** The account of {@link SANDBOX_STRIPE.secretKey}: it owns the simulator's initial webhook endpoints. */
export const DEFAULT_STRIPE_ACCOUNT = stripeAccountOf(SANDBOX_STRIPE.secretKey) as StripeAccount

/** The signing secret of the account `id` (`acct_sandbox_<name>` → `whsec_sandbox_<name>`). */
export const webhookSecretOf = (accountId: string | undefined): string =>
  accountId?.startsWith('acct_sandbox_') ? `whsec_sandbox_${accountId.slice('acct_sandbox_'.length)}` : SANDBOX_STRIPE.webhookSecret
