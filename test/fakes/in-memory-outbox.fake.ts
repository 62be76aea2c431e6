/**
 * In-memory OutboxRepo over the rows the in-memory PaymentRepo writes (share one
 * InMemoryPaymentStore). It passes the outbox contract (test/contract/outbox.contract.ts) as libSQL does.
 * @module
 */

import type { OutboxEntry, OutboxRepo } from '../../ports/outbox.port.ts'
import type { InMemoryOutboxRow, InMemoryPaymentStore } from './in-memory-payment-store.fake.ts'

const pending = (r: InMemoryOutboxRow) => r.deliveredAt === null && r.nextAttemptAt !== Number.POSITIVE_INFINITY

export function inMemoryOutboxRepo(store: InMemoryPaymentStore): OutboxRepo {
  const rows = store.outbox
  const undelivered = (id: number) => rows.find((r) => r.id === id && r.deliveredAt === null)
  /** No earlier event of the same payment is still pending on the same channel. */
  const isHead = (r: InMemoryOutboxRow) =>
    !rows.some((o) => o.paymentId === r.paymentId && o.publisher === r.publisher && o.seq < r.seq && pending(o))
  const toEntry = (r: InMemoryOutboxRow): OutboxEntry => {
    const event = store.history.get(r.paymentId)?.[r.seq]
    if (!event) throw new Error(`outbox row ${r.id} has no event`)
    return { id: r.id, eventId: r.eventId, paymentId: r.paymentId, publisher: r.publisher, key: r.key, attempts: r.attempts, event }
  }
  return {
    async due(now, limit, paymentId) {
      return rows
        .filter((r) => r.deliveredAt === null && r.nextAttemptAt <= now.getTime() && (paymentId === undefined || r.paymentId === paymentId))
        .filter(isHead)
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
        .slice(0, limit)
        .map(toEntry)
    },
    async claim(id, now, leaseUntil) {
      const r = undelivered(id)
      if (!r || r.nextAttemptAt > now.getTime()) return false
      r.attempts++
      r.nextAttemptAt = leaseUntil.getTime()
      return true
    },
    async markDelivered(id, at) {
      const r = rows.find((o) => o.id === id)
      if (r) Object.assign(r, { deliveredAt: at.getTime(), lastError: null })
    },
    async retryLater(id, at, error) {
      const r = undelivered(id)
      if (r) Object.assign(r, { nextAttemptAt: at.getTime(), lastError: error })
    },
    async park(id, error) {
      const r = undelivered(id)
      if (r) Object.assign(r, { nextAttemptAt: Number.POSITIVE_INFINITY, lastError: `parked: ${error}` })
    },
    async pruneDelivered(before) {
      const kept = rows.filter((r) => r.deliveredAt === null || r.deliveredAt >= before.getTime())
      const pruned = rows.length - kept.length
      rows.splice(0, rows.length, ...kept)
      return pruned
    },
  }
}
