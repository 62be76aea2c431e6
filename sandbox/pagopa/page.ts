/**
 * The local payment page a Checkout cart redirects to, mounted at `/checkout/carts`: the notices
 * and their total, Pay (every notice paid, then `returnOkUrl`) and Cancel (`returnCancelUrl`). A
 * notice no longer payable sends the citizen to `returnErrorUrl`.
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, eurosIt, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import type { PagopaState } from './state.ts'

export const page = pageShell(
  'it',
  `body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#17324d}
h1{font-size:1.4rem}table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}
.amount{text-align:right;white-space:nowrap}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #0066cc;background:#fff;color:#0066cc;border-radius:4px;cursor:pointer}
button.pay{background:#0066cc;color:#fff}.note{color:#a0522d}`,
)

/** The printed notice code: groups of 4 (`3010 0000 0000 0001 44`). */
const grouped = (nav: string) => nav.replace(/(.{4})(?=.)/g, '$1 ')

export function paymentPage(state: PagopaState): Hono {
  const app = new Hono()
  const gone = (c: Context) => c.html(page('Carrello non trovato', '<p>Il carrello è scaduto o non esiste.</p>'), 404, PAGE_HEADERS)

  app.get('/:id', (c) => {
    const cart = state.liveCart(c.req.param('id'))
    if (!cart) return gone(c)
    const rows = cart.request.paymentNotices
      .map(
        (n) => `<tr><td>${esc(n.companyName)}<br><small>${esc(n.description)}</small></td>
<td><code>${esc(grouped(n.noticeNumber))}</code><br><small>CF ente ${esc(n.fiscalCode)}</small></td>
<td class="amount">${eurosIt(n.amount)}</td></tr>`,
      )
      .join('\n')
    const total = cart.request.paymentNotices.reduce((s, n) => s + n.amount, 0)
    const closed = cart.outcome ? `<p class="note">Questo carrello è già stato chiuso (${cart.outcome}).</p>` : ''
    const id = esc(cart.id)
    const body = `<table><thead><tr><th>Ente e causale</th><th>Codice avviso</th><th>Importo</th></tr></thead>
<tbody>${rows}</tbody><tfoot><tr><td colspan="2">Totale</td><td class="amount">${eurosIt(total)}</td></tr></tfoot></table>
${closed}<div class="actions">
<form method="post" action="${id}/pay"><button type="submit" class="pay">Paga</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
    return c.html(page('Checkout pagoPA (sandbox)', body), 200, PAGE_HEADERS)
  })

  const finish = (c: Context, outcome: 'pay' | 'cancel') => {
    const cart = state.liveCart(c.req.param('id') ?? '')
    if (!cart) return gone(c)
    const urls = cart.request.returnUrls
    if (!cart.outcome) {
      if (outcome === 'cancel') cart.outcome = 'cancel'
      else {
        const hits = cart.request.paymentNotices.map((n) => state.byNav(n.noticeNumber, n.fiscalCode)[0])
        const ok = hits.every(state.payable)
        cart.outcome = ok ? 'ok' : 'error'
        if (ok) for (const h of hits) if (h) state.pay(h.p, h.o)
      }
    }
    const to = cart.outcome === 'ok' ? urls.returnOkUrl : cart.outcome === 'cancel' ? urls.returnCancelUrl : urls.returnErrorUrl
    return c.redirect(to, 303)
  }
  app.post('/:id/pay', (c) => finish(c, 'pay'))
  app.post('/:id/cancel', (c) => finish(c, 'cancel'))

  return app
}
