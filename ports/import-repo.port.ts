/**
 * Storage of CSV imports, their per-row errors, and the external ids that make an import
 * idempotent: a row's `(tenant, service, external_id)` is bound once to a payment id, so importing
 * the same file again finds every row already there. Reads are scoped by tenant.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Import, ImportProgress, ImportStatus, RowError } from '../core/import/import.ts'
import type { Result } from '../core/result.ts'
import type { PaymentWrite } from './payment-repo.port.ts'

/** What an external id is bound to after a claim. */
export type ExternalIdBinding = {
  readonly paymentId: string
  /** True when that payment is stored already (the row was imported before). */
  readonly paymentExists: boolean
}

export type ImportChunk = {
  readonly payments: readonly PaymentWrite[]
  readonly progress: ImportProgress
  readonly errors: readonly RowError[]
  readonly at: Date
}

export interface ImportRepo {
  /** A new import, normally `running` with zero counts. `conflict` when the id exists. */
  create(imp: Import): Promise<Result<void, DomainError>>
  get(tenantId: string, importId: string): Promise<Import | null>
  /** The tenant an import belongs to (a platform caller's scope check), or null. */
  tenantOf(importId: string): Promise<string | null>
  /**
   * Writes one chunk in one transaction: its new payments (exactly as PaymentRepo.insert writes them:
   * payment, events, outbox rows, inbound event id), its counts and its row errors. A payment or
   * inbound event id already stored (a concurrent import of the same rows) is a `conflict` and nothing
   * is written; the caller then stores those payments one by one. `updated_at` becomes `at`.
   */
  commitChunk(tenantId: string, importId: string, chunk: ImportChunk): Promise<Result<void, DomainError>>
  /** Ends a running import (a finished one is left as it is). */
  finish(
    tenantId: string,
    importId: string,
    outcome: { readonly status: Exclude<ImportStatus, 'running'>; readonly error: string | null; readonly at: Date },
  ): Promise<void>
  /** Row errors, by row then field. */
  errors(
    tenantId: string,
    importId: string,
    page: { readonly limit: number; readonly offset: number },
  ): Promise<{ readonly items: RowError[]; readonly total: number }>
  /**
   * Binds each external id to the proposed payment id unless it is bound already, and returns the
   * binding in force for every id asked about. Idempotent and safe under concurrent imports: two
   * claims of one id get the same payment id.
   */
  claimExternalIds(
    tenantId: string,
    serviceId: string,
    claims: readonly { readonly externalId: string; readonly paymentId: string }[],
  ): Promise<Map<string, ExternalIdBinding>>
  /** Undoes a claim whose payment was never stored (its row failed), so a corrected file can retry it. */
  releaseExternalId(tenantId: string, serviceId: string, externalId: string, paymentId: string): Promise<void>
}
