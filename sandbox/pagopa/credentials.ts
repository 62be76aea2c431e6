/** What the pagoPA simulator accepts: one APIM subscription key (`Ocp-Apim-Subscription-Key`). @module */

export const SANDBOX_PAGOPA = {
  /** The only subscription key the simulator accepts, in the header (or `?subscription-key=` on Checkout). */
  subscriptionKey: 'sandbox-pagopa-key',
} as const
