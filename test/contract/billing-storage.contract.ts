/**
 * The BillingRepo contract (ports/billing-repo.port.ts), first half: `ensure` (trial, 8 due
 * packages, the tenant's billing status set to `trial`, idempotent also when concurrent), tenant
 * isolation, the status compare-and-set, checkout sessions, the forward-only package transitions
 * (SEPA processing and failure, paid exactly once even under ten concurrent calls) and paging.
 * The invoice half is ./billing-invoicing.contract.ts; both run from `runBillingStorageContract`.
 * Runtime-neutral: the in-memory fake and libSQL in Node (embedded, @libsql/client, sqld) and sqld from workerd.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { subscriptionId } from '../../core/billing/model.ts'
import { runBillingInvoicingContract } from './billing-invoicing.contract.ts'
import {
  BILLING_T0,
  type BillingStorageFactory,
  billingSetup,
  byCard,
  freshPackage,
  INIT,
  later,
  NUMBERS,
  TRIAL_ENDS,
} from './billing-storage.harness.ts'

export function runBillingStorageContract(factory: BillingStorageFactory) {
  describe(`BillingRepo contract: ${factory.name}`, () => {
    const setup = () => billingSetup(factory)

    it('ensure creates the account: trial until trial_ends_at, 8 due packages at the price, tenant billing status trial', async () => {
      const { s, bare } = await setup()
      expect(await s.tenantBilling.get(bare)).toBe('active')
      const account = await s.repo.ensure(bare, { ...INIT, priceCents: 12_345 })
      expect(account).toEqual({
        subscription: {
          tenantId: bare,
          id: subscriptionId(bare),
          status: 'trial',
          startedAt: BILLING_T0,
          trialEndsAt: TRIAL_ENDS,
          updatedAt: BILLING_T0,
        },
        packages: NUMBERS.map((n) => freshPackage(bare, n, BILLING_T0, 12_345)),
        customer: null,
      })
      expect(await s.tenantBilling.get(bare)).toBe('trial')
      expect(await s.repo.get(bare)).toEqual(account)
      const customer = {
        denominazione: 'Comune di Bugliano',
        nome: null,
        cognome: null,
        partitaIva: null,
        codiceFiscale: '00341620508',
        indirizzo: 'Piazza del Comune 1',
        cap: '56056',
        comune: 'Bugliano',
        provincia: 'PI',
        nazione: 'IT',
        codiceDestinatario: 'UF7XQ2',
        pec: null,
        email: 'ragioneria@comune.example',
      }
      expect(await s.repo.setCustomer(bare, customer, later(1))).toBe(true)
      expect((await s.repo.get(bare))?.customer).toEqual(customer)
      expect((await s.repo.list(null, 1000)).find((x) => x.subscription.tenantId === bare)?.customer).toEqual(customer)
      expect(await s.repo.setCustomer(crypto.randomUUID(), customer, later(1))).toBe(false)
    })

    it('ensure returns an existing account unchanged (also to concurrent callers), and null for an unknown tenant', async () => {
      const { s, a, bare } = await setup()
      const first = await s.repo.get(a)
      expect(await s.repo.ensure(a, { startedAt: later(1), trialEndsAt: later(2), priceCents: 1 })).toEqual(first)
      // An active tenant stays active: only the creation starts a trial.
      expect(await s.repo.setStatus(a, 'trial', 'active', later(5))).toBe(true)
      expect((await s.repo.ensure(a, INIT))?.subscription.status).toBe('active')
      expect(await s.tenantBilling.get(a)).toBe('active')

      const all = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? s.other : s.repo).ensure(bare, INIT)))
      expect(all[0]?.packages).toHaveLength(8)
      expect(all).toEqual(all.map(() => all[0]))
      expect(all[0]?.subscription.status).toBe('trial')

      const ghost = crypto.randomUUID()
      expect(await s.repo.ensure(ghost, INIT)).toBeNull()
      expect(await s.repo.get(ghost)).toBeNull()
      expect(await s.tenantBilling.get(ghost)).toBeNull()
    })

    it('refuses a price that is not positive cents', async () => {
      const { s, bare } = await setup()
      await expect(s.repo.ensure(bare, { ...INIT, priceCents: 0 })).rejects.toThrow()
      expect(await s.repo.get(bare)).toBeNull()
      expect(await s.tenantBilling.get(bare)).toBe('active')
    })

    it('keeps tenants apart: a change to one tenant’s package leaves the other’s as it was', async () => {
      const { s, a, b, bare, pkg } = await setup()
      const bBefore = await s.repo.get(b)
      expect(await s.repo.setCheckout(a, 1, `cs_${crypto.randomUUID()}`, later(1))).toBe(true)
      expect(await s.repo.markPaid(a, 1, byCard(later(2)))).toBe('paid')
      expect(await s.repo.markProcessing(a, 2, `cs_${crypto.randomUUID()}`, later(3))).toBe(true)
      expect(await s.repo.setStatus(a, 'trial', 'active', later(4))).toBe(true)
      expect(await s.repo.get(b)).toEqual(bBefore)
      expect(await s.tenantBilling.get(b)).toBe('trial')
      expect((await pkg(a, 1)).status).toBe('paid')
      // A tenant with no account has no packages to change.
      expect(await s.repo.get(bare)).toBeNull()
      expect(await s.repo.setCheckout(bare, 1, 'cs_x', later(1))).toBe(false)
      expect(await s.repo.markProcessing(bare, 1, 'cs_x', later(1))).toBe(false)
      expect(await s.repo.markPaid(bare, 1, byCard(later(1)))).toBe('missing')
      expect(await s.repo.assignInvoiceNumber(bare, 1, 2026)).toBeNull()
    })

    it('setStatus is a compare-and-set on the tenant’s billing status: one of two racing changes wins', async () => {
      const { s, a, bare } = await setup()
      expect(await s.repo.setStatus(a, 'active', 'suspended', later(1))).toBe(false)
      expect(await s.tenantBilling.get(a)).toBe('trial')
      expect(await s.repo.setStatus(a, 'trial', 'expired', later(2))).toBe(true)
      expect(await s.tenantBilling.get(a)).toBe('expired')
      expect((await s.repo.get(a))?.subscription).toMatchObject({ status: 'expired', updatedAt: later(2) })
      expect(await s.repo.setStatus(a, 'trial', 'active', later(3))).toBe(false)

      const race = await Promise.all([
        s.repo.setStatus(a, 'expired', 'active', later(4)),
        s.other.setStatus(a, 'expired', 'suspended', later(4)),
      ])
      expect(race.filter(Boolean)).toHaveLength(1)
      expect(await s.tenantBilling.get(a)).toBe(race[0] ? 'active' : 'suspended')
      // No account, no subscription status to change; the tenant's own status is left alone.
      expect(await s.repo.setStatus(bare, 'active', 'suspended', later(5))).toBe(false)
      expect(await s.tenantBilling.get(bare)).toBe('active')
      expect(await s.repo.setStatus(crypto.randomUUID(), 'active', 'suspended', later(5))).toBe(false)
    })

    it('records checkout sessions of unpaid packages, finds a package by session from any tenant, refuses a paid one', async () => {
      const { s, b, pkg } = await setup()
      const [first, second, late] = [`cs_${crypto.randomUUID()}`, `cs_${crypto.randomUUID()}`, `cs_${crypto.randomUUID()}`]
      expect(await s.repo.setCheckout(b, 2, first, later(1))).toBe(true)
      expect(await s.repo.findBySession(first)).toEqual({
        ...freshPackage(b, 2),
        checkoutSessionId: first,
        version: 2,
        updatedAt: later(1),
      })
      // A new checkout replaces the session.
      expect(await s.repo.setCheckout(b, 2, second, later(2))).toBe(true)
      expect(await s.repo.findBySession(first)).toBeNull()
      expect((await s.repo.findBySession(second))?.tenantId).toBe(b)
      // Paid with no session given (a transfer): the package keeps its session, and takes no new one.
      expect(await s.repo.markPaid(b, 2, { via: 'bonifico', ref: 'TRN1', at: later(3), sessionId: null })).toBe('paid')
      expect((await pkg(b, 2)).checkoutSessionId).toBe(second)
      expect(await s.repo.setCheckout(b, 2, late, later(4))).toBe(false)
      expect(await s.repo.findBySession(late)).toBeNull()
      expect((await pkg(b, 2)).checkoutSessionId).toBe(second)
      expect(await s.repo.findBySession(`cs_${crypto.randomUUID()}`)).toBeNull()
    })

    it('SEPA: due → processing → due only on the failure of the package’s own session; processing → paid', async () => {
      const { s, a, pkg } = await setup()
      const [s1, s2] = [`cs_${crypto.randomUUID()}`, `cs_${crypto.randomUUID()}`]
      expect(await s.repo.markFailed(a, 3, s1, later(1))).toBe(false)
      expect(await s.repo.markProcessing(a, 3, s1, later(1))).toBe(true)
      expect(await s.repo.markProcessing(a, 3, s2, later(2))).toBe(false)
      expect(await pkg(a, 3)).toEqual({
        ...freshPackage(a, 3),
        status: 'processing',
        checkoutSessionId: s1,
        version: 2,
        updatedAt: later(1),
      })
      expect(await s.repo.findBySession(s1)).toEqual(await pkg(a, 3))

      expect(await s.repo.markFailed(a, 3, s2, later(3))).toBe(false)
      expect((await pkg(a, 3)).status).toBe('processing')
      expect(await s.repo.markFailed(a, 3, s1, later(4))).toBe(true)
      expect(await pkg(a, 3)).toMatchObject({ status: 'due', checkoutSessionId: s1, version: 3, updatedAt: later(4) })
      expect(await s.repo.markFailed(a, 3, s1, later(5))).toBe(false)

      expect(await s.repo.markProcessing(a, 3, s2, later(6))).toBe(true)
      const paid = byCard(later(7), { via: 'sepa_debit', sessionId: s2 })
      expect(await s.repo.markPaid(a, 3, paid)).toBe('paid')
      expect(await s.repo.markProcessing(a, 3, s2, later(8))).toBe(false)
      expect(await s.repo.markFailed(a, 3, s2, later(8))).toBe(false)
      expect(await pkg(a, 3)).toMatchObject({ status: 'paid', paidVia: 'sepa_debit', paidAt: later(7), version: 5, updatedAt: later(7) })
    })

    it('markPaid pays once (`paid`), then answers `already` and changes nothing; `missing` for no package', async () => {
      const { s, a, pkg } = await setup()
      const paid = byCard(later(10))
      expect(await s.repo.markPaid(a, 1, paid)).toBe('paid')
      const stored = {
        ...freshPackage(a, 1),
        status: 'paid',
        paidAt: later(10),
        paidVia: 'card',
        paymentRef: paid.ref,
        checkoutSessionId: paid.sessionId,
        version: 2,
        updatedAt: later(10),
      }
      expect(await pkg(a, 1)).toEqual(stored)
      expect(await s.repo.markPaid(a, 1, { via: 'bonifico', ref: 'TRN', at: later(20), sessionId: null })).toBe('already')
      expect(await s.repo.markPaid(a, 1, paid)).toBe('already')
      expect(await pkg(a, 1)).toEqual(stored)
      expect(await s.repo.markPaid(crypto.randomUUID(), 1, paid)).toBe('missing')
    })

    it('ten concurrent markPaid of one package: exactly one `paid`, the rest `already`, the winner’s payment stored', async () => {
      const { s, a, pkg } = await setup()
      const payments = Array.from({ length: 10 }, (_, i) => byCard(later(100 + i)))
      const outcomes = await Promise.all(payments.map((p, i) => (i % 2 ? s.other : s.repo).markPaid(a, 5, p)))
      expect(outcomes.filter((o) => o === 'paid')).toHaveLength(1)
      expect(outcomes.filter((o) => o === 'already')).toHaveLength(9)
      const winner = payments[outcomes.indexOf('paid')]
      expect(await pkg(a, 5)).toMatchObject({ status: 'paid', paymentRef: winner?.ref, paidAt: winner?.at, version: 2 })
    })

    it('lists accounts after a tenant id, in tenant-id order, a page at a time', async () => {
      const { s } = await setup()
      const p = crypto.randomUUID()
      const ids = [`${p}-1`, `${p}-2`, `${p}-3`, `${p}-4`]
      for (const id of ids) await s.addTenant(id)
      for (const id of [ids[3], ids[0], ids[1]] as string[]) await s.repo.ensure(id, INIT) // ids[2] has no account
      const tenantsOf = (page: readonly { subscription: { tenantId: string } }[]) => page.map((x) => x.subscription.tenantId)
      const page1 = await s.repo.list(p, 2)
      expect(tenantsOf(page1)).toEqual([ids[0], ids[1]])
      expect(page1).toEqual([await s.repo.get(ids[0] as string), await s.repo.get(ids[1] as string)])
      expect(tenantsOf(await s.repo.list(ids[1] as string, 1))).toEqual([ids[3]])
      expect(await s.repo.list(p, 0)).toEqual([])
      const start = tenantsOf(await s.repo.list(null, 5))
      expect(start.length).toBeGreaterThan(0)
      expect(start).toEqual([...start].sort())
    })

    runBillingInvoicingContract(setup)
  })
}
