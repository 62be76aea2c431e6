/**
 * The ImportRepo contract: imports and their counts, row errors (paged, per tenant), and the
 * external-id claims that make a CSV import idempotent. Each case makes its own tenant and ids, so a
 * shared database needs no reset. Runs on libSQL (embedded, @libsql/client, sqld over http).
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { Import } from '../../core/import/import.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { ImportRepo } from '../../ports/import-repo.port.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { PaymentRepo, PaymentWrite } from '../../ports/payment-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import { aPayment } from '../fakes/payment.fake.ts'

export type ImportStorageUnderTest = {
  readonly imports: ImportRepo
  /** Where a chunk's outbox rows show (the same database). */
  readonly outbox: OutboxRepo
  readonly tenants: TenantRepo
  readonly payments: PaymentRepo
}

const T0 = new Date('2026-11-23T10:00:00.123Z')
const later = (ms: number) => new Date(T0.getTime() + ms)

async function withTenant(s: ImportStorageUnderTest): Promise<string> {
  const t: Tenant = {
    id: crypto.randomUUID(),
    name: 'Comune di Bugliano',
    taxIdentificationNumber: '00341620508',
    ipaCode: null,
    pagopa: null,
    active: true,
    configuredAt: null,
    createdAt: T0,
    updatedAt: T0,
  }
  const keyId = crypto.randomUUID().replace(/-/g, '').slice(0, 12)
  const created = await s.tenants.create(t, { keyId, tenantId: t.id, hash: 'a'.repeat(64), createdAt: T0, revokedAt: null })
  if (!created.ok) throw new Error(created.error.code)
  return t.id
}

/** A new CREATION_PENDING payment as ingestion writes it: its inbound event in the history, not published. */
function write(tenantId: string, serviceId: string): PaymentWrite {
  const p = aPayment({ id: crypto.randomUUID(), tenant_id: tenantId, service_id: serviceId })
  const event = eventToWire({
    ...p,
    event_id: crypto.randomUUID(),
    event_version: '2.0',
    event_created_at: T0,
    app_id: 'varco-import:test',
  })
  return {
    stored: { payment: p, intermediary: 'pagopa', providerRef: null },
    events: [event],
    publish: [],
    inboundEventId: event.event_id,
    at: T0,
  }
}

function anImport(tenantId: string, over: Partial<Import> = {}): Import {
  return {
    id: crypto.randomUUID(),
    tenant_id: tenantId,
    service_id: crypto.randomUUID(),
    status: 'running',
    rows_total: 0,
    rows_created: 0,
    rows_skipped: 0,
    rows_failed: 0,
    error: null,
    created_at: T0,
    updated_at: T0,
    finished_at: null,
    ...over,
  }
}

export function runImportRepoContract({ name, make }: { readonly name: string; readonly make: () => Promise<ImportStorageUnderTest> }) {
  describe(`ImportRepo contract: ${name}`, () => {
    /** A new tenant with a running import. */
    const started = async () => {
      const s = await make()
      const tenantId = await withTenant(s)
      const i = anImport(tenantId)
      await s.imports.create(i)
      return { s, tenantId, i }
    }

    it('stores an import and reads it back unchanged, only within its tenant', async () => {
      const s = await make()
      const tenantId = await withTenant(s)
      const i = anImport(tenantId)
      expect((await s.imports.create(i)).ok).toBe(true)
      expect(await s.imports.get(tenantId, i.id)).toEqual(i)
      expect(await s.imports.get(await withTenant(s), i.id)).toBeNull()
      expect(await s.imports.get(tenantId, crypto.randomUUID())).toBeNull()
    })

    it('refuses a duplicate import id with a conflict', async () => {
      const s = await make()
      const i = anImport(await withTenant(s))
      await s.imports.create(i)
      expect(await s.imports.create({ ...i, rows_total: 9 })).toMatchObject({ ok: false, error: { code: 'conflict', resource: 'import' } })
    })

    it('adds the counts of each chunk and keeps its row errors, paged by row then field', async () => {
      const { s, tenantId, i } = await started()
      await s.imports.commitChunk(tenantId, i.id, {
        payments: [],
        progress: { rows: 3, created: 1, skipped: 0, failed: 2 },
        errors: [
          { row: 4, field: 'payer_type', message: 'must be human or legal' },
          { row: 3, field: 'amount', message: 'is required' },
          { row: 4, field: 'amount', message: 'must be greater than 0' },
        ],
        at: later(1000),
      })
      await s.imports.commitChunk(tenantId, i.id, {
        payments: [],
        progress: { rows: 2, created: 0, skipped: 2, failed: 0 },
        errors: [],
        at: later(2000),
      })
      expect(await s.imports.get(tenantId, i.id)).toEqual({
        ...i,
        rows_total: 5,
        rows_created: 1,
        rows_skipped: 2,
        rows_failed: 2,
        updated_at: later(2000),
      })
      expect(await s.imports.errors(tenantId, i.id, { limit: 10, offset: 0 })).toEqual({
        items: [
          { row: 3, field: 'amount', message: 'is required' },
          { row: 4, field: 'amount', message: 'must be greater than 0' },
          { row: 4, field: 'payer_type', message: 'must be human or legal' },
        ],
        total: 3,
      })
      expect(await s.imports.errors(tenantId, i.id, { limit: 1, offset: 2 })).toEqual({
        items: [{ row: 4, field: 'payer_type', message: 'must be human or legal' }],
        total: 3,
      })
      expect(await s.imports.errors(await withTenant(s), i.id, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 })
    })

    it('keeps the first error when the same row and field is reported again', async () => {
      const { s, tenantId, i } = await started()
      const e = { row: 2, field: 'amount', message: 'first' }
      const none = { rows: 0, created: 0, skipped: 0, failed: 0 }
      await s.imports.commitChunk(tenantId, i.id, { payments: [], progress: { ...none, rows: 1, failed: 1 }, errors: [e], at: later(1) })
      await s.imports.commitChunk(tenantId, i.id, { payments: [], progress: none, errors: [{ ...e, message: 'again' }], at: later(2) })
      expect((await s.imports.errors(tenantId, i.id, { limit: 10, offset: 0 })).items).toEqual([e])
    })

    it('commits a chunk’s payments (with their events and inbound ids) together with its counts', async () => {
      const { s, tenantId, i } = await started()
      const [a, b] = [write(tenantId, i.service_id), write(tenantId, i.service_id)]
      const progress = { rows: 2, created: 2, skipped: 0, failed: 0 }
      expect((await s.imports.commitChunk(tenantId, i.id, { payments: [a, b], progress, errors: [], at: later(1000) })).ok).toBe(true)
      expect(await s.payments.get(tenantId, a.stored.payment.id)).toEqual(a.stored)
      expect((await s.payments.events(tenantId, b.stored.payment.id)).map((e) => e.event_id)).toEqual([b.events[0]?.event_id])
      expect(await s.payments.seenInbound(a.inboundEventId as string)).toBe(true)
      expect(await s.imports.get(tenantId, i.id)).toMatchObject({ rows_total: 2, rows_created: 2 })
    })

    it('writes nothing of a chunk when one of its payments is already stored, and says conflict', async () => {
      const { s, tenantId, i } = await started()
      const [stored, fresh] = [write(tenantId, i.service_id), write(tenantId, i.service_id)]
      expect((await s.payments.insert(stored)).ok).toBe(true)
      const retried = { ...stored, inboundEventId: crypto.randomUUID() }
      const progress = { rows: 2, created: 2, skipped: 0, failed: 0 }
      const r = await s.imports.commitChunk(tenantId, i.id, {
        payments: [fresh, retried],
        progress,
        errors: [{ row: 2, field: 'x', message: 'y' }],
        at: later(1),
      })
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect(await s.payments.get(tenantId, fresh.stored.payment.id)).toBeNull()
      expect(await s.imports.get(tenantId, i.id)).toMatchObject({ rows_total: 0, rows_created: 0 })
      expect((await s.imports.errors(tenantId, i.id, { limit: 10, offset: 0 })).total).toBe(0)
    })

    it('writes nothing of a chunk when an inbound event of it was consumed already, and says conflict', async () => {
      const { s, tenantId, i } = await started()
      const consumed = write(tenantId, i.service_id)
      expect((await s.payments.insert(consumed)).ok).toBe(true)
      const replay = { ...write(tenantId, i.service_id), inboundEventId: consumed.inboundEventId as string }
      const fresh = write(tenantId, i.service_id)
      const progress = { rows: 2, created: 2, skipped: 0, failed: 0 }
      const r = await s.imports.commitChunk(tenantId, i.id, { payments: [fresh, replay], progress, errors: [], at: later(1) })
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect(await s.payments.get(tenantId, fresh.stored.payment.id)).toBeNull()
      expect(await s.payments.get(tenantId, replay.stored.payment.id)).toBeNull()
      expect(await s.imports.get(tenantId, i.id)).toMatchObject({ rows_total: 0 })
    })

    it('writes the outbox rows of a chunk’s payments, as PaymentRepo.insert does', async () => {
      const { s, tenantId, i } = await started()
      const base = write(tenantId, i.service_id)
      const event = base.events[0]?.event_id as string
      const published = { ...base, publish: [{ eventId: event, publishers: ['kafka'] }] }
      const progress = { rows: 1, created: 1, skipped: 0, failed: 0 }
      expect((await s.imports.commitChunk(tenantId, i.id, { payments: [published], progress, errors: [], at: T0 })).ok).toBe(true)
      expect(await s.outbox.due(T0, 10, published.stored.payment.id)).toMatchObject([
        { eventId: event, publisher: 'kafka', key: i.service_id, attempts: 0 },
      ])
    })

    it('finishes a running import once; a finished one stays as it ended', async () => {
      const { s, tenantId, i } = await started()
      await s.imports.finish(tenantId, i.id, { status: 'completed', error: null, at: later(5000) })
      await s.imports.finish(tenantId, i.id, { status: 'failed', error: 'late', at: later(9000) })
      expect(await s.imports.get(tenantId, i.id)).toMatchObject({ status: 'completed', error: null, finished_at: later(5000) })
      const failing = anImport(tenantId)
      await s.imports.create(failing)
      await s.imports.finish(tenantId, failing.id, { status: 'failed', error: 'upload interrupted', at: later(1) })
      expect(await s.imports.get(tenantId, failing.id)).toMatchObject({ status: 'failed', error: 'upload interrupted' })
    })

    it('binds an external id to the first payment id proposed, per tenant and service', async () => {
      const s = await make()
      const tenantId = await withTenant(s)
      const service = crypto.randomUUID()
      const [p1, p2, p3] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
      const first = await s.imports.claimExternalIds(tenantId, service, [
        { externalId: 'A-1', paymentId: p1 },
        { externalId: 'A-1', paymentId: p2 },
        { externalId: 'A-2', paymentId: p3 },
      ])
      expect(first).toEqual(
        new Map([
          ['A-1', { paymentId: p1, paymentExists: false }],
          ['A-2', { paymentId: p3, paymentExists: false }],
        ]),
      )
      const again = await s.imports.claimExternalIds(tenantId, service, [{ externalId: 'A-1', paymentId: crypto.randomUUID() }])
      expect(again.get('A-1')).toEqual({ paymentId: p1, paymentExists: false })
      const otherService = await s.imports.claimExternalIds(tenantId, crypto.randomUUID(), [{ externalId: 'A-1', paymentId: p2 }])
      expect(otherService.get('A-1')?.paymentId).toBe(p2)
      const otherTenant = await s.imports.claimExternalIds(await withTenant(s), service, [{ externalId: 'A-1', paymentId: p3 }])
      expect(otherTenant.get('A-1')?.paymentId).toBe(p3)
      expect(await s.imports.claimExternalIds(tenantId, service, [])).toEqual(new Map())
    })

    it('says when the bound payment is stored, and releases only a binding whose payment never was', async () => {
      const s = await make()
      const tenantId = await withTenant(s)
      const service = crypto.randomUUID()
      const [stored, never] = [crypto.randomUUID(), crypto.randomUUID()]
      await s.imports.claimExternalIds(tenantId, service, [
        { externalId: 'kept', paymentId: stored },
        { externalId: 'dropped', paymentId: never },
      ])
      const p = aPayment({ id: stored, tenant_id: tenantId, service_id: service })
      expect(
        (await s.payments.insert({ stored: { payment: p, intermediary: 'pagopa', providerRef: null }, events: [], publish: [], at: T0 }))
          .ok,
      ).toBe(true)
      await s.imports.releaseExternalId(tenantId, service, 'kept', stored)
      await s.imports.releaseExternalId(tenantId, service, 'dropped', never)
      const next = crypto.randomUUID()
      const after = await s.imports.claimExternalIds(tenantId, service, [
        { externalId: 'kept', paymentId: next },
        { externalId: 'dropped', paymentId: next },
      ])
      expect(after.get('kept')).toEqual({ paymentId: stored, paymentExists: true })
      expect(after.get('dropped')).toEqual({ paymentId: next, paymentExists: false })
    })

    it('claims a chunk of 200 ids in one call', async () => {
      const s = await make()
      const tenantId = await withTenant(s)
      const claims = Array.from({ length: 200 }, (_, k) => ({ externalId: `E-${k}`, paymentId: crypto.randomUUID() }))
      const bound = await s.imports.claimExternalIds(tenantId, crypto.randomUUID(), claims)
      expect(bound.size).toBe(200)
      expect(bound.get('E-199')?.paymentId).toBe(claims[199]?.paymentId)
    })
  })
}
