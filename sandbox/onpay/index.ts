/**
 * OnPay simulator, mounted at `/sandbox/onpay`: the five calls of manual v1.8 under `/api/<call>/`
 * (form-urlencoded or multipart in, JSON out with the examples' string booleans and ints), links
 * stored per extId and credential quaterna, a hosted pay page `/pay/{orderId}`, and script hooks.
 * Each call also answers without the trailing slash. Duplicate extIds are refused, as "valore
 * univoco" suggests. Independent of adapters/onpay.
 * @module
 */

import { type Context, Hono } from 'hono'
import type { Simulator } from '../types.ts'

/** The OnPay `key` the simulator accepts. */
export const SANDBOX_ONPAY_KEY = 'sandbox-onpay-key'
/** The temporary activation key that `get_onpay_key` exchanges for SANDBOX_ONPAY_KEY. */
export const SANDBOX_ONPAY_TEMP_KEY = 'sandbox-onpay-temporary-key'
/** Circuit credentials the simulator accepts, per gateway. */
export const SANDBOX_ONPAY_GATEWAYS = {
  nexi: { gatewayApiKey: 'sandbox-nexi-api-key', gatewaySecretKey: 'sandbox-nexi-secret' },
  multisafepay: { gatewayApiKey: 'sandbox-msp-api-key' },
  volt: {
    gatewayApiKey: 'sandbox-volt-client-id',
    gatewaySecretKey: 'sandbox-volt-client-secret',
    gatewayUsername: 'sandbox@volt.example',
    gatewayPassword: 'sandbox-volt-password',
    gatewayNotificationKey: 'sandbox-volt-notification-key',
  },
} as const
/** Test hook: wait this many ms (≤ 30000) before answering. */
export const ONPAY_SIM_DELAY_HEADER = 'x-sim-delay-ms'
/** Test hook: answer with this HTTP status (400–599), doing nothing. */
export const ONPAY_SIM_FAIL_HEADER = 'x-sim-fail'
/**
 * Test hook (a business refusal): `get_link` answers `success: false` with a refusal of the circuit,
 * the free text the manual says failures carry; nothing is created.
 */
export const ONPAY_SIM_DECLINE_HEADER = 'x-sim-decline'
/** The refusal text `x-sim-decline` produces. */
export const ONPAY_SIM_DECLINE_TEXT = 'Operazione rifiutata dal circuito: esercente sospeso'

type Gateway = keyof typeof SANDBOX_ONPAY_GATEWAYS
type Form = Record<string, string>

/** The circuit status a payment records in "all notifications" mode; basic mode reports `completed`. */
const PAID_STATUS: Record<Gateway, string> = { nexi: 'OK', multisafepay: 'completed', volt: 'COMPLETED' }
/** Statuses that count as paid for basic notifications and get_users. */
const PAID = new Set(['completed', 'ok', 'executed', 'shipped', 'received', 'settled'])

const CURRENCIES: Record<string, readonly Gateway[]> = Object.fromEntries([
  ['EUR', ['nexi', 'multisafepay', 'volt']],
  ['GBP', ['nexi', 'multisafepay']],
  ...'USD VEF AUD BRL CHF CLP COP CZK DKK INR MXN PEN PLN RON SEK NOK CAD HRK HKD TWD KRW HUF PHP ZAR CNY JPY MYR AED ILS RUB SGD NZD TRY ISK THB'
    .split(' ')
    .map((c) => [c, ['nexi']]),
])

type Event = { status: string; at: Date; paymentType: number }
type Link = {
  quaterna: string
  key: string
  gateway: Gateway
  gatewayApiKey: string
  gatewaySecretKey: string
  extId: string
  orderId: string
  amount: number
  currency: string
  description: string
  expDate: Date
  completedUrl: string
  canceledUrl: string
  createdAt: Date
  events: Event[]
}

export type OnpaySimOptions = { readonly clock?: () => Date; readonly newId?: () => string }

export type OnpaySimControl = {
  readonly links: () => ReadonlyArray<{ extId: string; orderId: string; gateway: string; amount: number; paid: boolean }>
  /** Records a circuit status for a link (as a notification); `completed`-like statuses mean paid. */
  readonly notify: (extId: string, status: string) => boolean
}

export type OnpaySimulator = Simulator & { readonly control: OnpaySimControl }

const pad = (n: number) => String(n).padStart(2, '0')
/** Rome wall time `YYYY-mm-dd HH:ii:ss` (the simulator's "datetime"). */
function romeText(d: Date): string {
  const f = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Rome',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d)
  const g = (t: string) => f.find((p) => p.type === t)?.value ?? '00'
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}:${g('second')}`
}
/** `YYYY-mm-dd[ HH:ii[:ss]]` in Rome time → Date (via the offset at that instant), or null. */
function romeParse(s: string, dayEnd = false): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim())
  if (!m) return null
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? (dayEnd ? 23 : 0)),
    Number(m[5] ?? (dayEnd ? 59 : 0)),
    Number(m[6] ?? (dayEnd ? 59 : 0)),
  )
  if (Number.isNaN(wall)) return null
  const offset = (ms: number) => {
    const t = romeText(new Date(ms))
    return Date.parse(`${t.replace(' ', 'T')}Z`) - Math.floor(ms / 1000) * 1000
  }
  return new Date(wall - offset(wall - offset(wall)))
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const euros = (wire: number, currency: string) => `${Math.floor(wire / 100)},${pad(wire % 100)} ${currency}`

export function onpaySimulator(options: OnpaySimOptions = {}): OnpaySimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID().replace(/-/g, '').slice(0, 20))
  const links = new Map<string, Link>() // key: quaterna + '|' + extId
  const byOrder = new Map<string, Link>()
  const methods: Array<{ code_number: number; code_description: string; code_number_merged: number }> = [
    { code_number: 1, code_description: 'VISA', code_number_merged: 1 },
    { code_number: 2, code_description: 'MASTERCARD', code_number_merged: 2 },
    { code_number: 3, code_description: 'VISA CREDIT CARD', code_number_merged: 1 },
  ]
  const methodCode = (description: string, merged: number) => {
    const found = methods.find((m) => m.code_description === description)
    if (found) return found.code_number
    const code_number = methods.length + 1
    methods.push({ code_number, code_description: description, code_number_merged: merged })
    return code_number
  }
  const app = new Hono()

  const fail = (c: Context, field: 'error' | 'errors', message: string, extra: Record<string, unknown> = {}) =>
    c.json({ success: 'false', ...extra, [field]: message })

  async function form(c: Context): Promise<Form> {
    const body = await c.req.parseBody().catch(() => ({}))
    const out: Form = {}
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v
    return out
  }

  /** The key, gateway and circuit credentials; a message when they are wrong. */
  function authenticate(f: Form, needGateway: boolean): { gateway: Gateway; quaterna: string } | string | null {
    if (!f['key']) return 'Campo key obbligatorio mancante'
    if (f['key'] !== SANDBOX_ONPAY_KEY) return 'Chiave OnPay non valida'
    if (!needGateway) return null
    const gateway = f['gateway'] as Gateway
    if (!gateway) return 'Campo gateway obbligatorio mancante'
    const expected = SANDBOX_ONPAY_GATEWAYS[gateway] as Record<string, string> | undefined
    if (!expected) return `Gateway ${gateway} non supportato: valori possibili nexi, multisafepay, volt`
    if (!f['gatewayApiKey']) return 'Campo gatewayApiKey obbligatorio mancante'
    for (const [k, v] of Object.entries(expected)) {
      if (k === 'gatewayNotificationKey') continue
      if (f[k] !== v) return `${gateway}: credenziali del gateway non valide (${k})`
    }
    return { gateway, quaterna: [f['key'], gateway, f['gatewayApiKey'], f['gatewaySecretKey'] ?? ''].join('|') }
  }

  app.use('*', async (c, next) => {
    const delay = Number(c.req.header(ONPAY_SIM_DELAY_HEADER) ?? 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)))
    const status = Number(c.req.header(ONPAY_SIM_FAIL_HEADER) ?? 0)
    if (Number.isInteger(status) && status >= 400 && status <= 599) return c.text(`Simulated failure ${status}`, status as 500)
    return next()
  })

  // 1. Richiesta link
  app.on('POST', ['/api/get_link/', '/api/get_link'], async (c) => {
    const f = await form(c)
    const who = authenticate(f, true)
    const extId = f['extId'] ?? ''
    const error = (m: string) => fail(c, 'error', m, { extId, orderId: null, link: null })
    if (typeof who === 'string') return error(who)
    if (!who) return error('gateway mancante')
    const { gateway, quaterna } = who
    if (c.req.header(ONPAY_SIM_DECLINE_HEADER)) return error(ONPAY_SIM_DECLINE_TEXT)
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
    if (links.has(`${quaterna}|${extId}`)) return error(`extId ${extId} già utilizzato: deve essere univoco`)
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
    links.set(`${quaterna}|${extId}`, link)
    byOrder.set(orderId, link)
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, url.pathname.lastIndexOf('/api/get_link'))
    return c.json({ success: 'true', extId, orderId, link: `${url.origin}${prefix}/pay/${orderId}` })
  })

  const notificationJson = (l: Link, e: Event, all: boolean) => ({
    extId: l.extId,
    gateway: l.gateway,
    status: all ? e.status : 'completed',
    orderAmount: String(l.amount),
    orderCurrency: l.currency,
    notification_date: romeText(e.at),
    validation_date: romeText(e.at),
    payment_type: String(e.paymentType),
  })

  // 2. Richiesta notifiche
  app.on('POST', ['/api/get_notifications/', '/api/get_notifications'], async (c) => {
    const f = await form(c)
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
  app.on('POST', ['/api/get_users/', '/api/get_users'], async (c) => {
    const f = await form(c)
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
      const paid = ls.filter((l) => l.events.some((e) => PAID.has(e.status.toLowerCase())))
      const creds = SANDBOX_ONPAY_GATEWAYS[first.gateway] as Record<string, string>
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
  app.on('POST', ['/api/get_payment_method/', '/api/get_payment_method'], async (c) => {
    const who = authenticate(await form(c), false)
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
  app.on('POST', ['/api/get_onpay_key/', '/api/get_onpay_key'], async (c) => {
    const f = await form(c)
    if (f['key'] !== SANDBOX_ONPAY_TEMP_KEY) return fail(c, 'errors', 'Chiave temporanea non valida o già utilizzata')
    return c.json({ success: 'true', onpaykey: SANDBOX_ONPAY_KEY })
  })

  const isPaid = (l: Link) => l.events.some((e) => PAID.has(e.status.toLowerCase()))
  /** Pays a link as its circuit would: one notification with the circuit's paid status. */
  function pay(l: Link): 'paid' | 'already' | 'expired' {
    if (isPaid(l)) return 'already'
    if (l.expDate <= now()) return 'expired'
    const [description, merged] = l.gateway === 'volt' ? ['VOLT PAY BY BANK', 100] : ['VISA', 1]
    l.events.push({ status: PAID_STATUS[l.gateway], at: now(), paymentType: methodCode(description, merged) })
    return 'paid'
  }
  function notify(extId: string, status: string): boolean {
    const l = [...links.values()].find((x) => x.extId === extId)
    if (!l) return false
    l.events.push({ status, at: now(), paymentType: methodCode('VISA', 1) })
    return true
  }

  const pageHeaders = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' }

  app.get('/pay/:id', (c) => {
    const l = byOrder.get(c.req.param('id'))
    if (!l) return c.html(page('Link non trovato', '<p>Il link di pagamento non esiste.</p>'), 404, pageHeaders)
    const state = isPaid(l)
      ? '<p class="note">Questo link è già stato pagato.</p>'
      : l.expDate <= now()
        ? '<p class="note">Questo link è scaduto.</p>'
        : ''
    const id = esc(l.orderId)
    const body = `<p>Circuito: <strong>${esc(l.gateway)}</strong> (sandbox)</p>
<table><tr><th>Descrizione</th><td>${esc(l.description || '—')}</td></tr>
<tr><th>Importo</th><td class="amount">${esc(euros(l.amount, l.currency))}</td></tr>
<tr><th>Scadenza</th><td>${esc(romeText(l.expDate))}</td></tr>
<tr><th>Riferimento</th><td><code>${esc(l.extId)}</code></td></tr></table>${state}
<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Paga</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
    return c.html(page('Pagamento OnPay', body), 200, pageHeaders)
  })

  app.post('/pay/:id/pay', (c) => {
    const l = byOrder.get(c.req.param('id'))
    if (!l) return c.html(page('Link non trovato', '<p>Il link di pagamento non esiste.</p>'), 404, pageHeaders)
    const outcome = pay(l)
    if (outcome === 'expired') return c.html(page('Link scaduto', '<p>Il link di pagamento è scaduto.</p>'), 410, pageHeaders)
    if (l.completedUrl) return c.redirect(l.completedUrl, 303)
    return c.html(page('Pagamento completato', '<p>Grazie, il pagamento è stato completato.</p>'), 200, pageHeaders)
  })

  // The payer leaves the circuit's page: nothing is notified (basic notifications only report payments).
  app.post('/pay/:id/cancel', (c) => {
    const l = byOrder.get(c.req.param('id'))
    if (!l) return c.html(page('Link non trovato', '<p>Il link di pagamento non esiste.</p>'), 404, pageHeaders)
    if (l.canceledUrl) return c.redirect(l.canceledUrl, 303)
    return c.html(
      page('Pagamento annullato', '<p>Il pagamento è stato interrotto. Il link resta valido fino alla scadenza.</p>'),
      200,
      pageHeaders,
    )
  })

  // Script hooks: pay a link, or record any circuit status for it.
  app.post('/test/links/:extId/pay', (c) => {
    const l = [...links.values()].find((x) => x.extId === c.req.param('extId'))
    if (!l) return c.json({ success: 'false', errors: `extId ${c.req.param('extId')} non trovato` }, 404)
    const outcome = pay(l)
    if (outcome === 'expired') return c.json({ success: 'false', errors: 'link scaduto' }, 409)
    return c.json({ success: 'true', extId: l.extId, orderId: l.orderId, status: outcome })
  })
  app.post('/test/links/:extId/notify', async (c) => {
    const status = c.req.query('status') ?? (await form(c))['status'] ?? ''
    if (!status) return c.json({ success: 'false', errors: 'status mancante' }, 400)
    if (!notify(c.req.param('extId'), status)) return c.json({ success: 'false', errors: 'extId non trovato' }, 404)
    return c.json({ success: 'true' })
  })

  app.get('/', (c) =>
    c.html(
      page(
        'OnPay simulator',
        `<p>Key: <code>${SANDBOX_ONPAY_KEY}</code>; temporary key for <code>get_onpay_key</code>: <code>${SANDBOX_ONPAY_TEMP_KEY}</code>.</p>
<p>Circuit credentials: <code>${esc(JSON.stringify(SANDBOX_ONPAY_GATEWAYS))}</code></p>
<ul><li><code>POST /api/get_link/</code>, <code>/api/get_notifications/</code>, <code>/api/get_users/</code>,
<code>/api/get_payment_method/</code>, <code>/api/get_onpay_key/</code> (form-urlencoded)</li>
<li><code>GET /pay/{orderId}</code>: the payment page</li>
<li><code>POST /test/links/{extId}/pay</code>, <code>POST /test/links/{extId}/notify?status=…</code> (scripts)</li>
<li>Test header <code>${ONPAY_SIM_DECLINE_HEADER}: 1</code>: <code>get_link</code> is refused by the circuit</li></ul>
<p>${links.size} links in memory.</p>`,
      ),
      200,
      pageHeaders,
    ),
  )

  return {
    name: 'onpay',
    description: 'OnPay payment links (Nexi, MultiSafepay, Volt), pull notifications, a local payment page.',
    app,
    control: {
      links: () =>
        [...links.values()].map((l) => ({ extId: l.extId, orderId: l.orderId, gateway: l.gateway, amount: l.amount, paid: isPaid(l) })),
      notify,
    },
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d2b3a}
h1{font-size:1.4rem}table{width:100%;border-collapse:collapse}td,th{padding:.5rem;border-bottom:1px solid #ddd;text-align:left}
.amount{white-space:nowrap}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #00796b;background:#fff;color:#00796b;border-radius:4px;cursor:pointer}
button.pay{background:#00796b;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}
