/**
 * The hosted mandate page a setup-mode Session's `url` points to (`/setup/{id}`), standing in for
 * Checkout in setup mode: the account holder, an IBAN field and the SEPA mandate text, Accept
 * (`success_url`) and Refuse (`cancel_url`).
 * @module
 */

import { type Context, Hono } from 'hono'
import { esc, PAGE_HEADERS, pageShell } from '../shared/html.ts'
import { DEFAULT_IBAN, type MandateState } from './mandate-state.ts'

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

const page = pageShell(
  'it',
  `body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#30313d}
h1{font-size:1.3rem}.mandate{font-size:.85rem;color:#555}.actions{display:flex;gap:1rem;margin:1rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #635bff;background:#fff;color:#635bff;border-radius:6px;cursor:pointer}
button.pay{background:#635bff;color:#fff}.note{color:#a0522d}`,
)

export function mandatePage(state: MandateState): Hono {
  const app = new Hono()
  const notFound = (c: Context) => c.html(page('Sessione non trovata', '<p>Questa sessione non esiste.</p>'), 404, PAGE_HEADERS)

  app.get('/setup/:id', (c) => {
    const s = state.session(c.req.param('id'))
    if (!s) return notFound(c)
    const x = state.customers.get(s.customer)
    const id = esc(s.id)
    const body =
      s.status === 'open'
        ? `<p>Intestatario: <strong>${esc(x?.name ?? '')}</strong> (${esc(x?.email ?? '')})</p>
<form method="post" action="${id}/accept"><label>IBAN <input name="iban" value="${DEFAULT_IBAN}" required></label>
<p class="mandate">Sottoscrivendo questo mandato autorizzi il creditore a inviare istruzioni alla tua banca per addebitare il tuo conto
e la tua banca ad addebitarlo conformemente alle istruzioni (SEPA Direct Debit Core). Hai diritto al rimborso entro 8 settimane
dalla data di addebito.</p>
<div class="actions"><button type="submit" class="pay">Accetto il mandato</button></div></form>
<form method="post" action="${id}/refuse"><button type="submit">Rifiuto</button></form>`
        : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
    return c.html(page('Mandato SEPA Direct Debit (sandbox Stripe)', body), 200, PAGE_HEADERS)
  })
  app.post('/setup/:id/accept', async (c) => {
    const s = state.session(c.req.param('id'))
    if (!s) return notFound(c)
    const iban = String((await c.req.parseBody())['iban'] ?? '')
      .replace(/\s+/g, '')
      .toUpperCase()
    if (!IBAN.test(iban)) return c.html(page('IBAN non valido', '<p>Controlla l’IBAN e riprova.</p>'), 400, PAGE_HEADERS)
    state.accept(s, iban)
    return c.redirect(s.status === 'complete' ? s.success_url : (s.cancel_url ?? s.success_url), 303)
  })
  app.post('/setup/:id/refuse', (c) => {
    const s = state.session(c.req.param('id'))
    if (!s) return notFound(c)
    state.refuse(s)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })

  return app
}
