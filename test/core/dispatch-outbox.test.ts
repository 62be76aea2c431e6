/**
 * The outbox dispatcher over libSQL with fake publishers (the OutboxRepo contract itself runs in
 * test/contract/outbox.contract.test.ts and inside workerd). Rows are written the way the gateway
 * writes them: by PaymentRepo, with the events.
 */

import { describe, expect, it } from 'vitest'
import { type Db, libsqlOutboxRepo, libsqlSdiOutboxRepo, libsqlSdiRepo, PARKED_AT } from '../../adapters/libsql/index.ts'
import { backoffMs, type DispatchDeps, dispatchOutbox, dispatchOutboxJob, LEASE_MS } from '../../core/jobs/dispatch-outbox.ts'
import { SDI_EVENT_TYPE } from '../../core/sdi/wire-event.ts'
import type { EventPublisher, OutboundEvent, PublishResult } from '../../ports/event-publisher.port.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import { migratedLibsql } from '../adapters/libsql/libsql-helpers.ts'
import { newTenant, seedPayment, T0 } from '../contract/outbox.contract.ts'
import { fixedClock } from '../fakes/clock.fake.ts'
import { anSdiEvent, aTransmission, nextVersion } from '../fakes/sdi-transmission.fake.ts'

type OutboxStore = { readonly db: Db; readonly outbox: OutboxRepo; readonly payments: PaymentRepo; readonly tenants: TenantRepo }

async function migratedOutbox(url: string): Promise<OutboxStore> {
  const s = await migratedLibsql(url)
  return { db: s.db, outbox: libsqlOutboxRepo(s.db), payments: s.payments, tenants: s.tenants }
}

/** What a delivery was about: the payment (id, status) or the SDI transmission (sdi_id, stato). */
const subjectOf = (e: OutboundEvent) =>
  e.type === SDI_EVENT_TYPE ? { paymentId: String(e['sdi_id']), status: String(e['stato']) } : { paymentId: e.id, status: e.status }

/** A publisher that records what it delivered and answers from a script (default ok). */
function fakePublisher(name: string, script: (e: OutboundEvent, call: number) => PublishResult = () => ({ kind: 'ok' })) {
  const delivered: Array<{ eventId: string; paymentId: string; status: string; key: string }> = []
  let calls = 0
  const publisher: EventPublisher = {
    name,
    async publish(e, key) {
      const r = script(e, calls++)
      if (r.kind === 'ok') delivered.push({ eventId: e.event_id, ...subjectOf(e), key })
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
      subjectOf(e).status === 'CREATION_PENDING' ? { kind: 'permanent', reason: 'HTTP 413' } : { kind: 'ok' },
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

  it('delivers the SDI outbox too, after the payment events, in order per transmission, keyed by tenant', async () => {
    const kafka = fakePublisher('kafka', (e, call) =>
      e.type === SDI_EVENT_TYPE && call === 1 ? { kind: 'retryable', reason: 'HTTP 503' } : { kind: 'ok' },
    )
    const { s, tenantId, deps: base, clock } = await setup({ kafka: kafka.publisher })
    const deps: DispatchDeps = { ...base, sdiOutbox: libsqlSdiOutboxRepo(s.db) }
    const sdi = libsqlSdiRepo(s.db, { publishers: ['kafka'] })
    const t = aTransmission({ tenantId, createdAt: T0, updatedAt: T0 })
    const v2 = nextVersion(t, { state: 'inviata', updatedAt: T0 })
    const [e1, e2] = [anSdiEvent(t), anSdiEvent(v2)]
    await sdi.begin(t, e1)
    expect(await sdi.update(v2, 1, { events: [e2], notifications: [] })).toBe(true)
    const p = await seedPayment(s, tenantId, [['kafka']])

    // A run for one payment leaves the SDI outbox alone.
    expect(await dispatchOutbox(deps, clock(), { paymentId: p.paymentId })).toMatchObject({ delivered: 1 })
    expect(kafka.delivered.map((x) => x.eventId)).toEqual(p.eventIds)
    // The first SDI event fails once: the second waits for it.
    expect(await dispatchOutbox(deps, clock())).toEqual({ delivered: 0, retried: 1, parked: 0, skipped: 0 })
    clock.advance(backoffMs(1))
    expect(await dispatchOutboxJob.run(deps, clock())).toEqual({ counts: { delivered: 2, retried: 0, parked: 0, skipped: 0 } })
    expect(kafka.delivered.slice(1)).toEqual([
      { eventId: e1.eventId, paymentId: t.id, status: 'in_invio', key: tenantId },
      { eventId: e2.eventId, paymentId: t.id, status: 'inviata', key: tenantId },
    ])
  })
})
