/** What the Stripe simulator accepts and signs with, the price it has from the start, and Stripe's declined test card. @module */

export const SANDBOX_STRIPE = {
  /** The only secret key the simulator accepts (`Authorization: Bearer …`, or as the Basic user). */
  secretKey: 'sk_test_sandbox_varco_0000000000000000',
  /** The signing secret of the simulator's webhook endpoint. */
  webhookSecret: 'whsec_sandbox_varco_0000000000000000',
  /** The one-time price every simulator has from the start: 15000 eur, product "Pacchetto Onboarding" (`STRIPE_PRICE_PACKAGE`). */
  packagePrice: 'price_sandbox_varco_package',
} as const

/** The product of {@link SANDBOX_STRIPE.packagePrice}. */
export const SANDBOX_PACKAGE_PRODUCT = { id: 'prod_sandbox_varco_package', name: 'Pacchetto Onboarding', unitAmount: 15_000 } as const

/** Stripe's test card that is always declined (`generic_decline`): `POST /test/sessions/{id}/pay?card=…` refuses it. */
export const DECLINED_TEST_CARD = '4000000000000002'
