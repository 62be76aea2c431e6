import { runPaymentProviderContract, webhookSkips } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

runPaymentProviderContract({
  name: 'pagoPA adapter ↔ pagoPA simulator (in-process)',
  make: async () => simHarness().harness,
  skip: {
    'declined-attempt': {
      reason: 'a refused attempt stays at the PSP and never reaches GPD: the position is unchanged and payable, nothing to observe',
    },
    ...webhookSkips('pull only: pagoPA GPD sends no webhooks; the poller reads positions'),
  },
})
