/**
 * The hosted Checkout page a payment Session's `url` points to (`/pay/{id}`): the amount and the
 * methods, Pay (the Session completes, then `success_url`) and Cancel (`cancel_url`).
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, eurosIt, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import type { CheckoutState } from './state.ts'

export const page = pageShell(
  'it',
  `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#30313d}
h1{font-size:1.3rem}.amount{font-size:1.6rem;font-weight:600}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #635bff;background:#fff;color:#635bff;border-radius:6px;cursor:pointer}
button.pay{background:#635bff;color:#fff}.note{color:#a0522d}`,
)

export function checkoutPage(state: CheckoutState): Hono {
  const app = new Hono()
  const notFound = (c: Context) => c.html(page('Sessione non trovata', '<p>La sessione di pagamento non esiste.</p>'), 404, PAGE_HEADERS)

  app.get('/pay/:id', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return notFound(c)
    const id = esc(s.id)
    const actions =
      s.status === 'open'
        ? `<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Paga ${eurosIt(s.amount_total)}</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
        : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
    const body = `<p>${esc(s.name)}</p><p class="amount">${eurosIt(s.amount_total)}</p>
<p><small>Metodi: ${s.methods.map(esc).join(', ')} · ${id}</small></p>${actions}`
    return c.html(page('Stripe Checkout (sandbox)', body), 200, PAGE_HEADERS)
  })
  app.post('/pay/:id/pay', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return notFound(c)
    state.pay(s)
    if (s.status === 'complete') return c.redirect(s.success_url, 303)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })
  app.post('/pay/:id/cancel', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return notFound(c)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })

  return app
}
