/**
 * The outbox: one row per (event, publisher), written with the change that emitted the event
 * (PaymentRepo for payments; SdiRepo for SDI transmissions, which have an outbox of their own behind
 * this same port, where "payment" reads "transmission"). The dispatcher reads due rows, claims each with a short lease, publishes it
 * and marks it delivered, or schedules another attempt. Order is kept per payment and publisher:
 * `due` never offers an event while an earlier event of the same payment is still undelivered on
 * that channel (parked rows excepted: they no longer block).
 * @module
 */

import type { OutboundEvent } from './event-publisher.port.ts'

export type OutboxEntry = {
  readonly id: number
  readonly eventId: string
  /** The payment the event is about (an SDI outbox: the transmission id). Order is kept per this id. */
  readonly paymentId: string
  readonly publisher: string
  /** Partition key: the payment's service_id (an SDI outbox: the tenant id). */
  readonly key: string
  /** Delivery attempts started so far (claims), before this one. */
  readonly attempts: number
  /** The event as stored (in the payment history; an SDI outbox: as the transmission's change gave it). */
  readonly event: OutboundEvent
}

export interface OutboxRepo {
  /**
   * Undelivered rows due at `now`, oldest first, at most one per (payment, publisher): the
   * earliest undelivered event of that payment on that channel. `paymentId` narrows to one payment.
   */
  due(now: Date, limit: number, paymentId?: string): Promise<OutboxEntry[]>
  /**
   * Takes a due row for one attempt: counts the attempt and hides the row until `leaseUntil`, so a
   * second dispatcher skips it and a crashed one's row comes back when the lease ends. False when
   * the row is delivered, or someone else claimed it since it was read.
   */
  claim(id: number, now: Date, leaseUntil: Date): Promise<boolean>
  markDelivered(id: number, at: Date): Promise<void>
  /** Schedules the next attempt at `at`, keeping why this one failed. */
  retryLater(id: number, at: Date, error: string): Promise<void>
  /**
   * Sets a row aside for good after a permanent refusal: it is never offered again and no longer
   * holds back later events of its payment (each event is a full snapshot of the payment, so the
   * next one supersedes it). An operator can requeue it by setting `next_attempt_at`.
   */
  park(id: number, error: string): Promise<void>
  /** Deletes rows delivered before `before`; returns how many (housekeeping). Undelivered rows are never pruned. */
  pruneDelivered(before: Date): Promise<number>
}
