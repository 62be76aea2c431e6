/**
 * The hosted Checkout page a payment Session's `url` points to (`/pay/{id}`): the amount and the
 * methods, Pay (the Session completes, then `success_url`) and Cancel (`cancel_url`).
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { ACTIONS_RULE, esc, eurosIt, pageShell, payRowOrNote } from '../shared/html.ts'
import type { CheckoutState, Session } from './state.ts'

/** Stripe's ink and blurple. */
export const STRIPE_LOOK = { lang: 'it', width: '32rem', ink: '#30313d', heading: '1.3rem', accent: '#635bff', radius: '6px' } as const

export const page = pageShell({ ...STRIPE_LOOK, rules: `.amount{font-size:1.6rem;font-weight:600}${ACTIONS_RULE}` })

function show(s: Session): readonly [string, string] {
  const id = esc(s.id)
  const actions = payRowOrNote(s.status === 'open', id, `Paga ${eurosIt(s.amount_total)}`, 'Annulla', `Questa sessione è ${esc(s.status)}.`)
  const body = `<p>${esc(s.name)}</p><p class="amount">${eurosIt(s.amount_total)}</p>
<p><small>Metodi: ${s.methods.map(esc).join(', ')} · ${id}</small></p>${actions}`
  return ['Stripe Checkout (sandbox)', body]
}

export const checkoutPage = (state: CheckoutState) =>
  hostedPage('/pay', page, {
    find: state.find,
    missing: ['Sessione non trovata', '<p>La sessione di pagamento non esiste.</p>'],
    show,
    actions: {
      pay: (c, s) => {
        state.pay(s)
        return c.redirect(s.status === 'complete' ? s.success_url : (s.cancel_url ?? s.success_url), 303)
      },
      cancel: (c, s) => c.redirect(s.cancel_url ?? s.success_url, 303),
    },
  })
