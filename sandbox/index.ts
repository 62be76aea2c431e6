/**
 * Sandbox mode: mounts every simulator under `/sandbox/<name>/` and gives adapters a fetch that
 * delivers requests for `<public url>/sandbox/...` to the simulator in-process. The adapter still
 * builds real HTTP requests and parses real responses; only the socket is skipped, which also
 * works on Workers (a Worker cannot fetch its own hostname). Browsers reach the same simulators
 * through the public URL.
 * @module
 */

import { Hono } from 'hono'
import { echoSimulator } from './echo/index.ts'
import { SANDBOX_KAFKA_REST } from './kafka-rest/credentials.ts'
import { kafkaRestSimulator } from './kafka-rest/index.ts'
import { SANDBOX_ONPAY } from './onpay/credentials.ts'
import { onpaySimulator } from './onpay/index.ts'
import { SANDBOX_OPENAPI_SDI } from './openapi-sdi/credentials.ts'
import { type InspectInvoice, openapiSdiSimulator } from './openapi-sdi/index.ts'
import { SANDBOX_PAGOPA } from './pagopa/credentials.ts'
import { pagopaSimulator } from './pagopa/index.ts'
import { SANDBOX_REVOLUT } from './revolut/credentials.ts'
import { revolutSimulator } from './revolut/index.ts'
import { SANDBOX_RTD } from './rtd/credentials.ts'
import { rtdSimulator } from './rtd/index.ts'
import { SANDBOX_STRIPE } from './stripe/credentials.ts'
import { stripeSimulator } from './stripe/index.ts'
import type { Simulator } from './types.ts'

export type Sandbox = {
  readonly app: Hono
  readonly simulators: ReadonlyArray<{ readonly name: string; readonly baseUrl: string; readonly description: string }>
  readonly baseUrlOf: (name: string) => string
  /** fetch for adapters: sandbox URLs go to the simulators, anything else to `upstream`. */
  readonly fetch: typeof fetch
  /**
   * Hands the gateway to the sandbox, so simulators' callbacks to `<public url>/…` (not /sandbox)
   * reach it in-process: a Worker cannot fetch its own hostname, and tests have no socket. Set by the
   * app on its first request; until then callbacks go to `upstream`.
   */
  readonly attachGateway: (fetch: (req: Request) => Promise<Response>) => void
}

/** What the wiring can give the simulators (see {@link createSandbox}). */
export type SandboxOptions = {
  /**
   * How the OpenAPI.it SDI simulator judges a FatturaPA file: the wiring passes Varco's own
   * validation (the sandbox may not import core). Without it the simulator reads only the file
   * name, number and sender, and finds nothing wrong (sandbox/openapi-sdi/inspect.ts).
   */
  readonly inspectInvoice?: InspectInvoice
  /**
   * How the OpenAPI.it SDI simulator posts its callbacks (default: the global fetch). A Worker cannot
   * fetch its own hostname: there the wiring passes a fetch that hands `<public url>/webhooks/…` to the app.
   */
  readonly callbackFetch?: typeof fetch
  /** The SDI simulator answers RC (or NS) this long after a send on its own; 0: only when asked (default 3000). */
  readonly sdiAutoDeliverMs?: number
  /** The gateway's public URL (set by createSandbox): the SDI simulator's default callback goes there. */
  readonly publicUrl?: string
  /** The Stripe simulator's clock (default: real time): the gateway's, so signed webhooks are fresh by its clock. */
  readonly stripeClock?: () => Date
}

/** Every simulator the gateway ships. Intermediary issues append theirs here. */
export const SIMULATORS: ReadonlyArray<(options: SandboxOptions) => Simulator> = [
  () => echoSimulator(),
  () => pagopaSimulator(),
  () => kafkaRestSimulator(),
  (o) =>
    stripeSimulator({
      ...(o.callbackFetch ? { callbackFetch: o.callbackFetch } : {}),
      ...(o.stripeClock ? { clock: o.stripeClock } : {}),
      // Stripe's webhook endpoint of Agile billing, as the README's Stripe set-up creates it.
      ...(o.publicUrl
        ? {
            webhookEndpoints: [
              {
                url: `${new URL(o.publicUrl).origin}/billing/webhook`,
                secret: SANDBOX_STRIPE.webhookSecret,
                enabledEvents: [
                  'checkout.session.completed',
                  'checkout.session.async_payment_succeeded',
                  'checkout.session.async_payment_failed',
                ],
              },
            ],
          }
        : {}),
    }),
  () => revolutSimulator(),
  () => onpaySimulator(),
  (o) =>
    openapiSdiSimulator({
      ...(o.inspectInvoice ? { inspectInvoice: o.inspectInvoice } : {}),
      ...(o.callbackFetch ? { callbackFetch: o.callbackFetch } : {}),
      ...(o.sdiAutoDeliverMs !== undefined
        ? { autoDeliverMs: o.sdiAutoDeliverMs === 0 ? Number.POSITIVE_INFINITY : o.sdiAutoDeliverMs }
        : {}),
      ...(o.publicUrl ? { defaultCallbackUrl: `${new URL(o.publicUrl).origin}/webhooks/openapi-sdi` } : {}),
    }),
  () => rtdSimulator(),
]

/**
 * What each simulator accepts, in one place: in sandbox mode the wiring configures the adapters
 * with these instead of the deployment's secrets. Each simulator also exports its own (`SANDBOX_STRIPE`, …).
 */
export const sandboxCredentials = {
  pagopa: SANDBOX_PAGOPA,
  stripe: SANDBOX_STRIPE,
  revolut: SANDBOX_REVOLUT,
  onpay: SANDBOX_ONPAY,
  kafkaRest: SANDBOX_KAFKA_REST,
  openapiSdi: SANDBOX_OPENAPI_SDI,
  rtd: SANDBOX_RTD,
} as const

export function createSandbox(publicUrl: string, upstream: typeof fetch = fetch, options: SandboxOptions = {}): Sandbox {
  const origin = new URL(publicUrl).origin
  const app = new Hono()
  let gateway: ((req: Request) => Promise<Response>) | null = null
  /** Callbacks to the gateway's own origin go to it in-process once attached; anything else upstream. */
  const callbackFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    if (gateway !== null && new URL(req.url).origin === origin) return gateway(req)
    return upstream(req)
  }) as typeof fetch
  const sims = SIMULATORS.map((make) => make({ callbackFetch, publicUrl, ...options }))
  for (const sim of sims) app.route(`/sandbox/${sim.name}`, sim.app)
  const baseUrlOf = (name: string) => `${origin}/sandbox/${name}`
  const prefix = `${origin}/sandbox/`
  const sandboxFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    // The adapters' usual call (a URL string under /sandbox/, no dot segments): no URL parsing, and
    // the Request does not follow the caller's AbortSignal (undici's signal plumbing costs more than
    // building the rest of the Request): no simulator reads it, and the caller's own deadline
    // (adapters/shared/deadline.ts) bounds an in-process call without it.
    if (typeof input === 'string' && input.startsWith(prefix) && !input.includes('/.')) {
      if (init?.signal) {
        init.signal.throwIfAborted()
        const { signal: _s, ...rest } = init
        return app.fetch(new Request(input, rest))
      }
      return app.fetch(new Request(input, init))
    }
    const req = new Request(input, init)
    const url = new URL(req.url)
    if (url.origin === origin && url.pathname.startsWith('/sandbox/')) return app.fetch(req)
    return upstream(req)
  }) as typeof fetch
  return {
    app,
    simulators: sims.map((s) => ({ name: s.name, baseUrl: baseUrlOf(s.name), description: s.description })),
    baseUrlOf,
    fetch: sandboxFetch,
    attachGateway: (fetch) => {
      gateway ??= fetch
    },
  }
}
