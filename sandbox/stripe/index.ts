/**
 * Stripe simulator, mounted at `/sandbox/stripe`: the slice of Stripe's v1 wire format the adapter
 * uses (providers.md §1): form-encoded bodies, Bearer secret-key auth, Idempotency-Key replay,
 * Checkout Sessions create / retrieve (with `expand[]`) / expire, a hosted page with Pay and Cancel,
 * the signed webhook events Stripe would send, and the SEPA mandate slice (setup Sessions,
 * off-session PaymentIntents). In-memory, one instance per sandbox.
 * Written independently of adapters/stripe on purpose.
 * @module
 */

import { Hono } from 'hono'
import { simulatedDelay } from '../shared/hooks.ts'
import { PAGE_HEADERS } from '../shared/html.ts'
import type { Simulator } from '../types.ts'
import { cardDeclined, idempotencyKeys, responseHeaders, secretKeyAuth, stripeError } from './api.ts'
import { checkoutApi, missingSession } from './checkout.ts'
import { DECLINED_TEST_CARD, SANDBOX_STRIPE } from './credentials.ts'
import { stripeIds } from './ids.ts'
import { mandatePage } from './mandate-page.ts'
import { mandateState } from './mandate-state.ts'
import { mandatesApi } from './mandates.ts'
import { checkoutPage, page } from './page.ts'
import { paymentIntentsApi } from './payment-intents.ts'
import { checkoutState } from './state.ts'
import { type SignedEvent, signEvents } from './webhooks.ts'

/** Test hooks honoured: delay, and decline (a Session create answers 402 `card_error` / `card_declined`). */
export { SIM_DECLINE_HEADER, SIM_DELAY_HEADER } from '../shared/hooks.ts'
export { DECLINED_TEST_CARD, SANDBOX_STRIPE } from './credentials.ts'
export { type SignedEvent, signStripePayload } from './webhooks.ts'

const DESCRIPTION = 'Stripe Checkout Sessions (v1, form-encoded) with a hosted page and signed webhook events.'

export type StripeSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
}

export type StripeSimControl = {
  /** A snapshot of every Checkout Session (tests and the index page). */
  readonly sessions: () => ReadonlyArray<{ id: string; status: string; payment_status: string; amount_total: number }>
  /** The events emitted for a Session, each signed now with the sandbox webhook secret. */
  readonly events: (sessionId: string) => Promise<SignedEvent[]>
}

export type StripeSimulator = Simulator & { readonly control: StripeSimControl }

export function stripeSimulator(options: StripeSimOptions = {}): StripeSimulator {
  const ids = stripeIds(options.clock ?? (() => new Date()), options.newId ?? (() => crypto.randomUUID()))
  const state = checkoutState(ids)
  const mandates = mandateState(ids)
  const signed = (sessionId: string) => signEvents(state.events(sessionId), ids.nowS())
  const app = new Hono()

  // Test hook first, then the v1 API's envelope.
  app.use('*', simulatedDelay)
  app.use('/v1/*', secretKeyAuth)
  app.use('/v1/*', idempotencyKeys())
  app.use('/v1/*', responseHeaders(ids.rid))
  // SEPA mandates first: setup-mode Sessions are theirs, the rest falls through to checkout.ts.
  app.route('/', mandatesApi(mandates))
  app.route('/', paymentIntentsApi(mandates))
  app.route('/', mandatePage(mandates))
  app.route('/', checkoutApi(state, ids))
  app.route('/', checkoutPage(state))

  // Script hook: the customer pays the Session by card (`?card=4000000000000002` is declined; the Session stays open).
  app.post('/test/sessions/:id/pay', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return missingSession(c, c.req.param('id'))
    if (c.req.query('card') === DECLINED_TEST_CARD && s.status === 'open') return cardDeclined(c)
    if (!state.pay(s)) return stripeError(c, 400, 'invalid_request_error', `The Checkout Session is ${s.status}, not open.`)
    return c.json(state.view(s, ['payment_intent', 'payment_intent.latest_charge']))
  })

  // The webhook deliveries Stripe would make for a Session: POST each `payload` with `Stripe-Signature: header`.
  app.get('/sandbox-events/:id', async (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return missingSession(c, c.req.param('id'))
    return c.json({ object: 'list', data: await signed(s.id) })
  })

  const about =
    () => `<p>Secret key: <code>${SANDBOX_STRIPE.secretKey}</code> (<code>Authorization: Bearer …</code>); webhook secret <code>${SANDBOX_STRIPE.webhookSecret}</code>.</p>
<ul><li><code>POST /v1/checkout/sessions</code> (form-encoded, <code>Idempotency-Key</code> replayed)</li>
<li><code>GET /v1/checkout/sessions/{id}[?expand[]=payment_intent.latest_charge]</code></li>
<li><code>POST /v1/checkout/sessions/{id}/expire</code></li>
<li><code>GET /pay/{id}</code>: the hosted page; <code>POST /test/sessions/{id}/pay</code> pays it (scripts; <code>?card=${DECLINED_TEST_CARD}</code> is declined)</li>
<li><code>GET /sandbox-events/{id}</code>: the signed webhook events of a Session</li>
<li>SEPA mandates: <code>POST /v1/customers</code>, <code>POST /v1/checkout/sessions</code> with <code>mode=setup</code> (page <code>GET /setup/{id}</code>), <code>POST|GET /v1/payment_intents</code> (off-session); hooks <code>POST /test/setup-sessions/{id}/accept|refuse</code>, <code>POST /test/mandates/{id}/revoke</code>, <code>POST /test/payment_intents/{id}/settle?outcome=succeeded|failed</code>, <code>GET /test/payment_intents</code></li></ul>
<p>${state.size()} Checkout Sessions in memory.</p>`
  app.get('/', (c) => c.html(page('Stripe simulator', about()), 200, PAGE_HEADERS))

  const control: StripeSimControl = {
    sessions: () =>
      state.all().map((s) => ({ id: s.id, status: s.status, payment_status: s.payment_status, amount_total: s.amount_total })),
    events: signed,
  }
  return { name: 'stripe', description: DESCRIPTION, app, control }
}
