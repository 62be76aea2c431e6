/**
 * `POST /services/{id}/imports` (CSV of dovuti, streamed from the request body) and
 * `GET /imports/{id}` (progress and row errors). The body is never buffered: its ReadableStream
 * goes straight to the use case, which parses and stores it chunk by chunk.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import type { Import } from '../../core/import/import.ts'
import { formatRome } from '../../core/rome-time.ts'
import { importDovuti } from '../../core/use-cases/import-dovuti.ts'
import { importTenantInScope } from '../../core/use-cases/scope.ts'
import { getService } from '../../core/use-cases/services.ts'
import { createImportRoute, getImportRoute } from '../../openapi/imports.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireCaller } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'

const ERRORS_PAGE = 100

/** `text/csv` (or `application/csv`), in UTF-8 when a charset is named. */
export function isCsvContentType(header: string | undefined): boolean {
  if (!header) return false
  const [type, ...params] = header.split(';').map((s) => s.trim().toLowerCase())
  if (type !== 'text/csv' && type !== 'application/csv') return false
  const charset = params.find((p) => p.startsWith('charset='))
  return charset === undefined || ['utf-8', 'utf8', '"utf-8"'].includes(charset.slice('charset='.length))
}

/** A Web ReadableStream as an async iterable; stopping early cancels the upload. */
async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array, void, undefined> {
  if (!stream) return
  const reader = stream.getReader()
  let done = false
  try {
    for (;;) {
      const next = await reader.read()
      if (next.done) {
        done = true
        return
      }
      yield next.value
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}

export function toWireImport(i: Import) {
  return {
    id: i.id,
    status: i.status,
    service_id: i.service_id,
    rows_total: i.rows_total,
    rows_created: i.rows_created,
    rows_skipped: i.rows_skipped,
    rows_failed: i.rows_failed,
    error: i.error,
    ...(i.rows_failed > 0 ? { errors_url: `/imports/${i.id}?limit=${ERRORS_PAGE}&offset=0` } : {}),
    created_at: formatRome(i.created_at),
    updated_at: formatRome(i.updated_at),
    finished_at: i.finished_at === null ? null : formatRome(i.finished_at),
  }
}

export function importRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(createImportRoute, async (c) => {
    const principal = requireCaller(c, 'operator')
    const { id } = c.req.valid('param')
    if (!isCsvContentType(c.req.header('content-type'))) {
      throw new HTTPException(415, { message: 'the body must be the CSV file, sent as Content-Type: text/csv (UTF-8)' })
    }
    // A platform reaches the service by id; its tenant is the import's scope.
    const tenantId = principal.kind === 'tenant' ? principal.tenantId : unwrap(await getService(c.get('deps'), principal, id)).tenant_id
    const scope = { tenantId, serviceId: id.toLowerCase() }
    const imp = unwrap(await importDovuti(c.get('deps'), scope, chunksOf(c.req.raw.body)))
    c.header('location', `/imports/${imp.id}`)
    return c.json(toWireImport(imp), 202)
  })

  app.openapi(getImportRoute, async (c) => {
    const principal = requireCaller(c, 'viewer')
    const { id } = c.req.valid('param')
    const { limit, offset } = c.req.valid('query')
    const deps = c.get('deps')
    const tenantId = await importTenantInScope(deps, principal, id)
    const imp = tenantId === null ? null : await deps.imports.get(tenantId, id.toLowerCase())
    if (!imp || tenantId === null) throw new DomainFailure({ code: 'not_found', resource: 'import', id })
    const page = await deps.imports.errors(tenantId, imp.id, { limit, offset })
    return c.json({ ...toWireImport(imp), errors: { items: page.items, total: page.total, limit, offset } }, 200)
  })

  return app
}
