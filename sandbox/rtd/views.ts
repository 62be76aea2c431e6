/**
 * The RTD wire as pagoPA answers it: APIM's `{statusCode, message}` errors, Azure storage's XML
 * `<Error><Code>…` errors, and the file report v2 entries (spec B3).
 * @module
 */

import type { Context } from 'hono'
import type { SimFile } from './state.ts'

type Status = 400 | 401 | 403 | 404 | 409 | 411 | 500 | 503

export const apimError = (c: Context, status: Status, message: string) => c.json({ statusCode: status, message }, status)

export const storageError = (c: Context, status: Status, code: string, message: string) =>
  c.body(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
  })

/** pagoPA writes a local date-time without offset: `2022-10-30T10:00:00.123`. */
const local = (d: Date) => d.toISOString().slice(0, 23)

export const reportEntry = (f: SimFile) => ({
  name: f.name,
  transmissionDate: local(f.receivedAt),
  size: f.size,
  status: f.status,
  dataSummary: f.summary,
})
