/** ServiceRepo on libSQL: one row per (tenant, service), the configuration as a validated JSON document. @module */

import { z } from 'zod'
import type { DomainError } from '../../core/errors.ts'
import type { Cents } from '../../core/money.ts'
import { err, ok, type Result } from '../../core/result.ts'
import { INTERMEDIARIES, type Service } from '../../core/service.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { Db } from './client.ts'
import { isUniqueViolation } from './errors.ts'

const cents = z
  .number()
  .int()
  .nonnegative()
  .transform((v) => v as Cents)

const Doc = z.object({
  payment_type: z.enum(['PAGOPA', 'STAMP']),
  remote_collection: z.object({ id: z.string(), type: z.string() }).nullable(),
  amount: cents,
  reason: z.string(),
  expire_at: z.number().int(),
  receiver: z.object({ tax_identification_number: z.string(), name: z.string() }).nullable(),
  collection_data: z.string(),
  split: z.array(z.object({ code: z.string(), amount: cents.nullable(), meta: z.record(z.string(), z.unknown()) })),
  intermediary: z.enum(INTERMEDIARIES),
})

const Row = z.object({
  tenant_id: z.string(),
  id: z.string(),
  doc: z.string(),
  active: z.union([z.literal(0), z.literal(1)]),
  created_at: z.number().int(),
  updated_at: z.number().int(),
})

function toService(row: unknown): Service {
  const r = Row.parse(row)
  return {
    ...Doc.parse(JSON.parse(r.doc)),
    id: r.id,
    tenant_id: r.tenant_id,
    active: r.active === 1,
    created_at: new Date(r.created_at),
    updated_at: new Date(r.updated_at),
  }
}

function docOf(s: Service): string {
  const { id: _id, tenant_id: _t, active: _a, created_at: _c, updated_at: _u, ...doc } = s
  return JSON.stringify(doc)
}

const COLUMNS = 'tenant_id, id, doc, active, created_at, updated_at'

export function libsqlServiceRepo(db: Db): ServiceRepo {
  return {
    async create(s): Promise<Result<void, DomainError>> {
      try {
        await db.execute({
          sql: `INSERT INTO services (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`,
          args: [s.tenant_id, s.id, docOf(s), s.active ? 1 : 0, s.created_at.getTime(), s.updated_at.getTime()],
        })
        return ok(undefined)
      } catch (e) {
        if (isUniqueViolation(e))
          return err({ code: 'conflict', resource: 'service', id: s.id, detail: 'a service with this id already exists' })
        throw e
      }
    },
    async get(tenantId, id) {
      const row = await db.first({ sql: `SELECT ${COLUMNS} FROM services WHERE tenant_id = ? AND id = ?`, args: [tenantId, id] })
      return row ? toService(row) : null
    },
    async list(tenantId, page) {
      const rs = await db.execute({
        sql: `SELECT ${COLUMNS} FROM services WHERE tenant_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?`,
        args: [tenantId, page.limit, page.offset],
      })
      const total = await db.first({ sql: 'SELECT COUNT(*) AS n FROM services WHERE tenant_id = ?', args: [tenantId] })
      return { items: rs.rows.map(toService), total: Number(total?.['n'] ?? 0) }
    },
    async listIn(tenantIds, page) {
      if (tenantIds.length === 0) return { items: [], total: 0 }
      const marks = tenantIds.map(() => '?').join(', ')
      const rs = await db.execute({
        sql: `SELECT ${COLUMNS} FROM services WHERE tenant_id IN (${marks}) ORDER BY created_at, id LIMIT ? OFFSET ?`,
        args: [...tenantIds, page.limit, page.offset],
      })
      const total = await db.first({ sql: `SELECT COUNT(*) AS n FROM services WHERE tenant_id IN (${marks})`, args: [...tenantIds] })
      return { items: rs.rows.map(toService), total: Number(total?.['n'] ?? 0) }
    },
    async withId(id) {
      const rs = await db.execute({ sql: `SELECT ${COLUMNS} FROM services WHERE id = ? ORDER BY created_at, tenant_id`, args: [id] })
      return rs.rows.map(toService)
    },
    async update(s, expected): Promise<Result<void, DomainError>> {
      const rs = await db.execute({
        sql: 'UPDATE services SET doc = ?, active = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND updated_at = ?',
        args: [docOf(s), s.active ? 1 : 0, s.updated_at.getTime(), s.tenant_id, s.id, expected.getTime()],
      })
      if (rs.rowsAffected === 1) return ok(undefined)
      const exists = await db.first({ sql: 'SELECT 1 AS found FROM services WHERE tenant_id = ? AND id = ?', args: [s.tenant_id, s.id] })
      return exists === null
        ? err({ code: 'not_found', resource: 'service', id: s.id })
        : err({ code: 'conflict', resource: 'service', id: s.id, detail: 'the service was changed concurrently; retry' })
    },
  }
}
