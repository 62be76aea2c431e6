/**
 * Payments, their event history and the outbox. Every state change is written together with the
 * event it emits and the event's outbox rows in one transaction, so no event is lost or invented
 * if the process dies between steps. Reads are scoped by tenant, except `getForCitizen`, which the
 * public citizen pages and the poller use once a signed link has opened the request.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Payment } from '../core/payment.ts'
import type { WireEvent } from '../core/payment-wire.ts'
import type { Result } from '../core/result.ts'

/** A payment plus what only Varco needs to know about it. */
export type StoredPayment = {
  readonly payment: Payment
  /** Which intermediary collects it (from the service configuration). */
  readonly intermediary: string
  /** The intermediary's reference (pagoPA: GPD iupd); null until created there. */
  readonly providerRef: string | null
}

export type PaymentWrite = {
  readonly stored: StoredPayment
  /** Events to append to the history, in order (wire form). */
  readonly events: readonly WireEvent[]
  /** Of those events, the ids to deliver, and to which publishers. */
  readonly publish: readonly { readonly eventId: string; readonly publishers: readonly string[] }[]
  /** The inbound event this write consumes: recorded so a replay is recognised. */
  readonly inboundEventId?: string
  /** When the write happens (outbox rows are due from then). */
  readonly at: Date
}

export interface PaymentRepo {
  /** A new payment. `conflict` when the payment id or the inbound event id is already known. */
  insert(write: PaymentWrite): Promise<Result<void, DomainError>>
  /** A change of a known payment, if its stored updated_at is still `expectedUpdatedAt`; else `conflict`. */
  update(write: PaymentWrite, expectedUpdatedAt: Date): Promise<Result<void, DomainError>>
  get(tenantId: string, paymentId: string): Promise<StoredPayment | null>
  getForCitizen(paymentId: string): Promise<StoredPayment | null>
  /** The event history, oldest first. */
  events(tenantId: string, paymentId: string): Promise<WireEvent[]>
  /** The payment an intermediary knows by this reference (webhooks carry it). */
  findByProviderRef(intermediary: string, providerRef: string): Promise<StoredPayment | null>
  /** True when this inbound event id was already consumed. */
  seenInbound(eventId: string): Promise<boolean>
  /**
   * Non-final payments whose next check is due at `now`, oldest due first. `kind` narrows to payments
   * still to be created at the intermediary (`creation`) or to the others (`check`).
   */
  dueForCheck(now: Date, limit: number, kind?: 'creation' | 'check'): Promise<StoredPayment[]>
}
