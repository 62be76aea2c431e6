/**
 * Revolut Merchant API simulator, mounted at `/sandbox/revolut`: orders (create, retrieve, list by
 * merchant reference, cancel) with the `Order-State` machine, a hosted checkout page `/pay/{order_id}`,
 * signed order webhooks as Revolut would send them, and script hooks. In-memory, one instance per
 * sandbox; wire format as in ../shared/specs/providers.md §2. Written independently of adapters/revolut.
 * @module
 */

import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { Simulator } from '../types.ts'
import { revolutMandatesSimulator } from './mandates.ts'

/** The only secret key the simulator accepts (`Authorization: Bearer …`). */
export const SANDBOX_REVOLUT_SECRET_KEY = 'sk_sandbox_varco_revolut_0000000000'
/** The webhook signing secret the simulator signs with. */
export const SANDBOX_REVOLUT_WEBHOOK_SECRET = 'wsk_sandbox_varco_revolut_0000000000'
/** Test hook: wait this many ms (≤ 30000) before answering. */
export const SIM_DELAY_HEADER = 'x-sim-delay-ms'
/** Test hook: answer with this HTTP status (400–599) and an error body, doing nothing. */
export const SIM_FAIL_HEADER = 'x-sim-fail'

type State = 'pending' | 'processing' | 'authorised' | 'completed' | 'cancelled' | 'failed'
type SimPayment = { id: string; state: string; created_at: string; updated_at: string; amount: number; currency: string }
type SimOrder = {
  id: string
  token: string
  state: State
  amount: number
  currency: string
  description: string | null
  customerEmail: string | null
  reference: string | null
  redirectUrl: string | null
  captureMode: 'automatic' | 'manual'
  metadata: Record<string, string> | null
  createdAt: Date
  updatedAt: Date
  completedAt: Date | null
  payments: SimPayment[]
}

export type RevolutWebhookDelivery = { readonly payload: string; readonly headers: Readonly<Record<string, string>> }

const OrderIn = z.object({
  amount: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  settlement_currency: z.string().nullish(),
  description: z.string().max(1024).nullish(),
  customer: z
    .object({ id: z.string().nullish(), email: z.email().nullish(), full_name: z.string().nullish(), phone: z.string().nullish() })
    .nullish(),
  capture_mode: z.enum(['automatic', 'manual']).nullish(),
  merchant_order_data: z.object({ reference: z.string().nullish(), url: z.string().nullish() }).nullish(),
  redirect_url: z.url().max(2000).nullish(),
  metadata: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z\d_]{0,39}$/), z.string().max(500)).nullish(),
})

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** `v1=` + hex HMAC-SHA256(secret, `v1.{timestamp}.{body}`), as Revolut signs (§2.5). */
export async function signRevolutWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, enc.encode(`v1.${timestamp}.${body}`)))}`
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
const euros = (cents: number) => `€${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export type RevolutSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
  /** Signing secrets; one `v1=` signature per secret (several during a rotation). */
  readonly webhookSecrets?: readonly string[]
}

export type RevolutSimControl = {
  readonly orders: () => ReadonlyArray<{ id: string; state: string; reference: string | null; amount: number }>
  /** Marks an order paid as a customer would; false when it is not payable. */
  readonly pay: (orderId: string) => boolean
  /** The signed delivery Revolut would POST for `event` on `orderId`, or null for an unknown order. */
  readonly webhook: (orderId: string, event: string) => Promise<RevolutWebhookDelivery | null>
  /** Every order event the simulator has emitted, oldest first. */
  readonly events: () => ReadonlyArray<{ event: string; order_id: string }>
}

export type RevolutSimulator = Simulator & { readonly control: RevolutSimControl }

export function revolutSimulator(options: RevolutSimOptions = {}): RevolutSimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID())
  const secrets = options.webhookSecrets ?? [SANDBOX_REVOLUT_WEBHOOK_SECRET]
  const orders = new Map<string, SimOrder>()
  const events: Array<{ event: string; order_id: string }> = []
  const app = new Hono()

  const error = (c: Context, status: 400 | 401 | 404 | 422, code: string, message: string) =>
    c.json({ code, message, timestamp: now().getTime() }, status)

  const emit = (o: SimOrder, event: string) => events.push({ event, order_id: o.id })

  function complete(o: SimOrder): boolean {
    if (o.state !== 'pending' && o.state !== 'processing') return false
    const t = now()
    const at = t.toISOString()
    o.payments.push({ id: newId(), state: 'completed', created_at: at, updated_at: at, amount: o.amount, currency: o.currency })
    o.state = o.captureMode === 'manual' ? 'authorised' : 'completed'
    o.updatedAt = t
    if (o.state === 'completed') o.completedAt = t
    emit(o, o.state === 'completed' ? 'ORDER_COMPLETED' : 'ORDER_AUTHORISED')
    return true
  }

  function cancel(o: SimOrder): boolean {
    // §2.3: only pending, or authorised with manual capture.
    if (o.state !== 'pending' && !(o.state === 'authorised' && o.captureMode === 'manual')) return false
    o.state = 'cancelled'
    o.updatedAt = now()
    emit(o, 'ORDER_CANCELLED')
    return true
  }

  const base = (c: Context) => {
    const url = new URL(c.req.url)
    const at = url.pathname.indexOf('/api/')
    return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : ''}`
  }

  const view = (c: Context, o: SimOrder) => ({
    id: o.id,
    token: o.token,
    type: 'payment',
    state: o.state,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    ...(o.completedAt ? { completed_at: o.completedAt.toISOString() } : {}),
    ...(o.description ? { description: o.description } : {}),
    amount: o.amount,
    currency: o.currency,
    outstanding_amount: o.state === 'completed' ? 0 : o.amount,
    capture_mode: o.captureMode,
    authorisation_type: 'final',
    checkout_url: `${base(c)}/pay/${o.id}`,
    enforce_challenge: 'automatic',
    ...(o.customerEmail ? { customer: { email: o.customerEmail } } : {}),
    ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
    ...(o.redirectUrl ? { redirect_url: o.redirectUrl } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    payments: o.payments,
  })
  const listView = (o: SimOrder) => ({
    id: o.id,
    type: 'payment',
    state: o.state,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    amount: o.amount,
    currency: o.currency,
    outstanding_amount: o.state === 'completed' ? 0 : o.amount,
    ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
  })

  // Test hooks, then Bearer auth and the mandatory version header, on the API only.
  app.use('*', async (c, next) => {
    const delay = Number(c.req.header(SIM_DELAY_HEADER) ?? 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)))
    const failWith = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    if (failWith >= 400 && failWith <= 599) {
      return c.json({ code: 'simulated', message: `simulated ${failWith}`, timestamp: now().getTime() }, failWith as 500)
    }
    return next()
  })
  app.use('/api/*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${SANDBOX_REVOLUT_SECRET_KEY}`) {
      return error(c, 401, 'unauthenticated', 'Authentication failed')
    }
    const version = c.req.header('revolut-api-version')
    if (!version) return error(c, 400, 'bad_request', 'Revolut-Api-Version header is required')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return error(c, 400, 'bad_request', `Unsupported Revolut-Api-Version ${version}`)
    return next()
  })
  app.route('/', revolutMandatesSimulator({ clock: now, newId }).app) // SEPA mandates and merchant-initiated debits

  app.post('/api/orders', async (c) => {
    const parsed = OrderIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      return error(c, 400, 'bad_request', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`)
    }
    const b = parsed.data
    if (b.redirect_url) {
      const host = new URL(b.redirect_url).hostname
      if (host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) {
        return error(c, 400, 'bad_request', 'redirect_url host cannot be localhost or an IP address')
      }
    }
    if (b.customer?.id) return error(c, 404, 'not_found', `Customer ${b.customer.id} not found`)
    const t = now()
    const o: SimOrder = {
      id: newId(),
      token: newId(),
      state: 'pending',
      amount: b.amount,
      currency: b.currency,
      description: b.description ?? null,
      customerEmail: b.customer?.email ?? null,
      reference: b.merchant_order_data?.reference ?? null,
      redirectUrl: b.redirect_url ?? null,
      captureMode: b.capture_mode ?? 'automatic',
      metadata: b.metadata ?? null,
      createdAt: t,
      updatedAt: t,
      completedAt: null,
      payments: [],
    }
    orders.set(o.id, o)
    return c.json(view(c, o), 201)
  })

  app.get('/api/orders', (c) => {
    const ref = c.req.query('merchant_order_data_reference')
    const state = c.req.query('state')
    const limit = Number(c.req.query('limit') ?? 100)
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return error(c, 400, 'bad_request', 'limit must be 1..500')
    const hits = [...orders.values()]
      .filter((o) => (ref === undefined || o.reference === ref) && (state === undefined || o.state === state.toLowerCase()))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit)
    return c.json(hits.map(listView))
  })

  const notFound = (c: Context) => error(c, 404, 'not_found', `Order with id ${c.req.param('id')} not found`)

  app.get('/api/orders/:id', (c) => {
    const o = orders.get(c.req.param('id'))
    return o ? c.json(view(c, o)) : notFound(c)
  })

  app.post('/api/orders/:id/cancel', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    if (!cancel(o)) return error(c, 400, 'bad_request', `Order in state ${o.state} cannot be cancelled`)
    return c.json(view(c, o))
  })

  // Hosted checkout page (stands in for checkout_url).
  const pageHeaders = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' }

  app.get('/pay/:id', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return c.html(page('Order not found', '<p>This payment link does not exist.</p>'), 404, pageHeaders)
    const id = esc(o.id)
    const actions =
      o.state === 'pending'
        ? `<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Pay ${euros(o.amount)}</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Cancel</button></form></div>`
        : `<p class="note">This order is ${esc(o.state)}.</p>`
    const body = `<p>${esc(o.description ?? 'Payment')}</p><p class="amount">${euros(o.amount)} ${esc(o.currency)}</p>
<p><small>Revolut Pay · Card · Pay by Bank (sandbox: no real money moves)</small></p>${actions}`
    return c.html(page('Revolut checkout (sandbox)', body), 200, pageHeaders)
  })

  app.post('/pay/:id/pay', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return c.html(page('Order not found', '<p>This payment link does not exist.</p>'), 404, pageHeaders)
    const paid = complete(o) || o.state === 'completed'
    if (paid && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
    return c.html(page(paid ? 'Payment successful' : 'Payment not possible', `<p>The order is ${esc(o.state)}.</p>`), 200, pageHeaders)
  })

  app.post('/pay/:id/cancel', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return c.html(page('Order not found', '<p>This payment link does not exist.</p>'), 404, pageHeaders)
    cancel(o)
    return c.html(page('Payment cancelled', `<p>The order is ${esc(o.state)}.</p>`), 200, pageHeaders)
  })

  // Script hooks.
  // A payment attempt the issuer declines: the order stays pending (another attempt may follow), ORDER_PAYMENT_DECLINED.
  app.post('/test/orders/:id/decline', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    if (o.state !== 'pending') return c.json({ code: 'bad_request', message: `Order in state ${o.state} is not payable` }, 409)
    const at = now().toISOString()
    o.payments.push({ id: newId(), state: 'declined', created_at: at, updated_at: at, amount: o.amount, currency: o.currency })
    emit(o, 'ORDER_PAYMENT_DECLINED')
    return c.json(view(c, o))
  })
  app.post('/test/orders/:id/pay', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    if (!complete(o)) return c.json({ code: 'bad_request', message: `Order in state ${o.state} is not payable` }, 409)
    return c.json(view(c, o))
  })

  async function webhook(orderId: string, event: string): Promise<RevolutWebhookDelivery | null> {
    const o = orders.get(orderId)
    if (!o) return null
    const payload = JSON.stringify({ event, order_id: o.id, ...(o.reference ? { merchant_order_ext_ref: o.reference } : {}) })
    const timestamp = String(now().getTime())
    const signatures = await Promise.all(secrets.map((s) => signRevolutWebhook(s, timestamp, payload)))
    return {
      payload,
      headers: { 'content-type': 'application/json', 'revolut-request-timestamp': timestamp, 'revolut-signature': signatures.join(',') },
    }
  }

  /** The delivery Revolut would send now; `?event=` defaults to the order's last emitted event. */
  app.get('/test/orders/:id/webhook', async (c) => {
    const id = c.req.param('id')
    const last = [...events].reverse().find((e) => e.order_id === id)?.event
    const delivery = await webhook(id, c.req.query('event') ?? last ?? 'ORDER_COMPLETED')
    return delivery ? c.json(delivery) : notFound(c)
  })

  app.get('/', (c) =>
    c.html(
      page(
        'Revolut Merchant API simulator',
        `<p>Secret key: <code>${SANDBOX_REVOLUT_SECRET_KEY}</code> (header <code>Authorization: Bearer …</code>, plus
<code>Revolut-Api-Version: YYYY-MM-DD</code>). Webhook signing secret: <code>${SANDBOX_REVOLUT_WEBHOOK_SECRET}</code>.</p>
<ul><li><code>POST|GET /api/orders</code> (<code>?merchant_order_data_reference=</code>), <code>GET /api/orders/{id}</code>,
<code>POST /api/orders/{id}/cancel</code></li>
<li><code>GET /pay/{order_id}</code> hosted checkout page</li>
<li><code>POST /test/orders/{id}/pay</code> marks an order paid (scripts)</li>
<li><code>POST /test/orders/{id}/decline</code> records a declined payment attempt; the order stays pending</li>
<li><code>GET /test/orders/{id}/webhook?event=ORDER_COMPLETED</code> → <code>{payload, headers}</code> signed as Revolut would</li>
<li>SEPA Direct Debit: zero-amount mandate orders (page <code>GET /sdd/{order_id}</code>), <code>GET|DELETE /api/customers/{id}/payment-methods[/{id}]</code>, <code>POST /api/orders/{id}/payments</code> (saved method); hooks <code>POST /test/sdd/orders/{id}/accept|refuse|settle?outcome=completed|failed</code>, <code>GET /test/sdd/payments</code></li></ul>
<p>${orders.size} orders in memory.</p>`,
      ),
      200,
      pageHeaders,
    ),
  )

  return {
    name: 'revolut',
    description: 'Revolut Merchant API orders with a hosted checkout page and signed order webhooks.',
    app,
    control: {
      orders: () => [...orders.values()].map((o) => ({ id: o.id, state: o.state, reference: o.reference, amount: o.amount })),
      pay: (id) => {
        const o = orders.get(id)
        return o ? complete(o) : false
      },
      webhook,
      events: () => events.map((e) => ({ ...e })),
    },
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#191c1f}
h1{font-size:1.4rem}.amount{font-size:2rem;font-weight:600}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #191c1f;background:#fff;color:#191c1f;border-radius:999px;cursor:pointer}
button.pay{background:#191c1f;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}
