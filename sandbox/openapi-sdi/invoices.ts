/**
 * Sending and reading invoices (spec fatturapa.md §6.2): `POST /invoices` takes the FatturaPA as
 * `application/xml` and answers as OpenAPI.it does (422 `802` not well-formed, 400 `230` invalid or
 * a file name already used, else 200 with the uuid); `GET /invoices/{uuid}`, `GET /invoices` with
 * filters, and the notifications, as JSON or (`Accept: application/xml`, one notification) as the
 * XML SDI wrote.
 * @module
 */

import { Hono } from 'hono'
import type { InspectInvoice } from './inspect.ts'
import type { SdiState } from './state.ts'
import { fail, invoiceNotFound, invoiceView, notificationView, ok } from './views.ts'

export const PAGE_SIZE = 50

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

export function invoicesApi(state: SdiState, inspect: InspectInvoice, autoDeliverMs: number) {
  const app = new Hono()

  app.post('/invoices', async (c) => {
    const xml = await c.req.text()
    const facts = await inspect(xml)
    if (!facts.wellFormed) return fail(c, 422, 'Parsing error: malformed XML', '802')
    if (facts.schemaErrors.length > 0) return fail(c, 400, `An error occurred: ${facts.schemaErrors.join('; ')}`.slice(0, 2000), 230)
    const fileName = facts.fileName
    if (fileName === null) return fail(c, 400, 'An error occurred: fattura_elettronica_header.dati_trasmissione is incomplete', 230)
    if (state.byFileName.has(fileName)) return fail(c, 400, `An error occurred: file name already used: ${fileName} (SdI 00002)`, 230)
    const inv = state.addInvoice(xml, await sha256Hex(xml), { ...facts, fileName }, autoDeliverMs)
    return ok(c, { uuid: inv.uuid })
  })

  app.get('/invoices', (c) => {
    const type = c.req.query('type') ?? '0'
    if (type !== '0' && type !== '1') return fail(c, 400, 'Invalid value for type. It must be 0 or 1.', 520)
    const q = (name: string) => c.req.query(name)
    const page = Math.max(1, Number.parseInt(q('page') ?? '1', 10) || 1)
    const found =
      type === '1'
        ? []
        : [...state.invoices.values()]
            .filter((i) => q('invoiceNumber') === undefined || i.facts.numero === q('invoiceNumber'))
            .filter((i) => q('sender') === undefined || i.facts.senderId === q('sender'))
            .filter((i) => q('sdi_file_name') === undefined || i.fileName === q('sdi_file_name'))
            .filter((i) => q('marking') === undefined || i.marking === q('marking'))
            .reverse()
    return ok(c, found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map(invoiceView))
  })

  app.get('/invoices/:uuid', (c) => {
    const inv = state.invoices.get(c.req.param('uuid'))
    return inv ? ok(c, invoiceView(inv)) : invoiceNotFound(c)
  })

  app.get('/invoices_notifications/:uuid', (c) => {
    const inv = state.invoices.get(c.req.param('uuid'))
    return inv ? ok(c, inv.notifications.map(notificationView)) : invoiceNotFound(c)
  })

  app.get('/invoices_notifications/:uuid/:notification', (c) => {
    const inv = state.invoices.get(c.req.param('uuid'))
    const n = inv?.notifications.find((x) => x.uuid === c.req.param('notification'))
    if (!n) return fail(c, 404, 'Notification not found', 231)
    if (!/application\/xml|text\/xml/.test(c.req.header('accept') ?? '')) return ok(c, notificationView(n))
    n.downloaded = true
    n.downloadedAt = state.now()
    return c.body(n.xml, 200, { 'content-type': 'application/xml; charset=utf-8' })
  })

  return app
}
