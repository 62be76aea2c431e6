/**
 * The local payment page a Checkout cart redirects to (`/checkout/carts/{id}`): the notices and
 * their total, Pay (every notice paid, then `returnOkUrl`) and Cancel (`returnCancelUrl`). A notice
 * no longer payable sends the citizen to `returnErrorUrl`.
 * @module
 */

import type { Context } from 'hono'
import { hostedPage } from '../shared/hosted-page.ts'
import { ACTIONS_RULE, esc, eurosIt, pageShell, payOrCancel, TABLE_RULES } from '../shared/html.ts'
import type { Cart, PagopaState } from './state.ts'

export const page = pageShell({
  lang: 'it',
  width: '42rem',
  ink: '#17324d',
  heading: '1.4rem',
  rules: `${TABLE_RULES}\n.amount{text-align:right;white-space:nowrap}${ACTIONS_RULE}`,
  accent: '#0066cc',
  radius: '4px',
})

/** The printed notice code: groups of 4 (`3010 0000 0000 0001 44`). */
const grouped = (nav: string) => nav.replace(/(.{4})(?=.)/g, '$1 ')

function show(cart: Cart): readonly [string, string] {
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
${payOrCancel(id, 'Paga', 'Annulla')}</div>`
  return ['Checkout pagoPA (sandbox)', body]
}

export function paymentPage(state: PagopaState) {
  /** The first press decides the cart's outcome; later ones only follow it. */
  const finish = (c: Context, cart: Cart, outcome: 'pay' | 'cancel') => {
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
  return hostedPage('/checkout/carts', page, {
    find: state.liveCart,
    missing: ['Carrello non trovato', '<p>Il carrello è scaduto o non esiste.</p>'],
    show,
    actions: { pay: (c, cart) => finish(c, cart, 'pay'), cancel: (c, cart) => finish(c, cart, 'cancel') },
  })
}
