/**
 * The hosted mandate page of a zero-amount mandate order (`/sdd/{order_id}`), standing in for the
 * SEPA Direct Debit widget: the account holder and the mandate form, Authorise (the method is
 * saved, then `redirect_url`) and Decline.
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { esc, pageShell } from '../shared/html.ts'
import { MANDATE_RULES, mandateForm, withIban } from '../shared/mandate.ts'
import { DEFAULT_IBAN, type MandateState, type SddOrder } from './mandate-state.ts'
import { REVOLUT_LOOK } from './page.ts'

const WORDS = {
  iban: DEFAULT_IBAN,
  text: `By signing this mandate you authorise the merchant to send instructions to your bank to debit your account,
and your bank to debit your account in accordance with those instructions (SEPA Direct Debit Core). You are entitled to a
refund from your bank within 8 weeks of the debit date.`,
  accept: 'Authorise debits',
  refuse: 'Decline',
  invalid: ['Invalid IBAN', '<p>Check the IBAN and try again.</p>'],
} as const

export function mandatePage(state: MandateState) {
  const show = (o: SddOrder): readonly [string, string] => {
    const x = state.customers.get(o.customerId)
    const holder = `<p>Account holder: <strong>${esc(x?.fullName ?? '')}</strong> (${esc(x?.email ?? '')})</p>`
    const body =
      o.state === 'pending'
        ? `<p>${esc(o.description ?? 'SEPA Direct Debit mandate')}</p>${holder}\n${mandateForm(esc(o.id), WORDS)}`
        : `<p class="note">This mandate request is ${esc(o.state)}.</p>`
    return ['SEPA Direct Debit mandate (Revolut sandbox)', body]
  }
  return hostedPage('/sdd', pageShell({ ...REVOLUT_LOOK, width: '34rem', heading: '1.3rem', rules: MANDATE_RULES }), {
    find: (id) => {
      const o = state.orders.get(id)
      return o?.kind === 'mandate' ? o : undefined
    },
    missing: ['Order not found', '<p>This mandate link does not exist.</p>'],
    show,
    actions: {
      accept: withIban(WORDS, (c, o: SddOrder, iban, render) => {
        const done = state.accept(o, iban) || o.state === 'completed'
        if (done && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
        return render(done ? 'Mandate authorised' : 'Mandate not possible', `<p>The request is ${esc(o.state)}.</p>`)
      }),
      refuse: (_c, o, render) => {
        state.refuse(o)
        return render('Mandate declined', `<p>The request is ${esc(o.state)}. No debit will be taken.</p>`)
      },
    },
  })
}
