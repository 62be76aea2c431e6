/**
 * Stripe Checkout for Agile billing (ports/billing-checkout.port.ts): one payment-mode Session per
 * package checkout (a configured Price, or an inline one-time price), card and SEPA Direct Debit,
 * the tenant and package in `client_reference_id` and metadata, the caller's Idempotency-Key;
 * read back with the PaymentIntent and its payment method expanded; webhooks verified on the raw
 * body with the endpoint secret. https://docs.stripe.com/payments/checkout/how-checkout-works
 * @module
 */

import { z } from 'zod'
import type { BillingCheckout, BillingCheckoutRequest, BillingSession } from '../../ports/billing-checkout.port.ts'
import type { Outcome } from '../../ports/payment-provider.port.ts'
import { ok } from '../shared/outcome.ts'
import { createStripeClient, readSent, type Sent } from './client.ts'
import { verifyStripeEvent } from './webhook.ts'

export type StripeBillingConfig = {
  /** API root without `/v1` (the sandbox's `http://host/sandbox/stripe`). */
  readonly baseUrl: string
  readonly secretKey: string
  readonly webhookSecret: string
  readonly fetch: typeof fetch
  readonly timeoutMs?: number
}

export const BILLING_TENANT_KEY = 'varco_tenant_id'
export const BILLING_PACKAGE_KEY = 'varco_package'

const PaymentMethod = z.object({ type: z.string() })
const Intent = z.object({
  id: z.string(),
  status: z.string(),
  created: z.number().int().nullish(),
  payment_method: z.union([z.string(), PaymentMethod]).nullish(),
  payment_method_types: z.array(z.string()).nullish(),
  latest_charge: z.union([z.string(), z.object({ id: z.string(), created: z.number().int() })]).nullish(),
})
const BillingSessionWire = z.object({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  status: z.string().nullable(),
  payment_status: z.string(),
  url: z.string().nullish(),
  amount_total: z.number().int().nullish(),
  client_reference_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  payment_intent: z.union([z.string(), Intent]).nullish(),
})
type Wire = z.infer<typeof BillingSessionWire>

const EXPAND = ['payment_intent', 'payment_intent.payment_method', 'payment_intent.latest_charge']

function methodOf(s: Wire): BillingSession['method'] {
  const pi = typeof s.payment_intent === 'object' ? s.payment_intent : null
  const pm = pi?.payment_method
  const type = typeof pm === 'object' && pm !== null ? pm.type : pi?.payment_method_types?.length === 1 ? pi.payment_method_types[0] : null
  if (type === 'card' || type === 'sepa_debit') return type
  // Checkout completes a delayed method (here only SEPA) before the money arrives.
  if (s.status === 'complete') return s.payment_status === 'unpaid' ? 'sepa_debit' : pi ? 'card' : null
  return null
}

export function toBillingSession(s: Wire): BillingSession {
  const pi = typeof s.payment_intent === 'object' ? s.payment_intent : null
  const status = s.status === 'open' || s.status === 'complete' || s.status === 'expired' ? s.status : 'expired'
  const paid = status === 'complete' && (s.payment_status === 'paid' || s.payment_status === 'no_payment_required')
  const charge = typeof pi?.latest_charge === 'object' ? pi.latest_charge : null
  const paidAtS = paid ? (charge?.created ?? pi?.created ?? null) : null
  const pkg = Number(s.metadata?.[BILLING_PACKAGE_KEY])
  const failed = status === 'complete' && !paid && (pi?.status === 'requires_payment_method' || pi?.status === 'canceled')
  return {
    id: s.id,
    status,
    paid,
    failed,
    method: methodOf(s),
    url: status === 'open' ? (s.url ?? null) : null,
    tenantId: s.metadata?.[BILLING_TENANT_KEY] ?? s.client_reference_id ?? null,
    packageNumber: Number.isInteger(pkg) ? pkg : null,
    amountCents: s.amount_total ?? 0,
    paymentRef: pi?.id ?? (typeof s.payment_intent === 'string' ? s.payment_intent : null),
    paidAt: paidAtS === null ? null : new Date(paidAtS * 1000),
  }
}

export function createStripeBilling(config: StripeBillingConfig): BillingCheckout {
  const { load, call } = createStripeClient(config)
  const read = (sent: Sent<unknown>): Outcome<BillingSession> => {
    const v = readSent(sent, BillingSessionWire, 'checkout.session')
    return v.kind === 'ok' ? ok(toBillingSession(v.value)) : v
  }

  async function createSession(req: BillingCheckoutRequest): Promise<Outcome<{ readonly id: string; readonly url: string }>> {
    const metadata = { [BILLING_TENANT_KEY]: req.tenantId, [BILLING_PACKAGE_KEY]: String(req.packageNumber) }
    const lineItem = req.priceId
      ? { price: req.priceId, quantity: 1 }
      : {
          price_data: { currency: 'eur', unit_amount: req.amountCents, product_data: { name: req.productName } },
          quantity: 1,
        }
    const sent = await call('POST', (s) =>
      s.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [lineItem],
          allowed_payment_method_types: ['card', 'sepa_debit'],
          client_reference_id: req.tenantId,
          metadata,
          payment_intent_data: { metadata, description: req.productName },
          success_url: req.successUrl,
          cancel_url: req.cancelUrl,
          ...(req.customerEmail ? { customer_email: req.customerEmail } : {}),
        },
        { idempotencyKey: req.idempotencyKey },
      ),
    )
    const got = read(sent)
    if (got.kind !== 'ok') return got
    if (got.value.status !== 'open' || !got.value.url) return { kind: 'unknown', reason: `Checkout Session ${got.value.id} is not open` }
    return ok({ id: got.value.id, url: got.value.url })
  }

  return {
    createSession,
    readSession: async (id) => read(await call('GET', (s) => s.checkout.sessions.retrieve(id, { expand: EXPAND }))),
    verifyWebhook: async (input) => {
      const v = await verifyStripeEvent(await load(), config.webhookSecret, input)
      if (!v.ok) return v
      const obj = v.value.data.object
      const sessionId = v.value.type.startsWith('checkout.session.') && typeof obj['id'] === 'string' ? obj['id'] : null
      return { ok: true, value: { dedupeKey: v.value.id, type: v.value.type, sessionId } }
    },
  }
}
