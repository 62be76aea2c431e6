/**
 * What the BillingRepo contract (./billing-storage.contract.ts, ./billing-invoicing.contract.ts)
 * runs against, and the fixtures its cases share: the plan's dates, a fresh package as `ensure`
 * makes it, and a payment. Each case makes its own tenants and invoice years, so a shared database
 * (sqld) needs no reset.
 * @module
 */

import { type BillingPackage, DAY_MS, PACKAGE_PRICE_CENTS, type PackageNumber } from '../../core/billing/model.ts'
import type { BillingRepo, MarkPaid } from '../../ports/billing-repo.port.ts'
import type { TenantBillingRepo } from '../../ports/tenant-billing.port.ts'

export type BillingStorageUnderTest = {
  readonly repo: BillingRepo
  /** Another handle on the same storage (a second connection, as another process has); `repo` itself where there is none. */
  readonly other: BillingRepo
  /** The tenant's billing status as the app reads it (the 402 check). */
  readonly tenantBilling: TenantBillingRepo
  /** Creates a tenant (no billing account). */
  readonly addTenant: (id: string) => Promise<void>
  /** Sets a year's invoice counter (the last number issued), to reach the 9999 limit. */
  readonly setInvoiceCounter: (year: number, last: number) => Promise<void>
}

export type BillingStorageFactory = { readonly name: string; readonly make: () => Promise<BillingStorageUnderTest> }

export const BILLING_T0 = new Date('2026-03-02T09:00:00Z')
export const TRIAL_ENDS = new Date(BILLING_T0.getTime() + 14 * DAY_MS)
export const INIT = { startedAt: BILLING_T0, trialEndsAt: TRIAL_ENDS, priceCents: PACKAGE_PRICE_CENTS } as const
export const later = (ms: number) => new Date(BILLING_T0.getTime() + ms)
export const NUMBERS: readonly PackageNumber[] = [1, 2, 3, 4, 5, 6, 7, 8]

/** Package n as `ensure` creates it. */
export const freshPackage = (
  tenantId: string,
  number: PackageNumber,
  at = BILLING_T0,
  priceCents = PACKAGE_PRICE_CENTS,
): BillingPackage => ({
  tenantId,
  number,
  status: 'due',
  priceCents,
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
  updatedAt: at,
})

export const byCard = (at: Date, over: Partial<MarkPaid> = {}): MarkPaid => ({
  via: 'card',
  ref: `pi_${crypto.randomUUID().slice(0, 8)}`,
  at,
  sessionId: `cs_${crypto.randomUUID()}`,
  ...over,
})

/**
 * A year no other case uses (the counter is shared by every tenant), so its counter starts at 0. Cases also use the
 * year after: years step by 10 from a random base per run, so no two cases of one run ever meet (random years did,
 * about once in 30,000 runs), and a second run against the same database starts elsewhere.
 */
let lastYear = 10_000 + Math.floor(Math.random() * 100_000) * 10
export const freshYear = () => {
  lastYear += 10
  return lastYear
}

/** A storage with two tenants that have an account (`a`, `b`) and one that has none (`bare`). */
export async function billingSetup(factory: BillingStorageFactory) {
  const s = await factory.make()
  const [a, b, bare] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()]
  for (const id of [a, b, bare]) await s.addTenant(id)
  for (const id of [a, b]) if ((await s.repo.ensure(id, INIT)) === null) throw new Error('ensure failed')
  const pkg = async (tenantId: string, n: PackageNumber) => {
    const p = (await s.repo.get(tenantId))?.packages.find((x) => x.number === n)
    if (!p) throw new Error(`no package ${n} for ${tenantId}`)
    return p
  }
  return { s, repo: s.repo, a, b, bare, pkg }
}
