/**
 * The hosted checkout page an order's `checkout_url` points to (`/pay/{order_id}`): Pay (the order
 * completes, then `redirect_url`) and Cancel.
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import type { RevolutState } from './state.ts'

export const page = pageShell(
  'en',
  `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#191c1f}
h1{font-size:1.4rem}.amount{font-size:2rem;font-weight:600}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #191c1f;background:#fff;color:#191c1f;border-radius:999px;cursor:pointer}
button.pay{background:#191c1f;color:#fff}.note{color:#a0522d}`,
)

const euros = (cents: number) => `€${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export function checkoutPage(state: RevolutState): Hono {
  const app = new Hono()
  const notFound = (c: Context) => c.html(page('Order not found', '<p>This payment link does not exist.</p>'), 404, PAGE_HEADERS)

  app.get('/pay/:id', (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    const id = esc(o.id)
    const actions =
      o.state === 'pending'
        ? `<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Pay ${euros(o.amount)}</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Cancel</button></form></div>`
        : `<p class="note">This order is ${esc(o.state)}.</p>`
    const body = `<p>${esc(o.description ?? 'Payment')}</p><p class="amount">${euros(o.amount)} ${esc(o.currency)}</p>
<p><small>Revolut Pay · Card · Pay by Bank (sandbox: no real money moves)</small></p>${actions}`
    return c.html(page('Revolut checkout (sandbox)', body), 200, PAGE_HEADERS)
  })

  app.post('/pay/:id/pay', (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    const paid = state.complete(o) || o.state === 'completed'
    if (paid && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
    return c.html(page(paid ? 'Payment successful' : 'Payment not possible', `<p>The order is ${esc(o.state)}.</p>`), 200, PAGE_HEADERS)
  })

  app.post('/pay/:id/cancel', (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    state.cancel(o)
    return c.html(page('Payment cancelled', `<p>The order is ${esc(o.state)}.</p>`), 200, PAGE_HEADERS)
  })

  return app
}
