/**
 * OnPay simulator, mounted at `/sandbox/onpay`: the five calls of manual v1.8 under `/api/<call>/`
 * (form-urlencoded or multipart in, JSON out with the examples' string booleans and ints), links
 * stored per extId and credential quaterna, a hosted pay page `/pay/{orderId}`, and script hooks.
 * Each call also answers without the trailing slash. Duplicate extIds are refused, as "valore
 * univoco" suggests. Independent of adapters/onpay.
 * @module
 */

import { Hono } from 'hono'
import { SIM_DECLINE_HEADER, SIM_FAIL_HEADER, simulatedDelay } from '../shared/hooks.ts'
import { esc, PAGE_HEADERS } from '../shared/html.ts'
import type { Simulator } from '../types.ts'
import { SANDBOX_ONPAY } from './credentials.ts'
import { readForm } from './form.ts'
import { linksApi } from './links.ts'
import { page, payPage } from './page.ts'
import { reportsApi } from './reports.ts'
import { onpayState } from './state.ts'

/** Test hooks honoured: delay, failure (a plain-text body with that status), and decline (`get_link` is refused by the circuit). */
export { SIM_DECLINE_HEADER, SIM_DELAY_HEADER, SIM_FAIL_HEADER } from '../shared/hooks.ts'
export { SANDBOX_ONPAY } from './credentials.ts'
export { ONPAY_SIM_DECLINE_TEXT } from './links.ts'

const DESCRIPTION = 'OnPay payment links (Nexi, MultiSafepay, Volt), pull notifications, a local payment page.'

export type OnpaySimOptions = { readonly clock?: () => Date; readonly newId?: () => string }

export type OnpaySimControl = {
  readonly links: () => ReadonlyArray<{ extId: string; orderId: string; gateway: string; amount: number; paid: boolean }>
  /** Records a circuit status for a link (as a notification); `completed`-like statuses mean paid. */
  readonly notify: (extId: string, status: string) => boolean
}

export type OnpaySimulator = Simulator & { readonly control: OnpaySimControl }

export function onpaySimulator(options: OnpaySimOptions = {}): OnpaySimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID().replace(/-/g, '').slice(0, 20))
  const state = onpayState(now, newId)
  const app = new Hono()

  app.use('*', simulatedDelay)
  app.use('*', async (c, next) => {
    const status = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    if (Number.isInteger(status) && status >= 400 && status <= 599) return c.text(`Simulated failure ${status}`, status as 500)
    return next()
  })
  app.route('/', linksApi(state))
  app.route('/', reportsApi(state))
  app.route('/', payPage(state))

  // Script hooks: pay a link, or record any circuit status for it.
  app.post('/test/links/:extId/pay', (c) => {
    const l = state.byExtId(c.req.param('extId'))
    if (!l) return c.json({ success: 'false', errors: `extId ${c.req.param('extId')} non trovato` }, 404)
    const outcome = state.pay(l)
    if (outcome === 'expired') return c.json({ success: 'false', errors: 'link scaduto' }, 409)
    return c.json({ success: 'true', extId: l.extId, orderId: l.orderId, status: outcome })
  })
  app.post('/test/links/:extId/notify', async (c) => {
    const status = c.req.query('status') ?? (await readForm(c))['status'] ?? ''
    if (!status) return c.json({ success: 'false', errors: 'status mancante' }, 400)
    if (!state.notify(c.req.param('extId'), status)) return c.json({ success: 'false', errors: 'extId non trovato' }, 404)
    return c.json({ success: 'true' })
  })

  const about =
    () => `<p>Key: <code>${SANDBOX_ONPAY.key}</code>; temporary key for <code>get_onpay_key</code>: <code>${SANDBOX_ONPAY.temporaryKey}</code>.</p>
<p>Circuit credentials: <code>${esc(JSON.stringify(SANDBOX_ONPAY.gateways))}</code></p>
<ul><li><code>POST /api/get_link/</code>, <code>/api/get_notifications/</code>, <code>/api/get_users/</code>,
<code>/api/get_payment_method/</code>, <code>/api/get_onpay_key/</code> (form-urlencoded)</li>
<li><code>GET /pay/{orderId}</code>: the payment page</li>
<li><code>POST /test/links/{extId}/pay</code>, <code>POST /test/links/{extId}/notify?status=…</code> (scripts)</li>
<li>Test header <code>${SIM_DECLINE_HEADER}: 1</code>: <code>get_link</code> is refused by the circuit</li></ul>
<p>${state.links.size} links in memory.</p>`
  app.get('/', (c) => c.html(page('OnPay simulator', about()), 200, PAGE_HEADERS))

  const control: OnpaySimControl = {
    links: () =>
      [...state.links.values()].map((l) => ({
        extId: l.extId,
        orderId: l.orderId,
        gateway: l.gateway,
        amount: l.amount,
        paid: state.isPaid(l),
      })),
    notify: state.notify,
  }
  return { name: 'onpay', description: DESCRIPTION, app, control }
}
