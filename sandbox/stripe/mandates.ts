/**
 * The SEPA Direct Debit mandate slice of the Stripe simulator (providers.md §1.4): Customers,
 * Checkout Sessions in `mode=setup` (their SetupIntent, PaymentMethod and Mandate appear when the
 * customer accepts on the hosted page), and off-session PaymentIntents that start `processing` and
 * settle through a script hook. Mounted by sandbox/stripe/index.ts after its auth and Idempotency-Key
 * middleware, so both apply here; requests for Sessions that are not ours fall through to it.
 * Written independently of adapters/stripe on purpose.
 * @module
 */

import { type Context, Hono } from 'hono'

type Json = Record<string, unknown>

type Customer = { id: string; created: number; name: string | null; email: string | null; metadata: Record<string, string> }
type PaymentMethod = { id: string; created: number; customer: string; last4: string; country: string; name: string | null }
type Mandate = { id: string; status: 'active' | 'inactive' | 'pending'; payment_method: string; accepted_at: number }
type SetupIntent = {
  id: string
  created: number
  status: 'succeeded' | 'canceled'
  customer: string
  payment_method: string | null
  mandate: string | null
  metadata: Record<string, string>
  description: string | null
}
type SetupSession = {
  id: string
  created: number
  expires_at: number
  status: 'open' | 'complete' | 'expired'
  customer: string
  success_url: string
  cancel_url: string | null
  client_reference_id: string | null
  metadata: Record<string, string>
  si_metadata: Record<string, string>
  si_description: string | null
  methods: string[]
  url: string
  setup_intent: string | null
}
type Intent = {
  id: string
  created: number
  status: 'processing' | 'succeeded' | 'requires_payment_method'
  amount: number
  currency: string
  customer: string
  payment_method: string
  mandate: string
  description: string | null
  metadata: Record<string, string>
  charge: { id: string; created: number; status: 'pending' | 'succeeded' | 'failed' }
  last_payment_error: Json | null
}

export type StripeMandatesOptions = {
  readonly clock: () => Date
  readonly newId: () => string
}

const DAY_S = 24 * 60 * 60

type Form = Record<string, unknown>

/** `a[b][c]=v` / `a[]=v` → nested objects and arrays (the subset of Stripe's form encoding used here). */
function parseForm(body: string): Form {
  const root: Form = {}
  for (const [key, value] of new URLSearchParams(body)) {
    const segs = key.replace(/\]/g, '').split('[')
    let node: Form = root
    segs.forEach((seg, i) => {
      const last = i === segs.length - 1
      if (last) {
        if (seg === '') return
        node[seg] = value
        return
      }
      const next = segs[i + 1]
      if (next === '' && i + 1 === segs.length - 1) {
        const list = Array.isArray(node[seg]) ? (node[seg] as string[]) : []
        list.push(value)
        node[seg] = list
        return
      }
      node[seg] = typeof node[seg] === 'object' && node[seg] !== null && !Array.isArray(node[seg]) ? node[seg] : {}
      node = node[seg] as Form
    })
  }
  return root
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const strings = (v: unknown): string[] | undefined => {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string')
  if (typeof v === 'object' && v !== null) return Object.values(v).filter((x): x is string => typeof x === 'string')
  return undefined
}
const record = (v: unknown): Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {}

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

function err(c: Context, status: 400 | 402 | 404, type: string, message: string, extra: Json = {}) {
  return c.json({ error: { type, message, ...extra } }, status)
}

export function stripeMandatesSimulator(options: StripeMandatesOptions): { readonly app: Hono } {
  const nowS = () => Math.floor(options.clock().getTime() / 1000)
  const rid = (prefix: string) => `${prefix}${options.newId().replace(/-/g, '')}`
  const customers = new Map<string, Customer>()
  const sessions = new Map<string, SetupSession>()
  const setupIntents = new Map<string, SetupIntent>()
  const methods = new Map<string, PaymentMethod>()
  const mandates = new Map<string, Mandate>()
  const intents = new Map<string, Intent>()
  const app = new Hono()

  const missing = (c: Context, what: string, id: string, param?: string) =>
    err(c, 404, 'invalid_request_error', `No such ${what}: '${id}'`, { code: 'resource_missing', ...(param ? { param } : {}) })
  const invalid = (c: Context, param: string, message: string, code = 'parameter_invalid') =>
    err(c, 400, 'invalid_request_error', message, { param, code })

  const customerView = (x: Customer): Json => ({
    id: x.id,
    object: 'customer',
    created: x.created,
    name: x.name,
    email: x.email,
    metadata: x.metadata,
    livemode: false,
  })
  const methodView = (p: PaymentMethod): Json => ({
    id: p.id,
    object: 'payment_method',
    type: 'sepa_debit',
    created: p.created,
    customer: p.customer,
    billing_details: { name: p.name },
    sepa_debit: { last4: p.last4, country: p.country, bank_code: null, branch_code: null, fingerprint: `fp_${p.id.slice(-8)}` },
  })
  const mandateView = (m: Mandate): Json => ({
    id: m.id,
    object: 'mandate',
    status: m.status,
    type: 'multi_use',
    multi_use: {},
    payment_method: m.payment_method,
    payment_method_details: { type: 'sepa_debit', sepa_debit: { reference: m.id.slice(-16).toUpperCase(), url: '' } },
    customer_acceptance: { type: 'online', accepted_at: m.accepted_at, online: { ip_address: '127.0.0.1', user_agent: 'sandbox' } },
    livemode: false,
  })
  const setupIntentView = (si: SetupIntent, expand: readonly string[], prefix: string): Json => {
    const m = si.mandate ? mandates.get(si.mandate) : undefined
    const pm = si.payment_method ? methods.get(si.payment_method) : undefined
    return {
      id: si.id,
      object: 'setup_intent',
      created: si.created,
      status: si.status,
      usage: 'off_session',
      customer: si.customer,
      description: si.description,
      metadata: si.metadata,
      payment_method_types: ['sepa_debit'],
      payment_method: expand.includes(`${prefix}payment_method`) && pm ? methodView(pm) : si.payment_method,
      mandate: expand.includes(`${prefix}mandate`) && m ? mandateView(m) : si.mandate,
      last_setup_error: null,
    }
  }
  const sessionView = (s: SetupSession, expand: readonly string[] = []): Json => {
    const si = s.setup_intent ? setupIntents.get(s.setup_intent) : undefined
    return {
      id: s.id,
      object: 'checkout.session',
      mode: 'setup',
      livemode: false,
      created: s.created,
      expires_at: s.expires_at,
      status: s.status,
      payment_status: 'no_payment_required',
      amount_total: null,
      currency: 'eur',
      customer: s.customer,
      success_url: s.success_url,
      cancel_url: s.cancel_url,
      client_reference_id: s.client_reference_id,
      metadata: s.metadata,
      payment_method_types: s.methods,
      url: s.status === 'open' ? s.url : null,
      payment_intent: null,
      setup_intent: expand.includes('setup_intent') && si ? setupIntentView(si, expand, 'setup_intent.') : s.setup_intent,
    }
  }
  const intentView = (pi: Intent): Json => ({
    id: pi.id,
    object: 'payment_intent',
    created: pi.created,
    status: pi.status,
    amount: pi.amount,
    amount_received: pi.status === 'succeeded' ? pi.amount : 0,
    currency: pi.currency,
    customer: pi.customer,
    payment_method: pi.payment_method,
    mandate: pi.mandate,
    payment_method_types: ['sepa_debit'],
    description: pi.description,
    metadata: pi.metadata,
    latest_charge: pi.charge.id,
    last_payment_error: pi.last_payment_error,
    livemode: false,
  })

  /** Sessions expire lazily once `expires_at` has passed. */
  const session = (id: string | undefined) => {
    const s = id ? sessions.get(id) : undefined
    if (s && s.status === 'open' && nowS() >= s.expires_at) s.status = 'expired'
    return s
  }

  /** The customer accepts the mandate with this IBAN: PaymentMethod + active Mandate + succeeded SetupIntent. */
  function accept(s: SetupSession, iban: string): boolean {
    if (s.status !== 'open') return false
    const t = nowS()
    const pm: PaymentMethod = {
      id: rid('pm_'),
      created: t,
      customer: s.customer,
      last4: iban.slice(-4),
      country: iban.slice(0, 2),
      name: customers.get(s.customer)?.name ?? null,
    }
    const m: Mandate = { id: rid('mandate_'), status: 'active', payment_method: pm.id, accepted_at: t }
    const si: SetupIntent = {
      id: rid('seti_'),
      created: t,
      status: 'succeeded',
      customer: s.customer,
      payment_method: pm.id,
      mandate: m.id,
      metadata: s.si_metadata,
      description: s.si_description,
    }
    methods.set(pm.id, pm)
    mandates.set(m.id, m)
    setupIntents.set(si.id, si)
    s.setup_intent = si.id
    s.status = 'complete'
    return true
  }
  /**
   * The customer refuses. At Stripe the Session would stay `open` until `expires_at` (the customer
   * only leaves through `cancel_url`); the simulator fast-forwards to that expiry.
   */
  function refuse(s: SetupSession): boolean {
    if (s.status !== 'open') return false
    s.status = 'expired'
    return true
  }

  app.post('/v1/customers', async (c) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const email = str(f['email']) ?? null
    if (email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      return invalid(c, 'email', `Invalid email address: ${email}`, 'email_invalid')
    const x: Customer = { id: rid('cus_'), created: nowS(), name: str(f['name']) ?? null, email, metadata: record(f['metadata']) }
    customers.set(x.id, x)
    return c.json(customerView(x))
  })
  app.get('/v1/customers/:id', (c) => {
    const x = customers.get(c.req.param('id'))
    return x ? c.json(customerView(x)) : missing(c, 'customer', c.req.param('id'))
  })

  // Setup-mode Sessions are ours; every other mode goes on to the payment Sessions of stripe.ts.
  app.post('/v1/checkout/sessions', async (c, next) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    if (f['mode'] !== 'setup') {
      await next()
      return
    }
    const customer = str(f['customer'])
    if (!customer) return invalid(c, 'customer', 'The simulator needs a `customer` for `mode=setup`.', 'parameter_missing')
    if (!customers.has(customer))
      return err(c, 400, 'invalid_request_error', `No such customer: '${customer}'`, { code: 'resource_missing', param: 'customer' })
    const success = str(f['success_url'])
    if (!success || !URL.canParse(success)) return invalid(c, 'success_url', 'Not a valid URL', 'url_invalid')
    const cancel = str(f['cancel_url']) ?? null
    if (cancel !== null && !URL.canParse(cancel)) return invalid(c, 'cancel_url', 'Not a valid URL', 'url_invalid')
    const types = strings(f['allowed_payment_method_types'] ?? f['payment_method_types']) ?? []
    if (types.length === 0 && !str(f['currency']))
      return invalid(
        c,
        'currency',
        '`currency` is required in setup mode when `allowed_payment_method_types` is not set.',
        'parameter_missing',
      )
    if (types.some((t) => t !== 'sepa_debit'))
      return invalid(c, 'allowed_payment_method_types', 'The simulator offers only `sepa_debit` in setup mode.')
    const currency = str(f['currency'])
    if (currency !== undefined && currency !== 'eur') return invalid(c, 'currency', 'sepa_debit needs eur')
    const created = nowS()
    const id = rid('cs_test_')
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/v1/checkout/sessions'.length)
    const setupData = typeof f['setup_intent_data'] === 'object' && f['setup_intent_data'] !== null ? (f['setup_intent_data'] as Form) : {}
    const s: SetupSession = {
      id,
      created,
      expires_at: created + DAY_S,
      status: 'open',
      customer,
      success_url: success.replaceAll('{CHECKOUT_SESSION_ID}', id),
      cancel_url: cancel,
      client_reference_id: str(f['client_reference_id']) ?? null,
      metadata: record(f['metadata']),
      si_metadata: record(setupData['metadata']),
      si_description: str(setupData['description']) ?? null,
      methods: ['sepa_debit'],
      url: `${url.origin}${prefix}/setup/${id}`,
      setup_intent: null,
    }
    sessions.set(id, s)
    return c.json(sessionView(s))
  })

  const expandOf = (c: Context) => strings(parseForm(new URL(c.req.url).search.slice(1))['expand']) ?? []

  app.get('/v1/checkout/sessions/:id', async (c, next) => {
    const s = session(c.req.param('id'))
    if (!s) {
      await next()
      return
    }
    return c.json(sessionView(s, expandOf(c)))
  })
  app.post('/v1/checkout/sessions/:id/expire', async (c, next) => {
    const s = session(c.req.param('id'))
    if (!s) {
      await next()
      return
    }
    if (s.status !== 'open') {
      return err(c, 400, 'invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.', {
        code: 'checkout_session_not_open',
      })
    }
    s.status = 'expired'
    return c.json(sessionView(s))
  })

  app.get('/v1/setup_intents/:id', (c) => {
    const si = setupIntents.get(c.req.param('id'))
    return si ? c.json(setupIntentView(si, expandOf(c), '')) : missing(c, 'setup_intent', c.req.param('id'), 'intent')
  })
  app.get('/v1/mandates/:id', (c) => {
    const m = mandates.get(c.req.param('id'))
    return m ? c.json(mandateView(m)) : missing(c, 'mandate', c.req.param('id'), 'mandate')
  })

  app.post('/v1/payment_intents', async (c) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const amount = Number(str(f['amount']))
    if (!Number.isSafeInteger(amount) || amount < 1 || amount > 99_999_999)
      return invalid(c, 'amount', 'Invalid integer', 'parameter_invalid_integer')
    if (f['currency'] !== 'eur') return invalid(c, 'currency', 'sepa_debit needs eur')
    if (amount < 50)
      return err(c, 400, 'invalid_request_error', 'Amount must be at least €0.50 eur', { code: 'amount_too_small', param: 'amount' })
    const types = strings(f['allowed_payment_method_types'] ?? f['payment_method_types']) ?? []
    if (types.length !== 1 || types[0] !== 'sepa_debit')
      return invalid(c, 'allowed_payment_method_types', 'The simulator charges only `sepa_debit` off-session.')
    if (f['confirm'] !== 'true' || f['off_session'] !== 'true')
      return invalid(c, 'off_session', 'The simulator supports only `confirm=true` with `off_session=true`.')
    const customer = str(f['customer'])
    if (!customer || !customers.has(customer))
      return err(c, 400, 'invalid_request_error', `No such customer: '${customer ?? ''}'`, { code: 'resource_missing', param: 'customer' })
    const pm = methods.get(str(f['payment_method']) ?? '')
    if (!pm)
      return err(c, 400, 'invalid_request_error', `No such PaymentMethod: '${str(f['payment_method']) ?? ''}'`, {
        code: 'resource_missing',
        param: 'payment_method',
      })
    if (pm.customer !== customer)
      return invalid(c, 'payment_method', 'The PaymentMethod does not belong to this Customer.', 'payment_method_invalid_parameter')
    const m = mandates.get(str(f['mandate']) ?? '') ?? [...mandates.values()].find((x) => x.payment_method === pm.id)
    if (!m || m.payment_method !== pm.id)
      return invalid(c, 'mandate', 'No valid mandate for this PaymentMethod.', 'payment_intent_mandate_invalid')
    if (m.status !== 'active') {
      return invalid(
        c,
        'mandate',
        `The mandate ${m.id} is ${m.status} and cannot be used for new payments.`,
        'payment_intent_mandate_invalid',
      )
    }
    const t = nowS()
    const pi: Intent = {
      id: rid('pi_'),
      created: t,
      status: 'processing',
      amount,
      currency: 'eur',
      customer,
      payment_method: pm.id,
      mandate: m.id,
      description: str(f['description']) ?? null,
      metadata: record(f['metadata']),
      charge: { id: rid('py_'), created: t, status: 'pending' },
      last_payment_error: null,
    }
    intents.set(pi.id, pi)
    return c.json(intentView(pi))
  })
  app.get('/v1/payment_intents/:id', (c) => {
    const pi = intents.get(c.req.param('id'))
    return pi ? c.json(intentView(pi)) : missing(c, 'payment_intent', c.req.param('id'), 'intent')
  })

  // The hosted mandate page (stands in for Checkout in setup mode).
  const pageHeaders = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' }
  const notFound = (c: Context) => c.html(page('Sessione non trovata', '<p>Questa sessione non esiste.</p>'), 404, pageHeaders)

  app.get('/setup/:id', (c) => {
    const s = session(c.req.param('id'))
    if (!s) return notFound(c)
    const x = customers.get(s.customer)
    const id = esc(s.id)
    const body =
      s.status === 'open'
        ? `<p>Intestatario: <strong>${esc(x?.name ?? '')}</strong> (${esc(x?.email ?? '')})</p>
<form method="post" action="${id}/accept"><label>IBAN <input name="iban" value="DE89370400440532013000" required></label>
<p class="mandate">Sottoscrivendo questo mandato autorizzi il creditore a inviare istruzioni alla tua banca per addebitare il tuo conto
e la tua banca ad addebitarlo conformemente alle istruzioni (SEPA Direct Debit Core). Hai diritto al rimborso entro 8 settimane
dalla data di addebito.</p>
<div class="actions"><button type="submit" class="pay">Accetto il mandato</button></div></form>
<form method="post" action="${id}/refuse"><button type="submit">Rifiuto</button></form>`
        : `<p class="note">Questa sessione è ${esc(s.status)}.</p>`
    return c.html(page('Mandato SEPA Direct Debit (sandbox Stripe)', body), 200, pageHeaders)
  })
  app.post('/setup/:id/accept', async (c) => {
    const s = session(c.req.param('id'))
    if (!s) return notFound(c)
    const iban = String((await c.req.parseBody())['iban'] ?? '')
      .replace(/\s+/g, '')
      .toUpperCase()
    if (!IBAN.test(iban)) return c.html(page('IBAN non valido', '<p>Controlla l’IBAN e riprova.</p>'), 400, pageHeaders)
    accept(s, iban)
    return c.redirect(s.status === 'complete' ? s.success_url : (s.cancel_url ?? s.success_url), 303)
  })
  app.post('/setup/:id/refuse', (c) => {
    const s = session(c.req.param('id'))
    if (!s) return notFound(c)
    refuse(s)
    return c.redirect(s.cancel_url ?? s.success_url, 303)
  })

  // Script hooks (no auth, like the rest of /test/*).
  app.post('/test/setup-sessions/:id/accept', async (c) => {
    const s = session(c.req.param('id'))
    if (!s) return missing(c, 'checkout.session', c.req.param('id'))
    const iban = (c.req.query('iban') ?? 'DE89370400440532013000').toUpperCase()
    if (!accept(s, iban)) return invalid(c, 'session', `The Checkout Session is ${s.status}, not open.`, 'checkout_session_not_open')
    return c.json(sessionView(s, ['setup_intent', 'setup_intent.mandate']))
  })
  app.post('/test/setup-sessions/:id/refuse', (c) => {
    const s = session(c.req.param('id'))
    if (!s) return missing(c, 'checkout.session', c.req.param('id'))
    if (!refuse(s)) return invalid(c, 'session', `The Checkout Session is ${s.status}, not open.`, 'checkout_session_not_open')
    return c.json(sessionView(s))
  })
  /** The customer revokes the mandate at their bank: it becomes `inactive`. */
  app.post('/test/mandates/:id/revoke', (c) => {
    const m = mandates.get(c.req.param('id'))
    if (!m) return missing(c, 'mandate', c.req.param('id'))
    m.status = 'inactive'
    return c.json(mandateView(m))
  })
  /** Settles a processing debit: `?outcome=succeeded` (default) or `failed` (e.g. insufficient funds). */
  app.post('/test/payment_intents/:id/settle', (c) => {
    const pi = intents.get(c.req.param('id'))
    if (!pi) return missing(c, 'payment_intent', c.req.param('id'))
    if (pi.status !== 'processing')
      return invalid(c, 'intent', `The PaymentIntent is ${pi.status}, not processing.`, 'payment_intent_unexpected_state')
    const outcome = c.req.query('outcome') ?? 'succeeded'
    if (outcome === 'succeeded') {
      pi.status = 'succeeded'
      pi.charge.status = 'succeeded'
    } else if (outcome === 'failed') {
      pi.status = 'requires_payment_method'
      pi.charge.status = 'failed'
      pi.last_payment_error = { type: 'card_error', code: 'insufficient_funds', message: 'The account has insufficient funds.' }
    } else return invalid(c, 'outcome', 'outcome must be succeeded or failed')
    return c.json(intentView(pi))
  })
  /** Every off-session PaymentIntent, oldest first (to count debits in tests). */
  app.get('/test/payment_intents', (c) => c.json({ object: 'list', data: [...intents.values()].map(intentView) }))

  return { app }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#30313d}
h1{font-size:1.3rem}.mandate{font-size:.85rem;color:#555}.actions{display:flex;gap:1rem;margin:1rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #635bff;background:#fff;color:#635bff;border-radius:6px;cursor:pointer}
button.pay{background:#635bff;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}
