/**
 * Wire ↔ domain for Example: the exhaustive status table, the create body, the read result, the
 * webhook event → hint table and the methods offered.
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
import { type ExamplePayment, type ExampleStatus, isExampleStatus, PaymentCreation } from './wire.ts'

/** Every documented status, mapped; `processing` is pending: the money is not ours yet. */
export const STATUS_MAP: Readonly<Record<ExampleStatus, ProviderPaymentStatus>> = {
  open: 'pending',
  processing: 'pending',
  succeeded: 'paid',
  canceled: 'canceled',
  expired: 'expired',
}

export const toProviderStatus = (raw: string): ProviderPaymentStatus => (isExampleStatus(raw) ? STATUS_MAP[raw] : 'unknown')

/** Webhook event types → hint (the status is re-read anyway); anything else is `other`. */
export const EVENT_HINTS: Readonly<Record<string, ProviderPaymentStatus>> = {
  'payment.succeeded': 'paid',
  'payment.canceled': 'canceled',
  'payment.expired': 'expired',
}

export const hintOf = (type: string): WebhookHint['hint'] => (Object.hasOwn(EVENT_HINTS, type) ? (EVENT_HINTS[type] ?? 'other') : 'other')

export const EXAMPLE_METHODS: readonly PaymentMethod[] = [{ id: 'card', label: 'Carta di pagamento', recommended: true }]

/** The create body, or why the request cannot be sent. Our payment id is the reference (idempotency, webhooks). */
export function toCreation(req: CreatePaymentRequest): { ok: true; body: PaymentCreation } | { ok: false; reason: string } {
  const amount = toWireAmount(req.amount)
  if (amount === null) return { ok: false, reason: `amount ${req.amount} cannot be paid with Example` }
  const body = PaymentCreation.safeParse({
    amount,
    currency: req.currency,
    description: req.reason.slice(0, 255),
    reference: req.paymentId,
    ...(req.returnUrls ? { return_url: req.returnUrls.ok } : {}),
  })
  return body.success ? { ok: true, body: body.data } : { ok: false, reason: body.error.issues.map((i) => i.message).join('; ') }
}

export function toProviderPayment(p: ExamplePayment): ProviderPayment {
  const status = toProviderStatus(p.status)
  return {
    status,
    paidAt: status === 'paid' && p.paid_at ? new Date(p.paid_at) : null,
    transactionId: status === 'paid' ? p.transaction_id : null,
    rawStatus: p.status,
  }
}
