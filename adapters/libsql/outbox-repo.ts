/**
 * OutboxRepo on libSQL: the `outbox` table of migration 2, joined to `payment_events` for the event
 * document and its order (`seq`) within the payment. A parked row keeps `delivered_at` NULL and gets
 * `next_attempt_at` = PARKED_AT, far in the future, so it is never due and never blocks. The row
 * logic (claim, retry, park, prune) is `tableOutboxRepo`, shared with the SDI outbox.
 * @module
 */

import { z } from 'zod'
import type { WireEvent } from '../../core/payment-wire.ts'
import type { OutboxEntry, OutboxRepo } from '../../ports/outbox.port.ts'
import type { Db } from './client.ts'

/** 9999-12-31T23:59:59Z in ms: the `next_attempt_at` of a parked row. */
export const PARKED_AT = 253_402_300_799_000

const Row = z.object({
  id: z.number().int(),
  event_id: z.string(),
  payment_id: z.string(),
  publisher: z.string(),
  partition_key: z.string(),
  attempts: z.number().int(),
  doc: z.string(),
})

const toEntry = (row: unknown): OutboxEntry => {
  const r = Row.parse(row)
  return {
    id: r.id,
    eventId: r.event_id,
    paymentId: r.payment_id,
    publisher: r.publisher,
    key: r.partition_key,
    attempts: r.attempts,
    event: JSON.parse(r.doc) as WireEvent,
  }
}

const ERROR_MAX = 500

// Heads only: no earlier event of the same payment is still pending (undelivered, not parked) on the same channel.
const DUE = `SELECT o.id, o.event_id, e.payment_id, o.publisher, o.partition_key, o.attempts, e.doc
  FROM outbox o JOIN payment_events e ON e.event_id = o.event_id
  WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
    AND NOT EXISTS (
      SELECT 1 FROM payment_events e2 JOIN outbox o2 ON o2.event_id = e2.event_id AND o2.publisher = o.publisher
      WHERE e2.payment_id = e.payment_id AND e2.seq < e.seq AND o2.delivered_at IS NULL AND o2.next_attempt_at < ${PARKED_AT})`

/** How one outbox table is read: its name, its due-heads query (`?` = now) and the column naming the subject. */
export type OutboxTable = {
  readonly table: string
  readonly due: string
  readonly subjectColumn: string
  readonly toEntry: (row: unknown) => OutboxEntry
}

/** OutboxRepo over any table with the `outbox` columns (attempts, next_attempt_at, delivered_at, last_error). */
export function tableOutboxRepo(db: Db, t: OutboxTable): OutboxRepo {
  return {
    async due(now, limit, subjectId) {
      const rs = await db.execute(
        subjectId === undefined
          ? { sql: `${t.due} ORDER BY o.next_attempt_at, o.id LIMIT ?`, args: [now.getTime(), limit] }
          : {
              sql: `${t.due} AND ${t.subjectColumn} = ? ORDER BY o.next_attempt_at, o.id LIMIT ?`,
              args: [now.getTime(), subjectId, limit],
            },
      )
      return rs.rows.map(t.toEntry)
    },

    async claim(id, now, leaseUntil) {
      const rs = await db.execute({
        sql: `UPDATE ${t.table} SET attempts = attempts + 1, next_attempt_at = ? WHERE id = ? AND delivered_at IS NULL AND next_attempt_at <= ?`,
        args: [leaseUntil.getTime(), id, now.getTime()],
      })
      return rs.rowsAffected === 1
    },

    async pruneDelivered(before) {
      const rs = await db.execute({
        sql: `DELETE FROM ${t.table} WHERE delivered_at IS NOT NULL AND delivered_at < ?`,
        args: [before.getTime()],
      })
      return rs.rowsAffected
    },

    async markDelivered(id, at) {
      await db.execute({ sql: `UPDATE ${t.table} SET delivered_at = ?, last_error = NULL WHERE id = ?`, args: [at.getTime(), id] })
    },

    async retryLater(id, at, error) {
      await db.execute({
        sql: `UPDATE ${t.table} SET next_attempt_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL`,
        args: [at.getTime(), error.slice(0, ERROR_MAX), id],
      })
    },

    async park(id, error) {
      await db.execute({
        sql: `UPDATE ${t.table} SET next_attempt_at = ?, last_error = ? WHERE id = ? AND delivered_at IS NULL`,
        args: [PARKED_AT, `parked: ${error}`.slice(0, ERROR_MAX), id],
      })
    },
  }
}

export function libsqlOutboxRepo(db: Db): OutboxRepo {
  return tableOutboxRepo(db, { table: 'outbox', due: DUE, subjectColumn: 'e.payment_id', toEntry })
}
