/**
 * Rows of `rtd_submissions` and `rtd_files` (migration 12) ↔ the RTD domain types. Times are
 * INTEGER ms; the rejection and pagoPA's summary are JSON. Rows pass through zod on the way in, so a corrupt row fails loudly instead of
 * leaking into the domain.
 * @module
 */

import { z } from 'zod'
import {
  RTD_FILE_STATUS_ORDER,
  RTD_SUBMISSION_STATES,
  RTD_UPLOAD_STATES,
  type RtdFileRecord,
  type RtdRejection,
  type RtdSubmission,
  type RtdSubmissionState,
} from '../../core/rtd/submission.ts'
import type { RtdDataSummary, RtdFileStatus } from '../../ports/rtd-submitter.port.ts'
import type { SqlValue } from './client.ts'
import { date, ms, nullableDate } from './columns.ts'

export const SUBMISSION_COLUMN_LIST = [
  'id',
  'tenant_id',
  'input_name',
  'sender_code',
  'input_size',
  'input_sha256',
  'state',
  'transmission_date',
  'rows_read',
  'rejected_rows',
  'aggregates',
  'rejection_json',
  'has_rejected_file',
  'created_at',
  'processed_at',
  'sent_at',
  'updated_at',
] as const
export const SUBMISSION_COLUMNS = SUBMISSION_COLUMN_LIST.join(', ')

export const FILE_COLUMNS =
  'tenant_id, file_name, submission_id, number, rows, size, sha256, upload, attempts, last_error, uploaded_at, status, raw_status, summary_json, reported_at'

/** A JSON text column read with `schema`. */
export const json = <T extends z.ZodType>(schema: T) =>
  z.string().transform((s, ctx): z.infer<T> => {
    try {
      return schema.parse(JSON.parse(s))
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : String(e) })
      return z.NEVER
    }
  })

const count = ms.nonnegative()
const Rejection = z.object({
  code: z.string(),
  message: z.string(),
  line: count.nullable(),
  column: count.nullable(),
  field: z.string().nullable(),
}) satisfies z.ZodType<RtdRejection>

const Summary = z.object({
  minAccountingDate: z.string(),
  maxAccountingDate: z.string(),
  merchants: z.number().int(),
  negativeCount: z.number().int(),
  positiveCount: z.number().int(),
  negativeSumCents: z.number().int(),
  positiveSumCents: z.number().int(),
  originSha256: z.string(),
}) satisfies z.ZodType<RtdDataSummary>

const SubmissionRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  input_name: z.string(),
  sender_code: z.string(),
  input_size: count,
  input_sha256: z.string(),
  state: z.enum(RTD_SUBMISSION_STATES),
  transmission_date: z.string().nullable(),
  rows_read: count.nullable(),
  rejected_rows: count.nullable(),
  aggregates: count.nullable(),
  rejection_json: json(Rejection).nullable(),
  has_rejected_file: z.union([z.literal(0), z.literal(1)]),
  created_at: date,
  processed_at: nullableDate,
  sent_at: nullableDate,
  updated_at: date,
})

export function toSubmission(row: unknown): RtdSubmission {
  const r = SubmissionRow.parse(row)
  return {
    id: r.id,
    tenantId: r.tenant_id,
    inputName: r.input_name,
    senderCode: r.sender_code,
    inputSize: r.input_size,
    inputSha256: r.input_sha256,
    state: r.state,
    transmissionDate: r.transmission_date,
    rowsRead: r.rows_read,
    rejectedRows: r.rejected_rows,
    aggregates: r.aggregates,
    rejection: r.rejection_json,
    hasRejectedFile: r.has_rejected_file === 1,
    createdAt: r.created_at,
    processedAt: r.processed_at,
    sentAt: r.sent_at,
    updatedAt: r.updated_at,
  }
}

/** The `state` column alone. */
export const toState = (row: unknown): RtdSubmissionState => z.object({ state: z.enum(RTD_SUBMISSION_STATES) }).parse(row).state

export function submissionRow(s: RtdSubmission): readonly SqlValue[] {
  const row: Record<(typeof SUBMISSION_COLUMN_LIST)[number], SqlValue> = {
    id: s.id,
    tenant_id: s.tenantId,
    input_name: s.inputName,
    sender_code: s.senderCode,
    input_size: s.inputSize,
    input_sha256: s.inputSha256,
    state: s.state,
    transmission_date: s.transmissionDate,
    rows_read: s.rowsRead,
    rejected_rows: s.rejectedRows,
    aggregates: s.aggregates,
    rejection_json: encodeRejection(s.rejection),
    has_rejected_file: s.hasRejectedFile ? 1 : 0,
    created_at: s.createdAt.getTime(),
    processed_at: s.processedAt?.getTime() ?? null,
    sent_at: s.sentAt?.getTime() ?? null,
    updated_at: s.updatedAt.getTime(),
  }
  return SUBMISSION_COLUMN_LIST.map((c) => row[c])
}

export const encodeRejection = (r: RtdRejection | null): string | null =>
  r === null ? null : JSON.stringify({ code: r.code, message: r.message, line: r.line, column: r.column, field: r.field })

export const encodeSummary = (s: RtdDataSummary | null): string | null => (s === null ? null : JSON.stringify(Summary.parse(s)))

const FileRow = z.object({
  tenant_id: z.string(),
  file_name: z.string(),
  submission_id: z.string(),
  number: ms.positive(),
  rows: count,
  size: count,
  sha256: z.string(),
  upload: z.enum(RTD_UPLOAD_STATES),
  attempts: count,
  last_error: z.string().nullable(),
  uploaded_at: nullableDate,
  status: z.enum(RTD_FILE_STATUS_ORDER as [RtdFileStatus, ...RtdFileStatus[]]).nullable(),
  raw_status: z.string().nullable(),
  summary_json: json(Summary).nullable(),
  reported_at: nullableDate,
})

export function toFile(row: unknown): RtdFileRecord {
  const r = FileRow.parse(row)
  return {
    submissionId: r.submission_id,
    tenantId: r.tenant_id,
    number: r.number,
    fileName: r.file_name,
    rows: r.rows,
    size: r.size,
    sha256: r.sha256,
    upload: r.upload,
    attempts: r.attempts,
    lastError: r.last_error,
    uploadedAt: r.uploaded_at,
    status: r.status,
    rawStatus: r.raw_status,
    summary: r.summary_json,
    reportedAt: r.reported_at,
  }
}
