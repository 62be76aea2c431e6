/**
 * The OutboxRepo contract (ports/outbox.port.ts): what the dispatcher (core/jobs/dispatch-outbox.ts)
 * relies on. Heads only, in order per subject (payment, transmission) and publisher; a claim counts
 * the attempt and hides the row for its lease, once; delivered rows are never offered or claimed
 * again; a retry reschedules; a parked row is set aside and no longer blocks; pruning removes only
 * delivered rows. Rows are written as the gateway writes them, through the harness's `seed` hook:
 * by PaymentRepo with the payment events (paymentOutbox below), or by SdiRepo with the transmission
 * changes (test/contract/sdi-storage.libsql.ts). Each case seeds its own subjects and looks only at
 * them, so a shared database needs no reset.
 * Runtime-neutral: runs on the in-memory fake, libSQL in Node and sqld from Node and workerd.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { PaymentStatus } from '../../core/payment.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { PaymentRepo } from '../../ports/payment-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import { aPayment } from '../fakes/payment.fake.ts'

/** A subject written with its events: its id (the entries' `paymentId`), partition key, event ids and events as stored. */
export type Seeded = {
  readonly paymentId: string
  readonly key: string
  readonly eventIds: string[]
  readonly events: readonly unknown[]
}

export type OutboxUnderTest = {
  readonly outbox: OutboxRepo
  /**
   * Writes a new subject whose events i = 0, 1, … go to `publishers[i]` (none: an event no channel
   * delivers), the way the gateway does, so that their outbox rows are due from `when` (default T0).
   */
  readonly seed: (publishers: string[][], when?: Date) => Promise<Seeded>
}

export const T0 = new Date('2026-11-23T10:00:00Z')
const STATUSES: PaymentStatus[] = ['CREATION_PENDING', 'PAYMENT_PENDING', 'COMPLETE']
const at = (ms: number) => new Date(T0.getTime() + ms)

/** Creates a tenant row (with a credential) with `id`, for storage contracts that need one. */
export async function newTenant(tenants: TenantRepo, id: string = crypto.randomUUID()): Promise<string> {
  const r = await tenants.create(
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
  if (!r.ok) throw new Error(`tenant ${id}: ${r.error.code}`)
  return id
}

/**
 * A payment whose events i = 0, 1, … go to `publishers[i]` (none: an event no channel delivers),
 * written (insert, then updates) at `when`, so their outbox rows are due from `when`.
 */
export async function seedPayment(s: { readonly payments: PaymentRepo }, tenantId: string, publishers: string[][], when = T0) {
  let p = aPayment({ id: crypto.randomUUID(), tenant_id: tenantId, service_id: crypto.randomUUID(), created_at: when, updated_at: when })
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
      publish: names.length > 0 ? [{ eventId: e.event_id, publishers: names }] : [],
      at: when,
    }
    const r = i === 0 ? await s.payments.insert(w) : await s.payments.update(w, p.updated_at)
    if (!r.ok) throw new Error(`seed failed: ${r.error.code}`)
    p = next
    eventIds.push(e.event_id)
  }
  return { paymentId: p.id, serviceId: p.service_id, eventIds }
}

/** The payments outbox: a tenant, and payments written by PaymentRepo. */
export async function paymentOutbox(
  outbox: OutboxRepo,
  s: { readonly payments: PaymentRepo; readonly tenants: TenantRepo },
): Promise<OutboxUnderTest> {
  const tenantId = await newTenant(s.tenants)
  return {
    outbox,
    seed: async (publishers, when) => {
      const p = await seedPayment(s, tenantId, publishers, when)
      return { paymentId: p.paymentId, key: p.serviceId, eventIds: p.eventIds, events: await s.payments.events(tenantId, p.paymentId) }
    },
  }
}

export function runOutboxContract({ name, make }: { readonly name: string; readonly make: () => Promise<OutboxUnderTest> }) {
  describe(`OutboxRepo contract: ${name}`, () => {
    const setup = async () => ({ s: await make() })
    // A shared database holds other cases' rows: look only at this case's subjects.
    const dueOf = async (s: OutboxUnderTest, ids: string[], when = T0) =>
      (await Promise.all(ids.map((id) => s.outbox.due(when, 100, id)))).flat().map((e) => `${e.eventId}/${e.publisher}`)
    const headOf = async (s: OutboxUnderTest, paymentId: string) => {
      const [head] = await s.outbox.due(T0, 10, paymentId)
      if (!head) expect.fail('the subject has a due outbox row')
      return head
    }

    it('offers only the oldest undelivered event of each payment, per publisher, with its document and key', async () => {
      const { s } = await setup()
      const p = await s.seed([
        ['kafka', 'webhook'],
        ['kafka', 'webhook'],
      ])
      const q = await s.seed([['kafka']])
      const due = await s.outbox.due(T0, 100, p.paymentId)
      expect(due.map((e) => `${e.eventId}/${e.publisher}`)).toEqual([`${p.eventIds[0]}/kafka`, `${p.eventIds[0]}/webhook`])
      expect(due[0]).toMatchObject({ paymentId: p.paymentId, key: p.key, attempts: 0, event: { event_id: p.eventIds[0] } })
      expect(due[0]?.event).toEqual(p.events[0])
      expect(await dueOf(s, [q.paymentId])).toEqual([`${q.eventIds[0]}/kafka`])

      await s.outbox.markDelivered(due[0]?.id as number, T0)
      expect(await dueOf(s, [p.paymentId])).toEqual([`${p.eventIds[0]}/webhook`, `${p.eventIds[1]}/kafka`])
    })

    it('gives the event as stored with the change that emitted it', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka']])
      expect(p.events).toHaveLength(1)
      expect((await headOf(s, p.paymentId)).event).toEqual(p.events[0])
    })

    it('is bounded by the limit and by next_attempt_at', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka']], at(60_000))
      expect(await s.outbox.due(T0, 100, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(60_000), 100, p.paymentId)).toHaveLength(1)
      const many = await Promise.all([1, 2, 3].map(() => s.seed([['kafka']])))
      expect((await s.outbox.due(T0, 2)).length).toBeLessThanOrEqual(2)
      expect(
        await dueOf(
          s,
          many.map((m) => m.paymentId),
        ),
      ).toHaveLength(3)
      expect(await s.outbox.due(T0, 0, p.paymentId)).toEqual([])
    })

    it('offers the due rows oldest first', async () => {
      const { s } = await setup()
      const late = await s.seed([['kafka']], at(2000))
      const early = await s.seed([['kafka']], at(1000))
      const due = (await s.outbox.due(at(5000), 10_000)).filter((e) => e.paymentId === late.paymentId || e.paymentId === early.paymentId)
      expect(due.map((e) => e.paymentId)).toEqual([early.paymentId, late.paymentId])
    })

    it('keeps publishers apart: a channel that lags holds back only its own next events', async () => {
      const { s } = await setup()
      const p = await s.seed([
        ['kafka', 'webhook'],
        ['kafka', 'webhook'],
        ['kafka', 'webhook'],
      ])
      for (let i = 0; i < 3; i++) {
        const kafka = (await s.outbox.due(T0, 10, p.paymentId)).find((e) => e.publisher === 'kafka')
        expect(kafka?.eventId).toBe(p.eventIds[i])
        await s.outbox.markDelivered(kafka?.id as number, T0)
      }
      expect(await dueOf(s, [p.paymentId])).toEqual([`${p.eventIds[0]}/webhook`])
    })

    it('does not wait for an event no channel delivers', async () => {
      const { s } = await setup()
      const p = await s.seed([[], ['kafka']])
      expect(await dueOf(s, [p.paymentId])).toEqual([`${p.eventIds[1]}/kafka`])
    })

    it('claims once: the attempt is counted, the row hidden until the lease ends, and later events wait', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka'], ['kafka']])
      const head = await headOf(s, p.paymentId)
      expect(await s.outbox.claim(head.id, T0, at(60_000))).toBe(true)
      expect(await s.outbox.claim(head.id, T0, at(60_000))).toBe(false)
      expect(await s.outbox.due(at(59_000), 10, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(60_000), 10, p.paymentId)).toMatchObject([{ id: head.id, attempts: 1 }])
    })

    it('lets a row whose lease ended be claimed again (a crashed dispatcher’s row comes back), counting a second attempt', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka']])
      const head = await headOf(s, p.paymentId)
      expect(await s.outbox.claim(head.id, T0, at(60_000))).toBe(true)
      expect(await s.outbox.claim(head.id, at(59_999), at(120_000))).toBe(false)
      expect(await s.outbox.claim(head.id, at(60_000), at(120_000))).toBe(true)
      expect(await s.outbox.due(at(120_000), 10, p.paymentId)).toMatchObject([{ id: head.id, attempts: 2 }])
    })

    it('gives a row to one of two dispatchers claiming it at once', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka']])
      const head = await headOf(s, p.paymentId)
      const claims = await Promise.all([1, 2, 3].map(() => s.outbox.claim(head.id, T0, at(60_000))))
      expect(claims.filter(Boolean)).toHaveLength(1)
      expect(await s.outbox.due(at(60_000), 10, p.paymentId)).toMatchObject([{ attempts: 1 }])
    })

    it('does not claim a row before it is due', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka']], at(60_000))
      const [row] = await s.outbox.due(at(60_000), 10, p.paymentId)
      expect(await s.outbox.claim(row?.id as number, T0, at(120_000))).toBe(false)
      expect(await s.outbox.claim(row?.id as number, at(60_000), at(120_000))).toBe(true)
    })

    it('reschedules a failed attempt, and never offers or lets claim a delivered row', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka'], ['kafka']])
      const { id } = await headOf(s, p.paymentId)
      await s.outbox.claim(id, T0, at(60_000))
      await s.outbox.retryLater(id, at(30_000), 'kafka rest: HTTP 503')
      expect(await s.outbox.due(at(29_000), 10, p.paymentId)).toEqual([])
      expect(await s.outbox.due(at(30_000), 10, p.paymentId)).toMatchObject([{ id, attempts: 1 }])
      await s.outbox.markDelivered(id, at(30_000))
      expect(await s.outbox.claim(id, at(99_000), at(120_000))).toBe(false)
      expect((await s.outbox.due(at(99_000), 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
    })

    it('leaves a delivered row delivered when a late retry or park arrives for it', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka'], ['kafka']])
      const { id } = await headOf(s, p.paymentId)
      await s.outbox.markDelivered(id, T0)
      await s.outbox.retryLater(id, T0, 'late answer of a slow dispatcher')
      await s.outbox.park(id, 'late answer of a slow dispatcher')
      expect((await s.outbox.due(at(60_000), 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
      expect(await s.outbox.claim(id, at(60_000), at(120_000))).toBe(false)
    })

    it('parks a row for good, and a parked row no longer holds back the next event', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka'], ['kafka']])
      const head = await headOf(s, p.paymentId)
      await s.outbox.park(head.id, 'kafka rest: HTTP 413')
      const later = new Date('9000-01-01T00:00:00Z')
      expect((await s.outbox.due(later, 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
      expect(await s.outbox.claim(head.id, later, later)).toBe(false)
    })

    it('prunes delivered rows older than the cut-off, never undelivered ones', async () => {
      const { s } = await setup()
      const p = await s.seed([['kafka'], ['kafka']])
      const q = await s.seed([['kafka']])
      const head = await headOf(s, p.paymentId)
      await s.outbox.markDelivered(head.id, new Date('2000-01-01T00:00:00Z'))
      await s.outbox.markDelivered((await headOf(s, q.paymentId)).id, new Date('2000-01-03T00:00:00Z'))
      expect(await s.outbox.pruneDelivered(new Date('2000-01-02T00:00:00Z'))).toBeGreaterThanOrEqual(1)
      expect(await s.outbox.pruneDelivered(new Date('2000-01-02T00:00:00Z'))).toBe(0)
      expect((await s.outbox.due(T0, 10, p.paymentId)).map((e) => e.eventId)).toEqual([p.eventIds[1]])
      // The later delivery is kept (not pruned, still delivered): nothing of q is due again.
      expect(await s.outbox.due(T0, 10, q.paymentId)).toEqual([])
      expect(await s.outbox.pruneDelivered(new Date('2000-01-04T00:00:00Z'))).toBeGreaterThanOrEqual(1)
    })
  })
}
