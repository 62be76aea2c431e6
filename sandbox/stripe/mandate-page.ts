/**
 * The hosted mandate page a setup-mode Session's `url` points to (`/setup/{id}`), standing in for
 * Checkout in setup mode: the account holder and the mandate form, Accept (`success_url`) and
 * Refuse (`cancel_url`).
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { esc, pageShell } from '../shared/html.ts'
import { MANDATE_RULES, mandateForm, withIban } from '../shared/mandate.ts'
import { DEFAULT_IBAN, type MandateState, type SetupSession } from './mandate-state.ts'
import { STRIPE_LOOK } from './page.ts'

const WORDS = {
  iban: DEFAULT_IBAN,
  text: `Sottoscrivendo questo mandato autorizzi il creditore a inviare istruzioni alla tua banca per addebitare il tuo conto
e la tua banca ad addebitarlo conformemente alle istruzioni (SEPA Direct Debit Core). Hai diritto al rimborso entro 8 settimane
dalla data di addebito.`,
  accept: 'Accetto il mandato',
  refuse: 'Rifiuto',
  invalid: ['IBAN non valido', '<p>Controlla l’IBAN e riprova.</p>'],
} as const

export function mandatePage(state: MandateState) {
  const show = (s: SetupSession): readonly [string, string] => {
    const x = state.customers.get(s.customer)
    const body =
      s.status === 'open'
        ? `<p>Intestatario: <strong>${esc(x?.name ?? '')}</strong> (${esc(x?.email ?? '')})</p>\n${mandateForm(esc(s.id), WORDS)}`
        : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
    return ['Mandato SEPA Direct Debit (sandbox Stripe)', body]
  }
  return hostedPage('/setup', pageShell({ ...STRIPE_LOOK, width: '34rem', rules: MANDATE_RULES }), {
    find: state.session,
    missing: ['Sessione non trovata', '<p>Questa sessione non esiste.</p>'],
    show,
    actions: {
      accept: withIban(WORDS, (c, s: SetupSession, iban) => {
        state.accept(s, iban)
        return c.redirect(s.status === 'complete' ? s.success_url : (s.cancel_url ?? s.success_url), 303)
      }),
      refuse: (c, s) => {
        state.refuse(s)
        return c.redirect(s.cancel_url ?? s.success_url, 303)
      },
    },
  })
}
