/**
 * The Revolut simulator in-process (mounted under `/sandbox/revolut` as the sandbox does) and Revolut
 * mandate adapters wired to it through a fetch that skips only the socket. The customer's answer goes
 * through the hosted mandate page's own form. Runtime-neutral: used by the Node and workerd suites.
 * @module
 */

import type { RevolutConfig } from '../../../adapters/revolut/index.ts'
import { createRevolutMandates } from '../../../adapters/revolut/mandates.ts'
import { revolutSimulator } from '../../../sandbox/revolut/index.ts'
import { type FarSide, mountSimulator, SIM_ORIGIN, simMandateHarness } from '../sim-harness.ts'
import { simConfig } from './harness.ts'

export const SIM_URL = `${SIM_ORIGIN}/sandbox/revolut`

export function revolutMandateHarness(over: Partial<RevolutConfig> = {}, far?: FarSide) {
  const s = mountSimulator('revolut', (clock) => revolutSimulator({ clock }), { far })
  const { clock, sim, app, simFetch, calls, base: SIM_BASE, hook } = s
  const config = simConfig(s, over)
  const provider = (o: Partial<RevolutConfig> = {}) => createRevolutMandates({ ...config, ...o })
  const harness = simMandateHarness(s, provider, {
    iban: 'IT60 X054 2811 1010 0000 0123 456',
    answered: [303, 200],
    settle: (ref, outcome) =>
      hook(`${SIM_BASE}/test/sdd/orders/${ref}/settle?outcome=${outcome === 'paid' ? 'completed' : 'failed'}`, 'settle'),
    countCharges: async () => ((await (await simFetch(`${SIM_BASE}/test/sdd/payments`)).json()) as unknown[]).length,
    withBadCredentials: () => provider({ secretKey: 'sk_not_the_key' }),
  })
  return { clock, sim, app, simFetch, calls, provider, harness }
}
