import { runPaymentProviderContract } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

runPaymentProviderContract({
  name: 'Revolut adapter ↔ Revolut simulator (in-process)',
  make: async () => simHarness().harness,
  skip: {
    declined: {
      reason:
        'Revolut creates an order for any valid request and declines payments, not orders (its 422 means our request was invalid); see declined-attempt',
    },
  },
})
