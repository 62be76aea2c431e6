/**
 * The two payment loads `npm run bench` and `node bench/redirect-tail.ts` share: creations through
 * `POST /payments` (CREATION_PENDING events; the answer's signed begin link kept, since the redirect route
 * answers 401 without it), and each link opened once at 50 connections (a first open: PAYMENT_PENDING →
 * PAYMENT_STARTED, its event, a durable write). Rates come from the last response: with `amount`,
 * autocannon's own figures end on its next 1-second tick.
 * @module
 */

import autocannon from 'autocannon'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'

export type PaymentTarget = {
  readonly url: string
  readonly auth: Record<string, string>
  readonly tenantId: string
  readonly serviceId: string
}

type Run = { readonly result: autocannon.Result; readonly perS: number }

/**
 * What a payment load needs, made fresh: a tenant (`varco tenant create`), an admin token (`varco token`) and a
 * pagoPA service (`POST /services`, through `send`: the global fetch, or an app's own `fetch` in-process).
 */
export async function paymentTarget(
  url: string,
  cli: (...args: string[]) => string,
  send: (req: Request) => Promise<Response> = (req) => fetch(req),
): Promise<PaymentTarget> {
  const tenant = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
    id: string
    api_key: string
  }
  const token = cli('token', '--tenant', tenant.id, '--user', 'bench', '--role', 'admin', '--ttl', '1h')
  const auth = { 'x-api-key': tenant.api_key, authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const svc = await send(
    new Request(`${url}/services`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }),
    }),
  )
  if (svc.status !== 201) throw new Error(`POST /services answered ${svc.status}: ${await svc.text()}`)
  return { url, auth, tenantId: tenant.id, serviceId: ((await svc.json()) as { id: string }).id }
}

/** Creations at `connections`, for `duration` seconds or `amount` requests; ids and begin links (path + query) appended. */
export async function createPayments(
  t: PaymentTarget,
  options: { readonly connections: number; readonly duration?: number; readonly amount?: number },
  out: { readonly ids?: string[]; readonly links: string[] },
): Promise<Run> {
  const start = performance.now()
  let last = start
  const result = await autocannon({
    url: `${t.url}/payments`,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.duration ?? 10 }),
    requests: [
      {
        method: 'POST',
        headers: t.auth,
        setupRequest: ((req: Record<string, unknown>) => {
          const ev = creationEvent(t.tenantId, t.serviceId)
          out.ids?.push(ev.id)
          return { ...req, body: JSON.stringify(ev) }
        }) as never,
        onResponse: ((status: number, body: string) => {
          last = performance.now()
          if (status !== 201) return
          const u = new URL(
            (JSON.parse(body) as { payment: { links: { online_payment_begin: { url: string } } } }).payment.links.online_payment_begin.url,
          )
          out.links.push(`${u.pathname}${u.search}`)
        }) as never,
      },
    ],
  })
  return { result, perS: Math.round((result.requests.total * 1000) / Math.max(1, last - start)) }
}

/** One load's figures, whichever client drove it (autocannon here, wrk in bench/wrk.ts); latencies in ms. */
export type LoadFigures = {
  readonly requests: number
  readonly perS: number
  readonly p50: number
  /** With p50 and p99, the width of the body: a wide one (not a few outliers) is what sets the redirect's p99. */
  readonly p90: number
  readonly p99: number
  readonly max: number
  /** Answers other than the expected status. */
  readonly unexpected: number
  /** Socket errors (connect, read, write, timeout). */
  readonly errors: number
}

/** An autocannon run as LoadFigures; `expected` is the status every answer should have. */
export function fromAutocannon(run: Run, expected: number): LoadFigures {
  const codes = run.result.statusCodeStats as unknown as Record<string, { count: number }>
  return {
    requests: run.result.requests.total,
    perS: run.perS,
    p50: run.result.latency.p50,
    p90: run.result.latency.p90,
    p99: run.result.latency.p99,
    max: run.result.latency.max,
    unexpected: run.result.requests.total - (codes[String(expected)]?.count ?? 0),
    errors: run.result.errors,
  }
}

/** What the gateway's own clock saw (first middleware to answer), and the client's mean latency by Little's law. */
export type GatewayClock = {
  /** The gateway's mean, ms: neither the wait in front of a busy event loop nor the client's side. */
  readonly meanMs: number
  /** Share answered within 25 ms on the gateway's clock, %. */
  readonly within25Pct: number
  /** `connections` always busy: the client's mean latency is connections ÷ the rate, ms. */
  readonly clientMeanMs: number
}

const REDIRECT_ROUTE = '/online-payment/:id'

/**
 * Each link opened once, `connections` at a time, through autocannon; `gateway` from withGatewayClock.
 */
export async function openLinksOnce(
  url: string,
  links: readonly string[],
  connections = 50,
): Promise<Run & { readonly gateway: GatewayClock }> {
  return await withGatewayClock(url, connections, async () => {
    let next = 0
    const start = performance.now()
    let last = start
    const result = await autocannon({
      url,
      connections,
      amount: links.length,
      requests: [
        {
          method: 'GET',
          setupRequest: ((req: Record<string, unknown>) => ({ ...req, path: links[next++] })) as never,
          onResponse: (() => {
            last = performance.now()
          }) as never,
        },
      ],
    })
    return { result, perS: Math.round((result.requests.total * 1000) / Math.max(1, last - start)) }
  })
}

/**
 * `run` (a redirect load at `connections`, whatever drives it) between two reads of the gateway's duration histogram
 * for the redirect route (`oc_api_request_duration_seconds` on `/metrics`): its result with `gateway`.
 */
export async function withGatewayClock<T extends { readonly perS: number }>(
  url: string,
  connections: number,
  run: () => Promise<T>,
): Promise<T & { readonly gateway: GatewayClock }> {
  const before = await routeClock(url, REDIRECT_ROUTE)
  const r = await run()
  const after = await routeClock(url, REDIRECT_ROUTE)
  const n = Math.max(1, after.count - before.count)
  const within = (after.le.get('0.025') ?? 0) - (before.le.get('0.025') ?? 0)
  const gateway = {
    meanMs: Math.round(((after.sumS - before.sumS) * 1000 * 10) / n) / 10,
    within25Pct: Math.round((within * 1000) / n) / 10,
    clientMeanMs: Math.round((connections * 1000 * 10) / Math.max(1, r.perS)) / 10,
  }
  return { ...r, gateway }
}

/** The gateway's own duration histogram for one route: cumulative count, sum (s) and bucket counts by bound. */
type RouteClock = { readonly count: number; readonly sumS: number; readonly le: ReadonlyMap<string, number> }

async function routeClock(url: string, route: string): Promise<RouteClock> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const le = new Map<string, number>()
  let count = 0
  let sumS = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith('oc_api_request_duration_seconds') || !line.includes(`route="${route}"`)) continue
    const value = Number(line.slice(line.lastIndexOf(' ') + 1))
    const bucket = /le="([^"]+)"/.exec(line)
    if (line.startsWith('oc_api_request_duration_seconds_bucket') && bucket) le.set(bucket[1] as string, value)
    else if (line.startsWith('oc_api_request_duration_seconds_sum')) sumS = value
    else if (line.startsWith('oc_api_request_duration_seconds_count')) count = value
  }
  return { count, sumS, le }
}
