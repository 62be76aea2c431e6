/**
 * Wire ↔ domain for Revolut: the exhaustive order-state map, webhook event → hint, the create-order
 * body and the read result (providers.md §2.2–2.5).
 * @module
 */

import type {
  CreatePaymentRequest,
  PaymentMethod,
  ProviderPayment,
  ProviderPaymentStatus,
  WebhookHint,
} from '../../ports/payment-provider.port.ts'
import { toWireAmount } from './amount.ts'
import { isOrderState, type Order, OrderCreation, type OrderState } from './wire.ts'

/**
 * Every documented order state, mapped. `authorised` is pending: with automatic capture (what Varco
 * creates) it is a brief step before `completed`, and the money is not ours yet. `failed` is
 * `unknown` on purpose: the port has no "failed", Revolut uses it both for `expire_pending_after`
 * expiry and for terminal payment failures, and calling it `expired` or `canceled` would claim a
 * cause we cannot see; the raw state is kept and reconciliation decides.
 */
export const ORDER_STATE_MAP: Readonly<Record<OrderState, ProviderPaymentStatus>> = {
  pending: 'pending',
  processing: 'pending',
  authorised: 'pending',
  completed: 'paid',
  cancelled: 'canceled',
  failed: 'unknown',
}

/** An order state string → domain status; values this adapter does not know become `unknown`, never `pending`. */
export function toProviderStatus(raw: string): ProviderPaymentStatus {
  return isOrderState(raw) ? ORDER_STATE_MAP[raw] : 'unknown'
}

/**
 * Order webhook events (`Webhook-Events`) → hint. Payment-attempt events leave the order awaiting
 * payment (a declined attempt can be followed by another), so they hint `pending`; the status is
 * re-read anyway. Anything else (incremental authorisations, subscriptions, payouts, disputes) is `other`.
 */
export const EVENT_HINTS: Readonly<Record<string, ProviderPaymentStatus | 'other'>> = {
  ORDER_COMPLETED: 'paid',
  ORDER_AUTHORISED: 'pending',
  ORDER_CANCELLED: 'canceled',
  ORDER_FAILED: 'unknown',
  ORDER_PAYMENT_AUTHENTICATION_CHALLENGED: 'pending',
  ORDER_PAYMENT_AUTHENTICATED: 'pending',
  ORDER_PAYMENT_DECLINED: 'pending',
  ORDER_PAYMENT_FAILED: 'pending',
  ORDER_INCREMENTAL_AUTHORISATION_AUTHORISED: 'other',
  ORDER_INCREMENTAL_AUTHORISATION_DECLINED: 'other',
  ORDER_INCREMENTAL_AUTHORISATION_FAILED: 'other',
}

export function hintOf(event: string): WebhookHint['hint'] {
  return Object.hasOwn(EVENT_HINTS, event) ? (EVENT_HINTS[event] ?? 'other') : 'other'
}

/** What the hosted page offers (§2.6); enabled per merchant in the Business dashboard. */
export const REVOLUT_METHODS: readonly PaymentMethod[] = [
  { id: 'revolut_pay', label: 'Revolut Pay', recommended: true },
  { id: 'open_banking', label: 'Pay by Bank', recommended: false },
  { id: 'card', label: 'Card (Visa, Mastercard, Amex, Apple Pay, Google Pay)', recommended: false },
  { id: 'sepa_debit', label: 'SEPA Direct Debit', recommended: false },
]

/** Revolut refuses `redirect_url`s whose host is `localhost` or an IP address (§2.2). */
export function isAcceptedRedirect(url: string): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false
  const host = u.hostname
  if (host === 'localhost' || host.endsWith('.localhost')) return false
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return false
  return url.length <= 2000
}

const present = (s: string | null | undefined): s is string => typeof s === 'string' && s.trim() !== ''

/**
 * The create-order body. `merchant_order_data.reference` is our payment id: it is how a retried
 * create finds the first order. A return URL Revolut would refuse (localhost, IP) is left out:
 * the page then ends on Revolut's own confirmation instead of failing the whole create.
 */
export function toOrderCreation(req: CreatePaymentRequest): { ok: true; body: OrderCreation } | { ok: false; reason: string } {
  const amount = toWireAmount(req.amount)
  if (amount === null) return { ok: false, reason: 'amount must be a positive integer of cents' }
  if (req.currency !== 'EUR') return { ok: false, reason: 'only EUR is supported' }
  const email = req.payer.email
  const ret = req.returnUrls?.ok
  const body = {
    amount,
    currency: 'EUR',
    ...(present(req.reason) ? { description: req.reason.slice(0, 1024) } : {}),
    ...(present(email) ? { customer: { email } } : {}),
    merchant_order_data: { reference: req.paymentId },
    ...(ret && isAcceptedRedirect(ret) ? { redirect_url: ret } : {}),
    metadata: { varco_payment_id: req.paymentId.slice(0, 500), tenant_id: req.creditor.tenantId.slice(0, 500) },
  }
  const parsed = OrderCreation.safeParse(body)
  if (!parsed.success) {
    const reason = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`)
      .join('; ')
    return { ok: false, reason }
  }
  return { ok: true, body: parsed.data }
}

function date(s: string | null | undefined): Date | null {
  if (!s) return null
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? null : d
}

/** Payment states that mean the money was taken (`Payment-State-v2`). */
const SETTLED_PAYMENT_STATES = new Set(['completed', 'captured'])

/**
 * `Order-v7` → domain. When paid, the transaction is the payment that completed the order and the
 * paid date its last update (falling back to the order's `completed_at` / `updated_at`).
 */
export function toProviderPayment(order: Order): ProviderPayment {
  const status = toProviderStatus(order.state)
  if (status !== 'paid') return { status, paidAt: null, transactionId: null, rawStatus: order.state }
  const payment = (order.payments ?? []).find((p) => SETTLED_PAYMENT_STATES.has(p.state))
  return {
    status,
    paidAt: date(payment?.updated_at) ?? date(order.completed_at) ?? date(order.updated_at),
    transactionId: payment?.id ?? null,
    rawStatus: order.state,
  }
}
