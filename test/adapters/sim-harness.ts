/**
 * The set-up every simulator harness (test/adapters/<name>/harness.ts and mandates.harness.ts) shares:
 * a fixed clock, the simulator mounted under `/sandbox/<name>` in its own Hono app as the sandbox
 * mounts it, and a fetch to it that skips only the socket (or, given a {@link FarSide}, reaches a
 * simulator elsewhere). Runtime-neutral: used by the Node and workerd suites.
 * @module
 */

import { Hono } from 'hono'
import type { CreatedMandate, MandateProvider } from '../../ports/mandate-provider.port.ts'
import type { Creditor, PaymentProvider } from '../../ports/payment-provider.port.ts'
import { SIM_DELAY_HEADER } from '../../sandbox/shared/hooks.ts'
import type { MandateHarness } from '../contract/mandate-provider.contract.ts'
import type { ProviderHarness } from '../contract/payment-provider.contract.ts'
import { fixedClock } from '../fakes/clock.fake.ts'

export const SIM_ORIGIN = 'http://sim.test'

/** When every harness's clock starts, unless told otherwise. */
export const SIM_START = '2026-11-23T10:00:00.000Z'

/** The creditor the card intermediaries' harnesses create payments for. */
export const CREDITOR: Creditor = { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' }

/** Where the simulator lives: by default a fresh one in a local Hono app; the workerd suite passes the sandbox's. */
export type FarSide = { readonly fetch: typeof fetch; readonly base: string }

/** One request the adapter sent to the simulator. */
export type SimCall = { method: string; path: string }

/**
 * A fresh simulator made by `make` on a fixed clock, mounted under `/sandbox/<name>`. `simFetch`
 * records every request in `calls` and hands it to the local app (or to `far`); `base` is the
 * simulator's URL the adapter is configured with.
 */
export function mountSimulator<S extends { readonly app: Hono }>(
  name: string,
  make: (clock: ReturnType<typeof fixedClock>) => S,
  o: { readonly start?: string; readonly far?: FarSide | undefined } = {},
) {
  const clock = fixedClock(o.start ?? SIM_START)
  const sim = make(clock)
  const app = new Hono()
  app.route(`/sandbox/${name}`, sim.app)
  const base = o.far?.base ?? `${SIM_ORIGIN}/sandbox/${name}`
  const calls: SimCall[] = []
  const far = o.far
  const simFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    calls.push({ method: req.method, path: `${url.pathname}${url.search}` })
    return far ? far.fetch(req) : app.fetch(req)
  }) as typeof fetch
  /** A fetch that adds `headers` to every request (simulator hooks). */
  const withHeaders = (headers: Record<string, string>) =>
    ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      for (const [k, v] of Object.entries(headers)) req.headers.set(k, v)
      return simFetch(req)
    }) as typeof fetch
  /** A fetch that asks the simulator to wait `ms` before answering. */
  const delayed = (ms: number) => withHeaders({ [SIM_DELAY_HEADER]: String(ms) })
  /** POSTs to one of the simulator's test hooks; throws unless it answers `expected`. */
  const hook = async (url: string, verb: string, expected = 200) => {
    const res = await simFetch(url, { method: 'POST' })
    if (res.status !== expected) throw new Error(`simulator refused to ${verb}: ${res.status} ${await res.text()}`)
  }
  return { clock, sim, app, base, simFetch, calls, withHeaders, delayed, hook }
}

/** What the harnesses below need of a mounted simulator. */
type Mounted = Pick<ReturnType<typeof mountSimulator>, 'clock' | 'simFetch' | 'delayed'>

/** What an adapter's config needs of a mounted simulator: where it is, how to reach it, its clock. */
export type SimSide = Pick<ReturnType<typeof mountSimulator>, 'base' | 'simFetch' | 'clock'>

/** Adapter options a harness can vary: the fetch (hook headers) and the timeout. */
type WireOptions = { fetch?: typeof fetch; timeoutMs?: number }

/** Adapter options that make every call time out: the simulator waits 200 ms, the adapter 20. */
export const slowOptions = (s: Pick<Mounted, 'delayed'>) => ({ fetch: s.delayed(200), timeoutMs: 20 })

/**
 * A ProviderHarness for an adapter `make` builds against the simulator: its provider, the card
 * creditor, the simulator's clock, pages opened through the simulator's fetch and a slow variant;
 * `h` adds the rest (and may replace any of those).
 */
export function simProviderHarness(
  s: Mounted,
  make: (o?: WireOptions) => PaymentProvider,
  h: Pick<ProviderHarness, 'payAtProvider' | 'countAtProvider' | 'withBadCredentials'> & Partial<ProviderHarness>,
): ProviderHarness {
  return { provider: make(), creditor: CREDITOR, now: s.clock, openPage: (url) => s.simFetch(url), slow: () => make(slowOptions(s)), ...h }
}

/**
 * A MandateHarness for a mandate adapter `make` builds against the simulator. The customer answers
 * through the hosted page's form (accepting with `iban`); the page must answer one of `answered`.
 */
export function simMandateHarness(
  s: Mounted,
  make: (o?: WireOptions) => MandateProvider,
  h: Pick<MandateHarness, 'settle' | 'countCharges' | 'withBadCredentials'> & { iban: string; answered: readonly number[] },
): MandateHarness {
  const answer = async (m: CreatedMandate, verb: 'accept' | 'refuse') => {
    const res = await submitPageForm(s.simFetch, m.signUrl, verb, verb === 'accept' ? { iban: h.iban } : {})
    if (!h.answered.includes(res.status)) throw new Error(`the mandate page did not take "${verb}": ${res.status} ${await res.text()}`)
  }
  return {
    provider: make(),
    openPage: (url) => s.simFetch(url),
    accept: (m) => answer(m, 'accept'),
    refuse: (m) => answer(m, 'refuse'),
    settle: h.settle,
    countCharges: h.countCharges,
    withBadCredentials: h.withBadCredentials,
    slow: () => make(slowOptions(s)),
  }
}

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
