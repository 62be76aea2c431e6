/**
 * RTD "Centro Stella" (issue 13, Agile-style envelope): a tenant (an acquirer) uploads a CSTAR input file as the
 * request body; Varco aggregates it, encrypts the ADE files for pagoPA, uploads each once, and follows the file
 * report and the AdE errors files (ADEACK). Success is `{success: true, ...}`, failure `{success: false, error, code}`.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { RTD_SUBMISSION_STATES, RTD_UPLOAD_STATES } from '../core/rtd/submission.ts'
import { AGILE_401, AGILE_402, AUTHENTICATED, agile403, agileError } from './common.ts'

const TAG = 'RTD (Centro Stella)'
const Iso = z.string().openapi({ example: '2026-12-06T09:00:00.000Z', format: 'date-time' })

const errors = (role: 'viewer' | 'operator' | 'admin') => ({
  401: AGILE_401,
  402: AGILE_402,
  ...(role === 'viewer' ? {} : { 403: agile403('auth.insufficient_role', `this operation needs role ${role}; the token has viewer`) }),
})

export const SubmissionIdParam = z
  .string()
  .regex(/^rtd_[0-9a-f]{32}$/, 'must be a submission id such as rtd_0f8e…')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'rtd_3b2f0c7e9d5a4b8c9e1f2a3b4c5d6e7f' })

const FileStatus = z.enum(['received', 'validated', 'sent_to_ade', 'ack_to_download', 'ack_downloaded', 'unknown'])

const SummarySchema = z
  .object({
    min_accounting_date: z.string(),
    max_accounting_date: z.string(),
    merchants: z.number().int(),
    negative_count: z.number().int(),
    positive_count: z.number().int(),
    negative_sum_cents: z.number().int(),
    positive_sum_cents: z.number().int(),
    origin_sha256: z.string(),
  })
  .openapi('RtdDataSummary')

export const RtdFileSchema = z
  .object({
    number: z.number().int().positive(),
    file_name: z.string().openapi({ example: 'ADE.12345.TRNLOG.20261206.090000.001.01.csv.pgp' }),
    rows: z.number().int().openapi({ description: 'Aggregate rows in the file.' }),
    size: z.number().int(),
    sha256: z.string(),
    upload: z.enum(RTD_UPLOAD_STATES).openapi({
      description:
        '`pending` not tried; `uploaded` stored by Varco; `already_there` pagoPA had it (409: an earlier attempt whose answer was lost); `unknown` the answer was lost, retried (never stored twice); `failed` refused (credentials, request), retried on the next run.',
    }),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    uploaded_at: Iso.nullable(),
    status: FileStatus.nullable().openapi({ description: "pagoPA's file report status, once the file appears in it." }),
    raw_status: z.string().nullable(),
    summary: SummarySchema.nullable(),
    reported_at: Iso.nullable(),
  })
  .openapi('RtdFile')

const RejectionSchema = z.object({
  code: z.string().openapi({ example: 'rtd.skip_limit_exceeded' }),
  message: z.string().openapi({ example: 'line 3, column 9 (total_amount): must be cents, 0 to 99999999999' }),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  field: z.string().nullable(),
})

export const SubmissionSchema = z
  .object({
    id: z.string(),
    input_name: z.string().openapi({ example: 'CSTAR.12345.TRNLOG.20261206.090000.001.csv' }),
    sender_code: z.string(),
    input_size: z.number().int(),
    input_sha256: z.string(),
    state: z.enum(RTD_SUBMISSION_STATES).openapi({
      description:
        '`received` stored, waiting to be aggregated; `rejected` the input failed validation (see `rejection`), final; `ready` ADE files written, being uploaded; `sent` every file at pagoPA; `done` every file’s AdE answer downloaded, final.',
    }),
    transmission_date: z.string().nullable(),
    rows_read: z.number().int().nullable(),
    rejected_rows: z.number().int().nullable(),
    aggregates: z.number().int().nullable(),
    rejection: RejectionSchema.nullable(),
    rejected_rows_url: z.string().nullable().openapi({ description: 'The rejected rows (with a skip limit), role operator.' }),
    created_at: Iso,
    processed_at: Iso.nullable(),
    sent_at: Iso.nullable(),
    updated_at: Iso,
    files: z.array(RtdFileSchema),
  })
  .openapi('RtdSubmission')

const ok = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

export const MAX_INPUT_DESCRIPTION = 'RTD_MAX_INPUT_BYTES (default 16 GiB)'

export const submitRoute = createRoute({
  method: 'post',
  path: '/rtd/submissions',
  tags: [TAG],
  summary: 'Upload a CSTAR input file (streamed; aggregated, encrypted and sent in the background)',
  description:
    'The body is the file itself (`Content-Type: text/csv` or `application/octet-stream`), streamed to storage, never buffered whole; ' +
    `at most ${MAX_INPUT_DESCRIPTION}, else 413 and nothing kept. The name must be \`CSTAR.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv\` ` +
    'with one of the tenant’s sender codes; a name already submitted gets 409. Answers 202 with the submission (`received`); ' +
    'follow it with GET /rtd/submissions/{id}. Node and Deno only (on Workers: 503). Role operator.',
  security: AUTHENTICATED,
  request: {
    query: z.object({
      file_name: z
        .string()
        .min(1)
        .max(255)
        .openapi({ param: { name: 'file_name', in: 'query' }, example: 'CSTAR.12345.TRNLOG.20261206.090000.001.csv' }),
    }),
    body: { content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } }, required: true },
  },
  responses: {
    202: ok('Stored; processing follows.', z.object({ success: z.literal(true) }).merge(SubmissionSchema)),
    400: agileError(
      'Bad file name, sender code not the tenant’s, or an empty body.',
      'validation',
      'file_name: must look like CSTAR.<sender 5>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv',
    ),
    ...errors('operator'),
    409: agileError('That name was already submitted.', 'conflict', 'CSTAR.12345.TRNLOG.20261206.090000.001.csv was already submitted'),
    413: agileError('Larger than the limit.', 'payload_too_large', 'the RTD input file is larger than 17179869184 bytes'),
    415: agileError(
      'Not text/csv or application/octet-stream.',
      'unsupported_media_type',
      'send the file as text/csv or application/octet-stream',
    ),
    422: agileError(
      'RTD is not configured for the tenant.',
      'unprocessable',
      'RTD is not configured for this tenant: PUT /rtd/settings first',
    ),
    503: agileError('No local disk on this runtime.', 'unavailable', 'RTD file storage is unavailable; retry later'),
  },
})

export const listSubmissionsRoute = createRoute({
  method: 'get',
  path: '/rtd/submissions',
  tags: [TAG],
  summary: 'The tenant’s submissions, newest first, paged',
  description: 'Role viewer. Files are included only in GET /rtd/submissions/{id}.',
  security: AUTHENTICATED,
  request: {
    query: z.object({
      state: z
        .enum(RTD_SUBMISSION_STATES)
        .optional()
        .openapi({ param: { name: 'state', in: 'query' } }),
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .default(20)
        .openapi({ param: { name: 'limit', in: 'query' } }),
      cursor: z
        .string()
        .max(200)
        .optional()
        .openapi({ param: { name: 'cursor', in: 'query' } }),
    }),
  },
  responses: {
    200: ok(
      'One page.',
      z.object({ success: z.literal(true), data: z.array(SubmissionSchema.omit({ files: true })), next_cursor: z.string().nullable() }),
    ),
    400: agileError('Invalid filter.', 'validation', 'state: Invalid option'),
    ...errors('viewer'),
  },
})

export const getSubmissionRoute = createRoute({
  method: 'get',
  path: '/rtd/submissions/{id}',
  tags: [TAG],
  summary: 'A submission with its ADE files and their pagoPA status',
  description: 'Role viewer.',
  security: AUTHENTICATED,
  request: { params: z.object({ id: SubmissionIdParam }) },
  responses: {
    200: ok('The submission.', z.object({ success: z.literal(true) }).merge(SubmissionSchema)),
    400: agileError('Invalid id.', 'validation', 'id: must be a submission id such as rtd_0f8e…'),
    ...errors('viewer'),
    404: agileError('No such submission for this tenant.', 'not_found', 'rtd submission rtd_… not found'),
  },
})

export const rejectedRowsRoute = createRoute({
  method: 'get',
  path: '/rtd/submissions/{id}/rejected',
  tags: [TAG],
  summary: 'The rows refused under the skip limit: `line;column;field;reason;row`',
  description: 'The rows are as sent (they hold clear PANs). Role operator.',
  security: AUTHENTICATED,
  request: { params: z.object({ id: SubmissionIdParam }) },
  responses: {
    200: { description: 'The file.', content: { 'text/csv': { schema: z.string() } } },
    400: agileError('Invalid id.', 'validation', 'id: must be a submission id such as rtd_0f8e…'),
    ...errors('operator'),
    404: agileError('No such submission, or no rejected rows.', 'not_found', 'rtd rejected rows rtd_… not found'),
    503: agileError('No local disk on this runtime.', 'unavailable', 'RTD file storage is unavailable; retry later'),
  },
})

export const AckSchema = z
  .object({
    file_name: z.string().openapi({ example: 'ADEACK.12345.12345.2026-12-06.0f8e….csv' }),
    size: z.number().int(),
    rows: z.number().int(),
    errors: z.number().int().openapi({ description: 'Rows with outcome 1 or 2: aggregates AdE did not ingest.' }),
    warnings: z.number().int().openapi({ description: 'Rows with outcome 3 or 4.' }),
    downloaded_at: Iso,
    confirmed_at: Iso.nullable(),
    url: z.string(),
  })
  .openapi('RtdAck')

export const listAcksRoute = createRoute({
  method: 'get',
  path: '/rtd/acks',
  tags: [TAG],
  summary: 'AdE errors files (ADEACK) downloaded for the tenant, newest first',
  description: 'Role viewer.',
  security: AUTHENTICATED,
  request: {
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .min(1)
        .max(200)
        .default(50)
        .openapi({ param: { name: 'limit', in: 'query' } }),
    }),
  },
  responses: {
    200: ok('The files.', z.object({ success: z.literal(true), data: z.array(AckSchema) })),
    400: agileError('Invalid limit.', 'validation', 'limit: Too big'),
    ...errors('viewer'),
  },
})

export const getAckRoute = createRoute({
  method: 'get',
  path: '/rtd/acks/{file_name}',
  tags: [TAG],
  summary: 'One errors file as received: `merchant_id;terminal_id;fiscal_code;acquirer_id;outcome;error_list`',
  description: 'Role viewer.',
  security: AUTHENTICATED,
  request: {
    params: z.object({
      file_name: z
        .string()
        .regex(/^ADEACK\.[A-Za-z0-9_]{5}\.[A-Za-z0-9._-]{1,255}\.csv$/, 'must be an ADEACK file name')
        .openapi({ param: { name: 'file_name', in: 'path' } }),
    }),
  },
  responses: {
    200: { description: 'The file.', content: { 'text/csv': { schema: z.string() } } },
    400: agileError('Not an ADEACK name.', 'validation', 'file_name: must be an ADEACK file name'),
    ...errors('viewer'),
    404: agileError('No such file for this tenant.', 'not_found', 'rtd ack ADEACK… not found'),
  },
})

export const SettingsSchema = z
  .object({
    sender_codes: z.array(z.string()),
    environment: z.enum(['prod', 'uat', 'dev']),
    subscription_key_set: z.boolean().openapi({ description: 'The key itself is write-only.' }),
    pinned_fingerprint: z.string().nullable(),
    abi_to_fiscal_code: z.record(z.string(), z.string()),
    skip_limit: z.number().int(),
    updated_at: Iso.nullable(),
  })
  .openapi('RtdSettings')

export const SettingsBody = z
  .object({
    sender_codes: z
      .array(z.string().regex(/^[A-Za-z0-9_]{5}$/, 'must be a 5-character sender code (ABI or pagoPA-assigned)'))
      .min(1)
      .max(50),
    environment: z.enum(['prod', 'uat', 'dev']).default('prod'),
    subscription_key: z
      .string()
      .min(8)
      .max(200)
      .optional()
      .openapi({ description: 'The APIM subscription key (RTD_API_Product). Omit to keep the stored one.' }),
    pinned_fingerprint: z
      .string()
      .regex(/^[0-9A-Fa-f ]{40,80}$/, 'must be a hex fingerprint')
      .nullable()
      .optional(),
    abi_to_fiscal_code: z
      .record(
        z.string().regex(/^[A-Za-z0-9_]{1,255}$/),
        z.string().regex(/^[A-Za-z0-9]{2,32}$/, 'must be a fiscal code (letters and digits)'),
      )
      .default({}),
    skip_limit: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
  .openapi('RtdSettingsInput')

export const getSettingsRoute = createRoute({
  method: 'get',
  path: '/rtd/settings',
  tags: [TAG],
  summary: 'The tenant’s RTD settings (the subscription key shown as set or not)',
  description: 'Role admin.',
  security: AUTHENTICATED,
  responses: {
    200: ok('The settings (defaults when never set).', z.object({ success: z.literal(true) }).merge(SettingsSchema)),
    ...errors('admin'),
  },
})

export const putSettingsRoute = createRoute({
  method: 'put',
  path: '/rtd/settings',
  tags: [TAG],
  summary: 'Set the tenant’s sender codes, pagoPA environment, subscription key (sealed), key pin, fake-ABI map and skip limit',
  description: 'Role admin. The subscription key is sealed (AES-256-GCM with key id) and never returned.',
  security: AUTHENTICATED,
  request: { body: { content: { 'application/json': { schema: SettingsBody } }, required: true } },
  responses: {
    200: ok('Saved.', z.object({ success: z.literal(true) }).merge(SettingsSchema)),
    400: agileError('Invalid settings.', 'validation', 'sender_codes.0: must be a 5-character sender code (ABI or pagoPA-assigned)'),
    ...errors('admin'),
  },
})
