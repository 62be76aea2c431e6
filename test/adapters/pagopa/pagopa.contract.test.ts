import { runPaymentProviderContract } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

runPaymentProviderContract({ name: 'pagoPA adapter ↔ pagoPA simulator (in-process)', make: async () => simHarness().harness })
