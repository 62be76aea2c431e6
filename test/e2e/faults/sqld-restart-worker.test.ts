/**
 * sqld killed and restarted under the Worker (issue 16 point 2), as users run it: `npm run dev:worker`
 * (wrangler dev, real workerd) with the sqld the script starts. Payment creations through the pagoPA sandbox
 * and their online-payment redirects run from four senders; SIGKILL to that sqld mid-run; while it is down
 * every request answers 503 `unavailable` problem+json (never a 500, never a hang); sqld is started again on
 * the same database directory and port and the Worker, never restarted, works again. Every acknowledged
 * creation is there, once; the senders redeliver what was not acknowledged and nothing doubles.
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDb } from '../../../adapters/libsql/client.ts'
import { creationEvent } from '../../fakes/payment-event.fake.ts'
import { startSqld } from '../../setup/sqld.ts'
import { type RunningServer, startServer } from '../helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from '../http-harness.ts'

const SERVICE = { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }

type Answer = Awaited<ReturnType<HttpHarness['call']>>

let server: RunningServer
let h: HttpHarness
let restarted: Awaited<ReturnType<typeof startSqld>> | null = null
let as: { key: string; token: string }
let tenant: string
let service: string

/** The pid of the sqld `npm run dev:worker` started on `port` (a child of the server this file started). */
function sqldPid(port: string): number {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const argv = readFileSync(join('/proc', pid, 'cmdline'), 'utf8').split('\0')
      if (argv[0]?.endsWith('sqld') && argv.includes(`127.0.0.1:${port}`)) return Number(pid)
    } catch {}
  }
  throw new Error(`no sqld on port ${port}`)
}
const sqldPort = () => new URL(server.dbUrl).port

beforeAll(async () => {
  server = await startServer({ runtime: 'wrangler-dev', env: { JWT_SECRET: E2E_SECRET, VARCO_AUTH_FAIL_LIMIT: '0' } })
  h = httpHarness(server)
  const t = await h.tenant('Comune di Bugliano')
  tenant = t.id
  as = { key: t.key, token: await h.token(t.id, 'admin') }
  const svc = await h.call('POST', '/services', { ...as, body: SERVICE })
  expect(svc.status, svc.text).toBe(201)
  service = String(svc.json['id'])
}, 120_000)

afterAll(async () => {
  await server?.stop()
  await restarted?.stop()
}, 30_000)

function expectCleanUnavailable(r: Answer, what: string) {
  expect(r.status, `${what}: ${r.text}`).toBe(503)
  expect(r.res.headers.get('content-type')).toContain('application/problem+json')
  expect(r.json).toMatchObject({ status: 503, code: 'unavailable' })
}

describe('sqld killed and restarted under the Worker (wrangler dev, its own sqld)', () => {
  it('down: 503 problem+json, never a 500; back without restarting the Worker; nothing acknowledged lost or doubled', async () => {
    const KILL_AFTER = 6
    const events: Array<ReturnType<typeof creationEvent>> = []
    const acked = new Set<string>()
    const redirected = new Set<string>()
    const answers: Array<{ what: string; r: Answer }> = []
    let enough = () => {}
    const reached = new Promise<void>((r) => {
      enough = r
    })
    // Each sender creates a payment and opens its online-payment link, again and again, until one is refused.
    const sender = async () => {
      for (;;) {
        const ev = creationEvent(tenant, service)
        events.push(ev)
        const created = await h.call('POST', '/payments', { ...as, body: ev })
        answers.push({ what: 'create', r: created })
        if (created.status !== 201) return
        acked.add(ev.id)
        if (acked.size >= KILL_AFTER) enough()
        const begin = await h.call(
          'GET',
          (created.json['payment'] as { links: { online_payment_begin: { url: string } } }).links.online_payment_begin.url,
        )
        answers.push({ what: 'redirect', r: begin })
        if (begin.status !== 303) return
        redirected.add(ev.id)
      }
    }
    const senders = Promise.all([0, 1, 2, 3].map(sender))
    await reached
    process.kill(sqldPid(sqldPort()), 'SIGKILL')
    await senders

    // Every request got an answer: done before the kill, or unavailable after it.
    for (const { what, r } of answers) if (![201, 303].includes(r.status)) expectCleanUnavailable(r, what)
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER)
    const first = [...acked][0] as string

    // Down: reads, writes and the probe answer 503 at once.
    expectCleanUnavailable(await h.call('POST', '/payments', { ...as, body: creationEvent(tenant, service) }), 'create while down')
    expectCleanUnavailable(await h.call('GET', `/payments/${first}`, as), 'read while down')
    expectCleanUnavailable(await h.call('GET', `/update/${first}`, as), 'update while down')
    expect((await h.call('GET', '/status')).status).toBe(503)

    restarted = await startSqld({ dbPath: join(server.dataDir, 'sqld', 'varco.sqld'), port: Number(sqldPort()) })
    // The Worker is not restarted: its next requests reach the new sqld (polled: the first may see the old connection go).
    let back = await h.call('GET', `/payments/${first}`, as)
    for (let i = 0; back.status === 503 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100))
      back = await h.call('GET', `/payments/${first}`, as)
    }
    expect(back.status, back.text).toBe(200)

    // The senders redeliver every event: an acknowledged one is ignored as a duplicate, the others are created
    // now, or ignored when the outage cut them after their write (the poller finishes those still CREATION_PENDING).
    for (const ev of events) {
      const r = await h.call('POST', '/payments', { ...as, body: ev })
      if (acked.has(ev.id) || r.status === 200) expect(r.json, r.text).toMatchObject({ outcome: 'ignored', reason: 'duplicate_event' })
      else expect(r.json, r.text).toMatchObject({ outcome: 'created', payment: { status: 'PAYMENT_PENDING' } })
    }
    const db = openDb({ url: server.dbUrl })
    try {
      const rows = await db.execute({
        sql: `SELECT p.id, p.status, (SELECT COUNT(*) FROM payment_events e WHERE e.payment_id = p.id AND e.status = 'PAYMENT_PENDING') AS pending
              FROM payments p WHERE p.tenant_id = ?`,
        args: [tenant],
      })
      const byId = new Map(rows.rows.map((r) => [String(r['id']), { status: r['status'], pending: Number(r['pending']) }]))
      expect(byId.size).toBe(rows.rows.length)
      expect([...byId.keys()].sort()).toEqual(events.map((e) => e.id).sort())
      // Acknowledged: created once, and started when its redirect answered (a redirect cut by the outage may have
      // started it or not); not acknowledged: created once now, or still waiting for the poller.
      for (const [id, p] of byId) {
        const want = redirected.has(id)
          ? ['PAYMENT_STARTED']
          : acked.has(id)
            ? ['PAYMENT_PENDING', 'PAYMENT_STARTED']
            : ['PAYMENT_PENDING', 'PAYMENT_STARTED', 'CREATION_PENDING']
        expect(want, id).toContain(p.status)
        expect(p.pending, id).toBe(p.status === 'CREATION_PENDING' ? 0 : 1)
      }
      expect(redirected.size).toBeGreaterThan(0)
    } finally {
      db.close()
    }
  }, 120_000)
})
