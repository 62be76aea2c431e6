/**
 * The circuit's pay page a link points to (`/pay/{orderId}`): the order, Pay (one paid
 * notification, then `completedUrl`) and Cancel (`canceledUrl`; nothing is notified).
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import { romeText } from './datetime.ts'
import type { OnpayState } from './state.ts'

export const page = pageShell(
  'it',
  `body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d2b3a}
h1{font-size:1.4rem}table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}
.amount{white-space:nowrap}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #00796b;background:#fff;color:#00796b;border-radius:4px;cursor:pointer}
button.pay{background:#00796b;color:#fff}.note{color:#a0522d}`,
)

const euros = (wire: number, currency: string) => `${Math.floor(wire / 100)},${String(wire % 100).padStart(2, '0')} ${currency}`

export function payPage(state: OnpayState): Hono {
  const app = new Hono()
  const notFound = (c: Context) => c.html(page('Link non trovato', '<p>Il link di pagamento non esiste.</p>'), 404, PAGE_HEADERS)

  app.get('/pay/:id', (c) => {
    const l = state.byOrder(c.req.param('id'))
    if (!l) return notFound(c)
    const status = state.isPaid(l)
      ? '<p class="note">Questo link è già stato pagato.</p>'
      : l.expDate <= state.now()
        ? '<p class="note">Questo link è scaduto.</p>'
        : ''
    const id = esc(l.orderId)
    const body = `<p>Circuito: <strong>${esc(l.gateway)}</strong> (sandbox)</p>
<table><tr><th>Descrizione</th><td>${esc(l.description || '—')}</td></tr>
<tr><th>Importo</th><td class="amount">${esc(euros(l.amount, l.currency))}</td></tr>
<tr><th>Scadenza</th><td>${esc(romeText(l.expDate))}</td></tr>
<tr><th>Riferimento</th><td><code>${esc(l.extId)}</code></td></tr></table>${status}
<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Paga</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
    return c.html(page('Pagamento OnPay', body), 200, PAGE_HEADERS)
  })

  app.post('/pay/:id/pay', (c) => {
    const l = state.byOrder(c.req.param('id'))
    if (!l) return notFound(c)
    const outcome = state.pay(l)
    if (outcome === 'expired') return c.html(page('Link scaduto', '<p>Il link di pagamento è scaduto.</p>'), 410, PAGE_HEADERS)
    if (l.completedUrl) return c.redirect(l.completedUrl, 303)
    return c.html(page('Pagamento completato', '<p>Grazie, il pagamento è stato completato.</p>'), 200, PAGE_HEADERS)
  })

  // The payer leaves the circuit's page: nothing is notified (basic notifications only report payments).
  app.post('/pay/:id/cancel', (c) => {
    const l = state.byOrder(c.req.param('id'))
    if (!l) return notFound(c)
    if (l.canceledUrl) return c.redirect(l.canceledUrl, 303)
    return c.html(
      page('Pagamento annullato', '<p>Il pagamento è stato interrotto. Il link resta valido fino alla scadenza.</p>'),
      200,
      PAGE_HEADERS,
    )
  })

  return app
}
