/**
 * Call 1 of the manual, `get_link` (`/api/get_link/`): validate the order against the circuit
 * (currencies per gateway, description, expiry in Rome time, return URLs), refuse a reused extId,
 * and answer the link to the local pay page (page.ts).
 * @module
 */

import { Hono } from 'hono'
import { SIM_DECLINE_HEADER } from '../shared/hooks.ts'
import type { Gateway } from './credentials.ts'
import { romeParse } from './datetime.ts'
import { authenticate, fail, onpayCall } from './form.ts'
import type { Link, OnpayState } from './state.ts'

/** The refusal text SIM_DECLINE_HEADER produces on `get_link`. */
export const ONPAY_SIM_DECLINE_TEXT = 'Operazione rifiutata dal circuito: esercente sospeso'

const CURRENCIES: Record<string, readonly Gateway[]> = Object.fromEntries([
  ['EUR', ['nexi', 'multisafepay', 'volt']],
  ['GBP', ['nexi', 'multisafepay']],
  ...'USD VEF AUD BRL CHF CLP COP CZK DKK INR MXN PEN PLN RON SEK NOK CAD HRK HKD TWD KRW HUF PHP ZAR CNY JPY MYR AED ILS RUB SGD NZD TRY ISK THB'
    .split(' ')
    .map((c) => [c, ['nexi']]),
])

export function linksApi(state: OnpayState): Hono {
  const { now, newId } = state
  const app = new Hono()

  onpayCall(app, 'get_link', (c, f) => {
    const who = authenticate(f, true)
    const extId = f['extId'] ?? ''
    const error = (m: string) => fail(c, 'error', m, { extId, orderId: null, link: null })
    if (typeof who === 'string') return error(who)
    if (!who) return error('gateway mancante')
    const { gateway, quaterna } = who
    if (c.req.header(SIM_DECLINE_HEADER)) return error(ONPAY_SIM_DECLINE_TEXT)
    if (gateway === 'volt' && !f['gatewayNotificationKey']) return error('volt: gatewayNotificationKey obbligatorio')
    if (!extId || extId.length > 1000) return error('Campo extId obbligatorio mancante o troppo lungo')
    if (!/^\d+$/.test(f['orderAmount'] ?? '') || Number(f['orderAmount']) < 1) return error('orderAmount non valido: intero positivo')
    const currency = f['orderCurrency'] || 'EUR'
    if (!CURRENCIES[currency]?.includes(gateway)) return error(`Valuta ${currency} non supportata da ${gateway}`)
    const description = f['orderDescription'] ?? ''
    if (description.length > 200 || /[^A-Za-z0-9 ]/.test(description)) return error('orderDescription: massimo 200 caratteri alfanumerici')
    const expDate = romeParse(f['expDate'] ?? '', true)
    if (!expDate) return error('expDate obbligatorio nel formato YYYY-mm-dd HH:ii:ss')
    if (expDate <= now()) return error('expDate: data di scadenza nel passato')
    for (const u of ['completedUrl', 'canceledUrl']) {
      const v = f[u]
      if (v && (v.length > 1000 || !URL.canParse(v))) return error(`${u} non valido`)
    }
    if (state.has(quaterna, extId)) return error(`extId ${extId} già utilizzato: deve essere univoco`)
    const orderId = newId()
    const link: Link = {
      quaterna,
      key: f['key'] ?? '',
      gateway,
      gatewayApiKey: f['gatewayApiKey'] ?? '',
      gatewaySecretKey: f['gatewaySecretKey'] ?? '',
      extId,
      orderId,
      amount: Number(f['orderAmount']),
      currency,
      description,
      expDate,
      completedUrl: f['completedUrl'] ?? '',
      canceledUrl: f['canceledUrl'] ?? '',
      createdAt: now(),
      events: [],
    }
    state.add(link)
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, url.pathname.lastIndexOf('/api/get_link'))
    return c.json({ success: 'true', extId, orderId, link: `${url.origin}${prefix}/pay/${orderId}` })
  })

  return app
}
