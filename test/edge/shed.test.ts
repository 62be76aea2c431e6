import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../edge/context.ts'
import { ConcurrencyGate, overloadShedding, type Schedule } from '../../edge/middleware/shed.ts'
import { harness } from './harness.ts'

/** Timers that fire only when the test says so. */
function manualTimers() {
  const due: Array<{ fire: () => void; cancelled: boolean }> = []
  const schedule: Schedule = (_ms, fire) => {
    const t = { fire, cancelled: false }
    due.push(t)
    return () => {
      t.cancelled = true
    }
  }
  const fireAll = () => {
    for (const t of due.splice(0)) if (!t.cancelled) t.fire()
  }
  return { schedule, fireAll, pending: () => due.filter((t) => !t.cancelled).length }
}

/** A small app with the shedding middleware whose `/hold/*` routes answer only when released. */
function gatedApp(gate: ConcurrencyGate) {
  const held: Array<() => void> = []
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('requestId', 'req-1')
    await next()
  })
  app.use(overloadShedding(() => gate))
  const hold = (c: { text: (s: string) => Response }) => new Promise<Response>((resolve) => held.push(() => resolve(c.text('done'))))
  app.get('/tenants/:id', (c) => hold(c))
  app.get('/payment/v2/links/:id', (c) => hold(c))
  app.get('/health', (c) => c.text('ok'))
  app.get('/status', (c) => c.text('ok'))
  app.get('/metrics', (c) => c.text('# metrics'))
  /** Releases the oldest held request. */
  const release = () => held.shift()?.()
  return { app, release, held: () => held.length }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('overload shedding', () => {
  it('holds at most N in flight and Q waiting, answers 503 with Retry-After beyond, in the path’s envelope', async () => {
    const gate = new ConcurrencyGate({ maxInflight: 2, maxQueue: 1, timeoutMs: 5000, schedule: manualTimers().schedule })
    const g = gatedApp(gate)
    const first = [g.app.request('/tenants/a'), g.app.request('/tenants/b'), g.app.request('/tenants/c')]
    await tick()
    expect([gate.inflight, gate.queued, g.held()]).toEqual([2, 1, 2])

    const problem = await g.app.request('/tenants/d')
    expect(problem.status).toBe(503)
    expect(problem.headers.get('retry-after')).toBe('1')
    expect(problem.headers.get('content-type')).toContain('application/problem+json')
    expect(await problem.json()).toMatchObject({ status: 503, type: 'urn:varco:problem:overloaded' })

    const agile = await g.app.request('/payment/v2/links/x')
    expect(agile.status).toBe(503)
    expect(agile.headers.get('retry-after')).toBe('1')
    expect(await agile.json()).toMatchObject({ success: false, code: 'overloaded' })

    // Releasing one lets the queued request in (first in, first out); the rest finish in turn.
    g.release()
    await tick()
    expect([gate.inflight, gate.queued, g.held()]).toEqual([2, 0, 2])
    g.release()
    g.release()
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200, 200])
    expect([gate.inflight, gate.queued]).toEqual([0, 0])
  })

  it('sheds a waiting request when its deadline passes, and frees its place in the queue', async () => {
    const timers = manualTimers()
    const gate = new ConcurrencyGate({ maxInflight: 1, maxQueue: 1, timeoutMs: 5000, schedule: timers.schedule })
    const g = gatedApp(gate)
    const inFlight = g.app.request('/tenants/a')
    const waiting = g.app.request('/tenants/b')
    await tick()
    expect(gate.queued).toBe(1)
    timers.fireAll()
    const shed = await waiting
    expect(shed.status).toBe(503)
    expect(shed.headers.get('retry-after')).toBe('1')
    expect([gate.inflight, gate.queued]).toEqual([1, 0])
    g.release()
    expect((await inFlight).status).toBe(200)
    expect(gate.inflight).toBe(0)
  })

  it('recovers after the burst: every request is served again once the held ones finish', async () => {
    const gate = new ConcurrencyGate({ maxInflight: 1, maxQueue: 0, timeoutMs: 5000, schedule: manualTimers().schedule })
    const g = gatedApp(gate)
    const burst = Array.from({ length: 5 }, (_, i) => g.app.request(`/tenants/${i}`))
    await tick()
    g.release()
    const statuses = (await Promise.all(burst)).map((r) => r.status)
    expect(statuses).toEqual([200, 503, 503, 503, 503])
    const after = g.app.request('/tenants/z')
    await tick()
    g.release()
    expect((await after).status).toBe(200)
    expect([gate.inflight, gate.queued]).toEqual([0, 0])
  })

  it('never holds /health, /status or /metrics, even with every slot and place taken', async () => {
    const gate = new ConcurrencyGate({ maxInflight: 1, maxQueue: 1, timeoutMs: 5000, schedule: manualTimers().schedule })
    const g = gatedApp(gate)
    const held = [g.app.request('/tenants/a'), g.app.request('/tenants/b')]
    await tick()
    expect((await g.app.request('/tenants/c')).status).toBe(503)
    for (const path of ['/health', '/status', '/metrics']) expect((await g.app.request(path)).status).toBe(200)
    g.release()
    await tick()
    g.release()
    await Promise.all(held)
  })

  it('is wired into the app: VARCO_MAX_INFLIGHT=1 and no queue shed a second request while one is held', async () => {
    const h = await harness({}, { VARCO_MAX_INFLIGHT: '1', VARCO_MAX_QUEUE: '0' })
    const t = await h.tenant()
    const auth = { 'x-api-key': t.key, authorization: `Bearer ${await h.token(t.id)}`, 'content-type': 'application/json' }
    // A request whose body never ends holds its slot while the route reads it.
    let close: () => void = () => {}
    const body = new ReadableStream<Uint8Array>({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode('{"payment_type":'))
        close = () => {
          ctrl.enqueue(new TextEncoder().encode('"PAGOPA"}'))
          ctrl.close()
        }
      },
    })
    const slow = h.app.request('/services', { method: 'POST', headers: auth, body, duplex: 'half' } as RequestInit)
    await tick()
    const shed = await h.call('GET', `/tenants/${t.id}`, { key: t.key, token: await h.token(t.id) })
    expect(shed.status).toBe(503)
    expect(shed.json).toMatchObject({ type: 'urn:varco:problem:overloaded' })
    expect(shed.res.headers.get('retry-after')).toBe('1')
    expect((await h.app.request('/health')).status).toBe(200)
    expect(h.logs.some((l) => l.includes('"status":503'))).toBe(true)
    close()
    expect((await slow).status).toBe(400)
    expect((await h.call('GET', `/tenants/${t.id}`, { key: t.key, token: await h.token(t.id) })).status).toBe(200)
  })
})
