/** What the Stripe simulator accepts and signs with, and Stripe's published test card it declines. @module */

export const SANDBOX_STRIPE = {
  /** The only secret key the simulator accepts (`Authorization: Bearer …`, or as the Basic user). */
  secretKey: 'sk_test_sandbox_varco_0000000000000000',
  /** The signing secret of the simulator's webhook endpoint. */
  webhookSecret: 'whsec_sandbox_varco_0000000000000000',
} as const

/** Stripe's test card that is always declined (`generic_decline`): `POST /test/sessions/{id}/pay?card=…` refuses it. */
export const DECLINED_TEST_CARD = '4000000000000002'
