/**
 * OpenAPI.it's JSON: the `{success, message, error, data}` envelope, and invoices and notifications
 * as `GET /invoices/{uuid}` and `GET /invoices_notifications/{uuid}` show them (snake_case, ISO
 * times). `payload` is the invoice as JSON in OpenAPI.it; here it carries only the values the
 * simulator read (transmission data, cedente, number and date).
 * @module
 */

import type { Context } from 'hono'
import type { SimInvoice, SimNotification } from './state.ts'

type Status = 200 | 400 | 401 | 402 | 403 | 404 | 409 | 422 | 500 | 502 | 503 | 504

export const ok = (c: Context, data: unknown) => c.json({ success: true, message: '', error: null, data }, 200)

/** An OpenAPI.it error: `error` is its number (a string for 802, as OpenAPI.it sends it). */
export const fail = (c: Context, status: Status, message: string, error: number | string) =>
  c.json({ success: false, message, error, data: null }, status)

export const unauthorized = (c: Context) => fail(c, 401, 'Unauthorized', 401)

export const invoiceNotFound = (c: Context) => fail(c, 404, 'Invoice not found', 231)

export function notificationView(n: SimNotification) {
  return {
    uuid: n.uuid,
    invoice_uuid: n.invoiceUuid,
    created_at: n.createdAt.toISOString(),
    type: n.type,
    message: n.message,
    downloaded: n.downloaded,
    downloaded_at: n.downloadedAt?.toISOString() ?? null,
    file_name: n.fileName,
  }
}

function payload(inv: SimInvoice) {
  const f = inv.facts
  const [idPaese, idCodice] = [inv.fileName.slice(0, 2), inv.fileName.slice(2, inv.fileName.indexOf('_'))]
  return {
    fattura_elettronica_header: {
      dati_trasmissione: {
        id_trasmittente: { id_paese: idPaese, id_codice: idCodice },
        formato_trasmissione: f.formato,
        codice_destinatario: f.codiceDestinatario,
      },
      cedente_prestatore: { dati_anagrafici: { id_fiscale_iva: { id_codice: f.senderId } } },
    },
    fattura_elettronica_body: [{ dati_generali: { dati_generali_documento: { numero: f.numero, data: f.data } } }],
  }
}

export function invoiceView(inv: SimInvoice) {
  return {
    uuid: inv.uuid,
    created_at: inv.createdAt.toISOString(),
    type: 0,
    sdi_file_name: inv.fileName,
    sdi_file_id: inv.sdiFileId,
    marking: inv.marking,
    to_pa: inv.facts.toPa,
    transmission_format: inv.facts.formato,
    sender: { business_vat_number_code: inv.facts.senderId },
    recipient: { code: inv.facts.codiceDestinatario },
    notifications: inv.notifications.map(notificationView),
    payload: payload(inv),
  }
}
