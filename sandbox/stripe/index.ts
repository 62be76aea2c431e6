/**
 * Stripe simulator, mounted at `/sandbox/stripe`: the slice of Stripe's v1 wire format the adapter
 * uses (providers.md §1): form-encoded bodies, Bearer secret-key auth, Idempotency-Key replay,
 * Checkout Sessions create / retrieve (with `expand[]`) / expire, one-time Prices, a hosted page
 * paying by card or SEPA Direct Debit (settled later), the signed webhook events Stripe would send,
 * pushed to webhook endpoints with retries (deliveries.ts), and the SEPA mandate slice (setup
 * Sessions, off-session PaymentIntents). Every `sk_test_sandbox_<name>` key is an account of its own:
 * payment Sessions and webhook endpoints belong to the account that created them, its events are
 * signed with `whsec_sandbox_<name>` (prices, customers and the mandate slice are shared). In-memory,
 * one instance per sandbox.
 * Written independently of adapters/stripe on purpose.
 * @module
 */

import { Hono } from 'hono'
import { simulatedDelay } from '../shared/hooks.ts'
import { PAGE_HEADERS } from '../shared/html.ts'
import type { Simulator } from '../types.ts'
import { accountOf, idempotencyKeys, responseHeaders, secretKeyAuth } from './api.ts'
import { checkoutApi } from './checkout.ts'
import { controlApi, type StripeSimControl, simulatorControl } from './control.ts'
import { DECLINED_TEST_CARD, SANDBOX_STRIPE } from './credentials.ts'
import { webhookSender } from './deliveries.ts'
import { endpointState, endpointsApi, type WebhookEndpointConfig } from './endpoints.ts'
import { sessionHooks } from './hooks.ts'
import { stripeIds } from './ids.ts'
import { mandatePage } from './mandate-page.ts'
import { mandateState } from './mandate-state.ts'
import { mandatesApi } from './mandates.ts'
import { checkoutPage, page } from './page.ts'
import { paymentIntentsApi } from './payment-intents.ts'
import { priceState, pricesApi } from './prices.ts'
import { checkoutState } from './state.ts'
import { signEvents } from './webhooks.ts'

/** Test hooks honoured: delay, and decline (a Session create answers 402 `card_error` / `card_declined`). */
export { SIM_DECLINE_HEADER, SIM_DELAY_HEADER } from '../shared/hooks.ts'
export type { StripeSimControl } from './control.ts'
export { DECLINED_TEST_CARD, SANDBOX_PACKAGE_PRODUCT, SANDBOX_STRIPE, type StripeAccount, stripeAccountOf } from './credentials.ts'
export { type DeliveryFault, MAX_ATTEMPTS, RETRY_BASE_MS, type WebhookAttempt } from './deliveries.ts'
export type { WebhookEndpointConfig } from './endpoints.ts'
export { TEST_IBAN } from './session.ts'
export { type SignedEvent, signStripePayload } from './webhooks.ts'

const DESCRIPTION = 'Stripe Checkout Sessions (v1, form-encoded) with a hosted page, prices, and signed webhooks pushed to endpoints.'

export type StripeSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
  /** Webhook endpoints the simulator has from the start (the sandbox's: `<public url>/billing/webhook`). */
  readonly webhookEndpoints?: readonly WebhookEndpointConfig[]
  /** How webhook deliveries are posted (default: the global fetch); the sandbox hands `<public url>/…` to the gateway in-process. */
  readonly callbackFetch?: typeof fetch
  /** Per delivery attempt (default 10000). */
  readonly callbackTimeoutMs?: number
}

export type StripeSimulator = Simulator & { readonly control: StripeSimControl }

export function stripeSimulator(options: StripeSimOptions = {}): StripeSimulator {
  const now = options.clock ?? (() => new Date())
  const ids = stripeIds(now, options.newId ?? (() => crypto.randomUUID()))
  const endpoints = endpointState(ids, options.webhookEndpoints)
  const sender = webhookSender(endpoints, {
    now,
    fetch: options.callbackFetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.callbackTimeoutMs ?? 10_000,
  })
  const state = checkoutState(ids, sender.enqueue)
  const prices = priceState(ids)
  const mandates = mandateState(ids)
  const signed = (sessionId: string) => signEvents(state.events(sessionId), ids.nowS())
  const control = simulatorControl(state, sender, signed)
  const app = new Hono()

  // Test hook first; due webhooks go out before each request and those it caused right after it; then the v1 API's envelope.
  app.use('*', simulatedDelay)
  app.use('*', async (_c, next) => {
    await control.tick()
    await next()
    await sender.deliverDue()
  })
  app.use('/v1/*', secretKeyAuth)
  app.use('/v1/*', idempotencyKeys())
  app.use('/v1/*', responseHeaders(ids.rid))
  // Every sandbox key is an account of its own (credentials.ts): which one a key opens.
  app.get('/v1/account', (c) => c.json({ id: accountOf(c).id, object: 'account', country: 'IT', default_currency: 'eur' }))
  // SEPA mandates first: setup-mode Sessions are theirs, the rest falls through to checkout.ts.
  app.route('/', mandatesApi(mandates))
  app.route('/', paymentIntentsApi(mandates))
  app.route('/', mandatePage(mandates))
  app.route('/', pricesApi(prices, ids))
  app.route('/', endpointsApi(endpoints))
  app.route('/', checkoutApi(state, prices, ids))
  app.route('/', checkoutPage(state))
  app.route('/', sessionHooks(state, signed))
  app.route('/', controlApi(control, sender.faults))

  const about =
    () => `<p>Secret key: <code>${SANDBOX_STRIPE.secretKey}</code> (<code>Authorization: Bearer …</code>; any <code>sk_test_sandbox_&lt;name&gt;</code> is another account, <code>GET /v1/account</code> says which, its webhook secret is <code>whsec_sandbox_&lt;name&gt;</code>); webhook secret <code>${SANDBOX_STRIPE.webhookSecret}</code>; price <code>${SANDBOX_STRIPE.packagePrice}</code> (150,00 €).</p>
<ul><li><code>POST /v1/checkout/sessions</code> (form-encoded, <code>Idempotency-Key</code> replayed; <code>line_items[0][price]</code> or <code>[price_data]</code>)</li>
<li><code>GET /v1/checkout/sessions</code> (the account's); <code>GET /v1/checkout/sessions/{id}[?expand[]=payment_intent.latest_charge&amp;expand[]=payment_intent.payment_method&amp;expand[]=line_items]</code></li>
<li><code>POST /v1/checkout/sessions/{id}/expire</code>; <code>POST /v1/prices</code>, <code>GET /v1/prices/{id}</code>, <code>GET /v1/products/{id}</code></li>
<li><code>GET /pay/{id}</code>: the hosted page (card or SEPA debit); <code>POST /test/sessions/{id}/pay[?method=sepa_debit]</code> pays it (scripts; <code>?card=${DECLINED_TEST_CARD}</code> is declined), <code>POST /test/sessions/{id}/settle?outcome=succeeded|failed</code> settles a SEPA debit</li>
<li>Webhooks: <code>POST|GET /v1/webhook_endpoints</code>, <code>GET|POST|DELETE /v1/webhook_endpoints/{id}</code>; every event is pushed, signed with the endpoint's secret; <code>GET /sandbox-events/{id}</code>: the signed events of a Session; <code>POST /_control/tick</code>, <code>GET /_control/deliveries</code>, <code>POST|DELETE /_control/deliveries/faults</code></li>
<li>SEPA mandates: <code>POST /v1/customers</code>, <code>POST /v1/checkout/sessions</code> with <code>mode=setup</code> (page <code>GET /setup/{id}</code>), <code>POST|GET /v1/payment_intents</code> (off-session); hooks <code>POST /test/setup-sessions/{id}/accept|refuse</code>, <code>POST /test/mandates/{id}/revoke</code>, <code>POST /test/payment_intents/{id}/settle?outcome=succeeded|failed</code>, <code>GET /test/payment_intents</code></li></ul>
<p>${state.size()} Checkout Sessions, ${endpoints.endpoints.size} webhook endpoints in memory.</p>`
  app.get('/', (c) => c.html(page('Stripe simulator', about()), 200, PAGE_HEADERS))

  return { name: 'stripe', description: DESCRIPTION, app, control }
}
