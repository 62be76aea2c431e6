/**
 * Wire ↔ domain for Stripe Checkout: the create params of a one-line-item payment Session, the
 * exhaustive Session/PaymentIntent status map and webhook event → hint (providers.md §1.2, §1.4, §4.6).
 * https://docs.stripe.com/api/checkout/sessions/object
 * @module
 */

import type Stripe from 'stripe'
import type { CreatePaymentRequest, ProviderPayment, ProviderPaymentStatus, WebhookHint } from '../../ports/payment-provider.port.ts'
import { isOneOf } from '../shared/wire.ts'
import { toStripeAmount, toStripeCurrency } from './amount.ts'
import { CHARGE_ID_KEY } from './mandate-map.ts'
import {
  type Event,
  isIntentStatus,
  PaymentIntent,
  type PaymentIntentStatus,
  SESSION_PAYMENT_STATUSES,
  SESSION_STATUSES,
  Session,
  type SessionPaymentStatus,
  type SessionStatus,
} from './wire.ts'

/** The metadata key carrying our payment id on the Session and its PaymentIntent. */
export const PAYMENT_ID_KEY = 'varco_payment_id'
export const TENANT_ID_KEY = 'varco_tenant_id'

/** The payment methods pinned on every Session unless the config says otherwise. */
export const DEFAULT_METHOD_TYPES = ['card', 'sepa_debit'] as const
export type StripeMethodType = (typeof DEFAULT_METHOD_TYPES)[number]

/**
 * Session status × payment status, every pair mapped. `complete` + `unpaid` is a delayed method
 * (SEPA Direct Debit) still being processed: pending, refined by the PaymentIntent below.
 * Pairs Stripe should never produce are `unknown`, never guessed.
 */
export const SESSION_STATUS_MAP: Readonly<Record<SessionStatus, Readonly<Record<SessionPaymentStatus, ProviderPaymentStatus>>>> = {
  open: { unpaid: 'pending', paid: 'unknown', no_payment_required: 'unknown' },
  complete: { paid: 'paid', no_payment_required: 'paid', unpaid: 'pending' },
  expired: { unpaid: 'expired', paid: 'unknown', no_payment_required: 'unknown' },
}

/**
 * For a `complete` + `unpaid` Session only: what its PaymentIntent says. A failed SEPA debit leaves
 * the PI at `requires_payment_method`; there is no domain "failed", so it is `unknown` (reconcile).
 */
export const ASYNC_INTENT_MAP: Readonly<Record<PaymentIntentStatus, ProviderPaymentStatus>> = {
  processing: 'pending',
  requires_action: 'pending',
  requires_confirmation: 'pending',
  requires_capture: 'unknown', // we never create manual-capture intents
  succeeded: 'paid',
  requires_payment_method: 'unknown',
  canceled: 'unknown',
}

const isSessionStatus = isOneOf(SESSION_STATUSES)
const isSessionPaymentStatus = isOneOf(SESSION_PAYMENT_STATUSES)

/**
 * The domain status of a Session. An `expired` Session whose `expires_at` is still in the future
 * was expired ahead of time (by our cancel, or from the Dashboard): that is `canceled`.
 */
export function toProviderStatus(s: Session, now: Date): ProviderPaymentStatus {
  if (!isSessionStatus(s.status) || !isSessionPaymentStatus(s.payment_status)) return 'unknown'
  const base = SESSION_STATUS_MAP[s.status][s.payment_status]
  if (base === 'expired' && s.expires_at != null && s.expires_at * 1000 > now.getTime()) return 'canceled'
  if (s.status === 'complete' && s.payment_status === 'unpaid') {
    const pi = intentOf(s)
    if (pi === null) return typeof s.payment_intent === 'string' ? 'pending' : 'unknown'
    return isIntentStatus(pi.status) ? ASYNC_INTENT_MAP[pi.status] : 'unknown'
  }
  return base
}

/** The expanded PaymentIntent of a Session, or null when absent or only an id. */
export function intentOf(s: Session): PaymentIntent | null {
  return typeof s.payment_intent === 'object' && s.payment_intent !== null ? s.payment_intent : null
}

const intentId = (s: Session): string | null => (typeof s.payment_intent === 'string' ? s.payment_intent : (intentOf(s)?.id ?? null))

/** `open/unpaid`, `complete/unpaid/processing`: the raw statuses, for logs and reconciliation. */
export function rawStatusOf(s: Session): string {
  const pi = intentOf(s)
  return [s.status ?? 'null', s.payment_status, ...(pi ? [pi.status] : [])].join('/')
}

/** The read result: when paid, the PaymentIntent id is the transaction and its latest charge's time the payment date. */
export function toProviderPayment(s: Session, now: Date): ProviderPayment {
  const status = toProviderStatus(s, now)
  const pi = intentOf(s)
  const charge = typeof pi?.latest_charge === 'object' ? pi.latest_charge : null
  const paidSec = status === 'paid' ? (charge?.created ?? pi?.created ?? null) : null
  return {
    status,
    paidAt: paidSec === null ? null : new Date(paidSec * 1000),
    transactionId: status === 'paid' ? intentId(s) : null,
    rawStatus: rawStatusOf(s),
  }
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== ''

/** The create params of a one-time payment Session for `req`, or why Stripe could not take it. */
export function toSessionParams(
  req: CreatePaymentRequest,
  methods: readonly StripeMethodType[] = DEFAULT_METHOD_TYPES,
): { ok: true; params: Stripe.Checkout.SessionCreateParams } | { ok: false; reason: string } {
  const amount = toStripeAmount(req.amount)
  if (amount === null) return { ok: false, reason: 'amount must be between 50 and 99999999 cents for Stripe' }
  if (!req.returnUrls) return { ok: false, reason: 'Stripe Checkout needs return URLs at creation' }
  if (methods.length === 0) return { ok: false, reason: 'no payment method types configured' }
  const metadata = { [PAYMENT_ID_KEY]: req.paymentId, [TENANT_ID_KEY]: req.creditor.tenantId }
  const name = present(req.reason) ? req.reason.slice(0, 250) : `Pagamento ${req.paymentId}`
  return {
    ok: true,
    params: {
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: toStripeCurrency(req.currency), unit_amount: amount, product_data: { name } } }],
      // API 2026-10-28.endive: `payment_method_types` is gone from create; this filters the dynamic set.
      allowed_payment_method_types: [...methods],
      success_url: req.returnUrls.ok,
      cancel_url: req.returnUrls.cancel,
      client_reference_id: req.paymentId,
      metadata,
      payment_intent_data: { metadata, description: name },
      ...(present(req.payer.email) ? { customer_email: req.payer.email } : {}),
      locale: 'it',
    },
  }
}

/** Session events → hint. async_payment_failed has no domain status: `unknown` makes the core re-read. */
const SESSION_EVENT_HINTS: Readonly<Record<string, ProviderPaymentStatus>> = {
  'checkout.session.async_payment_succeeded': 'paid',
  'checkout.session.async_payment_failed': 'unknown',
}

/** PaymentIntent events → hint. */
export const INTENT_EVENT_HINTS: Readonly<Record<string, ProviderPaymentStatus>> = {
  'payment_intent.created': 'pending',
  'payment_intent.processing': 'pending',
  'payment_intent.requires_action': 'pending',
  'payment_intent.succeeded': 'paid',
  'payment_intent.payment_failed': 'unknown',
  'payment_intent.canceled': 'canceled',
}

const metaOf = (o: Record<string, unknown>): Record<string, unknown> =>
  typeof o['metadata'] === 'object' && o['metadata'] !== null ? (o['metadata'] as Record<string, unknown>) : {}
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

/** A verified event → the hint the core acts on (after re-reading the Session). */
export function toWebhookHint(event: Event): { ok: true; value: WebhookHint } | { ok: false; reason: string } {
  const object = event.data.object
  const base = { dedupeKey: event.id }
  if (event.type.startsWith('checkout.session.')) {
    const parsed = Session.safeParse(object)
    if (!parsed.success) return { ok: false, reason: `${event.type} without a checkout.session object` }
    const s = parsed.data
    const paymentId = str(s.metadata?.[PAYMENT_ID_KEY]) ?? str(s.client_reference_id)
    let hint: ProviderPaymentStatus | 'other' = SESSION_EVENT_HINTS[event.type] ?? 'other'
    // completed / expired carry the Session snapshot: map it as a read would, as of the event's time.
    if (event.type === 'checkout.session.completed' || event.type === 'checkout.session.expired') {
      hint = toProviderStatus(s, new Date(event.created * 1000))
    }
    return { ok: true, value: { ...base, providerRef: s.id, paymentId, hint } }
  }
  if (event.type.startsWith('payment_intent.')) {
    const parsed = PaymentIntent.safeParse(object)
    if (!parsed.success) return { ok: false, reason: `${event.type} without a payment_intent object` }
    // A Checkout payment carries our payment id; an off-session SEPA charge (mandates.ts) its charge id,
    // and its PaymentIntent id is the charge's provider reference.
    const meta = metaOf(object)
    const paymentId = str(meta[PAYMENT_ID_KEY]) ?? str(meta[CHARGE_ID_KEY])
    return { ok: true, value: { ...base, providerRef: parsed.data.id, paymentId, hint: INTENT_EVENT_HINTS[event.type] ?? 'other' } }
  }
  return { ok: true, value: { ...base, providerRef: null, paymentId: null, hint: 'other' } }
}
