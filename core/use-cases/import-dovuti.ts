/**
 * Importazione dovuti (opencity.md §8): a CSV of debt positions becomes payments of one service.
 * The file is read as a stream and handled in chunks of IMPORT_CHUNK rows, so its size does not
 * change the memory used. Each valid row goes through `ingestPaymentEvent` as a synthetic v2.0 event
 * (app_id `varco-import:<version>`), exactly like a dispatcher event:
 * - without a notice number it is stored CREATION_PENDING and due at once; the poller creates it at
 *   the intermediary (and retries), so a 100,000-row file does not wait on 100,000 intermediary calls;
 * - with a notice number it is an existing pagoPA notice, imported PAYMENT_PENDING.
 * `(tenant, service, external_id)` is bound to the payment id before the payment is written, so a
 * re-import (or a retry after a broken upload) skips what is there and creates only what is not.
 * Ingestion's writes of a chunk are held back and committed with the chunk's counts and row errors
 * in one transaction (one disk sync per chunk, not per row).
 * @module
 */

import type { ImportRepo } from '../../ports/import-repo.port.ts'
import type { PaymentRepo, PaymentWrite, StoredPayment } from '../../ports/payment-repo.port.ts'
import type { DomainError } from '../errors.ts'
import { type CsvRecord, csvRecords } from '../import/csv.ts'
import { checkRow, type DovutiHeader, type DovutoRow, readHeader } from '../import/dovuti-row.ts'
import { type Import, type RowError, WHOLE_ROW } from '../import/import.ts'
import type { Links, PaymentEvent } from '../payment.ts'
import { err, ok, type Result } from '../result.ts'
import type { Service } from '../service.ts'
import type { Tenant } from '../tenant.ts'
import { ingestPaymentEvent, type PaymentDeps } from './payments.ts'

export type ImportDeps = PaymentDeps & { readonly imports: ImportRepo }

/** Rows per chunk: one claim batch, then one progress write with the chunk's errors. */
export const IMPORT_CHUNK = 200

export type ImportScope = { readonly tenantId: string; readonly serviceId: string }

const EMPTY_LINKS: Links = {
  online_payment_begin: { url: null, last_opened_at: null, method: 'GET' },
  online_payment_landing: { url: null, last_opened_at: null, method: 'GET' },
  offline_payment: { url: null, last_opened_at: null, method: 'GET' },
  receipt: { url: null, last_opened_at: null, method: 'GET' },
  notify: [],
  update: { url: null, last_check_at: null, next_check_at: null, method: 'GET' },
  confirm: { url: null, last_check_at: null, next_check_at: null, method: 'PATCH' },
  cancel: { url: null, last_check_at: null, next_check_at: null, method: 'PATCH' },
}

const invalid = (path: string, message: string) => err<DomainError>({ code: 'validation', issues: [{ path, message }] })

/** `varco:0.1.0` → `varco-import:0.1.0`: Varco's own events stay recognisable, imports are not mistaken for them. */
export const importAppId = (appId: string): string => `varco-import:${appId.includes(':') ? appId.slice(appId.indexOf(':') + 1) : appId}`

/** The GPD `iuv` inside a notice number: aux digit 0 drops the application code too (pagopa.md A2.1). */
const iuvOf = (notice: string) => (notice[0] === '0' ? notice.slice(3) : notice.slice(1))

/** The v2.0 event a row stands for: what the payment dispatcher would have sent for it. */
export function rowEvent(
  row: DovutoRow,
  ctx: { readonly service: Service; readonly paymentId: string; readonly eventId: string; readonly appId: string; readonly now: Date },
): PaymentEvent {
  const { service, paymentId: id, now } = ctx
  const notice = row.notice_number
  return {
    id,
    user_id: null,
    type: service.payment_type,
    tenant_id: service.tenant_id,
    service_id: service.id,
    created_at: now,
    updated_at: now,
    status: notice === null ? 'CREATION_PENDING' : 'PAYMENT_PENDING',
    reason: row.reason ?? service.reason.slice(0, 140),
    remote_id: null,
    locale: null,
    payment: {
      transaction_id: null,
      paid_at: null,
      expire_at: row.expire_at,
      amount: row.amount,
      currency: 'EUR',
      type: service.payment_type,
      notice_code: notice,
      iud: id.replace(/-/g, ''),
      iuv: notice === null ? null : iuvOf(notice),
      receiver: service.receiver,
      due_type: null,
      pagopa_category: service.collection_data,
      document: null,
      split: [],
    },
    links: EMPTY_LINKS,
    payer: row.payer,
    debtor: null,
    event_id: ctx.eventId,
    event_version: '2.0',
    event_created_at: now,
    app_id: ctx.appId,
  }
}

/** A refusal by `ingestPaymentEvent`, as errors of the row. */
function rowErrorsOf(row: number, e: DomainError): RowError[] {
  if (e.code === 'validation') {
    return e.issues.map((i) =>
      i.path === 'payment.split'
        ? { row, field: 'amount', message: `${i.message}: the service splits a fixed amount` }
        : { row, field: WHOLE_ROW, message: `${i.path}: ${i.message}` },
    )
  }
  if (e.code === 'unprocessable') return [{ row, field: WHOLE_ROW, message: e.detail }]
  return [{ row, field: WHOLE_ROW, message: `refused (${e.code})` }]
}

/**
 * Checks the tenant and service, reads the header and the first row, and only then creates the
 * import: a request refused here (404, 415, 422, 400) writes nothing. Then every chunk is written
 * with its counts and errors. A stream or storage failure part-way ends the import `failed`
 * (rows so far stay; importing the file again completes it) rather than losing the import id.
 */
export async function importDovuti(
  deps: ImportDeps,
  scope: ImportScope,
  source: AsyncIterable<Uint8Array | string>,
  options: { readonly chunkSize?: number } = {},
): Promise<Result<Import, DomainError>> {
  const tenant = await deps.tenants.get(scope.tenantId)
  if (!tenant?.active) return err({ code: 'unprocessable', detail: `tenant ${scope.tenantId} has no active configuration` })
  const service = await deps.services.get(tenant.id, scope.serviceId)
  if (!service) return err({ code: 'not_found', resource: 'service', id: scope.serviceId })
  if (!service.active) return err({ code: 'unprocessable', detail: `service ${service.id} is not active` })
  if (service.payment_type !== 'PAGOPA') {
    return err({
      code: 'unprocessable',
      detail: `service ${service.id} issues ${service.payment_type} payments; imports create PAGOPA dovuti`,
    })
  }

  const records = csvRecords(source)[Symbol.asyncIterator]()
  try {
    return await readAndStore(deps, tenant, service, records, options.chunkSize ?? IMPORT_CHUNK)
  } finally {
    // Stops reading (and cancels the upload) when the file is refused before its end.
    await records.return(undefined)
  }
}

async function readAndStore(
  deps: ImportDeps,
  tenant: Tenant,
  service: Service,
  records: AsyncIterator<CsvRecord, void, undefined>,
  chunkSize: number,
): Promise<Result<Import, DomainError>> {
  const first = await records.next()
  if (first.done) return invalid('(body)', 'the file is empty: it needs a header row and at least one data row')
  if (first.value.problem !== null) return invalid('header', first.value.problem)
  const head = readHeader(first.value.fields)
  if (!head.ok) return err({ code: 'validation', issues: head.issues.map((message) => ({ path: 'header', message })) })
  const second = await records.next()
  if (second.done) return invalid('(body)', 'the file has a header but no data rows')

  const now = deps.clock()
  const imp: Import = {
    id: deps.newId(),
    tenant_id: tenant.id,
    service_id: service.id,
    status: 'running',
    rows_total: 0,
    rows_created: 0,
    rows_skipped: 0,
    rows_failed: 0,
    error: null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  }
  const created = await deps.imports.create(imp)
  if (!created.ok) return created

  const run = importRun(deps, tenant, service, head.header, imp.id)
  const size = Math.max(1, chunkSize)
  let chunk: CsvRecord[] = [second.value]
  try {
    for (let next = await records.next(); !next.done; next = await records.next()) {
      chunk.push(next.value)
      if (chunk.length >= size) {
        await run.chunk(chunk)
        chunk = []
      }
    }
    if (chunk.length > 0) await run.chunk(chunk)
    await deps.imports.finish(tenant.id, imp.id, { status: 'completed', error: null, at: deps.clock() })
  } catch (e) {
    deps.logger.error('import stopped', { import_id: imp.id, rows_done: run.rowsDone(), error: e })
    const error = `the import stopped after ${run.rowsDone()} rows (upload interrupted or storage unavailable); import the same file again to finish it: rows already imported are skipped`
    await deps.imports.finish(tenant.id, imp.id, { status: 'failed', error, at: deps.clock() })
  }
  const done = await deps.imports.get(tenant.id, imp.id)
  if (!done) throw new Error(`import ${imp.id} vanished while running`)
  return ok(done)
}

/** The per-import state: tenant and service as they were at the start (a snapshot for the whole file), rows done. */
function importRun(deps: ImportDeps, tenant: Tenant, service: Service, header: DovutiHeader, importId: string) {
  const appId = importAppId(deps.appId)
  const snapshot = {
    tenants: { get: async (id: string) => (id === tenant.id ? tenant : deps.tenants.get(id)) },
    services: { get: async (t: string, s: string) => (t === tenant.id && s === service.id ? service : deps.services.get(t, s)) },
  }
  let rowsDone = 0

  async function chunk(records: readonly CsvRecord[]): Promise<void> {
    const now = deps.clock()
    const errors: RowError[] = []
    const valid: DovutoRow[] = []
    for (const r of records) {
      const checked = checkRow(r, header, now)
      if (checked.ok) valid.push(checked.value)
      else errors.push(...checked.errors)
    }
    const bindings = await deps.imports.claimExternalIds(
      tenant.id,
      service.id,
      valid.map((v) => ({ externalId: v.external_id, paymentId: deps.newId() })),
    )
    // Ingestion runs as for any event, but its writes wait for the end of the chunk: one transaction.
    const writes = capturedWrites(deps.payments)
    const ingestDeps: PaymentDeps = { ...deps, ...snapshot, payments: writes.repo }
    const refused: Array<{ externalId: string; paymentId: string }> = []
    let failed = records.length - valid.length
    let skipped = 0
    for (const row of valid) {
      const bound = bindings.get(row.external_id)
      if (!bound) throw new Error(`external id of row ${row.row} was not bound`)
      if (bound.paymentExists) {
        skipped++
        continue
      }
      const event = rowEvent(row, { service, paymentId: bound.paymentId, eventId: deps.newId(), appId, now })
      const r = await ingestPaymentEvent(ingestDeps, { tenantId: tenant.id }, event)
      if (!r.ok) {
        failed++
        errors.push(...rowErrorsOf(row.row, r.error))
        refused.push({ externalId: row.external_id, paymentId: bound.paymentId })
      } else if (r.value.outcome === 'ignored') skipped++
    }
    const progress = { rows: records.length, created: writes.pending.length, skipped, failed }
    const committed = await deps.imports.commitChunk(tenant.id, importId, { payments: writes.pending, progress, errors, at: now })
    if (!committed.ok) {
      // Another import stored some of these rows meanwhile: store them one by one, theirs count as skipped.
      let created = 0
      for (const w of writes.pending) {
        const r = await deps.payments.insert(w)
        if (r.ok) created++
        else if (r.error.code !== 'conflict') throw new Error(`storing an imported payment failed: ${r.error.code}`)
      }
      const retry = {
        payments: [],
        progress: { ...progress, created, skipped: skipped + writes.pending.length - created },
        errors,
        at: now,
      }
      const again = await deps.imports.commitChunk(tenant.id, importId, retry)
      if (!again.ok) throw new Error(`recording import progress failed: ${again.error.code}`)
    }
    // Only now: a later row of this chunk with the same external id may have stored the payment.
    for (const c of refused) await deps.imports.releaseExternalId(tenant.id, service.id, c.externalId, c.paymentId)
    rowsDone += records.length
  }

  return { chunk, rowsDone: () => rowsDone }
}

/** A PaymentRepo whose inserts are kept (and visible to `get`) instead of written. */
function capturedWrites(payments: PaymentRepo) {
  const pending: PaymentWrite[] = []
  const byId = new Map<string, StoredPayment>()
  const repo: PaymentRepo = {
    ...payments,
    async insert(w) {
      const id = w.stored.payment.id
      if (byId.has(id)) return err({ code: 'conflict', resource: 'payment', id, detail: 'this payment is already known' })
      pending.push(w)
      byId.set(id, w.stored)
      return ok(undefined)
    },
    async get(tenantId, id) {
      const kept = byId.get(id)
      return kept && kept.payment.tenant_id === tenantId ? kept : payments.get(tenantId, id)
    },
  }
  return { repo, pending }
}
