/**
 * The Stripe simulator in-process (mounted under `/sandbox/stripe` as the sandbox does) and Stripe
 * mandate adapters wired to it through a fetch that skips only the socket. The customer's answer
 * goes through the hosted page's own form, as a browser would post it. Runtime-neutral: used by the
 * Node and the workerd suites.
 * @module
 */

import { Hono } from 'hono'
import type { StripeConfig } from '../../../adapters/stripe/index.ts'
import { createStripeMandates } from '../../../adapters/stripe/mandates.ts'
import type { CreatedMandate } from '../../../ports/mandate-provider.port.ts'
import { SANDBOX_STRIPE, SIM_DELAY_HEADER, stripeSimulator } from '../../../sandbox/stripe/index.ts'
import type { MandateHarness } from '../../contract/mandate-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'

export const SIM_URL = 'http://sim.test/sandbox/stripe'

/** Posts the form of the hosted page whose action ends with `/<verb>`, as a browser would. */
export async function submitPageForm(
  fetchFn: typeof fetch,
  pageUrl: string,
  verb: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const html = await (await fetchFn(pageUrl)).text()
  const action = [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1] ?? '').find((a) => a.endsWith(`/${verb}`))
  if (!action) throw new Error(`no "${verb}" form on ${pageUrl}`)
  const target = new URL(action.replaceAll('&#38;', '&'), pageUrl).toString()
  return fetchFn(target, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  })
}

/** Where the simulator lives: by default a fresh one in a local Hono app; the workerd suite passes the sandbox's. */
export type FarSide = { readonly fetch: typeof fetch; readonly base: string }

export function stripeMandateHarness(over: Partial<StripeConfig> = {}, far?: FarSide) {
  const clock = fixedClock('2026-11-23T10:00:00.000Z')
  const sim = stripeSimulator({ clock })
  const app = new Hono()
  app.route('/sandbox/stripe', sim.app)
  const simFetch = far?.fetch ?? (((input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init))) as typeof fetch)
  const SIM_BASE = far?.base ?? SIM_URL
  const config: StripeConfig = {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_STRIPE.secretKey,
    webhookSecret: SANDBOX_STRIPE.webhookSecret,
    fetch: simFetch,
    clock,
    ...over,
  }
  const provider = (o: Partial<StripeConfig> = {}) => createStripeMandates({ ...config, ...o })
  const delayed = (ms: number) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      req.headers.set(SIM_DELAY_HEADER, String(ms))
      return simFetch(req)
    }) as typeof fetch
  const answer = async (m: CreatedMandate, verb: 'accept' | 'refuse') => {
    const res = await submitPageForm(simFetch, m.signUrl, verb, verb === 'accept' ? { iban: 'DE89 3704 0044 0532 0130 00' } : {})
    if (res.status !== 303) throw new Error(`the mandate page did not take "${verb}": ${res.status} ${await res.text()}`)
  }
  const harness: MandateHarness = {
    provider: provider(),
    openPage: (url) => simFetch(url),
    accept: (m) => answer(m, 'accept'),
    refuse: (m) => answer(m, 'refuse'),
    settle: async (ref, outcome) => {
      const res = await simFetch(`${SIM_BASE}/test/payment_intents/${ref}/settle?outcome=${outcome === 'paid' ? 'succeeded' : 'failed'}`, {
        method: 'POST',
      })
      if (res.status !== 200) throw new Error(`simulator refused to settle: ${res.status} ${await res.text()}`)
    },
    countCharges: async () => ((await (await simFetch(`${SIM_BASE}/test/payment_intents`)).json()) as { data: unknown[] }).data.length,
    withBadCredentials: () => provider({ secretKey: 'sk_test_not_the_key' }),
    slow: () => provider({ fetch: delayed(200), timeoutMs: 20 }),
  }
  return { clock, sim, app, simFetch, provider, harness }
}
