/**
 * The state behind the in-memory PaymentRepo, OutboxRepo and ImportRepo: payments, their event
 * history, consumed inbound event ids and outbox rows, written together as libSQL writes them in
 * one batch. Share one store between those fakes as the gateway shares one database.
 * @module
 */

import type { DomainError } from '../../core/errors.ts'
import type { WireEvent } from '../../core/payment-wire.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { PaymentWrite, StoredPayment } from '../../ports/payment-repo.port.ts'

/** One outbox row: an event to deliver to one publisher. */
export type InMemoryOutboxRow = {
  readonly id: number
  readonly eventId: string
  readonly paymentId: string
  readonly publisher: string
  /** The payment's service id when the event was written. */
  readonly key: string
  /** The event's place in its payment's history. */
  readonly seq: number
  attempts: number
  /** Epoch ms; Infinity once parked. */
  nextAttemptAt: number
  deliveredAt: number | null
  lastError: string | null
}

export type InMemoryPaymentStore = ReturnType<typeof inMemoryPaymentStore>

export function inMemoryPaymentStore() {
  const rows = new Map<string, StoredPayment>()
  const history = new Map<string, WireEvent[]>()
  const eventIds = new Set<string>()
  const inbound = new Set<string>()
  const outbox: InMemoryOutboxRow[] = []
  let nextOutboxId = 1

  /** True when an event id or inbound event id of `writes` is known already, or repeated among them. */
  const clashes = (writes: readonly PaymentWrite[]): boolean => {
    const events = writes.flatMap((w) => w.events.map((e) => e.event_id))
    const consumed = writes.flatMap((w) => (w.inboundEventId === undefined ? [] : [w.inboundEventId]))
    return (
      new Set(events).size < events.length ||
      new Set(consumed).size < consumed.length ||
      events.some((id) => eventIds.has(id)) ||
      consumed.some((id) => inbound.has(id))
    )
  }

  const apply = (w: PaymentWrite) => {
    const id = w.stored.payment.id
    const events = [...(history.get(id) ?? []), ...w.events]
    rows.set(id, w.stored)
    history.set(id, events)
    for (const e of w.events) eventIds.add(e.event_id)
    if (w.inboundEventId !== undefined) inbound.add(w.inboundEventId)
    for (const p of w.publish) {
      const seq = events.findIndex((e) => e.event_id === p.eventId)
      for (const publisher of p.publishers) {
        outbox.push({
          id: nextOutboxId++,
          eventId: p.eventId,
          paymentId: id,
          publisher,
          key: w.stored.payment.service_id,
          seq,
          attempts: 0,
          nextAttemptAt: w.at.getTime(),
          deliveredAt: null,
          lastError: null,
        })
      }
    }
  }

  const known = (w: PaymentWrite): Result<void, DomainError> =>
    err({ code: 'conflict', resource: 'payment', id: w.stored.payment.id, detail: 'this payment or event is already known' })

  return {
    rows,
    history,
    inbound,
    outbox,
    /** Stores new payments, all or none: `conflict` when a payment, event or inbound event id is known already. */
    insertAll(writes: readonly PaymentWrite[]): Result<void, DomainError> {
      const ids = new Set(writes.map((w) => w.stored.payment.id))
      const taken = writes.find((w) => rows.has(w.stored.payment.id))
      if (taken) return known(taken)
      const first = writes[0]
      if (first && (ids.size < writes.length || clashes(writes))) return known(first)
      for (const w of writes) apply(w)
      return ok(undefined)
    },
    /** Appends to a stored payment: `conflict` when one of its events or its inbound event id is known already. */
    append(w: PaymentWrite): Result<void, DomainError> {
      if (clashes([w])) return known(w)
      apply(w)
      return ok(undefined)
    },
  }
}
