/**
 * Agile billing (seed 000, billing-ms): a tenant's subscription and its 8 onboarding packages of
 * €150 + VAT, and the one rule that says which package is due by when and what the subscription's
 * status therefore is. Pure: the caller passes `now`.
 *
 * The plan, in one sentence: the trial lasts until `trial_ends_at`; package 1 is due then and each
 * following package one week later (package n is due `trial_ends_at + 7·(n−1)` days). A trial that
 * ends with no package paid is `expired`; a tenant with an unpaid package past its due date is
 * `suspended` (it skipped a package week); otherwise it is `active` once a package is paid and
 * `trial` before. Paying the overdue packages makes it `active` again.
 * @module
 */

import type { BillingStatus } from '../payments-v2/model.ts'

export const PACKAGES_TOTAL = 8
/** €150.00, VAT excluded. */
export const PACKAGE_PRICE_CENTS = 15_000
export const PACKAGE_VAT_RATE = 22
export const DAY_MS = 86_400_000
export const WEEK_MS = 7 * DAY_MS

export type PackageNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8
export const isPackageNumber = (n: number): n is PackageNumber => Number.isInteger(n) && n >= 1 && n <= PACKAGES_TOTAL

/** How a package was paid: card or SEPA debit through Stripe Checkout, or a bank transfer an admin recorded. */
export type PaidVia = 'card' | 'sepa_debit' | 'bonifico'

/**
 * `due`: nothing paid; `processing`: a SEPA debit was authorised and has not settled yet
 * (checkout.session.completed with payment_status unpaid); `paid`: the money arrived (once, forever).
 */
export type PackageStatus = 'due' | 'processing' | 'paid'

/** Where the package's invoice is: not yet made, made (XML stored), or the attempt failed and a reconciler retries. */
export type InvoiceState = 'none' | 'issued' | 'failed'

export type Subscription = {
  readonly tenantId: string
  /** A readable id: `SUB-<tenant id prefix>`; the seed's numeric id has no meaning outside its database. */
  readonly id: string
  readonly status: BillingStatus
  readonly startedAt: Date
  readonly trialEndsAt: Date
  readonly updatedAt: Date
}

export type BillingPackage = {
  readonly tenantId: string
  readonly number: PackageNumber
  readonly status: PackageStatus
  readonly priceCents: number
  /** The Checkout Session of the latest checkout, if any. */
  readonly checkoutSessionId: string | null
  readonly paidAt: Date | null
  readonly paidVia: PaidVia | null
  /** Stripe PaymentIntent id, or the transfer's reference (CRO/TRN) given by the admin. */
  readonly paymentRef: string | null
  readonly invoiceState: InvoiceState
  /** `FT-<year>-<nnnn>-<nn>`, assigned once (see invoiceNumber) and kept even if rendering fails. */
  readonly fatturaNumero: string | null
  readonly fatturaXml: string | null
  readonly fatturaHash: string | null
  readonly fatturaFileName: string | null
  readonly fatturaAt: Date | null
  readonly invoiceError: string | null
  /** The SDI transmission (core/sdi) once sent. */
  readonly sdiId: string | null
  /** Optimistic concurrency token. */
  readonly version: number
  readonly updatedAt: Date
}

/**
 * The tenant as the cessionario of its package invoices: a company (denominazione) or a person
 * (nome + cognome), its P.IVA or codice fiscale, its address, and where SDI delivers (codice
 * destinatario: 7 characters for a business, the 6-character office code for a PA, whose invoices
 * are then FPA12; or a PEC with 0000000).
 */
export type BillingCustomer = {
  readonly denominazione: string | null
  readonly nome: string | null
  readonly cognome: string | null
  readonly partitaIva: string | null
  readonly codiceFiscale: string | null
  readonly indirizzo: string
  readonly cap: string
  readonly comune: string
  readonly provincia: string | null
  readonly nazione: string
  readonly codiceDestinatario: string | null
  readonly pec: string | null
  /** Prefilled on the Checkout page. */
  readonly email: string | null
}

/** What marks a package paid (ports/billing-repo.port.ts MarkPaid). */
export type MarkPaidVia = {
  readonly via: PaidVia
  readonly ref: string | null
  readonly at: Date
  readonly sessionId: string | null
}

/** Package n's due date under the plan. */
export const dueAt = (s: Pick<Subscription, 'trialEndsAt'>, n: PackageNumber): Date => new Date(s.trialEndsAt.getTime() + (n - 1) * WEEK_MS)

/** The status the plan gives the subscription at `now`. */
export function planStatus(
  s: Pick<Subscription, 'trialEndsAt'>,
  packages: ReadonlyArray<Pick<BillingPackage, 'number' | 'status'>>,
  now: Date,
): BillingStatus {
  const paid = packages.filter((p) => p.status === 'paid').length
  if (paid >= PACKAGES_TOTAL) return 'active'
  const overdue = packages.some((p) => p.status !== 'paid' && dueAt(s, p.number).getTime() <= now.getTime())
  if (paid === 0) return now.getTime() >= s.trialEndsAt.getTime() ? 'expired' : 'trial'
  return overdue ? 'suspended' : 'active'
}

/** Whole days until the trial ends (during the trial) or until the next unpaid package is due; never negative. */
export function daysRemaining(
  s: Pick<Subscription, 'trialEndsAt'>,
  packages: ReadonlyArray<Pick<BillingPackage, 'number' | 'status'>>,
  now: Date,
): number {
  const next = packages
    .filter((p) => p.status !== 'paid')
    .map((p) => dueAt(s, p.number).getTime())
    .sort((a, b) => a - b)[0]
  if (next === undefined) return 0
  return Math.max(0, Math.ceil((next - now.getTime()) / DAY_MS))
}

/**
 * The invoice number `FT-<year>-<nnnn>-<nn>`: `year` of the invoice date (Europe/Rome), `nnnn` the
 * gateway's gapless sequence within that year (one series for every tenant, as the cedente is one),
 * `nn` the package number. E.g. the 12th invoice of 2026, for package 3: `FT-2026-0012-03`.
 */
export function invoiceNumber(year: number, sequence: number, pkg: PackageNumber): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 9999)
    throw new RangeError(`invoice sequence ${sequence} out of 1..9999`)
  return `FT-${year}-${String(sequence).padStart(4, '0')}-${String(pkg).padStart(2, '0')}`
}

/** A package's transfer causale, unique per tenant and package: `VARCO PKG <nn> <tenant id>` (under SEPA's 140 characters). */
export const transferCausale = (tenantId: string, n: PackageNumber): string => `VARCO PKG ${String(n).padStart(2, '0')} ${tenantId}`

/** The subscription's readable id: `SUB-` and the first 8 characters of the tenant id, upper case (e.g. `SUB-3F2A9C1B`). */
export const subscriptionId = (tenantId: string): string => `SUB-${tenantId.slice(0, 8).toUpperCase()}`
