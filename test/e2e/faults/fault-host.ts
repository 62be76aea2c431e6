/**
 * The far side of the wire for the SIGKILL tests: the sandbox's pagoPA, Kafka REST, OpenAPI.it SDI,
 * pagoPA RTD and Stripe simulators served from the test process on a real socket, behind a gate that can hold requests. A hold `before` keeps a
 * request from reaching the simulator until released; a hold `after` lets the simulator act (a debt
 * position is created, a record appended) and withholds only its answer, so the gateway can be killed
 * at a chosen point without any hook in its code.
 * @module
 */

import { Hono } from 'hono'
import { kafkaRestSimulator } from '../../../sandbox/kafka-rest/index.ts'
import { openapiSdiSimulator, SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'
import { pagopaSimulator } from '../../../sandbox/pagopa/index.ts'
import { rtdSimulator } from '../../../sandbox/rtd/index.ts'
import { stripeSimulator } from '../../../sandbox/stripe/index.ts'
import { type LocalServer, listenLocally } from '../../fakes/listen.ts'

export type Hold = {
  /** How many matching requests reached the hold (let through or held); with `after`, once the simulator acted on them. */
  readonly arrivals: () => number
  /** Resolves once `n` matching requests have reached the hold (with `after`: the simulator has acted on them). */
  readonly reached: (n: number) => Promise<void>
  /** Lets every held request (and any later one) go on; the hold is removed. */
  readonly release: () => void
}

type HoldSpec = {
  readonly method: string
  readonly path: RegExp
  /** `before`: the simulator sees nothing until release; `after`: it acts, its answer waits. */
  readonly when: 'before' | 'after'
  /** Let the first `pass` matching requests through untouched (default 0). */
  readonly pass?: number
}

type Active = HoldSpec & {
  arrived: number
  count: number
  waiters: Array<{ n: number; done: () => void }>
  open: Promise<void>
  free: () => void
}

export function gate() {
  const holds: Active[] = []
  const middleware = async (req: Request, next: () => Promise<Response>): Promise<Response> => {
    const path = new URL(req.url).pathname
    const h = holds.find((x) => x.method === req.method && x.path.test(path))
    if (!h) return next()
    const n = ++h.arrived
    const reachedHold = () => {
      const c = ++h.count
      for (const w of h.waiters.filter((w) => w.n <= c)) w.done()
    }
    if (h.when === 'before') {
      reachedHold()
      if (n <= (h.pass ?? 0)) return next()
      await h.open
      return next()
    }
    // `after`: a request reaches the hold once the simulator has acted on it. Counted at arrival, a test could kill the
    // gateway while the simulator was still reading the body: the file never reached SDI (a CI failure of 2026-12-07).
    const answer = await next()
    reachedHold()
    if (n > (h.pass ?? 0)) await h.open
    return answer
  }
  const hold = (spec: HoldSpec): Hold => {
    let free = () => {}
    const open = new Promise<void>((r) => {
      free = r
    })
    const h: Active = { ...spec, arrived: 0, count: 0, waiters: [], open, free }
    holds.push(h)
    return {
      arrivals: () => h.count,
      reached: (n) => (h.count >= n ? Promise.resolve() : new Promise<void>((done) => h.waiters.push({ n, done }))),
      release: () => {
        holds.splice(holds.indexOf(h), 1)
        h.free()
      },
    }
  }
  return { middleware, hold }
}

export type FaultHost = Awaited<ReturnType<typeof startFaultHost>>

/** A gateway's env for the host's OpenAPI.it SDI simulator (sandbox off: the adapter talks to it over the socket). */
export function sdiHostEnv(host: FaultHost): Record<string, string> {
  const sdi = `${host.url}/openapi-sdi`
  return {
    VARCO_SANDBOX: 'false',
    OPENAPI_SDI_URL: sdi,
    OPENAPI_OAUTH_URL: `${sdi}/oauth`,
    OPENAPI_SDI_EMAIL: SANDBOX_OPENAPI_SDI.email,
    OPENAPI_SDI_API_KEY: SANDBOX_OPENAPI_SDI.apiKey,
    OPENAPI_SDI_CALLBACK_SECRET: SANDBOX_OPENAPI_SDI.callbackSecret,
  }
}

/**
 * pagoPA at `<url>/pagopa`, the Kafka REST Proxy at `<url>/kafka`, OpenAPI.it SDI at `<url>/openapi-sdi`
 * (RC/NS only when asked), RTD at `<url>/rtd`, Stripe at `<url>/stripe`; one gate in front of all.
 */
export async function startFaultHost() {
  const g = gate()
  const pagopa = pagopaSimulator()
  const kafka = kafkaRestSimulator()
  const sdi = openapiSdiSimulator({ autoDeliverMs: Number.POSITIVE_INFINITY })
  const rtd = rtdSimulator()
  const stripe = stripeSimulator()
  const app = new Hono()
  app.use('*', (c, next) =>
    g.middleware(c.req.raw, async () => {
      await next()
      return c.res
    }),
  )
  app.route('/pagopa', pagopa.app)
  app.route('/kafka', kafka.app)
  app.route('/openapi-sdi', sdi.app)
  app.route('/rtd', rtd.app)
  app.route('/stripe', stripe.app)
  const server: LocalServer = await listenLocally((req) => app.fetch(req))
  return {
    url: server.url,
    close: server.close,
    hold: g.hold,
    /** Debt positions the pagoPA simulator holds, one per iupd. */
    positions: () => pagopa.control.positions(),
    /** Every record produced to `topic`, parsed. */
    events: (topic: string) => kafka.state.records(topic).map((r) => r.value as Record<string, unknown>),
    sdi: sdi.control,
    rtd: rtd.control,
    stripe: stripe.control,
  }
}
