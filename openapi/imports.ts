/**
 * CSV import of dovuti (opencity.md §8): `POST /services/{id}/imports` takes the file as the raw
 * `text/csv` body (streamed, never buffered whole) and answers the import resource;
 * `GET /imports/{id}` shows its counts and, page by page, the errors of its rows. The template is
 * documented here and in docs/csv-import.md.
 * @module
 */

import { createRoute, z } from '@hono/zod-openapi'
import { AUTHENTICATED, authenticatedErrors, PROBLEM_CONTENT_TYPE, ProblemSchema, RomeDateTime, UuidParam } from './common.ts'

export const CSV_TEMPLATE_DESCRIPTION = [
  'The body is the CSV file itself (`Content-Type: text/csv`, UTF-8, comma-separated, RFC 4180 quoting, optional BOM, CRLF or LF line ends).',
  'The first row is the header and must name exactly these columns, in any order:',
  '',
  '| column | required | format |',
  '|---|---|---|',
  '| `external_id` | yes | your id of the dovuto, 1–64 characters; unique per service, it makes the import idempotent |',
  '| `notice_number` | no | an existing pagoPA notice number (18 digits, valid check digits): imported as PAYMENT_PENDING; empty: a new notice is created |',
  '| `amount` | yes | euros with `.` as decimal separator and at most two decimals, greater than 0 (`16.50`) |',
  '| `reason` | no | causale, at most 140 characters; empty: the service’s reason |',
  '| `expire_at` | no | `YYYY-MM-DD` (payable through that day, Rome time) or an ISO date-time (Rome time without an offset); in the future; empty: the service’s term |',
  '| `payer_type` | yes | `human` or `legal` |',
  '| `payer_tax_code` | yes | codice fiscale (human) or 11-digit codice fiscale / partita IVA (legal) |',
  '| `payer_name` | yes | first name, or the company name; at most 140 characters |',
  '| `payer_family_name` | no | family name; at most 140 characters |',
  '| `payer_email` | no | e-mail address |',
  '',
  'Every row is checked; a bad row is counted in `rows_failed` with one error per field (`row` is the record number, the header being row 1) and does not stop the others.',
  'A row whose `external_id` this service already has is counted in `rows_skipped`: importing the same file again creates nothing new.',
  'New dovuti are stored CREATION_PENDING and created at the intermediary by the poller within minutes (or CREATION_FAILED); they then follow the usual payment flow.',
].join('\n')

const example = {
  id: '4f0b1a52-5d8e-4c1b-9a57-0c1e2f3a4b5c',
  status: 'completed',
  service_id: '9a1b6c1e-2f1d-4a57-8f6c-3a2b1c0d9e8f',
  rows_total: 5,
  rows_created: 3,
  rows_skipped: 0,
  rows_failed: 2,
  error: null,
  errors_url: '/imports/4f0b1a52-5d8e-4c1b-9a57-0c1e2f3a4b5c?limit=100&offset=0',
  created_at: '2026-11-23T11:00:00+01:00',
  updated_at: '2026-11-23T11:00:01+01:00',
  finished_at: '2026-11-23T11:00:01+01:00',
}

const exampleErrors = [
  { row: 3, field: 'amount', message: 'use "." as the decimal separator (e.g. 16.50)' },
  { row: 5, field: 'payer_tax_code', message: 'must be a valid codice fiscale' },
]

const importFields = {
  id: z.string().uuid(),
  status: z.enum(['running', 'completed', 'failed']).openapi({
    description:
      '`running` while rows are processed; `completed`; `failed` when it stopped part-way (see `error`; importing the file again finishes it).',
  }),
  service_id: z.string().uuid(),
  rows_total: z.number().int().openapi({ description: 'Data rows read so far (the header is not counted).' }),
  rows_created: z.number().int().openapi({ description: 'Rows that became new payments.' }),
  rows_skipped: z.number().int().openapi({ description: 'Rows whose external_id was imported before.' }),
  rows_failed: z.number().int().openapi({ description: 'Rows refused; their errors are listed by GET /imports/{id}.' }),
  error: z.string().nullable(),
  errors_url: z.string().optional().openapi({ description: 'Where the row errors are, when there are any.' }),
  created_at: RomeDateTime,
  updated_at: RomeDateTime,
  finished_at: RomeDateTime.nullable(),
}

export const ImportSchema = z.object(importFields).openapi('Import', { example })

const RowErrorSchema = z
  .object({
    row: z.number().int().openapi({ description: 'Record number in the file; the header is row 1.' }),
    field: z.string().openapi({ description: 'The column, or `(row)` for the record as a whole.' }),
    message: z.string(),
  })
  .openapi('ImportRowError')

export const ImportWithErrorsSchema = z
  .object({
    ...importFields,
    errors: z.object({ items: z.array(RowErrorSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  })
  .openapi('ImportWithErrors', { example: { ...example, errors: { items: exampleErrors, total: 2, limit: 100, offset: 0 } } })

export const ErrorPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ example: 100, description: 'Row errors per page.' }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ example: 0 }),
})

const unsupportedMediaType = {
  description: 'The body is not `text/csv` in UTF-8.',
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: ProblemSchema,
      example: {
        type: 'urn:varco:problem:bad_request',
        title: 'Bad request',
        status: 415,
        detail: 'the body must be the CSV file, sent as Content-Type: text/csv (UTF-8)',
        instance: '/services/9a1b6c1e-2f1d-4a57-8f6c-3a2b1c0d9e8f/imports',
        code: 'bad_request',
        request_id: '6f1c2b9e-0c4e-4a51-a0f5-2f9c1f0c1a77',
      },
    },
  },
}

export const createImportRoute = createRoute({
  method: 'post',
  path: '/services/{id}/imports',
  tags: ['Imports'],
  summary: 'Import dovuti of a service from a CSV file',
  description: [
    'Needs role operator. The file is read as a stream and processed in chunks of 200 rows, so files of 100,000 rows and more are fine;',
    'the answer comes when the file has been read (202, with the final counts). Refused before anything is written:',
    'a service of another tenant or unknown (404), an inactive service (422), a body that is not `text/csv` (415),',
    'an empty file, a file with no data rows or a header with missing, unknown or repeated columns (400, `errors[].field` = `header`).',
    '',
    CSV_TEMPLATE_DESCRIPTION,
  ].join('\n'),
  security: AUTHENTICATED,
  request: {
    params: UuidParam,
    body: {
      required: true,
      description: 'The CSV file.',
      content: {
        'text/csv': {
          schema: z.string().openapi({ format: 'binary' }),
          example:
            'external_id,notice_number,amount,reason,expire_at,payer_type,payer_tax_code,payer_name,payer_family_name,payer_email\r\n' +
            'TARI-2026-0001,,16.50,TARI 2026 rata 1,2026-12-31,human,RSSMRA85T10A562S,Mario,Rossi,mario@example.it\r\n' +
            'TARI-2026-0002,301000000000000144,120.00,"TARI 2026, utenza non domestica",,legal,00341620508,Bar Centrale S.r.l.,,\r\n',
        },
      },
    },
  },
  responses: {
    202: {
      description: 'The import as it stands at the end of the file (Location: /imports/{id}).',
      headers: { location: { schema: { type: 'string' }, description: '/imports/{id}' } },
      content: { 'application/json': { schema: ImportSchema } },
    },
    415: unsupportedMediaType,
    ...authenticatedErrors(404, 422),
  },
})

export const getImportRoute = createRoute({
  method: 'get',
  path: '/imports/{id}',
  tags: ['Imports'],
  summary: 'Progress of an import, with a page of its row errors',
  description: 'Needs role viewer. Row errors are ordered by row, then field; page with `limit` (1–1000, default 100) and `offset`.',
  security: AUTHENTICATED,
  request: { params: UuidParam, query: ErrorPageQuery },
  responses: {
    200: { description: 'The import and a page of its row errors.', content: { 'application/json': { schema: ImportWithErrorsSchema } } },
    ...authenticatedErrors(404),
  },
})
