/**
 * OpenAPI.it's JSON → Varco's types: invoices (`uuid`, `sdi_file_name`, `sdi_file_id`, `marking`)
 * to {@link RemoteInvoice}, notification types, times, and the `{message, error}` of error answers
 * to short reasons and codes.
 * @module
 */

import { type RemoteInvoice, SDI_NOTIFICATION_TYPES, type SdiNotificationType } from '../../ports/sdi-transmitter.port.ts'
import type { HttpReply } from '../shared/http.ts'
import { httpReason, isOneOf } from '../shared/wire.ts'
import { ErrorBody, type Invoice } from './wire.ts'

export const isNotificationType: (raw: unknown) => raw is SdiNotificationType = isOneOf(SDI_NOTIFICATION_TYPES)

/** `{message, error}` of an error answer, when it has one. */
export function errorOf(body: string): { readonly message: string | null; readonly code: string | null } {
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(body))
    if (parsed.success) return { message: parsed.data.message ?? null, code: parsed.data.error == null ? null : String(parsed.data.error) }
  } catch {
    // not JSON
  }
  return { message: null, code: null }
}

/** `HTTP 400 230: An error occurred: …` (at most 300 characters). */
export function errorReason(reply: HttpReply): string {
  return httpReason(reply.status, reply.body, (json) => {
    const parsed = ErrorBody.safeParse(json)
    if (!parsed.success) return null
    return [parsed.data.error == null ? null : String(parsed.data.error), parsed.data.message].filter(Boolean).join(': ') || null
  })
}

/** A time as OpenAPI.it writes it (ISO 8601, or `YYYY-MM-DD HH:MM:SS` taken as UTC), or null. */
export function timeOf(raw: string | null | undefined): Date | null {
  if (!raw) return null
  const t = Date.parse(/^\d{4}-\d{2}-\d{2} \d/.test(raw) ? `${raw.replace(' ', 'T')}Z` : raw)
  return Number.isNaN(t) ? null : new Date(t)
}

/** The invoice, or null when its `created_at` cannot be read. */
export function toRemoteInvoice(inv: Invoice): RemoteInvoice | null {
  const createdAt = timeOf(inv.created_at)
  if (createdAt === null) return null
  return {
    remoteId: inv.uuid,
    fileName: inv.sdi_file_name ?? null,
    sdiId: inv.sdi_file_id == null || inv.sdi_file_id === '' ? null : String(inv.sdi_file_id),
    marking: inv.marking ?? null,
    createdAt,
  }
}

/** Numero and Data of the first body of the invoice's JSON payload, as far as given. */
export function numberAndDate(inv: Invoice): { readonly numero: string | null; readonly data: string | null } {
  const bodies = inv.payload?.fattura_elettronica_body
  const first = Array.isArray(bodies) ? bodies[0] : bodies
  const doc = first?.dati_generali?.dati_generali_documento
  const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : null)
  return { numero: str(doc?.numero), data: str(doc?.data)?.slice(0, 10) ?? null }
}
