/**
 * The circuit's pay page a link points to (`/pay/{orderId}`): the order, Pay (one paid
 * notification, then `completedUrl`) and Cancel (`canceledUrl`; nothing is notified).
 * @module
 */

import { hostedPage } from '../shared/hosted-page.ts'
import { ACTIONS_RULE, esc, pageShell, payOrCancel, TABLE_RULES } from '../shared/html.ts'
import { romeText } from './datetime.ts'
import type { Link, OnpayState } from './state.ts'

export const page = pageShell({
  lang: 'it',
  width: '42rem',
  ink: '#1d2b3a',
  heading: '1.4rem',
  rules: `${TABLE_RULES}\n.amount{white-space:nowrap}${ACTIONS_RULE}`,
  accent: '#00796b',
  radius: '4px',
})

const euros = (wire: number, currency: string) => `${Math.floor(wire / 100)},${String(wire % 100).padStart(2, '0')} ${currency}`

export function payPage(state: OnpayState) {
  const show = (l: Link): readonly [string, string] => {
    const status = state.isPaid(l)
      ? '<p class="note">Questo link è già stato pagato.</p>'
      : l.expDate <= state.now()
        ? '<p class="note">Questo link è scaduto.</p>'
        : ''
    const id = esc(l.orderId)
    const body = `<p>Circuito: <strong>${esc(l.gateway)}</strong> (sandbox)</p>
<table><tr><th>Descrizione</th><td>${esc(l.description || '—')}</td></tr>
<tr><th>Importo</th><td class="amount">${esc(euros(l.amount, l.currency))}</td></tr>
<tr><th>Scadenza</th><td>${esc(romeText(l.expDate))}</td></tr>
<tr><th>Riferimento</th><td><code>${esc(l.extId)}</code></td></tr></table>${status}
<div class="actions">${payOrCancel(id, 'Paga', 'Annulla')}</div>`
    return ['Pagamento OnPay', body]
  }
  return hostedPage('/pay', page, {
    find: state.byOrder,
    missing: ['Link non trovato', '<p>Il link di pagamento non esiste.</p>'],
    show,
    actions: {
      pay: (c, l, render) => {
        if (state.pay(l) === 'expired') return render('Link scaduto', '<p>Il link di pagamento è scaduto.</p>', 410)
        if (l.completedUrl) return c.redirect(l.completedUrl, 303)
        return render('Pagamento completato', '<p>Grazie, il pagamento è stato completato.</p>')
      },
      // The payer leaves the circuit's page: nothing is notified (basic notifications only report payments).
      cancel: (c, l, render) => {
        if (l.canceledUrl) return c.redirect(l.canceledUrl, 303)
        return render('Pagamento annullato', '<p>Il pagamento è stato interrotto. Il link resta valido fino alla scadenza.</p>')
      },
    },
  })
}
