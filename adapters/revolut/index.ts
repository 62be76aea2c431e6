/**
 * Revolut Merchant API as a PaymentProvider (providers.md §2): one order per payment, tagged with our
 * payment id as `merchant_order_data.reference`; the hosted `checkout_url` for the browser; cancel
 * while pending; signed order webhooks as hints. Revolut has no Idempotency-Key on create, so every
 * create first looks the order up by reference: a retried create never makes a second order.
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
import type { HttpClient } from '../shared/http.ts'
import { type Found, invalid, ok } from '../shared/outcome.ts'
import { createRevolutHttp, errorReason, getFound, httpFailure, readAnswer } from './client.ts'
import { REVOLUT_METHODS, toOrderCreation, toProviderPayment } from './map.ts'
import { verifyRevolutWebhook } from './webhook.ts'
import { Order, OrderList } from './wire.ts'

export { ORDER_STATE_MAP, toProviderStatus } from './map.ts'
export { dedupeKeyOf, peekRevolutWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_MS, verifyRevolutWebhook } from './webhook.ts'

/** The API version this adapter is written against (§2.1: pin one per connector). */
export const DEFAULT_API_VERSION = '2025-12-04'

export type RevolutConfig = {
  /** API root: `https://merchant.revolut.com` or `https://sandbox-merchant.revolut.com`. */
  readonly baseUrl: string
  /** Secret API key (`sk_…`), sent as `Authorization: Bearer`. */
  readonly secretKey: string
  /** Webhook signing secret(s) (`wsk_…`); several while the verifier side rotates. */
  readonly webhookSecret: string | readonly string[]
  /** `Revolut-Api-Version` (default DEFAULT_API_VERSION). */
  readonly apiVersion?: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  /** Per call, including reading the body (default 10 s). A timeout is `unknown`, never `failed`. */
  readonly timeoutMs?: number
}

const ORDERS = '/api/orders'
const order = (id: string) => `${ORDERS}/${encodeURIComponent(id)}`

const getOrder = (http: HttpClient, id: string): Promise<Found<Order>> =>
  id === '' ? Promise.resolve({ kind: 'not_found' }) : getFound(http, order(id), Order, 'an order')

/** The order an earlier create made for `reference`, if any (`GET /api/orders?merchant_order_data_reference=`). */
async function findByReference(http: HttpClient, reference: string): Promise<Found<OrderList[number]>> {
  const sent = await http.send({
    method: 'GET',
    path: `${ORDERS}?merchant_order_data_reference=${encodeURIComponent(reference)}&limit=100`,
  })
  if (sent.kind === 'failure') return sent.failure
  const { reply } = sent
  if (reply.status !== 200) return httpFailure(reply)
  const list = readAnswer(reply.body, OrderList, 'the order list')
  if (list.kind !== 'ok') return list
  // The filter is Revolut's; check it again, and prefer an order still alive over a cancelled or failed one.
  const mine = list.value.filter((o) => o.merchant_order_data?.reference == null || o.merchant_order_data.reference === reference)
  const hit = mine.find((o) => o.state !== 'cancelled' && o.state !== 'failed') ?? mine[0]
  return hit ? ok(hit) : { kind: 'not_found' }
}

export function createRevolutAdapter(config: RevolutConfig): PaymentProvider {
  const http = createRevolutHttp({ ...config, apiVersion: config.apiVersion ?? DEFAULT_API_VERSION })
  const secrets = typeof config.webhookSecret === 'string' ? [config.webhookSecret] : [...config.webhookSecret]

  async function create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>> {
    const body = toOrderCreation(req)
    if (!body.ok) return invalid(body.reason)
    const existing = await findByReference(http, req.paymentId)
    if (existing.kind === 'ok') {
      const o = existing.value
      if (o.amount !== req.amount || o.currency !== 'EUR')
        return invalid(`order ${o.id} already exists for this payment with another amount`)
      return ok({ providerRef: o.id, noticeCode: null, iuv: null })
    }
    if (existing.kind !== 'not_found') return existing
    const sent = await http.send({ method: 'POST', path: ORDERS, json: body.body })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status !== 201 && reply.status !== 200) return httpFailure(reply)
    const created = readAnswer(reply.body, Order, 'create order')
    // The order may exist: `unknown` makes the caller reconcile, and the next create finds it by reference.
    if (created.kind !== 'ok') return created
    return ok({ providerRef: created.value.id, noticeCode: null, iuv: null })
  }

  async function read(ref: PaymentRef): Promise<Outcome<ProviderPayment>> {
    const found = await getOrder(http, ref.providerRef)
    if (found.kind === 'not_found') return invalid(`order ${ref.providerRef || '(none)'} not found`)
    if (found.kind !== 'ok') return found
    return ok(toProviderPayment(found.value))
  }

  /**
   * The hosted page of a pending order. Its return URL was fixed at creation (`redirect_url`);
   * a paid, cancelled or failed order has nothing to pay, which is a refusal, not an error.
   */
  async function checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>> {
    const found = await getOrder(http, req.ref.providerRef)
    if (found.kind === 'not_found') return invalid(`order ${req.ref.providerRef || '(none)'} not found`)
    if (found.kind !== 'ok') return found
    const o = found.value
    if (o.state !== 'pending') return { kind: 'declined', reason: `order ${o.id} is ${o.state}: nothing to pay` }
    if (!o.checkout_url) return { kind: 'unknown', reason: `order ${o.id} has no checkout_url` }
    return ok({ url: o.checkout_url })
  }

  async function cancel(ref: PaymentRef): Promise<Outcome<void>> {
    const sent = await http.send({ method: 'POST', path: `${order(ref.providerRef)}/cancel` })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status === 200 || reply.status === 204) return ok(undefined)
    if (reply.status === 404) return invalid(`order ${ref.providerRef} not found`)
    if (reply.status !== 400 && reply.status !== 409 && reply.status !== 422) return httpFailure(reply)
    // Only pending (or manually captured authorised) orders can be cancelled: re-read to tell a repeated cancel from a refusal.
    const found = await getOrder(http, ref.providerRef)
    if (found.kind === 'ok' && found.value.state === 'cancelled') return ok(undefined)
    if (found.kind === 'ok') return { kind: 'declined', reason: `${errorReason(reply)} (order ${found.value.state})` }
    return httpFailure(reply)
  }

  const verifyWebhook = (input: WebhookInput) => verifyRevolutWebhook(input, secrets)

  const methods = async (): Promise<Outcome<readonly PaymentMethod[]>> => ok(REVOLUT_METHODS)

  return { name: 'revolut', create, read, checkout, cancel, verifyWebhook, methods }
}
