/**
 * Storage of Agile billing (core/billing/model.ts): subscriptions, their 8 packages, the gapless
 * yearly invoice counter and the platform's billing settings. Every package method is scoped by
 * tenant id. State changes are conditional updates (forward-only, safe to retry and to race):
 * the first caller wins and later ones learn what is there.
 * The subscription's status is the tenant's billing status (the one the 402 check reads,
 * ports/tenant-billing.port.ts): one column, not a copy.
 * @module
 */

import type { BillingCustomer, BillingPackage, MarkPaidVia, PackageNumber, Subscription } from '../core/billing/model.ts'
import type { BillingStatus } from '../core/payments-v2/model.ts'

export type BillingAccount = {
  readonly subscription: Subscription
  readonly packages: readonly BillingPackage[]
  /** The tenant's invoicing data; null until set. */
  readonly customer: BillingCustomer | null
}

export type MarkPaid = MarkPaidVia

/** One stored setting: secrets are stored as the SecretBox's sealed text, never in clear. */
export type StoredSetting = { readonly value: string; readonly secret: boolean }

export interface BillingRepo {
  /**
   * The tenant's account, creating it (status `trial`, 8 `due` packages at `priceCents`) if it has
   * none; an existing account is returned unchanged. null when the tenant does not exist.
   */
  ensure(
    tenantId: string,
    init: { readonly startedAt: Date; readonly trialEndsAt: Date; readonly priceCents: number },
  ): Promise<BillingAccount | null>
  get(tenantId: string): Promise<BillingAccount | null>
  /** Accounts after `afterTenantId` in tenant-id order (the compliance job pages through all). */
  list(afterTenantId: string | null, limit: number): Promise<readonly BillingAccount[]>
  /** Sets the status if it is still `from`; false when it was not (someone else changed it). */
  setStatus(tenantId: string, from: BillingStatus, to: BillingStatus, at: Date): Promise<boolean>

  /** Stores the tenant's invoicing data (replacing it). false when the tenant has no account. */
  setCustomer(tenantId: string, customer: BillingCustomer, at: Date): Promise<boolean>

  /** Records the Checkout Session of a package that is not paid. false when the package is paid (or missing). */
  setCheckout(tenantId: string, n: PackageNumber, sessionId: string, at: Date): Promise<boolean>
  /** The package a Checkout Session was opened for (any tenant: webhooks carry no tenant credential). */
  findBySession(sessionId: string): Promise<BillingPackage | null>
  /** `due` → `processing` (a SEPA debit authorised). false otherwise (already processing, paid, missing). */
  markProcessing(tenantId: string, n: PackageNumber, sessionId: string, at: Date): Promise<boolean>
  /** `processing` → `due` when `sessionId` is the package's session (the SEPA debit failed). false otherwise. */
  markFailed(tenantId: string, n: PackageNumber, sessionId: string, at: Date): Promise<boolean>
  /** `due`|`processing` → `paid`, exactly once: `paid` for the call that did it, `already` after, `missing` for no such package. */
  markPaid(tenantId: string, n: PackageNumber, paid: MarkPaid): Promise<'paid' | 'already' | 'missing'>

  /**
   * The paid package's invoice number, assigning the next of `year`'s gapless counter if it has
   * none (counter and package in one transaction: concurrent callers never share or skip a
   * number). An assigned number is returned again, whatever `year`. null when the package is not paid.
   */
  assignInvoiceNumber(tenantId: string, n: PackageNumber, year: number): Promise<string | null>
  /** Stores the rendered invoice (`invoiceState` issued, the error cleared) once; false when one is stored already or no number is assigned. */
  storeInvoice(
    tenantId: string,
    n: PackageNumber,
    invoice: { readonly xml: string; readonly hash: string; readonly fileName: string; readonly at: Date },
  ): Promise<boolean>
  /** Records a failed attempt (`invoiceState` failed, the error text) unless the invoice is issued. */
  invoiceFailed(tenantId: string, n: PackageNumber, error: string, at: Date): Promise<void>
  /** Links the SDI transmission of the issued invoice once; false when another is linked or no invoice is issued (true again for the same link). */
  setSdi(tenantId: string, n: PackageNumber, sdiId: string, at: Date): Promise<boolean>
  /**
   * Paid packages whose invoice is not issued, and (with `unsent`, when SDI sending is on) those issued
   * and not linked to SDI; oldest payment first (any tenant).
   */
  listUnfinished(limit: number, options: { readonly unsent: boolean }): Promise<readonly BillingPackage[]>

  /**
   * Packages with a Checkout Session and not paid (any tenant), whose outcome a lost webhook may hide:
   * every `processing` one (a SEPA debit settles in days) and the `due` ones updated since
   * `updatedSince` (older sessions have expired at the provider); least recently updated first.
   */
  listOpenCheckouts(updatedSince: Date, limit: number): Promise<readonly BillingPackage[]>

  /** The platform's billing settings, by key. */
  settings(): Promise<ReadonlyMap<string, StoredSetting>>
  /** Sets (value) or clears (null) keys, all in one transaction. */
  putSettings(changes: ReadonlyMap<string, StoredSetting | null>): Promise<void>
  /** Replaces a secret setting's sealed value if it still is `expected` (key rotation); false otherwise. */
  resealSetting(key: string, expected: string, next: string): Promise<boolean>
}
