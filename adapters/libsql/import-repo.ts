/**
 * ImportRepo on libSQL: tables `imports`, `import_row_errors`, `payment_external_ids` (migration 4).
 * A chunk of an import is one transaction: its payments, its counts and its row errors.
 * @module
 */

import { z } from 'zod'
import type { DomainError } from '../../core/errors.ts'
import { IMPORT_STATUSES, type Import, type RowError } from '../../core/import/import.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { ExternalIdBinding, ImportRepo } from '../../ports/import-repo.port.ts'
import type { PaymentWrite } from '../../ports/payment-repo.port.ts'
import type { Db, Stmt } from './client.ts'
import { isUniqueViolation } from './errors.ts'
import { libsqlPaymentRepo } from './payment-repo.ts'

const count = z.number().int().nonnegative()
const ImportRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  service_id: z.string(),
  status: z.enum(IMPORT_STATUSES),
  rows_total: count,
  rows_created: count,
  rows_skipped: count,
  rows_failed: count,
  error: z.string().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
  finished_at: z.number().int().nullable(),
})
const ErrorRow = z.object({ row: z.number().int(), field: z.string(), message: z.string() })
const BindingRow = z.object({ external_id: z.string(), payment_id: z.string(), payment_exists: z.union([z.literal(0), z.literal(1)]) })

/**
 * The statements `libsqlPaymentRepo.insert` runs for these writes, recorded instead of run, so a
 * chunk's payments join its counts in one transaction without a second copy of the payment SQL.
 */
async function paymentStatements(writes: readonly PaymentWrite[]): Promise<Stmt[]> {
  const recorded: Stmt[] = []
  const refuse = async (): Promise<never> => {
    throw new Error('libsqlPaymentRepo.insert must only batch its writes to be recorded')
  }
  const recorder: Db = {
    execute: refuse,
    first: refuse,
    async batch(stmts) {
      recorded.push(...stmts)
      return stmts.map(() => ({ rows: [], rowsAffected: 1 }))
    },
    close() {},
  }
  const payments = libsqlPaymentRepo(recorder)
  for (const w of writes) {
    const r = await payments.insert(w)
    if (!r.ok) throw new Error(`recording a payment insert failed: ${r.error.code}`)
  }
  return recorded
}

const COLUMNS =
  'id, tenant_id, service_id, status, rows_total, rows_created, rows_skipped, rows_failed, error, created_at, updated_at, finished_at'

function toImport(row: unknown): Import {
  const r = ImportRow.parse(row)
  return {
    ...r,
    created_at: new Date(r.created_at),
    updated_at: new Date(r.updated_at),
    finished_at: r.finished_at === null ? null : new Date(r.finished_at),
  }
}

export function libsqlImportRepo(db: Db): ImportRepo {
  return {
    async create(i): Promise<Result<void, DomainError>> {
      try {
        await db.execute({
          sql: `INSERT INTO imports (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            i.id,
            i.tenant_id,
            i.service_id,
            i.status,
            i.rows_total,
            i.rows_created,
            i.rows_skipped,
            i.rows_failed,
            i.error,
            i.created_at.getTime(),
            i.updated_at.getTime(),
            i.finished_at?.getTime() ?? null,
          ],
        })
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e))
          return err({ code: 'conflict', resource: 'import', id: i.id, detail: 'an import with this id already exists' })
        throw e
      }
    },

    async get(tenantId, id) {
      const row = await db.first({ sql: `SELECT ${COLUMNS} FROM imports WHERE id = ? AND tenant_id = ?`, args: [id, tenantId] })
      return row ? toImport(row) : null
    },

    async tenantOf(id) {
      const row = await db.first({ sql: 'SELECT tenant_id FROM imports WHERE id = ?', args: [id] })
      return typeof row?.['tenant_id'] === 'string' ? row['tenant_id'] : null
    },

    async commitChunk(tenantId, id, chunk): Promise<Result<void, DomainError>> {
      const p = chunk.progress
      const stmts: Stmt[] = [
        ...(await paymentStatements(chunk.payments)),
        {
          sql: `UPDATE imports SET rows_total = rows_total + ?, rows_created = rows_created + ?, rows_skipped = rows_skipped + ?,
                rows_failed = rows_failed + ?, updated_at = ? WHERE id = ? AND tenant_id = ?`,
          args: [p.rows, p.created, p.skipped, p.failed, chunk.at.getTime(), id, tenantId],
        },
      ]
      for (const e of chunk.errors) {
        stmts.push({
          // A row's errors are merged per field before they get here; a re-sent chunk keeps the first.
          sql: 'INSERT INTO import_row_errors (import_id, row, field, message) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
          args: [id, e.row, e.field, e.message],
        })
      }
      try {
        await db.batch(stmts, 'write')
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e))
          return err({ code: 'conflict', resource: 'payment', id, detail: 'a payment of this chunk is already stored' })
        throw e
      }
    },

    async finish(tenantId, id, o) {
      await db.execute({
        sql: `UPDATE imports SET status = ?, error = ?, updated_at = ?, finished_at = ? WHERE id = ? AND tenant_id = ? AND status = 'running'`,
        args: [o.status, o.error, o.at.getTime(), o.at.getTime(), id, tenantId],
      })
    },

    async errors(tenantId, id, page) {
      const [items, total] = await db.batch(
        [
          {
            sql: `SELECT e.row, e.field, e.message FROM import_row_errors e JOIN imports i ON i.id = e.import_id
                  WHERE e.import_id = ? AND i.tenant_id = ? ORDER BY e.row, e.field LIMIT ? OFFSET ?`,
            args: [id, tenantId, page.limit, page.offset],
          },
          {
            sql: `SELECT COUNT(*) AS n FROM import_row_errors e JOIN imports i ON i.id = e.import_id
                  WHERE e.import_id = ? AND i.tenant_id = ?`,
            args: [id, tenantId],
          },
        ],
        'read',
      )
      return {
        items: (items?.rows ?? []).map((r): RowError => ErrorRow.parse(r)),
        total: Number(total?.rows[0]?.['n'] ?? 0),
      }
    },

    async claimExternalIds(tenantId, serviceId, claims) {
      const out = new Map<string, ExternalIdBinding>()
      if (claims.length === 0) return out
      const ids = [...new Set(claims.map((c) => c.externalId))]
      const results = await db.batch(
        [
          ...claims.map(
            (c): Stmt => ({
              sql: `INSERT INTO payment_external_ids (tenant_id, service_id, external_id, payment_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING`,
              args: [tenantId, serviceId, c.externalId, c.paymentId],
            }),
          ),
          {
            sql: `SELECT x.external_id, x.payment_id, CASE WHEN p.id IS NULL THEN 0 ELSE 1 END AS payment_exists
                  FROM payment_external_ids x LEFT JOIN payments p ON p.id = x.payment_id
                  WHERE x.tenant_id = ? AND x.service_id = ? AND x.external_id IN (${ids.map(() => '?').join(', ')})`,
            args: [tenantId, serviceId, ...ids],
          },
        ],
        'write',
      )
      for (const r of results[results.length - 1]?.rows ?? []) {
        const b = BindingRow.parse(r)
        out.set(b.external_id, { paymentId: b.payment_id, paymentExists: b.payment_exists === 1 })
      }
      return out
    },

    async releaseExternalId(tenantId, serviceId, externalId, paymentId) {
      await db.execute({
        sql: `DELETE FROM payment_external_ids WHERE tenant_id = ? AND service_id = ? AND external_id = ? AND payment_id = ?
              AND NOT EXISTS (SELECT 1 FROM payments WHERE id = ?)`,
        args: [tenantId, serviceId, externalId, paymentId, paymentId],
      })
    },
  }
}
