import { runPaymentProviderContract } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

runPaymentProviderContract({ name: 'Stripe adapter ↔ Stripe simulator (in-process)', make: async () => simHarness().harness })
