/**
 * The MandateProvider contract inside workerd: the Stripe and Revolut mandate adapters against the
 * simulators of the gateway's own sandbox (createSandbox), reached in-process through the sandbox
 * fetch that dispatches `/sandbox/...` to the Hono app, exactly as a Worker in sandbox mode does.
 */

import { createSandbox } from '../../sandbox/index.ts'
import { revolutMandateHarness } from '../adapters/revolut/mandates.harness.ts'
import { stripeMandateHarness } from '../adapters/stripe/mandates.harness.ts'
import { runMandateProviderContract } from '../contract/mandate-provider.contract.ts'

// Anything not for the sandbox would leave the Worker: refuse it, nothing may reach the internet.
const sandbox = createSandbox('http://varco.test', () => Promise.reject(new Error('no network in tests')))

runMandateProviderContract({
  name: 'workerd: Stripe mandates ↔ sandbox Stripe simulator',
  make: async () => stripeMandateHarness({}, { fetch: sandbox.fetch, base: sandbox.baseUrlOf('stripe') }).harness,
})

runMandateProviderContract({
  name: 'workerd: Revolut mandates ↔ sandbox Revolut simulator',
  make: async () => revolutMandateHarness({}, { fetch: sandbox.fetch, base: sandbox.baseUrlOf('revolut') }).harness,
})
