/**
 * `/notice/{id}` (alias `/offline-payment/{id}`) and `/receipt/{id}`: a payment's printable PDFs,
 * public by signed capability link like `/online-payment/{id}` (payer names and tax codes are in
 * them). A `/notice/` link opens the alias too. Read-only: opening a document writes nothing.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Payment } from '../../core/payment.ts'
import { noticeRoute, offlinePaymentRoute, PDF_CONTENT_TYPE, receiptRoute } from '../../openapi/documents.ts'
import type { DocumentCreditor } from '../../ports/document-renderer.port.ts'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps/index.ts'
import { DomainFailure } from '../failure.ts'
import { requireLink } from '../middleware/capability-link.ts'
import { validationHook } from '../validation.ts'

type Document = 'notice' | 'receipt'

/** Why this payment has no such document now, or null when it has one. */
function unavailable(kind: Document, p: Payment, creditor: DocumentCreditor): string | null {
  if (kind === 'receipt') {
    if (p.status !== 'COMPLETE') return `the payment is ${p.status}; a receipt exists once it is COMPLETE`
    if (p.payment.paid_at === null || p.payment.amount === null) return 'the payment is COMPLETE but its payment data is not recorded yet'
    return null
  }
  if (p.status === 'CREATION_PENDING') return 'the payment is still being created; try again in a minute'
  if (p.status === 'CREATION_FAILED') return 'the payment could not be created at the intermediary, so it has no notice'
  if (p.payment.notice_code === null || p.payment.amount === null) return 'the payment has no pagoPA notice'
  if (!/^\d{11}$/.test(creditor.taxId)) return 'the ente’s tax id is not an 11-digit codice fiscale, so no pagoPA notice can be printed'
  return null
}

async function render(deps: Deps, kind: Document, id: string): Promise<{ bytes: Uint8Array; filename: string }> {
  const stored = await deps.payments.getForCitizen(id.toLowerCase())
  if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
  const p = stored.payment
  const tenant = await deps.tenants.get(p.tenant_id)
  if (!tenant) throw new Error(`payment ${p.id} belongs to tenant ${p.tenant_id}, which does not exist`)
  const creditor = deps.creditorOf(tenant)
  const why = unavailable(kind, p, creditor)
  if (why) throw new DomainFailure({ code: 'conflict', resource: 'payment', id: p.id, detail: why })
  const bytes =
    kind === 'notice' ? await deps.documents.noticePdf({ payment: p, creditor }) : await deps.documents.receiptPdf({ payment: p, creditor })
  const name = kind === 'notice' ? 'avviso' : 'ricevuta'
  return { bytes, filename: `${name}-${p.payment.notice_code ?? p.id}.pdf` }
}

/** 200 with the PDF, built on the context so the request id header stays. */
function pdfResponse(c: Context<AppEnv>, { bytes, filename }: { bytes: Uint8Array; filename: string }) {
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': PDF_CONTENT_TYPE,
    'content-disposition': `inline; filename="${filename}"`,
    // Personal data (tax codes) behind a signed link: never in shared caches.
    'cache-control': 'no-store',
  })
}

export function documentRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  const serve = async (c: Context<AppEnv>, kind: Document, id: string) => {
    await requireLink(c, kind, id)
    return pdfResponse(c, await render(c.get('deps'), kind, id))
  }
  app.openapi(noticeRoute, async (c) => serve(c, 'notice', c.req.valid('param').id))
  app.openapi(offlinePaymentRoute, async (c) => serve(c, 'notice', c.req.valid('param').id))
  app.openapi(receiptRoute, async (c) => serve(c, 'receipt', c.req.valid('param').id))

  return app
}
