/**
 * An in-memory BillingRepo for core tests, passing the same contract suite as libSQL
 * (test/contract/billing-storage.contract.ts). Like libSQL, the subscription's status is not kept
 * here: it lives in the TenantBillingRepo given (e.g. inMemoryTenantBillingRepo from
 * ./payments-v2.fake.ts), which also says which tenants exist (its `get` answers null for unknown
 * ones). Each package method checks and changes its row with no await in between, so concurrent calls
 * behave as libSQL's conditional updates do; `ensure` and `setStatus`, which read and write the
 * tenant's status through the async port, run one at a time.
 * @module
 */

import {
  type BillingCustomer,
  type BillingPackage,
  invoiceNumber,
  isPackageNumber,
  PACKAGES_TOTAL,
  type PackageNumber,
  subscriptionId,
} from '../../core/billing/model.ts'
import type { BillingAccount, BillingRepo, StoredSetting } from '../../ports/billing-repo.port.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'

type Sub = { readonly tenantId: string; readonly id: string; readonly startedAt: Date; readonly trialEndsAt: Date; updatedAt: Date }

export type InMemoryBillingRepo = BillingRepo & {
  /** Sets a year's counter (the last number issued), e.g. to reach the 9999 limit. */
  readonly setInvoiceCounter: (year: number, last: number) => void
}

export function inMemoryBillingRepo(tenants: TenantBillingRepo): InMemoryBillingRepo {
  const subs = new Map<string, Sub>()
  const customers = new Map<string, BillingCustomer>()
  const packages = new Map<string, BillingPackage>()
  const counters = new Map<number, number>()
  const settings = new Map<string, StoredSetting>()
  let queue: Promise<unknown> = Promise.resolve()
  /** Runs `fn` after every earlier serialised call: for the methods that await the tenants' port between read and write. */
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn)
    queue = run.catch(() => undefined)
    return run
  }

  const key = (tenantId: string, n: number) => `${tenantId}\u0000${n}`
  const pkg = (tenantId: string, n: number) => packages.get(key(tenantId, n)) ?? null
  const put = (p: BillingPackage, change: Partial<BillingPackage>, at: Date | null) => {
    const next = { ...p, ...change, version: p.version + 1, updatedAt: at ?? p.updatedAt }
    packages.set(key(p.tenantId, p.number), next)
    return next
  }
  const accountOf = async (s: Sub): Promise<BillingAccount> => {
    const status = await tenants.get(s.tenantId)
    if (status === null) throw new Error(`billing account of unknown tenant ${s.tenantId}`)
    const mine = [...packages.values()].filter((p) => p.tenantId === s.tenantId).sort((a, b) => a.number - b.number)
    return { subscription: { ...s, status }, packages: mine, customer: customers.get(s.tenantId) ?? null }
  }
  /** Applies `change` when `allowed(package)`; false when it is not allowed or there is no package. */
  const transition = (tenantId: string, n: number, allowed: (p: BillingPackage) => boolean, change: Partial<BillingPackage>, at: Date) => {
    const p = pkg(tenantId, n)
    if (!p || !allowed(p)) return false
    put(p, change, at)
    return true
  }

  return {
    setInvoiceCounter: (year, last) => void counters.set(year, last),

    setCustomer: async (tenantId, customer) => {
      if (!subs.has(tenantId)) return false
      customers.set(tenantId, customer)
      return true
    },

    ensure: (tenantId, init) =>
      serial(async () => {
        if (!Number.isSafeInteger(init.priceCents) || init.priceCents <= 0)
          throw new RangeError(`price ${init.priceCents} must be positive cents`)
        if ((await tenants.get(tenantId)) === null) return null
        const existing = subs.get(tenantId)
        if (existing) return accountOf(existing)
        const s: Sub = {
          tenantId,
          id: subscriptionId(tenantId),
          startedAt: init.startedAt,
          trialEndsAt: init.trialEndsAt,
          updatedAt: init.startedAt,
        }
        subs.set(tenantId, s)
        for (let n = 1; n <= PACKAGES_TOTAL; n++) {
          if (!isPackageNumber(n)) continue
          packages.set(key(tenantId, n), {
            tenantId,
            number: n,
            status: 'due',
            priceCents: init.priceCents,
            checkoutSessionId: null,
            paidAt: null,
            paidVia: null,
            paymentRef: null,
            invoiceState: 'none',
            fatturaNumero: null,
            fatturaXml: null,
            fatturaHash: null,
            fatturaFileName: null,
            fatturaAt: null,
            invoiceError: null,
            sdiId: null,
            version: 1,
            updatedAt: init.startedAt,
          })
        }
        await tenants.set(tenantId, 'trial')
        return accountOf(s)
      }),

    async get(tenantId) {
      const s = subs.get(tenantId)
      return s ? accountOf(s) : null
    },

    async list(afterTenantId, limit) {
      const ids = [...subs.keys()].filter((id) => afterTenantId === null || id > afterTenantId).sort()
      const page = ids.slice(0, Math.max(0, Math.floor(limit)))
      return Promise.all(page.map((id) => accountOf(subs.get(id) as Sub)))
    },

    setStatus: (tenantId, from, to, at) =>
      serial(async () => {
        const s = subs.get(tenantId)
        if (!s || (await tenants.get(tenantId)) !== from) return false
        s.updatedAt = at
        return tenants.set(tenantId, to)
      }),

    async setCheckout(tenantId, n, sessionId, at) {
      return transition(tenantId, n, (p) => p.status !== 'paid', { checkoutSessionId: sessionId }, at)
    },

    async findBySession(sessionId) {
      const found = [...packages.values()].filter((p) => p.checkoutSessionId === sessionId)
      return found.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0] ?? null
    },

    async markProcessing(tenantId, n, sessionId, at) {
      return transition(tenantId, n, (p) => p.status === 'due', { status: 'processing', checkoutSessionId: sessionId }, at)
    },

    async markFailed(tenantId, n, sessionId, at) {
      return transition(tenantId, n, (p) => p.status === 'processing' && p.checkoutSessionId === sessionId, { status: 'due' }, at)
    },

    async markPaid(tenantId, n, paid) {
      const p = pkg(tenantId, n)
      if (!p) return 'missing'
      if (p.status === 'paid') return 'already'
      const session = paid.sessionId ?? p.checkoutSessionId
      put(p, { status: 'paid', paidAt: paid.at, paidVia: paid.via, paymentRef: paid.ref, checkoutSessionId: session }, paid.at)
      return 'paid'
    },

    async assignInvoiceNumber(tenantId, n, year) {
      const p = pkg(tenantId, n)
      if (p?.status !== 'paid') return null
      if (p.fatturaNumero !== null) return p.fatturaNumero
      const next = (counters.get(year) ?? 0) + 1
      const numero = invoiceNumber(year, next, n as PackageNumber) // throws past 9999, before anything changes
      counters.set(year, next)
      put(p, { fatturaNumero: numero }, null)
      return numero
    },

    async storeInvoice(tenantId, n, invoice) {
      const change = {
        invoiceState: 'issued',
        fatturaXml: invoice.xml,
        fatturaHash: invoice.hash,
        fatturaFileName: invoice.fileName,
        fatturaAt: invoice.at,
        invoiceError: null,
      } as const
      return transition(tenantId, n, (p) => p.fatturaNumero !== null && p.invoiceState !== 'issued', change, invoice.at)
    },

    async invoiceFailed(tenantId, n, error, at) {
      transition(tenantId, n, (p) => p.invoiceState !== 'issued', { invoiceState: 'failed', invoiceError: error }, at)
    },

    async setSdi(tenantId, n, sdiId, at) {
      if (transition(tenantId, n, (p) => p.invoiceState === 'issued' && p.sdiId === null, { sdiId }, at)) return true
      return pkg(tenantId, n)?.sdiId === sdiId
    },

    async listUnfinished(limit, { unsent }) {
      const time = (p: BillingPackage) => p.paidAt?.getTime() ?? 0
      return [...packages.values()]
        .filter((p) => p.status === 'paid' && (p.invoiceState !== 'issued' || (unsent && p.sdiId === null)))
        .sort((a, b) => time(a) - time(b) || (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.number - b.number))
        .slice(0, Math.max(0, Math.floor(limit)))
    },

    async listOpenCheckouts(updatedSince, limit) {
      return [...packages.values()]
        .filter((p) => p.checkoutSessionId !== null && (p.status === 'processing' || (p.status === 'due' && p.updatedAt >= updatedSince)))
        .sort(
          (a, b) =>
            a.updatedAt.getTime() - b.updatedAt.getTime() ||
            (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : a.number - b.number),
        )
        .slice(0, Math.max(0, Math.floor(limit)))
    },

    async settings() {
      return new Map([...settings].sort(([a], [b]) => (a < b ? -1 : 1)))
    },

    async putSettings(changes) {
      // All or nothing, as libSQL's transaction: check every change before applying any.
      for (const k of changes.keys()) if (k === '') throw new Error('billing setting: empty key')
      for (const [k, s] of changes) {
        if (s === null) settings.delete(k)
        else settings.set(k, { value: s.value, secret: s.secret })
      }
    },

    async resealSetting(key, expected, next) {
      const s = settings.get(key)
      if (!s?.secret || s.value !== expected) return false
      settings.set(key, { value: next, secret: true })
      return true
    },
  }
}
