/**
 * SdiRepo on libSQL (migration 10). Idempotency is the UNIQUE (tenant_id, fattura_numero, attempt):
 * `begin` inserts ON CONFLICT DO NOTHING, writes its event's outbox rows only when that insert took
 * effect (`changes() = 1`), and reads the row back, all in one write batch. `update` is a
 * compare-and-set on `version`: the guarded UPDATE runs first and a guard statement aborts the
 * whole batch (events, notifications) unless it changed exactly one row. Events fan out to one
 * `sdi_outbox` row per configured publisher, delivered by libsqlSdiOutboxRepo (./sdi-outbox-repo.ts).
 * @module
 */

import { z } from 'zod'
import type { BeginOutcome, SdiEvent, SdiRepo } from '../../ports/sdi-repo.port.ts'
import type { Db, Stmt } from './client.ts'
import {
  encodeParsed,
  NOTIFICATION_COLUMNS,
  TRANSMISSION_COLUMN_LIST,
  TRANSMISSION_COLUMNS,
  type TransmissionColumn,
  toNotification,
  toTransmission,
  transmissionRow,
} from './sdi-codec.ts'

export type SdiRepoOptions = {
  /** Publisher names (VARCO_PUBLISHERS): each event gets one outbox row per name. */
  readonly publishers: readonly string[]
}

const PLACEHOLDERS = TRANSMISSION_COLUMN_LIST.map(() => '?').join(', ')

/** Columns `update` writes: everything but the row's name (id, tenant) and the file, written once by `begin`. */
const FIXED: ReadonlySet<TransmissionColumn> = new Set(['id', 'tenant_id', 'xml', 'xml_sha256'])
const UPDATED = TRANSMISSION_COLUMN_LIST.filter((c) => !FIXED.has(c))

/** Aborts the batch (malformed JSON) unless the statement just before it changed exactly one row. */
const GUARD = "SELECT CASE WHEN changes() = 1 THEN 1 ELSE json_extract('sdi_transmissions: version conflict', '$') END AS ok"

function checkEvent(e: SdiEvent): string {
  if (e.doc.event_id !== e.eventId || e.doc.type !== e.type) {
    throw new Error(`SDI event ${e.eventId}: its document must carry the same event_id and type`)
  }
  return JSON.stringify(e.doc)
}

/** One statement writing the event's outbox rows (one per publisher); `onlyIf` guards it. */
function outboxStatement(
  e: SdiEvent,
  transmissionId: string,
  tenantId: string,
  at: Date,
  publishers: readonly string[],
  onlyIf = '',
): Stmt {
  return {
    sql: `INSERT INTO sdi_outbox (event_id, transmission_id, publisher, partition_key, doc, attempts, next_attempt_at)
          SELECT ?, ?, p.value, ?, ?, 0, ? FROM json_each(?) p ${onlyIf} ORDER BY p.key`,
    args: [e.eventId, transmissionId, tenantId, checkEvent(e), at.getTime(), JSON.stringify(publishers)],
  }
}

const Cursor = z.tuple([z.number().int(), z.string()])
const b64url = (s: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(s)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
const unb64url = (s: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)))

function encodeCursor(createdAt: Date, id: string): string {
  return b64url(JSON.stringify([createdAt.getTime(), id]))
}

function decodeCursor(cursor: string): [number, string] | null {
  try {
    return Cursor.parse(JSON.parse(unb64url(cursor)))
  } catch {
    return null
  }
}

const SequenceRow = z.object({ last_value: z.number().int().positive() })

export function libsqlSdiRepo(db: Db, options: SdiRepoOptions): SdiRepo {
  const publishers = [...options.publishers]
  return {
    async begin(t, event): Promise<BeginOutcome> {
      const row = transmissionRow(t)
      const results = await db.batch(
        [
          {
            sql: `INSERT INTO sdi_transmissions (${TRANSMISSION_COLUMNS}) VALUES (${PLACEHOLDERS})
                  ON CONFLICT (tenant_id, fattura_numero, attempt) DO NOTHING`,
            args: TRANSMISSION_COLUMN_LIST.map((c) => row[c]),
          },
          // Must follow the INSERT directly: changes() is that statement's count.
          outboxStatement(event, t.id, t.tenantId, t.updatedAt, publishers, 'WHERE changes() = 1'),
          {
            sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE tenant_id = ? AND fattura_numero = ? AND attempt = ?`,
            args: [t.tenantId, t.fatturaNumero, t.attempt],
          },
        ],
        'write',
      )
      const stored = results[2]?.rows[0]
      if (!stored) throw new Error(`SDI transmission ${t.id}: neither inserted nor found`)
      const transmission = toTransmission(stored)
      return transmission.id === t.id && results[0]?.rowsAffected === 1 ? { created: true, transmission } : { created: false, transmission }
    },

    async get(tenantId, id) {
      const row = await db.first({
        sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE tenant_id = ? AND id = ?`,
        args: [tenantId, id],
      })
      return row ? toTransmission(row) : null
    },

    async latestByNumero(tenantId, fatturaNumero) {
      const row = await db.first({
        sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE tenant_id = ? AND fattura_numero = ? ORDER BY attempt DESC LIMIT 1`,
        args: [tenantId, fatturaNumero],
      })
      return row ? toTransmission(row) : null
    },

    async findByRemoteId(transmitter, remoteId) {
      const row = await db.first({
        sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE transmitter = ? AND remote_id = ?
              ORDER BY created_at DESC, id DESC LIMIT 1`,
        args: [transmitter, remoteId],
      })
      return row ? toTransmission(row) : null
    },

    async list(tenantId, filter) {
      const where = ['tenant_id = ?']
      const args: (string | number)[] = [tenantId]
      if (filter.state !== undefined) {
        where.push('state = ?')
        args.push(filter.state)
      }
      if (filter.from !== undefined) {
        where.push('created_at >= ?')
        args.push(filter.from.getTime())
      }
      if (filter.to !== undefined) {
        where.push('created_at < ?')
        args.push(filter.to.getTime())
      }
      if (filter.cursor !== undefined) {
        const after = decodeCursor(filter.cursor)
        if (after === null) return { items: [], nextCursor: null }
        where.push('(created_at < ? OR (created_at = ? AND id < ?))')
        args.push(after[0], after[0], after[1])
      }
      const limit = Math.max(0, Math.floor(filter.limit))
      const rs = await db.execute({
        sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE ${where.join(' AND ')}
              ORDER BY created_at DESC, id DESC LIMIT ?`,
        args: [...args, limit + 1],
      })
      const items = rs.rows.slice(0, limit).map(toTransmission)
      const last = items.at(-1)
      return { items, nextCursor: rs.rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null }
    },

    async update(next, expectedVersion, change) {
      if (next.version !== expectedVersion + 1) {
        throw new Error(`SDI transmission ${next.id}: version ${next.version} does not follow ${expectedVersion}`)
      }
      const row = transmissionRow(next)
      const stmts: Stmt[] = [
        {
          sql: `UPDATE sdi_transmissions SET ${UPDATED.map((c) => `${c} = ?`).join(', ')}
                WHERE id = ? AND tenant_id = ? AND version = ?`,
          args: [...UPDATED.map((c) => row[c]), next.id, next.tenantId, expectedVersion],
        },
        { sql: GUARD, args: [] },
        ...change.events.map((e) => outboxStatement(e, next.id, next.tenantId, next.updatedAt, publishers)),
        ...change.notifications.map((n): Stmt => {
          if (n.transmissionId !== next.id) throw new Error(`SDI notification ${n.remoteId} belongs to ${n.transmissionId}, not ${next.id}`)
          return {
            sql: `INSERT INTO sdi_notifications (${NOTIFICATION_COLUMNS})
                  VALUES (?, (SELECT COALESCE(MAX(n), 0) + 1 FROM sdi_notifications WHERE transmission_id = ?), ?, ?, ?, ?, ?, ?)
                  ON CONFLICT (transmission_id, remote_id) DO NOTHING`,
            args: [next.id, next.id, n.remoteId, n.type, n.receivedAt.getTime(), n.fileName, n.xml, encodeParsed(n.parsed)],
          }
        }),
      ]
      try {
        await db.batch(stmts, 'write')
        return true
      } catch (e) {
        // Rolled back. A version other than the expected one means someone else wrote first (versions only go up).
        const row = await db.first({
          sql: 'SELECT version FROM sdi_transmissions WHERE tenant_id = ? AND id = ?',
          args: [next.tenantId, next.id],
        })
        if (row === null || Number(row['version']) !== expectedVersion) return false
        throw e
      }
    },

    async notifications(tenantId, id) {
      const rs = await db.execute({
        sql: `SELECT ${NOTIFICATION_COLUMNS.replace(/(\w+)/g, 'n.$1')}
              FROM sdi_notifications n JOIN sdi_transmissions t ON t.id = n.transmission_id
              WHERE t.tenant_id = ? AND t.id = ? ORDER BY n.n`,
        args: [tenantId, id],
      })
      return rs.rows.map(toNotification)
    },

    async listDue(now, limit) {
      const rs = await db.execute({
        sql: `SELECT ${TRANSMISSION_COLUMNS} FROM sdi_transmissions WHERE next_check_at IS NOT NULL AND next_check_at <= ?
              ORDER BY next_check_at, id LIMIT ?`,
        args: [now.getTime(), limit],
      })
      return rs.rows.map(toTransmission)
    },

    async nextSequence(year) {
      const rs = await db.execute({
        sql: `INSERT INTO sdi_sequences (year, last_value) VALUES (?, 1)
              ON CONFLICT (year) DO UPDATE SET last_value = last_value + 1
              RETURNING last_value`,
        args: [year],
      })
      return SequenceRow.parse(rs.rows[0]).last_value
    },
  }
}
