/** What the RTD simulator accepts: one APIM subscription key, which stands for one sender code. @module */

export const SANDBOX_RTD = {
  /** The only subscription key the simulator accepts (`Ocp-Apim-Subscription-Key`). */
  subscriptionKey: 'sandbox-rtd-key',
  /** The sender code (ABI) the key is authorised for: ADE files and ADEACK files carry it. */
  senderCode: '99999',
} as const

export type RtdCredentials = { readonly subscriptionKey: string; readonly senderCode: string }
