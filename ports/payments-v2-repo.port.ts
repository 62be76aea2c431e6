/**
 * Storage of payments v2 links, charges and SEPA mandates (their webhooks are deduped by the WebhookInbox). Every
 * read is scoped by tenant id. Status changes are guarded by the expected current status, so two
 * writers cannot move a record twice (forward-only transitions stay forward-only under races).
 * @module
 */

import type { V2Mandate, V2MandateStatus, V2Payment, V2PaymentStatus } from '../core/payments-v2/model.ts'

export type InsertOutcome<T> = { readonly inserted: true } | { readonly inserted: false; readonly existing: T | null }

export interface PaymentsV2Repo {
  /** Inserts a payment; when (tenant, reference) is taken, returns the existing one instead. */
  insertPayment(p: V2Payment): Promise<InsertOutcome<V2Payment>>
  getPayment(tenantId: string, id: string): Promise<V2Payment | null>
  findPaymentByProviderRef(tenantId: string, provider: string, providerRef: string): Promise<V2Payment | null>
  /** Writes `next` if the stored status is still `expected`; false otherwise (someone else moved it). */
  updatePayment(next: V2Payment, expected: V2PaymentStatus): Promise<boolean>
  /**
   * Payments of every tenant that may still change (`unknown`, `pending`) created after `createdAfter`,
   * least recently updated first, for the reconciler.
   */
  listOpenPayments(createdAfter: Date, limit: number): Promise<readonly V2Payment[]>
  /** Mandates of every tenant that may still change at the provider (pending signature or unknown, with a reference), least recently updated first. */
  listOpenMandates(createdAfter: Date, limit: number): Promise<readonly V2Mandate[]>

  /** Inserts a mandate; not inserted when the customer (tenant, email) already has an open one (returned when readable). */
  insertMandate(m: V2Mandate): Promise<InsertOutcome<V2Mandate>>
  getMandate(tenantId: string, id: string): Promise<V2Mandate | null>
  /** The tenant's mandate with this provider reference (a webhook names it by the provider's id). */
  findMandateByProviderRef(tenantId: string, provider: string, providerRef: string): Promise<V2Mandate | null>
  updateMandate(next: V2Mandate, expected: V2MandateStatus): Promise<boolean>
  /** Every sealed IBAN, for key rotation. */
  sealedIbans(): Promise<ReadonlyArray<{ readonly tenantId: string; readonly mandateId: string; readonly sealed: string }>>
  /** Compare-and-set of a mandate's sealed IBAN. */
  resealIban(tenantId: string, mandateId: string, expected: string, next: string): Promise<boolean>
}
