/**
 * Script hooks of the payment Sessions (no auth, like the rest of `/test/*`): pay by card or by
 * SEPA Direct Debit, settle a SEPA debit, and read the signed events of a Session.
 * @module
 */

import { Hono } from 'hono'
import { cardDeclined, invalidParam, stripeError } from './api.ts'
import { missingSession } from './checkout.ts'
import { DECLINED_TEST_CARD } from './credentials.ts'
import { type PayMethod, TEST_IBAN } from './session.ts'
import type { CheckoutState } from './state.ts'
import type { SignedEvent } from './webhooks.ts'

const EXPAND = ['payment_intent', 'payment_intent.latest_charge', 'payment_intent.payment_method']

export function sessionHooks(state: CheckoutState, signed: (sessionId: string) => Promise<SignedEvent[]>): Hono {
  const app = new Hono()

  /**
   * The customer pays: by card (no `method`, as before SEPA existed here, whatever the Session offers;
   * `?card=4000000000000002` is declined and the Session stays open), or with `?method=card|sepa_debit`,
   * which must be one the Session offers (`sepa_debit[&iban=…]`: complete, `unpaid`, PaymentIntent `processing`).
   */
  app.post('/test/sessions/:id/pay', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return missingSession(c, c.req.param('id'))
    const asked = c.req.query('method')
    const method = asked ?? 'card'
    if (asked !== undefined && !s.methods.includes(asked))
      return invalidParam(c, 'method', `The Checkout Session offers ${s.methods.join(', ')}, not ${method}.`, 'payment_method_unavailable')
    if (method === 'card' && c.req.query('card') === DECLINED_TEST_CARD && s.status === 'open') return cardDeclined(c)
    const iban = (c.req.query('iban') ?? TEST_IBAN).replace(/\s+/g, '').toUpperCase()
    if (!state.pay(s, method as PayMethod, iban))
      return stripeError(c, 400, 'invalid_request_error', `The Checkout Session is ${s.status}, not open.`)
    return c.json(state.view(s, EXPAND))
  })

  /** The bank's answer on a SEPA debit: `?outcome=succeeded` (default) or `failed`. */
  app.post('/test/sessions/:id/settle', (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return missingSession(c, c.req.param('id'))
    const outcome = c.req.query('outcome') ?? 'succeeded'
    if (outcome !== 'succeeded' && outcome !== 'failed') return invalidParam(c, 'outcome', 'outcome must be succeeded or failed')
    if (!state.settle(s, outcome)) {
      const now = s.payment_intent?.status ?? 'not paid'
      return invalidParam(c, 'session', `The Checkout Session's payment is ${now}, not processing.`, 'payment_intent_unexpected_state')
    }
    return c.json(state.view(s, EXPAND))
  })

  // The webhook deliveries Stripe would make for a Session: POST each `payload` with `Stripe-Signature: header`.
  app.get('/sandbox-events/:id', async (c) => {
    const s = state.find(c.req.param('id'))
    if (!s) return missingSession(c, c.req.param('id'))
    return c.json({ object: 'list', data: await signed(s.id) })
  })

  return app
}
