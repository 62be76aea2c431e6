/**
 * The hosted checkout page an order's `checkout_url` points to (`/pay/{order_id}`): Pay (the order
 * completes, then `redirect_url`) and Cancel.
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { ACTIONS_RULE, esc, pageShell, payRowOrNote } from '../shared/html.ts'
import type { RevolutState, SimOrder } from './state.ts'

/** Revolut's near-black, pill-shaped buttons. */
export const REVOLUT_LOOK = { lang: 'en', width: '32rem', ink: '#191c1f', accent: '#191c1f', radius: '999px' } as const

export const page = pageShell({ ...REVOLUT_LOOK, heading: '1.4rem', rules: `.amount{font-size:2rem;font-weight:600}${ACTIONS_RULE}` })

const euros = (cents: number) => `€${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

function show(o: SimOrder): readonly [string, string] {
  const id = esc(o.id)
  const actions = payRowOrNote(o.state === 'pending', id, `Pay ${euros(o.amount)}`, 'Cancel', `This order is ${esc(o.state)}.`)
  const body = `<p>${esc(o.description ?? 'Payment')}</p><p class="amount">${euros(o.amount)} ${esc(o.currency)}</p>
<p><small>Revolut Pay · Card · Pay by Bank (sandbox: no real money moves)</small></p>${actions}`
  return ['Revolut checkout (sandbox)', body]
}

export const checkoutPage = (state: RevolutState) =>
  hostedPage('/pay', page, {
    find: (id) => state.orders.get(id),
    missing: ['Order not found', '<p>This payment link does not exist.</p>'],
    show,
    actions: {
      pay: (c, o, render) => {
        const paid = state.complete(o) || o.state === 'completed'
        if (paid && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
        return render(paid ? 'Payment successful' : 'Payment not possible', `<p>The order is ${esc(o.state)}.</p>`)
      },
      cancel: (_c, o, render) => {
        state.cancel(o)
        return render('Payment cancelled', `<p>The order is ${esc(o.state)}.</p>`)
      },
    },
  })
