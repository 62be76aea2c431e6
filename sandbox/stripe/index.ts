/**
 * Stripe simulator, mounted at `/sandbox/stripe`: the slice of Stripe's v1 wire format the adapter
 * uses (providers.md §1): form-encoded bodies, Bearer secret-key auth, Idempotency-Key replay,
 * Checkout Sessions create / retrieve (with `expand[]`) / expire, a hosted page with Pay and Cancel,
 * and the signed webhook events Stripe would send. In-memory, one instance per sandbox.
 * Written independently of adapters/stripe on purpose.
 * @module
 */

import { type Context, Hono } from 'hono'
import type { Simulator } from '../types.ts'
import { stripeMandatesSimulator } from './mandates.ts'

/** The only secret key the simulator accepts (`Authorization: Bearer …`, or as the Basic user). */
export const SANDBOX_STRIPE_SECRET_KEY = 'sk_test_sandbox_varco_0000000000000000'
/** The signing secret of the simulator's webhook endpoint. */
export const SANDBOX_STRIPE_WEBHOOK_SECRET = 'whsec_sandbox_varco_0000000000000000'
/** Test hook: wait this many ms (≤ 30000) before answering. */
export const SIM_DELAY_HEADER = 'x-sim-delay-ms'
/** Test hook (a business refusal): a Session create answers 402 `card_error` / `card_declined`, as Stripe refuses a card. */
export const SIM_DECLINE_HEADER = 'x-sim-decline'
/** Stripe's test card that is always declined (`generic_decline`): `POST /test/sessions/{id}/pay?card=…` refuses it. */
export const DECLINED_TEST_CARD = '4000000000000002'
/** The API version the simulator claims to speak (stripe@23.1.0's default). */
export const SIM_API_VERSION = '2026-10-28.endive'

const DAY_S = 24 * 60 * 60

type Json = Record<string, unknown>
type Form = { [key: string]: string | Form | Form[] | string[] }

type Session = {
  id: string
  created: number
  expires_at: number
  status: 'open' | 'complete' | 'expired'
  payment_status: 'unpaid' | 'paid'
  amount_total: number
  currency: string
  name: string
  success_url: string
  cancel_url: string | null
  client_reference_id: string | null
  customer_email: string | null
  metadata: Record<string, string>
  pi_metadata: Record<string, string>
  methods: string[]
  url: string
  payment_intent: Intent | null
}
type Intent = { id: string; created: number; status: 'succeeded'; charge: { id: string; created: number } }
type SimEvent = { id: string; type: string; created: number; object: Json }

/**
 * `a[b][0][c]=v` form fields → nested objects and arrays, as Stripe reads them
 * (`expand[]=x` appends). Keys with numeric segments become arrays.
 */
export function parseStripeForm(body: string): Form {
  const root: Record<string, unknown> = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
    if (!m) continue
    const path = [m[1] ?? '', ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')]
    let node: Record<string, unknown> = root
    path.forEach((seg, i) => {
      const last = i === path.length - 1
      const k = seg === '' ? String(Object.keys(node).length) : seg
      if (last) node[k] = value
      else {
        const next = node[k]
        node[k] = typeof next === 'object' && next !== null ? next : {}
        node = node[k] as Record<string, unknown>
      }
    })
  }
  const arrays = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v
    const o = v as Record<string, unknown>
    const keys = Object.keys(o)
    const mapped = Object.fromEntries(keys.map((k) => [k, arrays(o[k])]))
    return keys.length > 0 && keys.every((k) => /^\d+$/.test(k)) ? keys.sort((a, b) => Number(a) - Number(b)).map((k) => mapped[k]) : mapped
  }
  return arrays(root) as Form
}

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** `Stripe-Signature` for `payload` signed at `timestamp` (unix seconds): `t=…,v1=HMAC-SHA256(secret, "t.payload")`. */
export async function signStripePayload(payload: string, secret: string, timestamp: number): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${timestamp}.${payload}`))
  return `t=${timestamp},v1=${hex(mac)}`
}

export type StripeSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
}

export type SignedEvent = { readonly id: string; readonly type: string; readonly payload: string; readonly header: string }

export type StripeSimControl = {
  /** A snapshot of every Checkout Session (tests and the index page). */
  readonly sessions: () => ReadonlyArray<{ id: string; status: string; payment_status: string; amount_total: number }>
  /** The events emitted for a Session, each signed now with the sandbox webhook secret. */
  readonly events: (sessionId: string) => Promise<SignedEvent[]>
}

export type StripeSimulator = Simulator & { readonly control: StripeSimControl }

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const obj = (v: unknown): Form | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : undefined)
const stringRecord = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v) ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'))

type StripeErrorType = 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error'

function stripeError(c: Context, status: number, type: StripeErrorType, message: string, extra: Json = {}) {
  return c.json({ error: { type, message, ...extra } }, status as 400)
}

/** Stripe's answer to a declined card (docs.stripe.com/declines/codes): HTTP 402, `card_error`. */
const cardDeclined = (c: Context) =>
  stripeError(c, 402, 'card_error', 'Your card was declined.', { code: 'card_declined', decline_code: 'generic_decline' })

export function stripeSimulator(options: StripeSimOptions = {}): StripeSimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID())
  const nowS = () => Math.floor(now().getTime() / 1000)
  const rid = (prefix: string) => `${prefix}${newId().replace(/-/g, '')}`
  const sessions = new Map<string, Session>()
  const events = new Map<string, SimEvent[]>() // by session id
  const idempotency = new Map<string, { fingerprint: string; status: number; body: string }>()
  const app = new Hono()

  const intentView = (s: Session, expandCharge: boolean): Json | null =>
    s.payment_intent && {
      id: s.payment_intent.id,
      object: 'payment_intent',
      amount: s.amount_total,
      currency: s.currency,
      created: s.payment_intent.created,
      status: s.payment_intent.status,
      metadata: s.pi_metadata,
      latest_charge: expandCharge
        ? { id: s.payment_intent.charge.id, object: 'charge', created: s.payment_intent.charge.created, status: 'succeeded', paid: true }
        : s.payment_intent.charge.id,
    }
  const view = (s: Session, expand: readonly string[] = []): Json => ({
    id: s.id,
    object: 'checkout.session',
    mode: 'payment',
    livemode: false,
    created: s.created,
    expires_at: s.expires_at,
    status: s.status,
    payment_status: s.payment_status,
    amount_subtotal: s.amount_total,
    amount_total: s.amount_total,
    currency: s.currency,
    success_url: s.success_url,
    cancel_url: s.cancel_url,
    client_reference_id: s.client_reference_id,
    customer_email: s.customer_email,
    metadata: s.metadata,
    allowed_payment_method_types: s.methods,
    payment_method_types: s.methods,
    url: s.status === 'open' ? s.url : null,
    payment_intent: expand.includes('payment_intent')
      ? intentView(s, expand.includes('payment_intent.latest_charge'))
      : (s.payment_intent?.id ?? null),
  })

  function emit(s: Session, type: string, object: Json) {
    const list = events.get(s.id) ?? []
    list.push({ id: rid('evt_'), type, created: nowS(), object })
    events.set(s.id, list)
  }
  /** Sessions expire lazily once `expires_at` has passed. */
  function refresh(s: Session): Session {
    if (s.status === 'open' && nowS() >= s.expires_at) {
      s.status = 'expired'
      emit(s, 'checkout.session.expired', view(s))
    }
    return s
  }
  const find = (id: string | undefined) => {
    const s = id ? sessions.get(id) : undefined
    return s ? refresh(s) : undefined
  }
  function pay(s: Session): boolean {
    if (refresh(s).status !== 'open') return false
    const t = nowS()
    s.status = 'complete'
    s.payment_status = 'paid'
    s.payment_intent = { id: rid('pi_'), created: t, status: 'succeeded', charge: { id: rid('ch_'), created: t } }
    emit(s, 'checkout.session.completed', view(s))
    emit(s, 'payment_intent.succeeded', intentView(s, false) ?? {})
    return true
  }
  const missing = (c: Context, id: string) =>
    stripeError(c, 404, 'invalid_request_error', `No such checkout.session: '${id}'`, { code: 'resource_missing', param: 'session' })

  // Test hook first.
  app.use('*', async (c, next) => {
    const delay = Number(c.req.header(SIM_DELAY_HEADER) ?? 0)
    if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)))
    return next()
  })

  // Auth: Bearer key, or HTTP Basic with the key as user (curl -u sk_test_…:). Stripe answers 401 invalid_request_error.
  app.use('/v1/*', async (c, next) => {
    const auth = c.req.header('authorization') ?? ''
    let key = /^Bearer\s+(.+)$/i.exec(auth)?.[1]
    const basic = /^Basic\s+(.+)$/i.exec(auth)?.[1]
    if (!key && basic) key = atob(basic).split(':')[0]
    if (key === SANDBOX_STRIPE_SECRET_KEY) return next()
    const message = key
      ? `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
      : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."
    return stripeError(c, 401, 'invalid_request_error', message)
  })

  // Idempotency-Key on POSTs: the first answer (any status but a validation 400) is replayed; other params → 400 idempotency_error.
  app.use('/v1/*', async (c, next) => {
    const key = c.req.header('idempotency-key')
    if (c.req.method !== 'POST' || !key) return next()
    const fingerprint = `${c.req.path}\n${new TextDecoder().decode(await c.req.raw.clone().arrayBuffer())}`
    const seen = idempotency.get(key)
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        return stripeError(
          c,
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        )
      }
      return c.body(seen.body, seen.status as 200, {
        'content-type': 'application/json',
        'idempotent-replayed': 'true',
        'idempotency-key': key,
      })
    }
    await next()
    if (c.res.status !== 400) idempotency.set(key, { fingerprint, status: c.res.status, body: await c.res.clone().text() })
    c.header('idempotency-key', key)
  })
  app.use('/v1/*', async (c, next) => {
    await next()
    c.header('request-id', rid('req_'))
    c.header('stripe-version', c.req.header('stripe-version') ?? SIM_API_VERSION)
  })
  app.route('/', stripeMandatesSimulator({ clock: now, newId }).app) // SEPA mandates: setup Sessions, off-session PIs

  app.post('/v1/checkout/sessions', async (c) => {
    if (c.req.header(SIM_DECLINE_HEADER)) return cardDeclined(c)
    const f = parseStripeForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const invalid = (param: string, message: string) => stripeError(c, 400, 'invalid_request_error', message, { param })
    if (f['mode'] !== 'payment') return invalid('mode', 'The simulator supports only `mode=payment`.')
    const success = str(f['success_url'])
    if (!success || !URL.canParse(success)) return invalid('success_url', 'Not a valid URL')
    const cancel = str(f['cancel_url']) ?? null
    if (cancel !== null && !URL.canParse(cancel)) return invalid('cancel_url', 'Not a valid URL')
    const items = Array.isArray(f['line_items']) ? (f['line_items'] as Form[]) : []
    if (items.length !== 1) return invalid('line_items', 'The simulator supports exactly one line item with `price_data`.')
    const item = items[0] ?? {}
    const price = obj(item['price_data'])
    const currency = str(price?.['currency'])
    const unit = Number(str(price?.['unit_amount']))
    const quantity = Number(str(item['quantity']) ?? '1')
    const name = str(obj(price?.['product_data'])?.['name'])
    if (!currency || currency !== currency.toLowerCase()) return invalid('line_items[0][price_data][currency]', 'Invalid currency')
    if (!Number.isSafeInteger(unit) || unit < 0 || unit > 99_999_999)
      return invalid('line_items[0][price_data][unit_amount]', 'Invalid integer')
    if (!Number.isSafeInteger(quantity) || quantity < 1) return invalid('line_items[0][quantity]', 'Invalid integer')
    if (!name) return invalid('line_items[0][price_data][product_data][name]', 'Missing required param')
    const total = unit * quantity
    if (currency === 'eur' && total < 50) {
      return stripeError(c, 400, 'invalid_request_error', "The Checkout Session's total amount due must add up to at least €0.50 eur", {
        code: 'amount_too_small',
      })
    }
    const methods = (f['allowed_payment_method_types'] ?? f['payment_method_types'] ?? ['card']) as string[]
    if (!Array.isArray(methods) || methods.some((m) => m !== 'card' && m !== 'sepa_debit')) {
      return invalid('allowed_payment_method_types', 'The simulator offers only `card` and `sepa_debit`.')
    }
    if (methods.includes('sepa_debit') && currency !== 'eur') return invalid('allowed_payment_method_types', 'sepa_debit needs eur')
    const created = nowS()
    const expiresAt = f['expires_at'] === undefined ? created + DAY_S : Number(str(f['expires_at']))
    if (!Number.isSafeInteger(expiresAt) || expiresAt < created + 30 * 60 || expiresAt > created + DAY_S) {
      return invalid('expires_at', 'The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.')
    }
    const id = rid('cs_test_')
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/v1/checkout/sessions'.length)
    const s: Session = {
      id,
      created,
      expires_at: expiresAt,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: total,
      currency,
      name,
      success_url: success.replaceAll('{CHECKOUT_SESSION_ID}', id),
      cancel_url: cancel,
      client_reference_id: str(f['client_reference_id']) ?? null,
      customer_email: str(f['customer_email']) ?? null,
      metadata: stringRecord(f['metadata']),
      pi_metadata: stringRecord(obj(f['payment_intent_data'])?.['metadata']),
      methods,
      url: `${url.origin}${prefix}/pay/${id}`,
      payment_intent: null,
    }
    sessions.set(id, s)
    return c.json(view(s))
  })

  const expandOf = (c: Context) => {
    const q = new URL(c.req.url).search.slice(1)
    const e = parseStripeForm(q)['expand']
    return Array.isArray(e) ? (e as string[]) : []
  }

  app.get('/v1/checkout/sessions/:id', (c) => {
    const s = find(c.req.param('id'))
    return s ? c.json(view(s, expandOf(c))) : missing(c, c.req.param('id'))
  })

  app.post('/v1/checkout/sessions/:id/expire', (c) => {
    const s = find(c.req.param('id'))
    if (!s) return missing(c, c.req.param('id'))
    if (s.status !== 'open') {
      return stripeError(c, 400, 'invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.', {
        code: 'checkout_session_not_open',
      })
    }
    s.status = 'expired'
    emit(s, 'checkout.session.expired', view(s))
    return c.json(view(s))
  })

  const pageHeaders = {
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'cache-control': 'no-store',
  }
  const notFound = (c: Context) => c.html(page('Sessione non trovata', '<p>La sessione di pagamento non esiste.</p>'), 404, pageHeaders)

  app.get('/pay/:id', (c) => {
    const s = find(c.req.param('id'))
    if (!s) return notFound(c)
    const id = esc(s.id)
    const actions =
      s.status === 'open'
        ? `<div class="actions"><form method="post" action="${id}/pay"><button type="submit" class="pay">Paga ${euros(s.amount_total)}</button></form>
<form method="post" action="${id}/cancel"><button type="submit">Annulla</button></form></div>`
        : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
    const body = `<p>${esc(s.name)}</p><p class="amount">${euros(s.amount_total)}</p>
<p><small>Metodi: ${s.methods.map(esc).join(', ')} · ${id}</small></p>${actions}`
    return c.html(page('Stripe Checkout (sandbox)', body), 200, pageHeaders)
  })
  app.post('/pay/:id/pay', (c) => {
    const s = find(c.req.param('id'))
    if (!s) return notFound(c)
    pay(s)
    if (s.status === 'complete') return c.redirect(s.success_url, 303)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })
  app.post('/pay/:id/cancel', (c) => {
    const s = find(c.req.param('id'))
    if (!s) return notFound(c)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })

  // Script hook: the customer pays the Session by card (`?card=4000000000000002` is declined; the Session stays open).
  app.post('/test/sessions/:id/pay', (c) => {
    const s = find(c.req.param('id'))
    if (!s) return missing(c, c.req.param('id'))
    if (c.req.query('card') === DECLINED_TEST_CARD && s.status === 'open') return cardDeclined(c)
    if (!pay(s)) return stripeError(c, 400, 'invalid_request_error', `The Checkout Session is ${s.status}, not open.`)
    return c.json(view(s, ['payment_intent', 'payment_intent.latest_charge']))
  })

  async function signed(sessionId: string): Promise<SignedEvent[]> {
    const t = nowS()
    return Promise.all(
      (events.get(sessionId) ?? []).map(async (e) => {
        const payload = JSON.stringify(
          {
            id: e.id,
            object: 'event',
            api_version: SIM_API_VERSION,
            created: e.created,
            livemode: false,
            pending_webhooks: 1,
            request: { id: null, idempotency_key: null },
            type: e.type,
            data: { object: e.object },
          },
          null,
          2,
        )
        return { id: e.id, type: e.type, payload, header: await signStripePayload(payload, SANDBOX_STRIPE_WEBHOOK_SECRET, t) }
      }),
    )
  }

  // The webhook deliveries Stripe would make for a Session: POST each `payload` with `Stripe-Signature: header`.
  app.get('/sandbox-events/:id', async (c) => {
    const s = find(c.req.param('id'))
    if (!s) return missing(c, c.req.param('id'))
    return c.json({ object: 'list', data: await signed(s.id) })
  })

  app.get('/', (c) =>
    c.html(
      page(
        'Stripe simulator',
        `<p>Secret key: <code>${SANDBOX_STRIPE_SECRET_KEY}</code> (<code>Authorization: Bearer …</code>); webhook secret <code>${SANDBOX_STRIPE_WEBHOOK_SECRET}</code>.</p>
<ul><li><code>POST /v1/checkout/sessions</code> (form-encoded, <code>Idempotency-Key</code> replayed)</li>
<li><code>GET /v1/checkout/sessions/{id}[?expand[]=payment_intent.latest_charge]</code></li>
<li><code>POST /v1/checkout/sessions/{id}/expire</code></li>
<li><code>GET /pay/{id}</code>: the hosted page; <code>POST /test/sessions/{id}/pay</code> pays it (scripts; <code>?card=${DECLINED_TEST_CARD}</code> is declined)</li>
<li><code>GET /sandbox-events/{id}</code>: the signed webhook events of a Session</li>
<li>SEPA mandates: <code>POST /v1/customers</code>, <code>POST /v1/checkout/sessions</code> with <code>mode=setup</code> (page <code>GET /setup/{id}</code>), <code>POST|GET /v1/payment_intents</code> (off-session); hooks <code>POST /test/setup-sessions/{id}/accept|refuse</code>, <code>POST /test/mandates/{id}/revoke</code>, <code>POST /test/payment_intents/{id}/settle?outcome=succeeded|failed</code>, <code>GET /test/payment_intents</code></li></ul>
<p>${sessions.size} Checkout Sessions in memory.</p>`,
      ),
      200,
      pageHeaders,
    ),
  )

  return {
    name: 'stripe',
    description: 'Stripe Checkout Sessions (v1, form-encoded) with a hosted page and signed webhook events.',
    app,
    control: {
      sessions: () =>
        [...sessions.values()]
          .map(refresh)
          .map((s) => ({ id: s.id, status: s.status, payment_status: s.payment_status, amount_total: s.amount_total })),
      events: signed,
    },
  }
}

/** 123456 → `1.234,56 €`. */
const euros = (cents: number) =>
  `${String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${String(cents % 100).padStart(2, '0')} €`

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#30313d}
h1{font-size:1.3rem}.amount{font-size:1.6rem;font-weight:600}.actions{display:flex;gap:1rem;margin-top:1.5rem}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #635bff;background:#fff;color:#635bff;border-radius:6px;cursor:pointer}
button.pay{background:#635bff;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}
