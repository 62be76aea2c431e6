/**
 * Handlers of RTD Centro Stella (`/rtd`): one use-case call each. The upload streams the request body to the
 * tenant's RTD files (never buffered whole) and, on Node and Deno, starts the processing job at once.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { HTTPException } from 'hono/http-exception'
import { processRtdJob } from '../../core/jobs/rtd.ts'
import { rtdKeyContext } from '../../core/rtd/deps.ts'
import type { RtdAck, RtdFileRecord, RtdSubmission } from '../../core/rtd/submission.ts'
import { submitInput } from '../../core/rtd/submit.ts'
import {
  getAckRoute,
  getSettingsRoute,
  getSubmissionRoute,
  listAcksRoute,
  listSubmissionsRoute,
  putSettingsRoute,
  rejectedRowsRoute,
  submitRoute,
} from '../../openapi/rtd.ts'
import type { RtdSettings } from '../../ports/rtd-repo.port.ts'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps/index.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'

const iso = (d: Date | null) => (d === null ? null : d.toISOString())

export const wireFile = (f: RtdFileRecord) => ({
  number: f.number,
  file_name: f.fileName,
  rows: f.rows,
  size: f.size,
  sha256: f.sha256,
  upload: f.upload,
  attempts: f.attempts,
  last_error: f.lastError,
  uploaded_at: iso(f.uploadedAt),
  status: f.status,
  raw_status: f.rawStatus,
  summary: f.summary && {
    min_accounting_date: f.summary.minAccountingDate,
    max_accounting_date: f.summary.maxAccountingDate,
    merchants: f.summary.merchants,
    negative_count: f.summary.negativeCount,
    positive_count: f.summary.positiveCount,
    negative_sum_cents: f.summary.negativeSumCents,
    positive_sum_cents: f.summary.positiveSumCents,
    origin_sha256: f.summary.originSha256,
  },
  reported_at: iso(f.reportedAt),
})

export const wireSubmission = (s: RtdSubmission) => ({
  id: s.id,
  input_name: s.inputName,
  sender_code: s.senderCode,
  input_size: s.inputSize,
  input_sha256: s.inputSha256,
  state: s.state,
  transmission_date: s.transmissionDate,
  rows_read: s.rowsRead,
  rejected_rows: s.rejectedRows,
  aggregates: s.aggregates,
  rejection: s.rejection,
  rejected_rows_url: s.hasRejectedFile ? `/rtd/submissions/${s.id}/rejected` : null,
  created_at: s.createdAt.toISOString(),
  processed_at: iso(s.processedAt),
  sent_at: iso(s.sentAt),
  updated_at: s.updatedAt.toISOString(),
})

export const wireAck = (a: RtdAck) => ({
  file_name: a.fileName,
  size: a.size,
  rows: a.rows,
  errors: a.errors,
  warnings: a.warnings,
  downloaded_at: a.downloadedAt.toISOString(),
  confirmed_at: iso(a.confirmedAt),
  url: `/rtd/acks/${a.fileName}`,
})

export const wireSettings = (s: RtdSettings | null) => ({
  sender_codes: [...(s?.senderCodes ?? [])],
  environment: s?.environment ?? 'prod',
  subscription_key_set: s?.subscriptionKeySealed != null,
  pinned_fingerprint: s?.pinnedFingerprint ?? null,
  abi_to_fiscal_code: { ...(s?.abiToFiscalCode ?? {}) },
  skip_limit: s?.skipLimit ?? 0,
  updated_at: iso(s?.updatedAt ?? null),
})

const CONTENT_TYPES = ['text/csv', 'application/octet-stream', 'text/plain']

/** Runs the processing job once, in the background (Node, Deno): the upload's answer does not wait for it. */
function kick(deps: Deps): void {
  void processRtdJob.run(deps, deps.clock()).catch((e: unknown) => {
    deps.logger.error('rtd processing after upload failed', { error: e instanceof Error ? e.message : String(e) })
  })
}

export function rtdRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(submitRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const deps = c.get('deps')
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
    if (!CONTENT_TYPES.includes(type)) throw new HTTPException(415, { message: 'send the file as text/csv or application/octet-stream' })
    const declared = Number(c.req.header('content-length') ?? Number.NaN)
    if (declared > deps.rtd.maxInputBytes) {
      throw new DomainFailure({ code: 'too_large', what: 'the RTD input file', limitBytes: deps.rtd.maxInputBytes })
    }
    const body = c.req.raw.body
    if (!body)
      throw new DomainFailure({
        code: 'validation',
        issues: [{ path: 'body', message: 'is empty: send the CSTAR file as the request body' }],
      })
    const s = unwrap(await submitInput(deps.rtd, { tenantId: principal.tenantId, inputName: c.req.valid('query').file_name, body }))
    if (deps.config.RTD_PROCESS_ON_UPLOAD) kick(deps)
    c.header('location', `/rtd/submissions/${s.id}`)
    return c.json({ success: true as const, ...wireSubmission(s), files: [] }, 202)
  })

  app.openapi(listSubmissionsRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const q = c.req.valid('query')
    const page = await c.get('deps').rtd.repo.list(principal.tenantId, {
      limit: q.limit,
      ...(q.state ? { state: q.state } : {}),
      ...(q.cursor ? { cursor: q.cursor } : {}),
    })
    return c.json({ success: true as const, data: page.items.map(wireSubmission), next_cursor: page.nextCursor }, 200)
  })

  app.openapi(getSubmissionRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { id } = c.req.valid('param')
    const repo = c.get('deps').rtd.repo
    const s = await repo.get(principal.tenantId, id)
    if (!s) throw new DomainFailure({ code: 'not_found', resource: 'rtd submission', id })
    const files = await repo.files(principal.tenantId, id)
    return c.json({ success: true as const, ...wireSubmission(s), files: files.map(wireFile) }, 200)
  })

  app.openapi(rejectedRowsRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const { id } = c.req.valid('param')
    const rtd = c.get('deps').rtd
    const s = await rtd.repo.get(principal.tenantId, id)
    if (!s?.hasRejectedFile) throw new DomainFailure({ code: 'not_found', resource: 'rtd rejected rows', id })
    if (!rtd.files) throw new DomainFailure({ code: 'unavailable', dependency: 'RTD file storage' })
    const stream = await rtd.files.sub(principal.tenantId).sub(id).open(`${s.inputName}.rejected.csv`)
    if (!stream) throw new DomainFailure({ code: 'not_found', resource: 'rtd rejected rows', id })
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${s.inputName}.rejected.csv"`,
    })
  })

  app.openapi(listAcksRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const acks = await c.get('deps').rtd.repo.acks(principal.tenantId, c.req.valid('query').limit)
    return c.json({ success: true as const, data: acks.map(wireAck) }, 200)
  })

  app.openapi(getAckRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { file_name } = c.req.valid('param')
    const found = await c.get('deps').rtd.repo.ack(principal.tenantId, file_name)
    if (!found) throw new DomainFailure({ code: 'not_found', resource: 'rtd ack', id: file_name })
    return c.body(found.content, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file_name}"`,
    })
  })

  app.openapi(getSettingsRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    return c.json({ success: true as const, ...wireSettings(await c.get('deps').rtd.repo.settings(principal.tenantId)) }, 200)
  })

  app.openapi(putSettingsRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    const current = await deps.rtd.repo.settings(principal.tenantId)
    const sealed =
      body.subscription_key !== undefined
        ? await deps.paymentsV2.secretBox.seal(body.subscription_key, rtdKeyContext(principal.tenantId))
        : (current?.subscriptionKeySealed ?? null)
    const next: RtdSettings = {
      tenantId: principal.tenantId,
      senderCodes: [...new Set(body.sender_codes)],
      environment: body.environment,
      subscriptionKeySealed: sealed,
      pinnedFingerprint: body.pinned_fingerprint ? body.pinned_fingerprint.replace(/\s+/g, '').toUpperCase() : null,
      abiToFiscalCode: body.abi_to_fiscal_code,
      skipLimit: body.skip_limit,
      updatedAt: deps.clock(),
    }
    await deps.rtd.repo.putSettings(next)
    return c.json({ success: true as const, ...wireSettings(next) }, 200)
  })

  return app
}
