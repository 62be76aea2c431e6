/**
 * The hosted Checkout page a payment Session's `url` points to (`/pay/{id}`): the amount, one Pay
 * button per method the Session offers (card; SEPA Direct Debit with an IBAN field), and Cancel.
 * Pay posts `method` (default `card`) and, for SEPA, `iban`; the Session completes, then `success_url`.
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { ACTIONS_RULE, esc, eurosIt, pageShell } from '../shared/html.ts'
import { type PayMethod, type Session, TEST_IBAN } from './session.ts'
import type { CheckoutState } from './state.ts'

/** Stripe's ink and blurple. */
export const STRIPE_LOOK = { lang: 'it', width: '32rem', ink: '#30313d', heading: '1.3rem', accent: '#635bff', radius: '6px' } as const

export const page = pageShell({
  ...STRIPE_LOOK,
  rules: `.amount{font-size:1.6rem;font-weight:600}${ACTIONS_RULE}.method{margin:1rem 0}input{font:inherit;padding:.4rem}`,
})

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

/** The Pay form of one method: the card button keeps the plain "Paga …" label. */
function payForm(id: string, method: string, amount: string): string {
  if (method === 'sepa_debit') {
    return `<form class="method" method="post" action="${id}/pay"><input type="hidden" name="method" value="sepa_debit">
<label>IBAN <input name="iban" value="${TEST_IBAN}" required></label>
<button type="submit" class="pay">Addebito SEPA ${amount}</button></form>`
  }
  return `<form class="method" method="post" action="${id}/pay"><input type="hidden" name="method" value="card">
<button type="submit" class="pay">Paga ${amount}</button></form>`
}

function show(s: Session): readonly [string, string] {
  const id = esc(s.id)
  const amount = eurosIt(s.amount_total)
  const actions =
    s.status === 'open'
      ? `${s.methods.map((m) => payForm(id, m, amount)).join('\n')}
<div class="actions"><form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
      : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
  const body = `<p>${esc(s.name)}</p><p class="amount">${amount}</p>
<p><small>Metodi: ${s.methods.map(esc).join(', ')} · ${id}</small></p>${actions}`
  return ['Stripe Checkout (sandbox)', body]
}

export const checkoutPage = (state: CheckoutState) =>
  hostedPage('/pay', page, {
    find: state.find,
    missing: ['Sessione non trovata', '<p>La sessione di pagamento non esiste.</p>'],
    show,
    actions: {
      pay: async (c, s, render) => {
        const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
        const method = String(form['method'] ?? 'card')
        if (!s.methods.includes(method)) return render('Metodo non disponibile', `<p>${esc(method)} non è offerto.</p>`, 400)
        const iban = String(form['iban'] ?? TEST_IBAN)
          .replace(/\s+/g, '')
          .toUpperCase()
        if (method === 'sepa_debit' && !IBAN.test(iban)) return render('IBAN non valido', '<p>Controlla l’IBAN e riprova.</p>', 400)
        state.pay(s, method as PayMethod, iban)
        return c.redirect(s.status === 'complete' ? s.success_url : (s.cancel_url ?? s.success_url), 303)
      },
      cancel: (c, s) => c.redirect(s.cancel_url ?? s.success_url, 303),
    },
  })
