import { runMandateProviderContract } from '../../contract/mandate-provider.contract.ts'
import { revolutMandateHarness } from './mandates.harness.ts'

runMandateProviderContract({ name: 'Revolut mandates ↔ Revolut simulator (in-process)', make: async () => revolutMandateHarness().harness })
