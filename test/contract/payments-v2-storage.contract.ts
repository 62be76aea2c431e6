/**
 * Storage contract of payments v2 (provider configs, links/charges, mandates, webhook dedupe,
 * tenant billing), run against the in-memory fake and libSQL (Node: embedded, client, sqld; workerd: sqld).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { cents } from '../../core/money.ts'
import type { V2Mandate, V2Payment } from '../../core/payments-v2/model.ts'
import type { PaymentsV2Repo } from '../../ports/payments-v2-repo.port.ts'
import type { ProviderConfigRepo } from '../../ports/provider-config-repo.port.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'

export type PaymentsV2StorageUnderTest = {
  readonly configs: ProviderConfigRepo
  readonly store: PaymentsV2Repo
  readonly billing: TenantBillingRepo
  /** Creates a tenant row (foreign keys, billing). */
  readonly addTenant: (id: string) => Promise<void>
}

const T0 = new Date('2026-11-23T10:00:00.000Z')

export function aV2Payment(over: Partial<V2Payment> & { tenantId: string }): V2Payment {
  return {
    id: crypto.randomUUID(),
    provider: 'revolut',
    kind: 'link',
    mandateId: null,
    reference: `REF-${crypto.randomUUID().slice(0, 8)}`,
    amount: cents(15000),
    currency: 'EUR',
    description: 'Pacchetto Onboarding 231 #3',
    method: 'revolut_pay',
    returnUrl: 'https://example.test/back',
    status: 'creating',
    providerRef: null,
    paymentUrl: null,
    paidAt: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  }
}

export function aV2Mandate(over: Partial<V2Mandate> & { tenantId: string }): V2Mandate {
  return {
    id: crypto.randomUUID(),
    provider: 'stripe',
    customerName: 'Mario Rossi',
    customerEmail: 'mario@esempio.it',
    description: 'Abbonamento',
    ibanMasked: 'IT60****3456',
    ibanSealed: 'v1.k1.aaaa.bbbb',
    status: 'creating',
    providerRef: null,
    mandateUrl: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  }
}

export function runPaymentsV2StorageContract(opts: { name: string; make: () => Promise<PaymentsV2StorageUnderTest> }) {
  describe(`payments v2 storage contract: ${opts.name}`, () => {
    const setup = async () => {
      const s = await opts.make()
      const a = crypto.randomUUID()
      const b = crypto.randomUUID()
      await s.addTenant(a)
      await s.addTenant(b)
      return { s, a, b }
    }

    it('stores one provider config per tenant, bumping its version on every put', async () => {
      const { s, a, b } = await setup()
      expect(await s.configs.get(a)).toBeNull()
      const base = {
        tenantId: a,
        provider: 'revolut' as const,
        apiKeySealed: 'v1.k1.x.y',
        webhookSecretSealed: 'v1.k1.z.w',
        apiKeyLast4: 'abcd',
        updatedAt: T0,
      }
      expect((await s.configs.put(base)).version).toBe(1)
      const second = await s.configs.put({ ...base, provider: 'stripe', apiKeySealed: 'v1.k1.x2.y2' })
      expect(second).toMatchObject({ version: 2, provider: 'stripe', apiKeySealed: 'v1.k1.x2.y2' })
      expect(await s.configs.get(b)).toBeNull()
      expect((await s.configs.list()).filter((c) => c.tenantId === a)).toHaveLength(1)
    })

    it('reseals provider secrets only while they are unchanged (compare-and-set)', async () => {
      const { s, a } = await setup()
      const c = await s.configs.put({
        tenantId: a,
        provider: 'revolut',
        apiKeySealed: 'old1',
        webhookSecretSealed: 'old2',
        apiKeyLast4: 'abcd',
        updatedAt: T0,
      })
      expect(
        await s.configs.reseal(
          a,
          { apiKeySealed: 'stale', webhookSecretSealed: 'old2' },
          { apiKeySealed: 'n1', webhookSecretSealed: 'n2' },
        ),
      ).toBe(false)
      expect(await s.configs.reseal(a, c, { apiKeySealed: 'n1', webhookSecretSealed: 'n2' })).toBe(true)
      expect(await s.configs.get(a)).toMatchObject({ apiKeySealed: 'n1', webhookSecretSealed: 'n2', version: 1 })
    })

    it('makes (tenant, reference) unique and returns the existing payment on a repeat', async () => {
      const { s, a, b } = await setup()
      const p = aV2Payment({ tenantId: a, reference: 'PKG-1' })
      expect(await s.store.insertPayment(p)).toEqual({ inserted: true })
      const again = await s.store.insertPayment(aV2Payment({ tenantId: a, reference: 'PKG-1', amount: cents(1) }))
      expect(again.inserted).toBe(false)
      expect(again.inserted === false && again.existing?.id).toBe(p.id)
      // Another tenant may use the same reference.
      expect(await s.store.insertPayment(aV2Payment({ tenantId: b, reference: 'PKG-1' }))).toEqual({ inserted: true })
      expect(await s.store.getPayment(a, p.id)).toEqual(p)
      expect(await s.store.getPayment(b, p.id)).toBeNull()
    })

    it('moves a payment only from the expected status, and finds it by provider reference within its tenant', async () => {
      const { s, a, b } = await setup()
      const p = aV2Payment({ tenantId: a })
      await s.store.insertPayment(p)
      const pending = {
        ...p,
        status: 'pending' as const,
        providerRef: 'ord_1',
        paymentUrl: 'https://pay.test/1',
        updatedAt: new Date(T0.getTime() + 1000),
      }
      expect(await s.store.updatePayment(pending, 'creating')).toBe(true)
      expect(await s.store.updatePayment({ ...pending, status: 'paid' }, 'creating')).toBe(false)
      expect(await s.store.getPayment(a, p.id)).toEqual(pending)
      expect(await s.store.findPaymentByProviderRef(a, 'revolut', 'ord_1')).toEqual(pending)
      expect(await s.store.findPaymentByProviderRef(b, 'revolut', 'ord_1')).toBeNull()
      expect(await s.store.findPaymentByProviderRef(a, 'stripe', 'ord_1')).toBeNull()
      expect(await s.store.updatePayment({ ...pending, tenantId: b, status: 'paid' }, 'pending')).toBe(false)
    })

    it('lists open payments of every tenant, recent ones only, least recently updated first', async () => {
      const { s, a, b } = await setup()
      const at = (ms: number) => new Date(T0.getTime() + ms)
      const since = new Date(T0.getTime() - 1)
      const mine = <T extends { tenantId: string }>(rows: readonly T[]) => rows.filter((r) => r.tenantId === a || r.tenantId === b)
      const p1 = aV2Payment({ tenantId: a, status: 'pending', updatedAt: at(3000) })
      const p2 = aV2Payment({ tenantId: b, status: 'unknown', updatedAt: at(1000) })
      const p3 = aV2Payment({ tenantId: a, status: 'paid', updatedAt: at(0) })
      const p4 = aV2Payment({ tenantId: a, status: 'creating', updatedAt: at(0) })
      const old = aV2Payment({ tenantId: a, status: 'pending', createdAt: new Date(T0.getTime() - 10_000), updatedAt: at(0) })
      for (const p of [p1, p2, p3, p4, old]) await s.store.insertPayment(p)
      expect(mine(await s.store.listOpenPayments(since, 1000)).map((p) => p.id)).toEqual([p2.id, p1.id])
      expect(mine(await s.store.listOpenPayments(new Date(T0.getTime() - 20_000), 1000)).map((p) => p.id)).toEqual([old.id, p2.id, p1.id])
      expect((await s.store.listOpenPayments(since, 1)).length).toBe(1)
    })

    it('allows one open mandate per customer, and another once the first is inactive', async () => {
      const { s, a, b } = await setup()
      const m = aV2Mandate({ tenantId: a })
      expect(await s.store.insertMandate(m)).toEqual({ inserted: true })
      const dup = await s.store.insertMandate(aV2Mandate({ tenantId: a }))
      expect(dup.inserted).toBe(false)
      expect(dup.inserted === false && dup.existing?.id).toBe(m.id)
      expect(await s.store.insertMandate(aV2Mandate({ tenantId: b }))).toEqual({ inserted: true })
      expect(await s.store.updateMandate({ ...m, status: 'inactive' }, 'active')).toBe(false)
      expect(await s.store.updateMandate({ ...m, status: 'inactive' }, 'creating')).toBe(true)
      expect(await s.store.insertMandate(aV2Mandate({ tenantId: a }))).toEqual({ inserted: true })
      expect(await s.store.getMandate(b, m.id)).toBeNull()
      expect((await s.store.getMandate(a, m.id))?.status).toBe('inactive')
    })

    it('finds a mandate by provider reference within its tenant and provider', async () => {
      const { s, a, b } = await setup()
      const m = aV2Mandate({ tenantId: a, provider: 'stripe' })
      await s.store.insertMandate(m)
      expect(await s.store.findMandateByProviderRef(a, 'stripe', 'cs_setup_1')).toBeNull()
      const pending = { ...m, status: 'pending_mandate_signature' as const, providerRef: 'cs_setup_1', mandateUrl: 'https://x/setup' }
      expect(await s.store.updateMandate(pending, 'creating')).toBe(true)
      expect(await s.store.findMandateByProviderRef(a, 'stripe', 'cs_setup_1')).toEqual(pending)
      expect(await s.store.findMandateByProviderRef(b, 'stripe', 'cs_setup_1')).toBeNull()
      expect(await s.store.findMandateByProviderRef(a, 'revolut', 'cs_setup_1')).toBeNull()
    })

    it('lists mandates awaiting signature (with a reference), recent ones only, least recently updated first', async () => {
      const { s, a, b } = await setup()
      const at = (ms: number) => new Date(T0.getTime() + ms)
      const mine = (rows: readonly V2Mandate[]) => rows.filter((r) => r.tenantId === a || r.tenantId === b)
      const m1 = aV2Mandate({
        tenantId: a,
        customerEmail: 'a1@x.it',
        status: 'pending_mandate_signature',
        providerRef: 'cs_1',
        updatedAt: at(3000),
      })
      const m2 = aV2Mandate({ tenantId: b, customerEmail: 'b1@x.it', status: 'unknown', providerRef: 'cs_2', updatedAt: at(1000) })
      const noRef = aV2Mandate({ tenantId: a, customerEmail: 'a2@x.it', status: 'unknown', providerRef: null, updatedAt: at(0) })
      const active = aV2Mandate({ tenantId: a, customerEmail: 'a3@x.it', status: 'active', providerRef: 'cs_3', updatedAt: at(0) })
      const old = aV2Mandate({
        tenantId: b,
        customerEmail: 'b2@x.it',
        status: 'pending_mandate_signature',
        providerRef: 'cs_4',
        createdAt: new Date(T0.getTime() - 10_000),
        updatedAt: at(0),
      })
      for (const m of [m1, m2, noRef, active, old]) expect(await s.store.insertMandate(m)).toEqual({ inserted: true })
      const since = new Date(T0.getTime() - 1)
      expect(mine(await s.store.listOpenMandates(since, 1000)).map((m) => m.id)).toEqual([m2.id, m1.id])
      expect(mine(await s.store.listOpenMandates(new Date(T0.getTime() - 20_000), 1000)).map((m) => m.id)).toEqual([old.id, m2.id, m1.id])
      expect((await s.store.listOpenMandates(since, 1)).length).toBe(1)
    })

    it('lists and reseals mandate IBANs with compare-and-set', async () => {
      const { s, a } = await setup()
      const m = aV2Mandate({ tenantId: a, ibanSealed: 'v1.k1.i.c' })
      await s.store.insertMandate(m)
      expect((await s.store.sealedIbans()).find((x) => x.mandateId === m.id)).toEqual({ tenantId: a, mandateId: m.id, sealed: 'v1.k1.i.c' })
      expect(await s.store.resealIban(a, m.id, 'other', 'v1.k2.i.c')).toBe(false)
      expect(await s.store.resealIban(a, m.id, 'v1.k1.i.c', 'v1.k2.i.c')).toBe(true)
      expect((await s.store.getMandate(a, m.id))?.ibanSealed).toBe('v1.k2.i.c')
    })

    it('keeps a billing status per tenant, active by default', async () => {
      const { s, a, b } = await setup()
      expect(await s.billing.get(a)).toBe('active')
      expect(await s.billing.set(a, 'suspended')).toBe(true)
      expect(await s.billing.get(a)).toBe('suspended')
      expect(await s.billing.get(b)).toBe('active')
      expect(await s.billing.get(crypto.randomUUID())).toBeNull()
      expect(await s.billing.set(crypto.randomUUID(), 'expired')).toBe(false)
    })
  })
}
