/**
 * The storage contract: every TenantRepo/JobRunRepo implementation (in-memory fake, libSQL
 * `:memory:`, libSQL file, sqld over HTTP from Node and from workerd) passes these cases.
 * Cases use fresh random ids and job names, so a shared database needs no reset.
 * @module
 */

import { describe, expect, it } from 'vitest'
import type { JobRun } from '../../core/job.ts'
import { cents } from '../../core/money.ts'
import type { Payment, PaymentStatus } from '../../core/payment.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { Service } from '../../core/service.ts'
import type { Tenant } from '../../core/tenant.ts'
import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { PaymentRepo, PaymentWrite, StoredPayment } from '../../ports/payment-repo.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { ApiKeyCredential, TenantRepo } from '../../ports/tenant-repo.port.ts'
import { aPayment } from '../fakes/payment.fake.ts'

export type StorageUnderTest = {
  readonly tenants: TenantRepo
  readonly jobRuns: JobRunRepo
  readonly services: ServiceRepo
  readonly payments: PaymentRepo
}

export type StorageContractOptions = {
  readonly name: string
  readonly make: () => Promise<StorageUnderTest>
}

const T0 = new Date('2026-11-23T10:00:00.123Z')

function tenant(over: Partial<Tenant> = {}): Tenant {
  return {
    id: crypto.randomUUID(),
    name: 'Comune di Bugliano',
    taxIdentificationNumber: '00341620508',
    ipaCode: 'C_B303',
    active: true,
    configuredAt: null,
    createdAt: T0,
    updatedAt: T0,
    pagopa: null,
    platformId: null,
    ...over,
  }
}

function credential(tenantId: string, over: Partial<ApiKeyCredential> = {}): ApiKeyCredential {
  const keyId = crypto.randomUUID().replace(/-/g, '').slice(0, 12)
  return { keyId, tenantId, hash: 'a'.repeat(64), createdAt: T0, revokedAt: null, ...over }
}

function run(job: string, startedAt: Date, over: Partial<JobRun> = {}): JobRun {
  return {
    id: crypto.randomUUID(),
    job,
    trigger: '*/5 * * * *',
    startedAt,
    finishedAt: null,
    outcome: 'running',
    counts: {},
    error: null,
    ...over,
  }
}

export function runStorageContract({ name, make }: StorageContractOptions) {
  describe(`storage contract: ${name}`, () => {
    describe('TenantRepo', () => {
      it('stores a tenant and its credential, and reads them back unchanged', async () => {
        const { tenants } = await make()
        const t = tenant({
          ipaCode: null,
          configuredAt: new Date('2026-11-23T10:05:00.456Z'),
          pagopa: { segregationCode: '47', auxDigit: '3', iban: 'IT60X0542811101000000123456', postalAccount: null },
        })
        const c = credential(t.id)
        expect((await tenants.create(t, c)).ok).toBe(true)
        expect(await tenants.get(t.id)).toEqual(t)
        expect(await tenants.findCredential(c.keyId)).toEqual(c)
      })

      it('returns null for an unknown tenant or key id', async () => {
        const { tenants } = await make()
        expect(await tenants.get(crypto.randomUUID())).toBeNull()
        expect(await tenants.findCredential('ffffffffffff')).toBeNull()
      })

      it('refuses a duplicate tenant id with a conflict and keeps the first', async () => {
        const { tenants } = await make()
        const t = tenant()
        await tenants.create(t, credential(t.id))
        const second = credential(t.id)
        const again = await tenants.create({ ...t, name: 'Other' }, second)
        expect(again).toMatchObject({ ok: false, error: { code: 'conflict', resource: 'tenant' } })
        expect((await tenants.get(t.id))?.name).toBe('Comune di Bugliano')
        expect(await tenants.findCredential(second.keyId)).toBeNull()
      })

      it('creates tenant and credential atomically: a clashing key id leaves no tenant behind', async () => {
        const { tenants } = await make()
        const a = tenant()
        const ca = credential(a.id)
        await tenants.create(a, ca)
        const b = tenant()
        const clash = await tenants.create(b, { ...ca, tenantId: b.id })
        expect(clash.ok).toBe(false)
        expect(await tenants.get(b.id)).toBeNull()
      })

      it('updates with the expected version, and refuses a stale one', async () => {
        const { tenants } = await make()
        const t = tenant()
        await tenants.create(t, credential(t.id))
        const next = { ...t, name: 'Comune di Bugliano (PI)', active: false, updatedAt: new Date(T0.getTime() + 1000) }
        expect((await tenants.update(next, t.updatedAt)).ok).toBe(true)
        expect(await tenants.get(t.id)).toEqual(next)
        const stale = await tenants.update({ ...t, name: 'Lost update', updatedAt: new Date(T0.getTime() + 2000) }, t.updatedAt)
        expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect((await tenants.get(t.id))?.name).toBe('Comune di Bugliano (PI)')
      })

      it('reports not_found when updating a tenant that does not exist', async () => {
        const { tenants } = await make()
        const t = tenant()
        expect(await tenants.update(t, t.updatedAt)).toMatchObject({ ok: false, error: { code: 'not_found' } })
      })
    })

    describe('ServiceRepo', () => {
      const service = (tenantId: string, over: Partial<Service> = {}): Service => ({
        id: crypto.randomUUID(),
        tenant_id: tenantId,
        payment_type: 'PAGOPA',
        remote_collection: { id: crypto.randomUUID(), type: 'application' },
        amount: cents(1650),
        reason: 'TARI 2026',
        expire_at: 30,
        receiver: { tax_identification_number: '00341620508', name: 'Comune di Bugliano' },
        collection_data: '9/0101108TS/',
        split: [
          { code: 'c_1', amount: cents(900), meta: { split_type: 'Tipo' } },
          { code: 'c_2', amount: cents(750), meta: {} },
        ],
        intermediary: 'pagopa',
        active: true,
        created_at: T0,
        updated_at: T0,
        ...over,
      })
      const withTenant = async (s: StorageUnderTest) => {
        const t = tenant()
        await s.tenants.create(t, credential(t.id))
        return t.id
      }

      it('stores a service and reads it back unchanged, only within its tenant', async () => {
        const s = await make()
        const tenantId = await withTenant(s)
        const other = await withTenant(s)
        const svc = service(tenantId)
        expect((await s.services.create(svc)).ok).toBe(true)
        expect(await s.services.get(tenantId, svc.id)).toEqual(svc)
        expect(await s.services.get(other, svc.id)).toBeNull()
      })

      it('refuses a duplicate id within a tenant, but not across tenants', async () => {
        const s = await make()
        const a = await withTenant(s)
        const b = await withTenant(s)
        const svc = service(a)
        await s.services.create(svc)
        expect(await s.services.create({ ...svc, reason: 'Other' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect((await s.services.get(a, svc.id))?.reason).toBe('TARI 2026')
        expect((await s.services.create({ ...svc, tenant_id: b })).ok).toBe(true)
      })

      it('lists a tenant’s services in creation order with a total, paged', async () => {
        const s = await make()
        const tenantId = await withTenant(s)
        const first = service(tenantId, { created_at: new Date(T0.getTime() - 1000) })
        const second = service(tenantId)
        await s.services.create(second)
        await s.services.create(first)
        await s.services.create(service(await withTenant(s)))
        expect(await s.services.list(tenantId, { limit: 10, offset: 0 })).toEqual({ items: [first, second], total: 2 })
        expect(await s.services.list(tenantId, { limit: 1, offset: 1 })).toEqual({ items: [second], total: 2 })
      })

      it('updates optimistically', async () => {
        const s = await make()
        const tenantId = await withTenant(s)
        const svc = service(tenantId)
        await s.services.create(svc)
        const next = { ...svc, active: false, amount: cents(2000), split: [], updated_at: new Date(T0.getTime() + 1) }
        expect((await s.services.update(next, svc.updated_at)).ok).toBe(true)
        expect(await s.services.get(tenantId, svc.id)).toEqual(next)
        expect(await s.services.update({ ...svc, reason: 'lost' }, svc.updated_at)).toMatchObject({
          ok: false,
          error: { code: 'conflict' },
        })
        expect(await s.services.update(service(tenantId), T0)).toMatchObject({ ok: false, error: { code: 'not_found' } })
      })
    })

    describe('PaymentRepo', () => {
      const setup = async () => {
        const s = await make()
        const t = tenant()
        await s.tenants.create(t, credential(t.id))
        return { s, tenantId: t.id }
      }
      const stored = (p: Payment): StoredPayment => ({ payment: p, intermediary: 'pagopa', providerRef: null })
      const write = (p: Payment, over: Partial<PaymentWrite> = {}): PaymentWrite => {
        const event = eventToWire({
          ...p,
          event_id: crypto.randomUUID(),
          event_version: '2.0',
          event_created_at: p.updated_at,
          app_id: 'varco:test',
        })
        return {
          stored: stored(p),
          events: [event],
          publish: [{ eventId: event.event_id, publishers: ['webhook'] }],
          at: p.updated_at,
          ...over,
        }
      }
      const pay = (tenantId: string, over: Partial<Payment> = {}) => aPayment({ id: crypto.randomUUID(), tenant_id: tenantId, ...over })
      const moved = (p: Payment, status: PaymentStatus, secs: number): Payment => ({
        ...p,
        status,
        updated_at: new Date(p.updated_at.getTime() + secs * 1000),
      })

      it('stores a payment with its first event and reads both back unchanged', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        const w = write(p, { inboundEventId: crypto.randomUUID() })
        expect((await s.payments.insert(w)).ok).toBe(true)
        expect(await s.payments.get(tenantId, p.id)).toEqual(stored(p))
        expect(await s.payments.getForCitizen(p.id)).toEqual(stored(p))
        expect(await s.payments.events(tenantId, p.id)).toEqual(w.events)
        expect(await s.payments.seenInbound(w.inboundEventId as string)).toBe(true)
        expect(await s.payments.seenInbound(crypto.randomUUID())).toBe(false)
      })

      it("never returns another tenant's payment or history", async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        await s.payments.insert(write(p))
        const other = crypto.randomUUID()
        expect(await s.payments.get(other, p.id)).toBeNull()
        expect(await s.payments.events(other, p.id)).toEqual([])
      })

      it('refuses a second insert of the same payment or inbound event, writing nothing', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        const inbound = crypto.randomUUID()
        await s.payments.insert(write(p, { inboundEventId: inbound }))
        expect(await s.payments.insert(write({ ...p, reason: 'twice' }))).toMatchObject({ ok: false, error: { code: 'conflict' } })
        const q = pay(tenantId)
        expect(await s.payments.insert(write(q, { inboundEventId: inbound }))).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect(await s.payments.get(tenantId, q.id)).toBeNull()
        expect(await s.payments.events(tenantId, p.id)).toHaveLength(1)
      })

      it('appends events in order on update, and refuses a stale update without appending', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        await s.payments.insert(write(p))
        const pending = moved(p, 'PAYMENT_PENDING', 1)
        const w2 = write(pending)
        expect((await s.payments.update(w2, p.updated_at)).ok).toBe(true)
        const complete = moved(pending, 'COMPLETE', 1)
        const w3 = write(complete)
        expect((await s.payments.update(w3, pending.updated_at)).ok).toBe(true)
        const stale = write(moved(p, 'CANCELED', 5))
        expect(await s.payments.update(stale, p.updated_at)).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect((await s.payments.get(tenantId, p.id))?.payment.status).toBe('COMPLETE')
        expect((await s.payments.events(tenantId, p.id)).map((e) => e.status)).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING', 'COMPLETE'])
      })

      it('lets only one of two writers racing from the same version win, even with the same new updated_at', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        await s.payments.insert(write(p))
        const a = write(moved(p, 'PAYMENT_PENDING', 1))
        const b = write({ ...moved(p, 'PAYMENT_PENDING', 1), reason: 'the loser' })
        expect((await s.payments.update(a, p.updated_at)).ok).toBe(true)
        expect(await s.payments.update(b, p.updated_at)).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect((await s.payments.get(tenantId, p.id))?.payment.reason).toBe(p.reason)
        expect(await s.payments.events(tenantId, p.id)).toHaveLength(2)
      })

      it('refuses an update whose event id is already recorded, leaving the payment as it was', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        const first = write(p)
        await s.payments.insert(first)
        const next = moved(p, 'PAYMENT_PENDING', 1)
        const dup = { ...write(next), events: first.events, publish: [] }
        expect(await s.payments.update(dup, p.updated_at)).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect((await s.payments.get(tenantId, p.id))?.payment.status).toBe('CREATION_PENDING')
      })

      it('finds a payment by its intermediary reference', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        const ref = `cs_test_${crypto.randomUUID()}`
        await s.payments.insert({ ...write(p), stored: { payment: p, intermediary: 'stripe', providerRef: ref } })
        expect((await s.payments.findByProviderRef('stripe', ref))?.payment.id).toBe(p.id)
        expect(await s.payments.findByProviderRef('revolut', ref)).toBeNull()
      })

      it('an update sets, changes and keeps the intermediary reference; a refused update leaves it as it was', async () => {
        const { s, tenantId } = await setup()
        const p = pay(tenantId)
        const withRef = (q: Payment, ref: string | null) => ({
          ...write(q),
          stored: { payment: q, intermediary: 'stripe', providerRef: ref },
        })
        expect((await s.payments.insert(withRef(p, null))).ok).toBe(true)
        const found = async (ref: string) => (await s.payments.findByProviderRef('stripe', ref))?.payment.id ?? null
        const pending = moved(p, 'PAYMENT_PENDING', 1)
        expect((await s.payments.update(withRef(pending, 'cs_test_a'), p.updated_at)).ok).toBe(true)
        expect(await found('cs_test_a')).toBe(p.id)
        const started = moved(pending, 'PAYMENT_STARTED', 1)
        expect((await s.payments.update(withRef(started, 'cs_test_a'), pending.updated_at)).ok).toBe(true)
        expect(await found('cs_test_a')).toBe(p.id)
        expect((await s.payments.get(tenantId, p.id))?.payment.status).toBe('PAYMENT_STARTED')
        // A stale update (based on an older version) is refused whole: neither its status nor its reference lands.
        const stale = withRef(moved(pending, 'CANCELED', 5), 'cs_test_b')
        expect(await s.payments.update(stale, pending.updated_at)).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect(await found('cs_test_b')).toBeNull()
        expect(await found('cs_test_a')).toBe(p.id)
        const changed = moved(started, 'PAYMENT_STARTED', 1)
        expect((await s.payments.update(withRef(changed, 'cs_test_c'), started.updated_at)).ok).toBe(true)
        expect(await found('cs_test_c')).toBe(p.id)
        expect(await found('cs_test_a')).toBeNull()
        expect((await s.payments.get(tenantId, p.id))?.providerRef).toBe('cs_test_c')
      })

      it('finds non-final payments whose next check is due, oldest first, bounded', async () => {
        const { s, tenantId } = await setup()
        const at = (iso: string) => new Date(iso)
        const due = (status: PaymentStatus, next: string | null) => {
          const p = pay(tenantId, { status })
          return { ...p, links: { ...p.links, update: { ...p.links.update, next_check_at: next === null ? null : at(next) } } }
        }
        const a = due('PAYMENT_PENDING', '2000-01-01T00:02:00Z')
        const b = due('PAYMENT_STARTED', '2000-01-01T00:01:00Z')
        const later = due('PAYMENT_PENDING', '2000-01-01T01:00:00Z')
        const done = due('COMPLETE', '2000-01-01T00:00:00Z')
        const none = due('PAYMENT_PENDING', null)
        for (const p of [a, b, later, done, none]) await s.payments.insert(write(p))
        const found = (await s.payments.dueForCheck(at('2000-01-01T00:30:00Z'), 1000))
          .map((x) => x.payment.id)
          .filter((id) => [a.id, b.id, later.id, done.id, none.id].includes(id))
        expect(found).toEqual([b.id, a.id])
        expect(await s.payments.dueForCheck(at('2000-01-01T00:30:00Z'), 1)).toHaveLength(1)
        const creating = due('CREATION_PENDING', '2000-01-01T00:00:30Z')
        await s.payments.insert(write(creating))
        const ids = (xs: StoredPayment[]) => xs.map((x) => x.payment.id).filter((id) => [a.id, b.id, creating.id].includes(id))
        expect(ids(await s.payments.dueForCheck(at('2000-01-01T00:30:00Z'), 1000, 'creation'))).toEqual([creating.id])
        expect(ids(await s.payments.dueForCheck(at('2000-01-01T00:30:00Z'), 1000, 'check'))).toEqual([b.id, a.id])
      })
    })

    describe('JobRunRepo', () => {
      it('records a run as running, then its outcome and counts', async () => {
        const { jobRuns } = await make()
        const job = `job-${crypto.randomUUID()}`
        const r = run(job, T0)
        await jobRuns.start(r)
        expect((await jobRuns.latestPerJob()).find((x) => x.job === job)).toMatchObject({ id: r.id, outcome: 'running' })
        const done = { ...r, outcome: 'ok' as const, finishedAt: new Date(T0.getTime() + 20), counts: { checked: 3, completed: 1 } }
        await jobRuns.finish(done)
        expect((await jobRuns.latestPerJob()).find((x) => x.job === job)).toEqual(done)
      })

      it('never moves a finished run back (finish is forward-only)', async () => {
        const { jobRuns } = await make()
        const job = `job-${crypto.randomUUID()}`
        const r = run(job, T0)
        await jobRuns.start(r)
        await jobRuns.finish({ ...r, outcome: 'error', finishedAt: T0, error: 'boom' })
        await jobRuns.finish({ ...r, outcome: 'ok', finishedAt: T0, counts: { x: 1 } })
        expect((await jobRuns.latestPerJob()).find((x) => x.job === job)).toMatchObject({ outcome: 'error', error: 'boom' })
      })

      it('returns only the newest run of each job', async () => {
        const { jobRuns } = await make()
        const a = `job-a-${crypto.randomUUID()}`
        const b = `job-b-${crypto.randomUUID()}`
        const old = run(a, new Date(T0.getTime() - 60_000))
        const recent = run(a, T0)
        const other = run(b, new Date(T0.getTime() - 30_000))
        for (const r of [recent, old, other]) await jobRuns.start(r)
        const latest = (await jobRuns.latestPerJob()).filter((x) => x.job === a || x.job === b)
        expect(latest.map((x) => x.id)).toEqual([recent.id, other.id])
      })

      it('prunes runs that started before the cut-off, and only those', async () => {
        const { jobRuns } = await make()
        const job = `job-${crypto.randomUUID()}`
        const ancient = run(job, new Date('2000-01-01T00:00:00Z'))
        const fresh = run(job, new Date('2100-01-01T00:00:00Z'))
        await jobRuns.start(ancient)
        await jobRuns.start(fresh)
        expect(await jobRuns.prune(new Date('2000-01-02T00:00:00Z'))).toBeGreaterThanOrEqual(1)
        const latest = (await jobRuns.latestPerJob()).find((x) => x.job === job)
        expect(latest?.id).toBe(fresh.id)
        expect(await jobRuns.prune(new Date('2000-01-02T00:00:00Z'))).toBe(0)
      })
    })
  })
}
