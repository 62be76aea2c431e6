import { runMandateProviderContract } from '../../contract/mandate-provider.contract.ts'
import { stripeMandateHarness } from './mandates.harness.ts'

runMandateProviderContract({ name: 'Stripe mandates ↔ Stripe simulator (in-process)', make: async () => stripeMandateHarness().harness })
