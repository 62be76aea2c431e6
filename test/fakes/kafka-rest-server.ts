/**
 * A fake Kafka REST Proxy for tests: the sandbox simulator (sandbox/kafka-rest/index.ts) plus a log
 * of requests and injectable faults. Use `fetch` in-process (Node and workerd) or `listen()` for a
 * real socket on 127.0.0.1 (Node only).
 * @module
 */

import { Hono } from 'hono'
import { type KafkaSimOptions, type KafkaSimState, kafkaRestSimulator, SANDBOX_KAFKA_REST } from '../../sandbox/kafka-rest/index.ts'
import { type LocalServer, listenLocally } from './listen.ts'

export const FAKE_CLUSTER = SANDBOX_KAFKA_REST.clusterId

export type SeenRequest = {
  readonly method: string
  readonly path: string
  readonly search: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: unknown
}

/** The next `times` requests matching `method`/`path` get this answer instead (or a network error, or a late answer). */
export type Fault = {
  readonly method?: string
  readonly path: RegExp
  readonly times?: number
} & (
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly network: true }
  | { readonly delayMs: number }
)

export type KafkaRestFake = {
  readonly app: Hono
  readonly fetch: typeof fetch
  readonly state: KafkaSimState
  readonly requests: SeenRequest[]
  readonly fail: (fault: Fault) => void
  /** Serves the fake on 127.0.0.1 (Node only). */
  readonly listen: () => Promise<LocalServer>
}

export function kafkaRestFake(options: KafkaSimOptions = {}): KafkaRestFake {
  const sim = kafkaRestSimulator(options)
  const requests: SeenRequest[] = []
  const faults: Array<Fault & { left: number }> = []
  const take = (method: string, path: string) => {
    const i = faults.findIndex((f) => (f.method === undefined || f.method === method) && f.path.test(path))
    if (i < 0) return null
    const f = faults[i] as Fault & { left: number }
    if (--f.left <= 0) faults.splice(i, 1)
    return f
  }

  const app = new Hono()
  app.use(async (c, next) => {
    const url = new URL(c.req.url)
    const raw = await c.req.raw.clone().text()
    let body: unknown = raw === '' ? undefined : raw
    try {
      body = raw === '' ? undefined : JSON.parse(raw)
    } catch {}
    requests.push({ method: c.req.method, path: url.pathname, search: url.search, headers: Object.fromEntries(c.req.raw.headers), body })
    const f = take(c.req.method, url.pathname)
    if (f && 'delayMs' in f) await new Promise((r) => setTimeout(r, f.delayMs))
    if (f && 'status' in f) {
      return new Response(JSON.stringify(f.body ?? { error_code: f.status, message: 'injected fault' }), {
        status: f.status,
        headers: { 'content-type': 'application/json', ...f.headers },
      })
    }
    return next()
  })
  app.route('/', sim.app)

  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const path = new URL(req.url).pathname
    const i = faults.findIndex((f) => 'network' in f && (f.method === undefined || f.method === req.method) && f.path.test(path))
    if (i >= 0) {
      take(req.method, path)
      throw new TypeError('fetch failed')
    }
    return app.fetch(req)
  }) as typeof fetch

  return {
    app,
    fetch: fakeFetch,
    state: sim.state,
    requests,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    listen: () => listenLocally(app.fetch),
  }
}
