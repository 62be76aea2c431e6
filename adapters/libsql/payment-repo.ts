/** PaymentRepo on libSQL: payment row + event rows + outbox rows (+ inbound event id) in one batch. @module */

import { z } from 'zod'
import type { DomainError } from '../../core/errors.ts'
import { isFinal } from '../../core/payment.ts'
import type { WireEvent } from '../../core/payment-wire.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { PaymentRepo, PaymentWrite, StoredPayment } from '../../ports/payment-repo.port.ts'
import type { Db, Stmt } from './client.ts'
import { isUniqueViolation } from './errors.ts'
import { decodePayment, encodePayment } from './payment-codec.ts'

const Row = z.object({ doc: z.string(), intermediary: z.string(), provider_ref: z.string().nullable() })

/** Our own row (trusted mapper, payment-codec.ts); the zod schema only when a column has the wrong type. */
function toStored(row: Record<string, unknown>): StoredPayment {
  const { doc, intermediary, provider_ref } = row
  if (typeof doc !== 'string' || typeof intermediary !== 'string' || (provider_ref !== null && typeof provider_ref !== 'string')) {
    const r = Row.parse(row)
    return { payment: decodePayment(r.doc), intermediary: r.intermediary, providerRef: r.provider_ref }
  }
  return { payment: decodePayment(doc), intermediary, providerRef: provider_ref }
}

const COLUMNS = 'doc, intermediary, provider_ref'

function nextCheckMs(s: StoredPayment): number | null {
  return isFinal(s.payment.status) ? null : (s.payment.links.update.next_check_at?.getTime() ?? null)
}

/** Statements appending the write's events (after the payment's current last seq) and outbox rows. */
function eventStatements(w: PaymentWrite): Stmt[] {
  const id = w.stored.payment.id
  const stmts: Stmt[] = w.events.map((e: WireEvent) => ({
    sql: `INSERT INTO payment_events (event_id, payment_id, seq, status, created_at, doc)
          VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payment_events WHERE payment_id = ?), ?, ?, ?)`,
    args: [e.event_id, id, id, e.status, w.at.getTime(), JSON.stringify(e)],
  }))
  for (const p of w.publish) {
    for (const publisher of p.publishers) {
      stmts.push({
        sql: 'INSERT INTO outbox (event_id, publisher, partition_key, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)',
        args: [p.eventId, publisher, w.stored.payment.service_id, w.at.getTime()],
      })
    }
  }
  if (w.inboundEventId !== undefined) {
    stmts.push({
      sql: 'INSERT INTO inbound_events (event_id, payment_id, received_at) VALUES (?, ?, ?)',
      args: [w.inboundEventId, id, w.at.getTime()],
    })
  }
  return stmts
}

export function libsqlPaymentRepo(db: Db): PaymentRepo {
  return {
    async insert(w): Promise<Result<void, DomainError>> {
      const p = w.stored.payment
      try {
        await db.batch(
          [
            {
              sql: `INSERT INTO payments (id, tenant_id, service_id, status, remote_id, notice_code, intermediary, provider_ref,
                      next_check_at, created_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              args: [
                p.id,
                p.tenant_id,
                p.service_id,
                p.status,
                p.remote_id,
                p.payment.notice_code,
                w.stored.intermediary,
                w.stored.providerRef,
                nextCheckMs(w.stored),
                p.created_at.getTime(),
                p.updated_at.getTime(),
                encodePayment(p),
              ],
            },
            ...eventStatements(w),
          ],
          'write',
        )
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e))
          return err({ code: 'conflict', resource: 'payment', id: p.id, detail: 'this payment or event is already known' })
        throw e
      }
    },

    async update(w, expected): Promise<Result<void, DomainError>> {
      const p = w.stored.payment
      try {
        // The guarded UPDATE runs first; the CHECK below aborts the whole batch when it matched nothing.
        await db.batch(
          [
            {
              sql: `UPDATE payments SET status = ?, notice_code = ?, next_check_at = ?, updated_at = ?, doc = ?
                    WHERE id = ? AND tenant_id = ? AND updated_at = ?`,
              args: [
                p.status,
                p.payment.notice_code,
                nextCheckMs(w.stored),
                p.updated_at.getTime(),
                encodePayment(p),
                p.id,
                p.tenant_id,
                expected.getTime(),
              ],
            },
            {
              // Fails (abort) unless the UPDATE matched its row. Not "the row carries the new updated_at":
              // two writers racing from the same version compute the same new updated_at.
              sql: "SELECT CASE WHEN changes() = 1 THEN 1 ELSE json_extract('x', '$') END",
              args: [],
            },
            {
              // The intermediary's reference (indexed) only when it changed, at creation there: setting it to the same
              // value would still rewrite its index entry, one more page in the commit's WAL write (issue 15).
              sql: 'UPDATE payments SET provider_ref = ? WHERE id = ? AND tenant_id = ? AND provider_ref IS NOT ?',
              args: [w.stored.providerRef, p.id, p.tenant_id, w.stored.providerRef],
            },
            ...eventStatements(w),
          ],
          'write',
        )
        return ok(undefined)
      } catch (e) {
        const exists = await db.first({ sql: 'SELECT updated_at FROM payments WHERE id = ? AND tenant_id = ?', args: [p.id, p.tenant_id] })
        if (exists === null) return err({ code: 'not_found', resource: 'payment', id: p.id })
        // Moved on from the version this write was based on: another writer won.
        if (Number(exists['updated_at']) !== expected.getTime() || isUniqueViolation(e)) {
          return err({
            code: 'conflict',
            resource: 'payment',
            id: p.id,
            detail: 'the payment changed concurrently or the event is already known',
          })
        }
        throw e
      }
    },

    async get(tenantId, id) {
      const row = await db.first({ sql: `SELECT ${COLUMNS} FROM payments WHERE id = ? AND tenant_id = ?`, args: [id, tenantId] })
      return row ? toStored(row) : null
    },

    async getForCitizen(id) {
      const row = await db.first({ sql: `SELECT ${COLUMNS} FROM payments WHERE id = ?`, args: [id] })
      return row ? toStored(row) : null
    },

    async events(tenantId, id) {
      const rs = await db.execute({
        sql: `SELECT e.doc FROM payment_events e JOIN payments p ON p.id = e.payment_id
              WHERE e.payment_id = ? AND p.tenant_id = ? ORDER BY e.seq`,
        args: [id, tenantId],
      })
      return rs.rows.map((r) => JSON.parse(String(r['doc'])) as WireEvent)
    },

    async findByProviderRef(intermediary, providerRef) {
      const row = await db.first({
        sql: `SELECT ${COLUMNS} FROM payments WHERE intermediary = ? AND provider_ref = ?`,
        args: [intermediary, providerRef],
      })
      return row ? toStored(row) : null
    },

    async seenInbound(eventId) {
      return (await db.first({ sql: 'SELECT 1 AS seen FROM inbound_events WHERE event_id = ?', args: [eventId] })) !== null
    },

    async dueForCheck(now, limit, kind) {
      const filter = kind === 'creation' ? " AND status = 'CREATION_PENDING'" : kind === 'check' ? " AND status <> 'CREATION_PENDING'" : ''
      const rs = await db.execute({
        sql: `SELECT ${COLUMNS} FROM payments WHERE next_check_at IS NOT NULL AND next_check_at <= ?${filter} ORDER BY next_check_at LIMIT ?`,
        args: [now.getTime(), limit],
      })
      return rs.rows.map(toStored)
    },
  }
}
