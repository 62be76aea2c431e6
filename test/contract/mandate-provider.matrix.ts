/**
 * The MandateProvider matrix: each SEPA mandate adapter × where its simulator runs (its own Hono
 * app in-process, or the gateway's sandbox as a Worker in sandbox mode reaches it). Read by the
 * Node run (test/contract/mandate-provider.contract.test.ts) and the workerd run
 * (test/workerd/mandate-provider.contract.test.ts). Runtime-neutral.
 * @module
 */

import { createSandbox } from '../../sandbox/index.ts'
import { revolutMandateHarness } from '../adapters/revolut/mandates.harness.ts'
import { type FarSide, stripeMandateHarness } from '../adapters/stripe/mandates.harness.ts'
import { type MandateHarness, runMandateProviderContract } from './mandate-provider.contract.ts'
import { BOTH_RUNTIMES, type MatrixRow, type Runtime, rowName, rowsFor } from './matrix.ts'

type Adapter = { readonly subject: string; readonly sandboxName: 'stripe' | 'revolut'; readonly harness: (far?: FarSide) => MandateHarness }

const ADAPTERS: readonly Adapter[] = [
  { subject: 'Stripe mandates', sandboxName: 'stripe', harness: (far) => stripeMandateHarness({}, far).harness },
  { subject: 'Revolut mandates', sandboxName: 'revolut', harness: (far) => revolutMandateHarness({}, far).harness },
]

/** The gateway's sandbox; anything not for it would leave the Worker, so it is refused: nothing may reach the internet. */
function sandboxFarSide(name: Adapter['sandboxName']): FarSide {
  const sandbox = createSandbox('http://varco.test', () => Promise.reject(new Error('no network in tests')))
  return { fetch: sandbox.fetch, base: sandbox.baseUrlOf(name) }
}

export const MANDATE_PROVIDER_MATRIX: readonly MatrixRow<MandateHarness>[] = ADAPTERS.flatMap((a) => [
  { subject: a.subject, setUp: 'simulator (in-process)', runtimes: BOTH_RUNTIMES, make: async () => a.harness() },
  {
    subject: a.subject,
    setUp: 'gateway sandbox simulator (createSandbox fetch)',
    runtimes: BOTH_RUNTIMES,
    make: async () => a.harness(sandboxFarSide(a.sandboxName)),
  },
])

export function runMandateProviderMatrix(runtime: Runtime): void {
  for (const row of rowsFor(MANDATE_PROVIDER_MATRIX, runtime)) {
    runMandateProviderContract({ name: `${rowName(row)} [${runtime}]`, make: row.make })
  }
}
