/**
 * The Revolut simulator in-process (mounted under `/sandbox/revolut` as the sandbox does) and Revolut
 * mandate adapters wired to it through a fetch that skips only the socket. The customer's answer goes
 * through the hosted mandate page's own form. Runtime-neutral: used by the Node and workerd suites.
 * @module
 */

import { Hono } from 'hono'
import type { RevolutConfig } from '../../../adapters/revolut/index.ts'
import { createRevolutMandates } from '../../../adapters/revolut/mandates.ts'
import type { CreatedMandate } from '../../../ports/mandate-provider.port.ts'
import { revolutSimulator, SANDBOX_REVOLUT, SIM_DELAY_HEADER } from '../../../sandbox/revolut/index.ts'
import type { MandateHarness } from '../../contract/mandate-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'
import { type FarSide, submitPageForm } from '../stripe/mandates.harness.ts'

export const SIM_URL = 'http://sim.test/sandbox/revolut'

export function revolutMandateHarness(over: Partial<RevolutConfig> = {}, far?: FarSide) {
  const clock = fixedClock('2026-11-23T10:00:00.000Z')
  const sim = revolutSimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/revolut', sim.app)
  const SIM_BASE = far?.base ?? SIM_URL
  const calls: Array<{ method: string; path: string }> = []
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    calls.push({ method: req.method, path: `${url.pathname}${url.search}` })
    return far ? far.fetch(req) : app.fetch(req)
  }) as typeof fetch
  const config: RevolutConfig = {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_REVOLUT.secretKey,
    webhookSecret: SANDBOX_REVOLUT.webhookSecret,
    fetch: simFetch,
    clock,
    ...over,
  }
  const provider = (o: Partial<RevolutConfig> = {}) => createRevolutMandates({ ...config, ...o })
  const delayed = (ms: number) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      req.headers.set(SIM_DELAY_HEADER, String(ms))
      return simFetch(req)
    }) as typeof fetch
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
    settle: async (ref, outcome) => {
      const res = await simFetch(`${SIM_BASE}/test/sdd/orders/${ref}/settle?outcome=${outcome === 'paid' ? 'completed' : 'failed'}`, {
        method: 'POST',
      })
      if (res.status !== 200) throw new Error(`simulator refused to settle: ${res.status} ${await res.text()}`)
    },
    countCharges: async () => ((await (await simFetch(`${SIM_BASE}/test/sdd/payments`)).json()) as unknown[]).length,
    withBadCredentials: () => provider({ secretKey: 'sk_not_the_key' }),
    slow: () => provider({ fetch: delayed(200), timeoutMs: 20 }),
  }
  return { clock, sim, app, simFetch, calls, provider, harness }
}
