/**
 * The PaymentProvider contract inside workerd: the four adapters, each against its simulator's Hono
 * app run in-process through a fetch that skips only the socket (the same runtime-neutral harnesses
 * as the Node suite; nothing here imports node:*). Skips match the Node suite's, with the same reasons.
 * @module
 */

import { simHarness as onpay } from '../adapters/onpay/harness.ts'
import { simHarness as pagopa } from '../adapters/pagopa/harness.ts'
import { simHarness as revolut } from '../adapters/revolut/harness.ts'
import { simHarness as stripe } from '../adapters/stripe/harness.ts'
import { runPaymentProviderContract, webhookSkips } from '../contract/payment-provider.contract.ts'

runPaymentProviderContract({
  name: 'workerd: pagoPA adapter ↔ pagoPA simulator',
  make: async () => pagopa().harness,
  skip: {
    'declined-attempt': { reason: 'a refused attempt stays at the PSP and never reaches GPD: nothing to observe' },
    ...webhookSkips('pull only: pagoPA GPD sends no webhooks'),
  },
})

runPaymentProviderContract({ name: 'workerd: Stripe adapter ↔ Stripe simulator', make: async () => stripe().harness })

runPaymentProviderContract({
  name: 'workerd: Revolut adapter ↔ Revolut simulator',
  make: async () => revolut().harness,
  skip: { declined: { reason: 'Revolut declines payments, not orders (its 422 means our request was invalid)' } },
})

for (const gateway of ['multisafepay', 'nexi', 'volt'] as const) {
  runPaymentProviderContract({
    name: `workerd: OnPay adapter (${gateway}) ↔ OnPay simulator`,
    make: async () => onpay(gateway).harness,
    skip: {
      cancel: { reason: 'OnPay links cannot be cancelled (manual v1.8)' },
      'idempotent-create': { reason: 'OnPay refuses a repeated extId and never returns a link URL again' },
      ...webhookSkips('pull only: OnPay has no push'),
    },
  })
}
