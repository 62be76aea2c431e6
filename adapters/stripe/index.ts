/**
 * Stripe as a PaymentProvider: one Checkout Session (mode `payment`, one line item) per payment,
 * created with an Idempotency-Key derived from our payment id; read = retrieve the Session with its
 * PaymentIntent and latest charge; cancel = expire the Session; webhooks verified on the raw body
 * (providers.md §1). https://docs.stripe.com/api/checkout/sessions
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type {
  CheckoutRequest,
  CreatedPayment,
  CreatePaymentRequest,
  Outcome,
  PaymentMethod,
  PaymentProvider,
  PaymentRef,
  ProviderPayment,
  WebhookInput,
} from '../../ports/payment-provider.port.ts'
import { invalid, ok } from '../shared/outcome.ts'
import { createStripeClient, readSent } from './client.ts'
import { DEFAULT_METHOD_TYPES, type StripeMethodType, toProviderPayment, toSessionParams } from './map.ts'
import { verifyStripeWebhook } from './webhook.ts'
import { Session } from './wire.ts'

export { DEFAULT_METHOD_TYPES, PAYMENT_ID_KEY, type StripeMethodType } from './map.ts'
export { peekStripeWebhook, WEBHOOK_TOLERANCE_SECONDS } from './webhook.ts'

export type StripeConfig = {
  /** API root without `/v1`: `https://api.stripe.com`, or the sandbox's `http://host/sandbox/stripe`. */
  readonly baseUrl: string
  /** `sk_live_…` / `sk_test_…` / a restricted `rk_…` key with Checkout Sessions read + write. */
  readonly secretKey: string
  /** The webhook endpoint's signing secret, `whsec_…`. */
  readonly webhookSecret: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  /** Per call, including reading the body (default 10 s). A timeout is `unknown`, never `failed`. */
  readonly timeoutMs?: number
  /** Pinned on every Session (default card + SEPA Direct Debit; SEPA needs EUR, which is all we charge). */
  readonly paymentMethodTypes?: readonly StripeMethodType[]
}

/** The Idempotency-Key of a create: stable per payment, so a retried create replays instead of duplicating. */
export const createKeyFor = (paymentId: string): string => `varco-create-${paymentId}`
export const cancelKeyFor = (sessionId: string): string => `varco-cancel-${sessionId}`

/** Retrieve with the PaymentIntent and its latest charge: the transaction id and payment time live there. */
const EXPAND = ['payment_intent', 'payment_intent.latest_charge']

const METHOD_LABELS: Readonly<Record<StripeMethodType, string>> = {
  card: 'Carta di pagamento',
  sepa_debit: 'Addebito diretto SEPA',
}

export function createStripeAdapter(config: StripeConfig): PaymentProvider {
  const { load, call } = createStripeClient(config)
  const methodTypes = config.paymentMethodTypes ?? DEFAULT_METHOD_TYPES

  const retrieve = async (id: string) =>
    readSent(await call('GET', (s) => s.checkout.sessions.retrieve(id, { expand: EXPAND })), Session, 'checkout.session')

  async function create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>> {
    const built = toSessionParams(req, methodTypes)
    if (!built.ok) return invalid(built.reason)
    const got = readSent(
      await call('POST', (s) => s.checkout.sessions.create(built.params, { idempotencyKey: createKeyFor(req.paymentId) })),
      Session,
      'checkout.session',
    )
    if (got.kind !== 'ok') return got
    return ok({ providerRef: got.value.id, noticeCode: null, iuv: null })
  }

  async function read(ref: PaymentRef): Promise<Outcome<ProviderPayment>> {
    if (ref.providerRef === '') return invalid('a Stripe payment is read by its Checkout Session id')
    const got = await retrieve(ref.providerRef)
    if (got.kind !== 'ok') return got
    return ok(toProviderPayment(got.value, config.clock()))
  }

  /** The hosted page of the Session; its return URLs were fixed at creation (the request's are ignored). */
  async function checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>> {
    const got = await retrieve(req.ref.providerRef)
    if (got.kind !== 'ok') return got
    const s = got.value
    if (s.status !== 'open' || !s.url) return { kind: 'declined', reason: `Checkout Session ${s.id} is ${s.status ?? 'not open'}` }
    return ok({ url: s.url })
  }

  async function cancel(ref: PaymentRef): Promise<Outcome<void>> {
    const sent = await call('POST', (s) =>
      s.checkout.sessions.expire(ref.providerRef, {}, { idempotencyKey: cancelKeyFor(ref.providerRef) }),
    )
    if (sent.kind === 'reply') return ok(undefined)
    if (sent.failure.kind !== 'invalid_request') return sent.failure
    // Only `open` Sessions can be expired: an already expired one is done (a retried cancel), a complete one is a refusal.
    const got = await retrieve(ref.providerRef)
    if (got.kind !== 'ok') return sent.failure
    if (got.value.status === 'expired') return ok(undefined)
    if (got.value.status === 'complete') return { kind: 'declined', reason: `Checkout Session ${got.value.id} is already complete` }
    return sent.failure
  }

  async function methods(): Promise<Outcome<readonly PaymentMethod[]>> {
    return ok(methodTypes.map((id, i) => ({ id, label: METHOD_LABELS[id], recommended: i === 0 })))
  }

  const verifyWebhook = async (input: WebhookInput) => verifyStripeWebhook(await load(), config.webhookSecret, input)

  return { name: 'stripe', create, read, checkout, cancel, verifyWebhook, methods }
}
