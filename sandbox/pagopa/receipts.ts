/**
 * GPD receipts (A1.7), mounted at `/gpd/payments-receipts-service/v1`: once an option is paid, the
 * stored `paSendRT` document (A4) for its IUV.
 * @module
 */

import { Hono } from 'hono'
import { esc } from '../shared/html.ts'
import { gpdProblem } from './gpd.ts'
import type { Option, PagopaState, Position } from './state.ts'

export const RECEIPTS = '/gpd/payments-receipts-service/v1'

export function receiptsApi(state: PagopaState): Hono {
  const app = new Hono()
  app.get('/payments/:org/receipts/:iuv', (c) => {
    const org = c.req.param('org')
    const iuv = c.req.param('iuv')
    const hit = state.byIuv(org, iuv)
    if (hit?.o.status !== 'PO_PAID') return gpdProblem(c, 404, 'Not found', `No receipt for iuv ${iuv} of ${org}`)
    return c.body(receiptXml(hit.p, hit.o), 200, { 'content-type': 'application/xml; charset=utf-8' })
  })
  return app
}

const decimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

/** A `paSendRTReq`-shaped receipt (A4) for a paid option. */
function receiptXml(p: Position, o: Option): string {
  const x = (tag: string, v: string | number | null | undefined) => (v == null || v === '' ? '' : `<${tag}>${esc(String(v))}</${tag}>`)
  const b = p.body
  const debtor = `<debtor><uniqueIdentifier>${x('entityUniqueIdentifierType', b.type)}${x('entityUniqueIdentifierValue', b.fiscalCode)}</uniqueIdentifier>${x('fullName', b.fullName.slice(0, 70))}${x('streetName', b.streetName)}${x('civicNumber', b.civicNumber)}${x('postalCode', b.postalCode)}${x('city', b.city)}${x('stateProvinceRegion', b.province)}${x('country', b.country)}${x('e-mail', b.email)}</debtor>`
  const transfers = o.transfer
    .map(
      (t) =>
        `<transfer>${x('idTransfer', t.idTransfer)}${x('transferAmount', decimal(t.amount))}${x('fiscalCodePA', t.organizationFiscalCode ?? p.org)}${x('IBAN', t.iban)}${x('remittanceInformation', t.remittanceInformation)}${x('transferCategory', t.category)}</transfer>`,
    )
    .join('')
  const paid = o.paymentDate ?? new Date(0)
  return `<?xml version="1.0" encoding="UTF-8"?>
<pafn:paSendRTReq xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">${x('idPA', p.org)}${x('idBrokerPA', p.org)}${x('idStation', `${p.org}_01`)}<receipt>${x('receiptId', o.idReceipt)}${x('noticeNumber', o.nav)}${x('fiscalCode', p.org)}${x('outcome', 'OK')}${x('creditorReferenceId', o.iuv)}${x('paymentAmount', decimal(o.amount))}${x('description', o.description)}${x('companyName', b.companyName)}${x('officeName', b.officeName)}${debtor}<transferList>${transfers}</transferList>${x('idPSP', 'SANDBOXPSP')}${x('PSPCompanyName', o.pspCompany)}${x('idChannel', 'SANDBOXPSP_01')}${x('channelDescription', 'sandbox')}${x('paymentMethod', 'creditCard')}${x('fee', '0.00')}${x('paymentDateTime', paid.toISOString().slice(0, 19))}${x('applicationDate', paid.toISOString().slice(0, 10))}${x('transferDate', paid.toISOString().slice(0, 10))}</receipt></pafn:paSendRTReq>`
}
