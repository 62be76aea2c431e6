/**
 * The hosted mandate page of a zero-amount mandate order (`/sdd/{order_id}`), standing in for the
 * SEPA Direct Debit widget: the account holder, an IBAN field and the mandate text, Authorise (the
 * method is saved, then `redirect_url`) and Decline.
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import { DEFAULT_IBAN, type MandateState } from './mandate-state.ts'

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

const page = pageShell(
  'en',
  `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#191c1f}
h1{font-size:1.3rem}.mandate{font-size:.85rem;color:#555}.actions{display:flex;gap:1rem;margin:1rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #191c1f;background:#fff;color:#191c1f;border-radius:999px;cursor:pointer}
button.pay{background:#191c1f;color:#fff}.note{color:#a0522d}`,
)

export function mandatePage(state: MandateState): Hono {
  const app = new Hono()
  const missingPage = (c: Context) => c.html(page('Order not found', '<p>This mandate link does not exist.</p>'), 404, PAGE_HEADERS)

  app.get('/sdd/:id', (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    const x = state.customers.get(o.customerId)
    const id = esc(o.id)
    const body =
      o.state === 'pending'
        ? `<p>${esc(o.description ?? 'SEPA Direct Debit mandate')}</p><p>Account holder: <strong>${esc(x?.fullName ?? '')}</strong> (${esc(x?.email ?? '')})</p>
<form method="post" action="${id}/accept"><label>IBAN <input name="iban" value="${DEFAULT_IBAN}" required></label>
<p class="mandate">By signing this mandate you authorise the merchant to send instructions to your bank to debit your account,
and your bank to debit your account in accordance with those instructions (SEPA Direct Debit Core). You are entitled to a
refund from your bank within 8 weeks of the debit date.</p>
<div class="actions"><button type="submit" class="pay">Authorise debits</button></div></form>
<form method="post" action="${id}/refuse"><button type="submit">Decline</button></form>`
        : `<p class="note">This mandate request is ${esc(o.state)}.</p>`
    return c.html(page('SEPA Direct Debit mandate (Revolut sandbox)', body), 200, PAGE_HEADERS)
  })
  app.post('/sdd/:id/accept', async (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    const iban = String((await c.req.parseBody())['iban'] ?? '')
      .replace(/\s+/g, '')
      .toUpperCase()
    if (!IBAN.test(iban)) return c.html(page('Invalid IBAN', '<p>Check the IBAN and try again.</p>'), 400, PAGE_HEADERS)
    const done = state.accept(o, iban) || o.state === 'completed'
    if (done && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
    return c.html(page(done ? 'Mandate authorised' : 'Mandate not possible', `<p>The request is ${esc(o.state)}.</p>`), 200, PAGE_HEADERS)
  })
  app.post('/sdd/:id/refuse', (c) => {
    const o = state.orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    state.refuse(o)
    return c.html(page('Mandate declined', `<p>The request is ${esc(o.state)}. No debit will be taken.</p>`), 200, PAGE_HEADERS)
  })

  return app
}
