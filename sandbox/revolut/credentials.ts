/** What the Revolut simulator accepts and signs with. @module */

export const SANDBOX_REVOLUT = {
  /** The only secret key the simulator accepts (`Authorization: Bearer …`). */
  secretKey: 'sk_sandbox_varco_revolut_0000000000',
  /** The webhook signing secret the simulator signs with (unless given others). */
  webhookSecret: 'wsk_sandbox_varco_revolut_0000000000',
} as const
