/**
 * The SEPA Direct Debit mandate slice of the Stripe simulator (providers.md §1.4): Customers,
 * Checkout Sessions in `mode=setup` (their SetupIntent, PaymentMethod and Mandate appear when the
 * customer accepts on the hosted page, mandate-page.ts), SetupIntents and Mandates, and the script
 * hooks that accept, refuse or revoke. Mounted by index.ts after the v1 API's auth and
 * Idempotency-Key middleware, so both apply here; requests for Sessions that are not ours fall
 * through to the payment Sessions of checkout.ts. Written independently of adapters/stripe on purpose.
 * @module
 */

import { Hono } from 'hono'
import { invalidParam, resourceMissing, stripeError } from './api.ts'
import { parseForm, record, str, strings } from './form.ts'
import { DEFAULT_IBAN, type MandateState, type SetupSession } from './mandate-state.ts'
import { customerView, mandateView, sessionView, setupIntentView } from './mandate-views.ts'

export function mandatesApi(state: MandateState): Hono {
  const { nowS, rid, customers } = state
  const app = new Hono()

  app.post('/v1/customers', async (c) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const email = str(f['email']) ?? null
    if (email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
      return invalidParam(c, 'email', `Invalid email address: ${email}`, 'email_invalid')
    const x = { id: rid('cus_'), created: nowS(), name: str(f['name']) ?? null, email, metadata: record(f['metadata']) }
    customers.set(x.id, x)
    return c.json(customerView(x))
  })
  app.get('/v1/customers/:id', (c) => {
    const x = customers.get(c.req.param('id'))
    return x ? c.json(customerView(x)) : resourceMissing(c, 'customer', c.req.param('id'))
  })

  // Setup-mode Sessions are ours; every other mode goes on to the payment Sessions of checkout.ts.
  app.post('/v1/checkout/sessions', async (c, next) => {
    const f = parseForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    if (f['mode'] !== 'setup') {
      await next()
      return
    }
    const customer = str(f['customer'])
    if (!customer) return invalidParam(c, 'customer', 'The simulator needs a `customer` for `mode=setup`.', 'parameter_missing')
    if (!customers.has(customer))
      return stripeError(c, 400, 'invalid_request_error', `No such customer: '${customer}'`, {
        code: 'resource_missing',
        param: 'customer',
      })
    const success = str(f['success_url'])
    if (!success || !URL.canParse(success)) return invalidParam(c, 'success_url', 'Not a valid URL', 'url_invalid')
    const cancel = str(f['cancel_url']) ?? null
    if (cancel !== null && !URL.canParse(cancel)) return invalidParam(c, 'cancel_url', 'Not a valid URL', 'url_invalid')
    const types = strings(f['allowed_payment_method_types'] ?? f['payment_method_types']) ?? []
    if (types.length === 0 && !str(f['currency']))
      return invalidParam(
        c,
        'currency',
        '`currency` is required in setup mode when `allowed_payment_method_types` is not set.',
        'parameter_missing',
      )
    if (types.some((t) => t !== 'sepa_debit'))
      return invalidParam(c, 'allowed_payment_method_types', 'The simulator offers only `sepa_debit` in setup mode.')
    const currency = str(f['currency'])
    if (currency !== undefined && currency !== 'eur') return invalidParam(c, 'currency', 'sepa_debit needs eur')
    const created = nowS()
    const id = rid('cs_test_')
    const url = new URL(c.req.url)
    const prefix = url.pathname.slice(0, -'/v1/checkout/sessions'.length)
    const setupData =
      typeof f['setup_intent_data'] === 'object' && f['setup_intent_data'] !== null
        ? (f['setup_intent_data'] as Record<string, unknown>)
        : {}
    const s: SetupSession = {
      id,
      created,
      expires_at: state.expiresAt(created),
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
    state.addSession(s)
    return c.json(sessionView(state, s))
  })

  const expandOf = (url: string) => strings(parseForm(new URL(url).search.slice(1))['expand']) ?? []

  app.get('/v1/checkout/sessions/:id', async (c, next) => {
    const s = state.session(c.req.param('id'))
    if (!s) {
      await next()
      return
    }
    return c.json(sessionView(state, s, expandOf(c.req.url)))
  })
  app.post('/v1/checkout/sessions/:id/expire', async (c, next) => {
    const s = state.session(c.req.param('id'))
    if (!s) {
      await next()
      return
    }
    if (s.status !== 'open') {
      return stripeError(c, 400, 'invalid_request_error', 'Only Checkout Sessions with a status in ["open"] can be expired.', {
        code: 'checkout_session_not_open',
      })
    }
    s.status = 'expired'
    return c.json(sessionView(state, s))
  })

  app.get('/v1/setup_intents/:id', (c) => {
    const si = state.setupIntents.get(c.req.param('id'))
    return si
      ? c.json(setupIntentView(state, si, expandOf(c.req.url), ''))
      : resourceMissing(c, 'setup_intent', c.req.param('id'), 'intent')
  })
  app.get('/v1/mandates/:id', (c) => {
    const m = state.mandates.get(c.req.param('id'))
    return m ? c.json(mandateView(m)) : resourceMissing(c, 'mandate', c.req.param('id'), 'mandate')
  })

  // Script hooks (no auth, like the rest of /test/*).
  app.post('/test/setup-sessions/:id/accept', async (c) => {
    const s = state.session(c.req.param('id'))
    if (!s) return resourceMissing(c, 'checkout.session', c.req.param('id'))
    const iban = (c.req.query('iban') ?? DEFAULT_IBAN).toUpperCase()
    if (!state.accept(s, iban))
      return invalidParam(c, 'session', `The Checkout Session is ${s.status}, not open.`, 'checkout_session_not_open')
    return c.json(sessionView(state, s, ['setup_intent', 'setup_intent.mandate']))
  })
  app.post('/test/setup-sessions/:id/refuse', (c) => {
    const s = state.session(c.req.param('id'))
    if (!s) return resourceMissing(c, 'checkout.session', c.req.param('id'))
    if (!state.refuse(s)) return invalidParam(c, 'session', `The Checkout Session is ${s.status}, not open.`, 'checkout_session_not_open')
    return c.json(sessionView(state, s))
  })
  /** The customer revokes the mandate at their bank: it becomes `inactive`. */
  app.post('/test/mandates/:id/revoke', (c) => {
    const m = state.mandates.get(c.req.param('id'))
    if (!m) return resourceMissing(c, 'mandate', c.req.param('id'))
    m.status = 'inactive'
    return c.json(mandateView(m))
  })

  return app
}
