/**
 * Calls 2–5 of the manual: `get_notifications` (pull, basic or "all notifications"), `get_users`
 * (links per credential quaterna in a period), `get_payment_method`, and `get_onpay_key` (the
 * temporary key's activation). Each also answers without the trailing slash.
 * @module
 */

import { Hono } from 'hono'
import { SANDBOX_ONPAY } from './credentials.ts'
import { romeParse, romeText } from './datetime.ts'
import { authenticate, fail, onpayCall } from './form.ts'
import { type Link, type LinkEvent, type OnpayState, PAID } from './state.ts'

const notificationJson = (l: Link, e: LinkEvent, all: boolean) => ({
  extId: l.extId,
  gateway: l.gateway,
  status: all ? e.status : 'completed',
  orderAmount: String(l.amount),
  orderCurrency: l.currency,
  notification_date: romeText(e.at),
  validation_date: romeText(e.at),
  payment_type: String(e.paymentType),
})

export function reportsApi(state: OnpayState): Hono {
  const { links, methods } = state
  const app = new Hono()

  // 2. Richiesta notifiche
  onpayCall(app, 'get_notifications', (c, f) => {
    const who = authenticate(f, true)
    if (typeof who === 'string') return fail(c, 'errors', who)
    if (!who) return fail(c, 'errors', 'gateway mancante')
    const since = f['date'] ? romeParse(f['date']) : null
    if (f['date'] && !since) return fail(c, 'errors', 'date non valida: formato YYYY-mm-dd HH:ii:ss')
    const all = (f['allnotifications'] ?? '').toLowerCase() === 'true'
    const out = [...links.values()]
      .filter((l) => l.quaterna === who.quaterna && (!f['extId'] || l.extId === f['extId']))
      .flatMap((l) =>
        l.events
          .filter((e) => (all || PAID.has(e.status.toLowerCase())) && (!since || e.at >= since))
          .map((e) => notificationJson(l, e, all)),
      )
    return c.json({ success: 'true', notifications: out })
  })

  // 3. Lista utenti
  onpayCall(app, 'get_users', (c, f) => {
    const who = authenticate(f, false)
    if (typeof who === 'string') return c.json({ status: 'false', success: 'false', errors: who })
    const from = romeParse(f['datefrom'] ?? '')
    const to = romeParse(f['dateto'] ?? '', true)
    if (!from || !to) return c.json({ status: 'false', success: 'false', errors: 'datefrom e dateto obbligatori' })
    const groups = new Map<string, Link[]>()
    for (const l of links.values()) {
      if (l.key !== f['key'] || l.createdAt < from || l.createdAt > to) continue
      if (f['gateway'] && l.gateway !== f['gateway']) continue
      groups.set(l.quaterna, [...(groups.get(l.quaterna) ?? []), l])
    }
    const userslist = [...groups.values()].map((ls) => {
      const first = ls[0] as Link
      const paid = ls.filter(state.isPaid)
      const creds = SANDBOX_ONPAY.gateways[first.gateway] as Record<string, string>
      return {
        gateway: first.gateway,
        gatewayApiKey: first.gatewayApiKey,
        gatewaySecretKey: first.gatewaySecretKey,
        gatewayUsername: creds['gatewayUsername'] ?? '',
        gatewayPassword: creds['gatewayPassword'] ?? '',
        nrlink: String(ls.length),
        datafirstlink: romeText(ls.reduce((a, l) => (l.createdAt < a ? l.createdAt : a), first.createdAt)),
        datalastlink: romeText(ls.reduce((a, l) => (l.createdAt > a ? l.createdAt : a), first.createdAt)),
        nrlink_paid: String(paid.length),
        amount_paid: String(paid.reduce((s, l) => s + l.amount, 0)),
      }
    })
    return c.json({ status: 'true', success: 'true', userslist })
  })

  // 4. Lista metodi di pagamento
  onpayCall(app, 'get_payment_method', (c, f) => {
    const who = authenticate(f, false)
    if (typeof who === 'string') return fail(c, 'errors', who)
    return c.json({
      success: 'true',
      payment_method_list: methods.map((m) => ({
        code_number: String(m.code_number),
        code_description: m.code_description,
        code_number_merged: String(m.code_number_merged),
      })),
    })
  })

  // 5. Attivazione chiave di produzione
  onpayCall(app, 'get_onpay_key', (c, f) => {
    if (f['key'] !== SANDBOX_ONPAY.temporaryKey) return fail(c, 'errors', 'Chiave temporanea non valida o già utilizzata')
    return c.json({ success: 'true', onpaykey: SANDBOX_ONPAY.key })
  })

  return app
}
