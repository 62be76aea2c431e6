/**
 * The outbox: the OutboxRepo contract, run against libSQL in-process (embedded engine and
 * @libsql/client) and sqld over http, then the dispatcher over it with fake publishers. Rows are
 * written the way the gateway writes them: by PaymentRepo, with the events.
 */

import { describe, expect, inject, it } from 'vitest'
import { openEmbeddedDb } from '../../adapters/libsql/embedded.ts'
import { type Db, libsqlOutboxRepo, PARKED_AT } from '../../adapters/libsql/index.ts'
import { backoffMs, type DispatchDeps, dispatchOutbox, dispatchOutboxJob, LEASE_MS } from '../../core/jobs/dispatch-outbox.ts'
import type { PaymentStatus } from '../../core/payment.ts'
import type { WireEvent } from '../../core/payment-wire.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { EventPublisher, PublishResult } from '../../ports/event-publisher.port.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { fixedClock } from '../fakes/clock.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'

const T0 = new Date('2026-11-23T10:00:00Z')
const STATUSES: PaymentStatus[] = ['CREATION_PENDING', 'PAYMENT_PENDING', 'COMPLETE']

type OutboxStore = { readonly db: Db; readonly outbox: OutboxRepo; readonly payments: PaymentRepo; readonly tenants: TenantRepo }

async function newTenant(tenants: TenantRepo): Promise<string> {
  const id = crypto.randomUUID()
  await tenants.create(
    {
      id,
      name: 'Comune di Bugliano',
      taxIdentificationNumber: '00341620508',
      ipaCode: null,
      active: true,
      configuredAt: null,
      createdAt: T0,
      updatedAt: T0,
      pagopa: null,
    },
    { keyId: crypto.randomUUID().replace(/-/g, '').slice(0, 12), tenantId: id, hash: 'a'.repeat(64), createdAt: T0, revokedAt: null },
  )
  return id
}

/**
 * A payment whose events i = 0, 1, … go to `publishers[i]`, written (insert, then updates) at `at`,
 * so their outbox rows are due from `at`.
 */
async function seedPayment(s: OutboxStore, tenantId: string, publishers: string[][], at = T0) {
  let p = aPayment({ id: crypto.randomUUID(), tenant_id: tenantId, service_id: crypto.randomUUID(), created_at: at, updated_at: at })
  const eventIds: string[] = []
  for (const [i, names] of publishers.entries()) {
    const next = i === 0 ? p : { ...p, status: STATUSES[i] ?? 'COMPLETE', updated_at: new Date(p.updated_at.getTime() + 1000) }
    const e = eventToWire({
      ...next,
      event_id: crypto.randomUUID(),
      event_version: '2.0',
      event_created_at: next.updated_at,
      app_id: 'varco:test',
    })
    const w = {
      stored: { payment: next, intermediary: 'pagopa', providerRef: null },
      events: [e],
      publish: [{ eventId: e.event_id, publishers: names }],
      at,
    }
    const r = i === 0 ? await s.payments.insert(w) : await s.payments.update(w, p.updated_at)
    if (!r.ok) throw new Error(`seed failed: ${r.error.code}`)
    p = next
    eventIds.push(e.event_id)
  }
  return { paymentId: p.id, serviceId: p.service_id, eventIds }
}

async function migratedOutbox(url: string, open?: (u: string) => Db): Promise<OutboxStore> {
  const s = await migratedLibsql(url, open)
  return { db: s.db, outbox: libsqlOutboxRepo(s.db), payments: s.payments, tenants: s.tenants }
}

const at = (ms: number) => new Date(T0.getTime() + ms)

function runOutboxContract(name: string, make: () => Promise<OutboxStore>) {
  describe(`OutboxRepo contract: ${name}`, () => {
    const setup = async () => {
      const s = await make()
      return { s, tenantId: await newTenant(s.tenants) }
    }
    // sqld is shared by the suite: look only at this test's payments.
    const dueOf = async (s: OutboxStore, ids: string[], when = T0) =>
      (await Promise.all(ids.map((id) => s.outbox.due(when, 100, id)))).flat().map((e) => `${e.eventId}/${e.publisher}`)

    it('offers only the oldest undelivered event of each payment, per publisher, with its document and key', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [
        ['kafka', 'webhook'],
        ['kafka', 'webhook'],
      ])
      const q = await seedPayment(s, tenantId, [['kafka']])
      const due = await s.outbox.due(T0, 100, p.paymentId)
      expect(due.map((e) => `${e.eventId}/${e.publisher}`)).toEqual([`${p.eventIds[0]}/kafka`, `${p.eventIds[0]}/webhook`])
      expect(due[0]).toMatchObject({
        paymentId: p.paymentId,
        key: p.serviceId,
        attempts: 0,
        event: { event_id: p.eventIds[0], status: 'CREATION_PENDING' },
      })
      expect(await dueOf(s, [q.paymentId])).toEqual([`${q.eventIds[0]}/kafka`])

      await s.outbox.markDelivered(due[0]?.id as number, T0)
      expect(await dueOf(s, [p.paymentId])).toEqual([`${p.eventIds[0]}/webhook`, `${p.eventIds[1]}/kafka`])
    })

    it('is bounded by the limit and by next_attempt_at', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [['kafka']], at(60_000))
      expect(await s.outbox.due(T0, 100, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(60_000), 100, p.paymentId)).toHaveLength(1)
      const many = await Promise.all([1, 2, 3].map(() => seedPayment(s, tenantId, [['kafka']])))
      expect((await s.outbox.due(T0, 2)).length).toBeLessThanOrEqual(2)
      expect(
        await dueOf(
          s,
          many.map((m) => m.paymentId),
        ),
      ).toHaveLength(3)
    })

    it('claims once: the attempt is counted, the row hidden until the lease ends, and later events wait', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
      const [head] = await s.outbox.due(T0, 10, p.paymentId)
      expect(await s.outbox.claim(head?.id as number, T0, at(60_000))).toBe(true)
      expect(await s.outbox.claim(head?.id as number, T0, at(60_000))).toBe(false)
      expect(await s.outbox.due(at(59_000), 10, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(60_000), 10, p.paymentId)).toMatchObject([{ id: head?.id, attempts: 1 }])
    })

    it('prunes delivered rows older than the cut-off, never undelivered ones', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
      const [head] = await s.outbox.due(T0, 10, p.paymentId)
      await s.outbox.markDelivered(head?.id as number, new Date('2000-01-01T00:00:00Z'))
      expect(await s.outbox.pruneDelivered(new Date('2000-01-02T00:00:00Z'))).toBeGreaterThanOrEqual(1)
      expect(await s.outbox.pruneDelivered(new Date('2000-01-02T00:00:00Z'))).toBe(0)
      expect((await s.outbox.due(T0, 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
    })

    it('reschedules a failed attempt, and never offers or lets claim a delivered row', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
      const [head] = await s.outbox.due(T0, 10, p.paymentId)
      const id = head?.id as number
      await s.outbox.claim(id, T0, at(60_000))
      await s.outbox.retryLater(id, at(30_000), 'kafka rest: HTTP 503')
      expect(await s.outbox.due(at(29_000), 10, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(30_000), 10, p.paymentId)).toMatchObject([{ id }])
      await s.outbox.markDelivered(id, at(30_000))
      expect(await s.outbox.claim(id, at(99_000), at(120_000))).toBe(false)
      expect((await s.outbox.due(at(99_000), 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
    })

    it('parks a row for good, and a parked row no longer holds back the next event', async () => {
      const { s, tenantId } = await setup()
      const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
      const [head] = await s.outbox.due(T0, 10, p.paymentId)
      await s.outbox.park(head?.id as number, 'kafka rest: HTTP 413')
      const later = new Date('9000-01-01T00:00:00Z')
      expect((await s.outbox.due(later, 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
      expect(await s.outbox.claim(head?.id as number, later, later)).toBe(false)
    })
  })
}

runOutboxContract('embedded libsql :memory:', () => migratedOutbox(':memory:', openEmbeddedDb))
runOutboxContract('@libsql/client :memory:', () => migratedOutbox(':memory:'))
runOutboxContract('sqld over http', () => migratedOutbox(inject('sqldUrl')))

/** A publisher that records what it delivered and answers from a script (default ok). */
function fakePublisher(name: string, script: (e: WireEvent, call: number) => PublishResult = () => ({ kind: 'ok' })) {
  const delivered: Array<{ eventId: string; paymentId: string; status: string; key: string }> = []
  let calls = 0
  const publisher: EventPublisher = {
    name,
    async publish(e, key) {
      const r = script(e, calls++)
      if (r.kind === 'ok') delivered.push({ eventId: e.event_id, paymentId: e.id, status: e.status, key })
      return r
    },
  }
  return { publisher, delivered, calls: () => calls }
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent }

describe('dispatch-outbox', () => {
  const setup = async (publishers: Record<string, EventPublisher>, outbox?: (o: OutboxRepo) => OutboxRepo) => {
    const s = await migratedOutbox(':memory:')
    const clock = fixedClock(T0.toISOString())
    const deps: DispatchDeps = { outbox: outbox ? outbox(s.outbox) : s.outbox, eventPublishers: publishers, clock, logger: silent }
    const row = async (eventId: string, publisher: string) =>
      (await s.db.first({
        sql: 'SELECT attempts, next_attempt_at, delivered_at, last_error FROM outbox WHERE event_id = ? AND publisher = ?',
        args: [eventId, publisher],
      })) as { attempts: number; next_attempt_at: number; delivered_at: number | null; last_error: string | null }
    return { s, clock, deps, row, tenantId: await newTenant(s.tenants), run: () => dispatchOutbox(deps, clock()) }
  }

  it('publishes every due event once, keyed by service id, in order per payment, and marks it delivered', async () => {
    const kafka = fakePublisher('kafka')
    const webhook = fakePublisher('webhook')
    const { s, tenantId, run, row } = await setup({ kafka: kafka.publisher, webhook: webhook.publisher })
    const p = await seedPayment(s, tenantId, [['kafka', 'webhook'], ['kafka', 'webhook'], ['kafka']])
    const q = await seedPayment(s, tenantId, [['kafka'], ['kafka']])

    expect(await run()).toEqual({ delivered: 7, retried: 0, parked: 0, skipped: 0 })
    const of = (d: typeof kafka.delivered, id: string) => d.filter((x) => x.paymentId === id)
    expect(of(kafka.delivered, p.paymentId).map((x) => x.status)).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING', 'COMPLETE'])
    expect(of(kafka.delivered, q.paymentId).map((x) => x.eventId)).toEqual(q.eventIds)
    expect(of(webhook.delivered, p.paymentId).map((x) => x.eventId)).toEqual(p.eventIds.slice(0, 2))
    expect(kafka.delivered.every((x) => x.key === (x.paymentId === p.paymentId ? p.serviceId : q.serviceId))).toBe(true)
    expect(await row(p.eventIds[0] as string, 'kafka')).toMatchObject({ attempts: 1, delivered_at: T0.getTime(), last_error: null })

    expect(await run()).toEqual({ delivered: 0, retried: 0, parked: 0, skipped: 0 })
    expect(kafka.calls()).toBe(5)
  })

  it('never publishes event N+1 of a payment before N, while other payments and publishers go on', async () => {
    const kafka = fakePublisher('kafka', (_e, call) => (call === 0 ? { kind: 'retryable', reason: 'HTTP 503' } : { kind: 'ok' }))
    const webhook = fakePublisher('webhook')
    const { s, tenantId, clock, run } = await setup({ kafka: kafka.publisher, webhook: webhook.publisher })
    const p = await seedPayment(s, tenantId, [
      ['kafka', 'webhook'],
      ['kafka', 'webhook'],
    ])
    const q = await seedPayment(s, tenantId, [['kafka']])

    expect(await run()).toMatchObject({ delivered: 3, retried: 1 })
    expect(kafka.delivered.map((x) => x.eventId)).toEqual(q.eventIds)
    expect(webhook.delivered.map((x) => x.eventId)).toEqual(p.eventIds)

    clock.advance(backoffMs(1) - 1)
    expect(await run()).toMatchObject({ delivered: 0 })
    clock.advance(1)
    expect(await run()).toMatchObject({ delivered: 2 })
    expect(kafka.delivered.map((x) => x.eventId)).toEqual([...q.eventIds, ...p.eventIds])
  })

  it('backs off exponentially, keeps the last error, and honours a longer Retry-After', async () => {
    let answer: PublishResult = { kind: 'retryable', reason: 'kafka rest: HTTP 503' }
    const kafka = fakePublisher('kafka', () => answer)
    const { s, tenantId, clock, run, row } = await setup({ kafka: kafka.publisher })
    const p = await seedPayment(s, tenantId, [['kafka']])
    const id = p.eventIds[0] as string

    const nextAt: number[] = []
    for (let i = 0; i < 4; i++) {
      await run()
      const r = await row(id, 'kafka')
      nextAt.push(r.next_attempt_at - clock().getTime())
      expect(r).toMatchObject({ attempts: i + 1, delivered_at: null, last_error: 'kafka rest: HTTP 503' })
      clock.set(new Date(r.next_attempt_at).toISOString())
    }
    expect(nextAt).toEqual([30_000, 60_000, 120_000, 240_000])
    expect(backoffMs(20)).toBe(3_600_000)

    answer = { kind: 'retryable', reason: 'throttled', retryAfterMs: 3_000_000 }
    await run()
    expect((await row(id, 'kafka')).next_attempt_at - clock().getTime()).toBe(3_000_000)
  })

  it('parks an event refused for good, and moves on to the next one of the payment', async () => {
    const kafka = fakePublisher('kafka', (e) =>
      e.status === 'CREATION_PENDING' ? { kind: 'permanent', reason: 'HTTP 413' } : { kind: 'ok' },
    )
    const { s, tenantId, clock, run, row } = await setup({ kafka: kafka.publisher })
    const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
    expect(await run()).toEqual({ delivered: 1, retried: 0, parked: 1, skipped: 0 })
    expect(kafka.delivered.map((x) => x.eventId)).toEqual([p.eventIds[1]])
    expect(await row(p.eventIds[0] as string, 'kafka')).toMatchObject({
      delivered_at: null,
      next_attempt_at: PARKED_AT,
      last_error: 'parked: HTTP 413',
    })
    clock.advance(365 * 86_400_000)
    expect(await run()).toMatchObject({ delivered: 0, parked: 0 })
  })

  it('redelivers after a crash between publish and mark, once the lease has ended (at-least-once)', async () => {
    const kafka = fakePublisher('kafka')
    let crash = true
    const crashing = (o: OutboxRepo): OutboxRepo => ({
      ...o,
      async markDelivered(id, at) {
        if (crash) {
          crash = false
          throw new Error('process died')
        }
        return o.markDelivered(id, at)
      },
    })
    const { s, tenantId, clock, run } = await setup({ kafka: kafka.publisher }, crashing)
    const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])

    await expect(run()).rejects.toThrow('process died')
    expect(kafka.delivered.map((x) => x.eventId)).toEqual([p.eventIds[0]])
    expect(await run()).toMatchObject({ delivered: 0 }) // still leased: nobody publishes it, nor the next event
    clock.advance(LEASE_MS)
    expect(await run()).toMatchObject({ delivered: 2 })
    expect(kafka.delivered.map((x) => x.eventId)).toEqual([p.eventIds[0], p.eventIds[0], p.eventIds[1]])
  })

  it('two dispatchers at once publish each event once', async () => {
    const seen: string[] = []
    const slow: EventPublisher = {
      name: 'kafka',
      async publish(e) {
        await new Promise((r) => setTimeout(r, 5))
        seen.push(e.event_id)
        return { kind: 'ok' }
      },
    }
    const { s, tenantId, deps, clock } = await setup({ kafka: slow })
    const ps = await Promise.all([1, 2, 3].map(() => seedPayment(s, tenantId, [['kafka'], ['kafka']])))
    const [a, b] = await Promise.all([dispatchOutbox(deps, clock()), dispatchOutbox(deps, clock())])
    expect((a?.delivered ?? 0) + (b?.delivered ?? 0)).toBe(6)
    expect(seen.sort()).toEqual(ps.flatMap((x) => x.eventIds).sort())
  })

  it('keeps rows of a publisher that is not configured, without holding back the others', async () => {
    const kafka = fakePublisher('kafka')
    const { s, tenantId, run, row } = await setup({ kafka: kafka.publisher })
    const p = await seedPayment(s, tenantId, [['kafka', 'webhook']])
    expect(await run()).toMatchObject({ delivered: 1, retried: 1 })
    expect(await row(p.eventIds[0] as string, 'webhook')).toMatchObject({
      delivered_at: null,
      last_error: 'no such publisher is configured',
    })
  })

  it('can dispatch one payment alone (right after a write), and runs as the dispatch-outbox job', async () => {
    const kafka = fakePublisher('kafka')
    const { s, tenantId, deps, clock } = await setup({ kafka: kafka.publisher })
    const p = await seedPayment(s, tenantId, [['kafka'], ['kafka']])
    const q = await seedPayment(s, tenantId, [['kafka']])
    expect(await dispatchOutbox(deps, clock(), { paymentId: p.paymentId })).toMatchObject({ delivered: 2 })
    expect(kafka.delivered.map((x) => x.paymentId)).toEqual([p.paymentId, p.paymentId])
    expect(dispatchOutboxJob.name).toBe('dispatch-outbox')
    expect(await dispatchOutboxJob.run(deps, clock())).toEqual({ counts: { delivered: 1, retried: 0, parked: 0, skipped: 0 } })
    expect(kafka.delivered.at(-1)?.paymentId).toBe(q.paymentId)
  })
})
