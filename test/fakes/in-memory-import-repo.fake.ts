/**
 * In-memory ImportRepo whose chunks write payments into an InMemoryPaymentStore (share it with the
 * in-memory PaymentRepo). It passes the ImportRepo contract (test/contract/import-repo.contract.ts).
 * @module
 */

import type { DomainError } from '../../core/errors.ts'
import type { Import, RowError } from '../../core/import/import.ts'
import { err, ok, type Result } from '../../core/result.ts'
import type { ExternalIdBinding, ImportRepo } from '../../ports/import-repo.port.ts'
import type { InMemoryPaymentStore } from './in-memory-payment-store.fake.ts'

export function inMemoryImportRepo(store: InMemoryPaymentStore): ImportRepo {
  const imports = new Map<string, Import>()
  /** Per import: `row/field` → the first error reported for it. */
  const rowErrors = new Map<string, Map<string, RowError>>()
  /** `tenant/service/external id` → payment id. */
  const bindings = new Map<string, string>()
  const mine = (tenantId: string, id: string) => {
    const i = imports.get(id)
    return i && i.tenant_id === tenantId ? i : null
  }
  const bindingKey = (tenantId: string, serviceId: string, externalId: string) => JSON.stringify([tenantId, serviceId, externalId])

  return {
    async create(i): Promise<Result<void, DomainError>> {
      if (imports.has(i.id)) return err({ code: 'conflict', resource: 'import', id: i.id, detail: 'an import with this id already exists' })
      imports.set(i.id, i)
      return ok(undefined)
    },
    async get(tenantId, id) {
      return mine(tenantId, id)
    },
    async tenantOf(id) {
      return imports.get(id)?.tenant_id ?? null
    },
    async commitChunk(tenantId, id, chunk): Promise<Result<void, DomainError>> {
      const written = store.insertAll(chunk.payments)
      if (!written.ok) return err({ code: 'conflict', resource: 'payment', id, detail: 'a payment of this chunk is already stored' })
      const i = mine(tenantId, id)
      if (!i) return ok(undefined)
      const p = chunk.progress
      imports.set(id, {
        ...i,
        rows_total: i.rows_total + p.rows,
        rows_created: i.rows_created + p.created,
        rows_skipped: i.rows_skipped + p.skipped,
        rows_failed: i.rows_failed + p.failed,
        updated_at: chunk.at,
      })
      const errors = rowErrors.get(id) ?? new Map<string, RowError>()
      for (const e of chunk.errors) if (!errors.has(`${e.row}/${e.field}`)) errors.set(`${e.row}/${e.field}`, e)
      rowErrors.set(id, errors)
      return ok(undefined)
    },
    async finish(tenantId, id, o) {
      const i = mine(tenantId, id)
      if (i?.status === 'running') imports.set(id, { ...i, status: o.status, error: o.error, updated_at: o.at, finished_at: o.at })
    },
    async errors(tenantId, id, page) {
      if (!mine(tenantId, id)) return { items: [], total: 0 }
      const all = [...(rowErrors.get(id)?.values() ?? [])].sort(
        (a, b) => a.row - b.row || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0),
      )
      return { items: all.slice(page.offset, page.offset + page.limit), total: all.length }
    },
    async claimExternalIds(tenantId, serviceId, claims) {
      const out = new Map<string, ExternalIdBinding>()
      for (const c of claims) {
        const key = bindingKey(tenantId, serviceId, c.externalId)
        const paymentId = bindings.get(key) ?? c.paymentId
        bindings.set(key, paymentId)
        out.set(c.externalId, { paymentId, paymentExists: store.rows.has(paymentId) })
      }
      return out
    },
    async releaseExternalId(tenantId, serviceId, externalId, paymentId) {
      const key = bindingKey(tenantId, serviceId, externalId)
      if (bindings.get(key) === paymentId && !store.rows.has(paymentId)) bindings.delete(key)
    },
  }
}
