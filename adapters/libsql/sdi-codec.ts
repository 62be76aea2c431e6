/**
 * Rows of `sdi_transmissions` and `sdi_notifications` (migration 10) ↔ the SDI domain types. Times
 * are INTEGER ms; a notification's parsed reading is JSON. Rows pass through zod on the way in, so a
 * corrupt row fails loudly instead of leaking into the domain.
 * @module
 */

import { z } from 'zod'
import { type ParsedNotification, SDI_STATES, type SdiNotificationRecord, type SdiTransmission } from '../../core/sdi/model.ts'
import { SDI_NOTIFICATION_TYPES } from '../../ports/sdi-transmitter.port.ts'
import type { SqlValue } from './client.ts'
import { ms, nullableDate } from './columns.ts'

const esito = z.enum(['EC01', 'EC02'])

/** The columns of `sdi_transmissions`, in order. */
export const TRANSMISSION_COLUMN_LIST = [
  'id',
  'tenant_id',
  'fattura_numero',
  'attempt',
  'previous_id',
  'file_name',
  'formato',
  'progressivo_invio',
  'xml_sha256',
  'xml',
  'state',
  'esito',
  'transmitter',
  'remote_id',
  'identificativo_sdi',
  'marking',
  'error',
  'created_at',
  'sent_at',
  'updated_at',
  'next_check_at',
  'checks',
  'version',
] as const
export type TransmissionColumn = (typeof TRANSMISSION_COLUMN_LIST)[number]
export const TRANSMISSION_COLUMNS = TRANSMISSION_COLUMN_LIST.join(', ')

const TransmissionRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  fattura_numero: z.string(),
  attempt: ms,
  previous_id: z.string().nullable(),
  file_name: z.string(),
  formato: z.enum(['FPA12', 'FPR12']),
  progressivo_invio: z.string(),
  xml_sha256: z.string(),
  xml: z.string(),
  state: z.enum(SDI_STATES),
  esito: esito.nullable(),
  transmitter: z.string(),
  remote_id: z.string().nullable(),
  identificativo_sdi: z.string().nullable(),
  marking: z.string().nullable(),
  error: z.string().nullable(),
  created_at: ms,
  sent_at: nullableDate,
  updated_at: ms,
  next_check_at: nullableDate,
  checks: ms,
  version: ms,
})

export function toTransmission(row: unknown): SdiTransmission {
  const r = TransmissionRow.parse(row)
  return {
    id: r.id,
    tenantId: r.tenant_id,
    fatturaNumero: r.fattura_numero,
    attempt: r.attempt,
    previousId: r.previous_id,
    fileName: r.file_name,
    formato: r.formato,
    progressivoInvio: r.progressivo_invio,
    xmlSha256: r.xml_sha256,
    xml: r.xml,
    state: r.state,
    esito: r.esito,
    transmitter: r.transmitter,
    remoteId: r.remote_id,
    identificativoSdi: r.identificativo_sdi,
    marking: r.marking,
    error: r.error,
    createdAt: new Date(r.created_at),
    sentAt: r.sent_at,
    updatedAt: new Date(r.updated_at),
    nextCheckAt: r.next_check_at,
    checks: r.checks,
    version: r.version,
  }
}

/** The row a transmission is stored as. */
export function transmissionRow(t: SdiTransmission): Readonly<Record<TransmissionColumn, SqlValue>> {
  return {
    id: t.id,
    tenant_id: t.tenantId,
    fattura_numero: t.fatturaNumero,
    attempt: t.attempt,
    previous_id: t.previousId,
    file_name: t.fileName,
    formato: t.formato,
    progressivo_invio: t.progressivoInvio,
    xml_sha256: t.xmlSha256,
    xml: t.xml,
    state: t.state,
    esito: t.esito,
    transmitter: t.transmitter,
    remote_id: t.remoteId,
    identificativo_sdi: t.identificativoSdi,
    marking: t.marking,
    error: t.error,
    created_at: t.createdAt.getTime(),
    sent_at: t.sentAt?.getTime() ?? null,
    updated_at: t.updatedAt.getTime(),
    next_check_at: t.nextCheckAt?.getTime() ?? null,
    checks: t.checks,
    version: t.version,
  }
}

const Parsed = z.object({
  type: z.enum(SDI_NOTIFICATION_TYPES),
  identificativoSdi: z.string().nullable(),
  nomeFile: z.string().nullable(),
  dataOraRicezione: z.string().nullable(),
  messageId: z.string().nullable(),
  errori: z.array(z.object({ codice: z.string(), descrizione: z.string(), suggerimento: z.string().nullable() })),
  esito: esito.nullable(),
  descrizione: z.string().nullable(),
  note: z.string().nullable(),
}) satisfies z.ZodType<ParsedNotification>

export const NOTIFICATION_COLUMNS = 'transmission_id, n, remote_id, type, received_at, file_name, xml, parsed'

const NotificationRow = z.object({
  transmission_id: z.string(),
  n: ms,
  remote_id: z.string(),
  type: z.enum(SDI_NOTIFICATION_TYPES),
  received_at: ms,
  file_name: z.string().nullable(),
  xml: z.string(),
  parsed: z.string().transform((s, ctx) => {
    try {
      return Parsed.parse(JSON.parse(s))
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `parsed: ${e instanceof Error ? e.message : String(e)}` })
      return z.NEVER
    }
  }),
})

export function toNotification(row: unknown): SdiNotificationRecord {
  const r = NotificationRow.parse(row)
  return {
    transmissionId: r.transmission_id,
    n: r.n,
    remoteId: r.remote_id,
    type: r.type,
    receivedAt: new Date(r.received_at),
    fileName: r.file_name,
    xml: r.xml,
    parsed: r.parsed,
  }
}

export const encodeParsed = (p: ParsedNotification): string =>
  JSON.stringify({
    type: p.type,
    identificativoSdi: p.identificativoSdi,
    nomeFile: p.nomeFile,
    dataOraRicezione: p.dataOraRicezione,
    messageId: p.messageId,
    errori: p.errori.map((e) => ({ codice: e.codice, descrizione: e.descrizione, suggerimento: e.suggerimento })),
    esito: p.esito,
    descrizione: p.descrizione,
    note: p.note,
  })
