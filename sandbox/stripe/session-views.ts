/**
 * A payment-mode Checkout Session as Stripe returns it (`checkout.session`), with `expand[]` of
 * `payment_intent`, `payment_intent.latest_charge`, `payment_intent.payment_method` and `line_items`.
 * The method the customer used shows in the PaymentIntent's `payment_method` (its `type`) and in
 * the charge's `payment_method_details.type`; `payment_method_types` lists what was offered.
 * @module
 */

import type { Intent, Session } from './session.ts'

type Json = Record<string, unknown>

const methodDetails = (m: Intent['method']): Json =>
  m.type === 'card'
    ? { card: { brand: 'visa', last4: m.last4, country: m.country, exp_month: 12, exp_year: 2034 } }
    : { sepa_debit: { last4: m.last4, country: m.country, bank_code: '37040044', mandate: m.mandate } }

const chargeView = (pi: Intent): Json => ({
  id: pi.charge.id,
  object: 'charge',
  created: pi.charge.created,
  status: pi.charge.status,
  paid: pi.charge.status === 'succeeded',
  payment_method: pi.method.id,
  payment_method_details: { type: pi.method.type, ...methodDetails(pi.method) },
})

const paymentMethodView = (m: Intent['method']): Json => ({ id: m.id, object: 'payment_method', type: m.type, ...methodDetails(m) })

/** The Session's `payment_intent`, expanded; `expand` may name `latest_charge` and `payment_method` (without the prefix). */
export function intentView(s: Session, expand: readonly string[]): Json | null {
  const pi = s.payment_intent
  return (
    pi && {
      id: pi.id,
      object: 'payment_intent',
      amount: s.amount_total,
      amount_received: pi.status === 'succeeded' ? s.amount_total : 0,
      currency: s.currency,
      created: pi.created,
      status: pi.status,
      metadata: s.pi_metadata,
      payment_method_types: s.methods,
      payment_method: expand.includes('payment_method') ? paymentMethodView(pi.method) : pi.method.id,
      latest_charge: expand.includes('latest_charge') ? chargeView(pi) : pi.charge.id,
      last_payment_error: pi.last_payment_error,
    }
  )
}

const lineItems = (s: Session): Json => ({
  object: 'list',
  has_more: false,
  url: `/v1/checkout/sessions/${s.id}/line_items`,
  data: [
    {
      id: `li_${s.id.slice(-24)}`,
      object: 'item',
      amount_subtotal: s.amount_total,
      amount_total: s.amount_total,
      currency: s.currency,
      description: s.name,
      quantity: s.line.quantity,
      price: {
        id: s.line.price,
        object: 'price',
        unit_amount: s.line.unit_amount,
        currency: s.currency,
        product: s.line.product,
        type: 'one_time',
      },
    },
  ],
})

/** The `checkout.session` object, with `payment_intent` (and its charge and method) and `line_items` expanded on request. */
export const sessionView = (s: Session, expand: readonly string[] = []): Json => ({
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
    ? intentView(
        s,
        expand.filter((e) => e.startsWith('payment_intent.')).map((e) => e.slice('payment_intent.'.length)),
      )
    : (s.payment_intent?.id ?? null),
  ...(expand.includes('line_items') ? { line_items: lineItems(s) } : {}),
})
