/**
 * The Revolut simulator in-process (mounted under `/sandbox/revolut` as the sandbox does) and Revolut
 * mandate adapters wired to it through a fetch that skips only the socket. The customer's answer goes
 * through the hosted mandate page's own form. Runtime-neutral: used by the Node and workerd suites.
 * @module
 */

import type { RevolutConfig } from '../../../adapters/revolut/index.ts'
import { createRevolutMandates } from '../../../adapters/revolut/mandates.ts'
import type { CreatedMandate } from '../../../ports/mandate-provider.port.ts'
import { revolutSimulator, SANDBOX_REVOLUT } from '../../../sandbox/revolut/index.ts'
import type { MandateHarness } from '../../contract/mandate-provider.contract.ts'
import { type FarSide, mountSimulator, SIM_ORIGIN, slowOptions, submitPageForm } from '../sim-harness.ts'

export const SIM_URL = `${SIM_ORIGIN}/sandbox/revolut`

export function revolutMandateHarness(over: Partial<RevolutConfig> = {}, far?: FarSide) {
  const s = mountSimulator('revolut', (clock) => revolutSimulator({ clock }), { far })
  const { clock, sim, app, simFetch, calls, base: SIM_BASE, hook } = s
  const config: RevolutConfig = {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_REVOLUT.secretKey,
    webhookSecret: SANDBOX_REVOLUT.webhookSecret,
    fetch: simFetch,
    clock,
    ...over,
  }
  const provider = (o: Partial<RevolutConfig> = {}) => createRevolutMandates({ ...config, ...o })
  const answer = async (m: CreatedMandate, verb: 'accept' | 'refuse') => {
    const res = await submitPageForm(simFetch, m.signUrl, verb, verb === 'accept' ? { iban: 'IT60 X054 2811 1010 0000 0123 456' } : {})
    if (res.status !== 303 && res.status !== 200)
      throw new Error(`the mandate page did not take "${verb}": ${res.status} ${await res.text()}`)
  }
  const harness: MandateHarness = {
    provider: provider(),
    openPage: (url) => simFetch(url),
    accept: (m) => answer(m, 'accept'),
    refuse: (m) => answer(m, 'refuse'),
    settle: (ref, outcome) =>
      hook(`${SIM_BASE}/test/sdd/orders/${ref}/settle?outcome=${outcome === 'paid' ? 'completed' : 'failed'}`, 'settle'),
    countCharges: async () => ((await (await simFetch(`${SIM_BASE}/test/sdd/payments`)).json()) as unknown[]).length,
    withBadCredentials: () => provider({ secretKey: 'sk_not_the_key' }),
    slow: () => provider(slowOptions(s)),
  }
  return { clock, sim, app, simFetch, calls, provider, harness }
}
