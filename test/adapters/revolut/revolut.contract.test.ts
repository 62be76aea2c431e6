import { runPaymentProviderContract } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

runPaymentProviderContract({ name: 'Revolut adapter ↔ Revolut simulator (in-process)', make: async () => simHarness().harness })
