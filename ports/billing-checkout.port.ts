/**
 * How a tenant pays an onboarding package online (Agile billing): a hosted checkout session at the
 * payment provider (Stripe Checkout, card and SEPA Direct Debit), read back as the source of
 * truth, and the provider's signed webhooks as hints. In domain words: no SDK type crosses it.
 * @module
 */

import type { PackageNumber } from '../core/billing/model.ts'
import type { Outcome, WebhookFailure, WebhookInput } from './payment-provider.port.ts'

export type BillingCheckoutRequest = {
  readonly tenantId: string
  readonly packageNumber: PackageNumber
  /** Used when no `priceId` is configured: an inline one-time price. */
  readonly amountCents: number
  /** A provider price (`STRIPE_PRICE_PACKAGE`), or null for the inline price. */
  readonly priceId: string | null
  readonly productName: string
  readonly successUrl: string
  readonly cancelUrl: string
  readonly customerEmail: string | null
  /** The same key gives the same session (a double click, a retried request). */
  readonly idempotencyKey: string
}

export type BillingSession = {
  readonly id: string
  readonly status: 'open' | 'complete' | 'expired'
  /** The money arrived (card at once; SEPA when the debit settles). */
  readonly paid: boolean
  /** A delayed payment (SEPA) that failed after the session completed: the package can be paid again. */
  readonly failed: boolean
  /** How the customer paid, once known. */
  readonly method: 'card' | 'sepa_debit' | null
  /** The hosted page while open. */
  readonly url: string | null
  /** Whom the session was opened for (client_reference_id / metadata), as sent by us. */
  readonly tenantId: string | null
  readonly packageNumber: number | null
  readonly amountCents: number
  /** The provider's payment reference (PaymentIntent id) once there is one. */
  readonly paymentRef: string | null
  /** When the payment succeeded, if it did. */
  readonly paidAt: Date | null
}

/** A verified webhook, reduced to what billing needs. The event id is the dedupe key. */
export type BillingEvent = {
  readonly dedupeKey: string
  readonly type: string
  /** The Checkout Session it is about; null for events about anything else. */
  readonly sessionId: string | null
}

export interface BillingCheckout {
  createSession(req: BillingCheckoutRequest): Promise<Outcome<{ readonly id: string; readonly url: string }>>
  readSession(id: string): Promise<Outcome<BillingSession>>
  verifyWebhook(
    input: WebhookInput,
  ): Promise<{ readonly ok: true; readonly value: BillingEvent } | { readonly ok: false; readonly error: WebhookFailure }>
}
