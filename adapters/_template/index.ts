/**
 * TEMPLATE (adapters/_template/README.md): the Example API as a PaymentProvider. One payment per
 * Varco payment, created with our payment id as `Idempotency-Key` and `reference`, read by id, its
 * hosted page for the browser, cancel while open, signed webhooks as hints. Not wired anywhere.
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
import { createExampleHttp, httpFailure, readAnswer } from './client.ts'
import { EXAMPLE_METHODS, toCreation, toProviderPayment } from './map.ts'
import { verifyExampleWebhook } from './webhook.ts'
import { ExamplePayment } from './wire.ts'

export type ExampleConfig = {
  /** API root, from config (the simulator's base URL in the sandbox and in tests). */
  readonly baseUrl: string
  readonly apiKey: string
  readonly webhookSecret: string
  readonly fetch: typeof fetch
  readonly clock: Clock
  /** Per call, including reading the body (default 10 s). */
  readonly timeoutMs?: number
}

const payment = (id: string) => `/v1/payments/${encodeURIComponent(id)}`

async function getPayment(http: HttpClient, id: string): Promise<Found<ExamplePayment>> {
  const sent = await http.send({ method: 'GET', path: payment(id) })
  if (sent.kind === 'failure') return sent.failure
  if (sent.reply.status === 404) return { kind: 'not_found' }
  if (sent.reply.status !== 200) return httpFailure(sent.reply)
  return readAnswer(sent.reply.body, ExamplePayment, 'a payment')
}

export function createExampleAdapter(config: ExampleConfig): PaymentProvider {
  const http = createExampleHttp(config)

  async function create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>> {
    const body = toCreation(req)
    if (!body.ok) return invalid(body.reason)
    // The Idempotency-Key makes a retried create return the same payment: a write is retried only then.
    const sent = await http.send(
      { method: 'POST', path: '/v1/payments', json: body.body, headers: { 'idempotency-key': req.paymentId } },
      { idempotent: true },
    )
    if (sent.kind === 'failure') return sent.failure
    if (sent.reply.status !== 201 && sent.reply.status !== 200) return httpFailure(sent.reply)
    const created = readAnswer(sent.reply.body, ExamplePayment, 'create payment')
    return created.kind === 'ok' ? ok({ providerRef: created.value.id, noticeCode: null, iuv: null }) : created
  }

  async function read(ref: PaymentRef): Promise<Outcome<ProviderPayment>> {
    const found = await getPayment(http, ref.providerRef)
    if (found.kind === 'not_found') return invalid(`payment ${ref.providerRef} not found`)
    return found.kind === 'ok' ? ok(toProviderPayment(found.value)) : found
  }

  async function checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>> {
    const found = await getPayment(http, req.ref.providerRef)
    if (found.kind === 'not_found') return invalid(`payment ${req.ref.providerRef} not found`)
    if (found.kind !== 'ok') return found
    if (found.value.status !== 'open') return { kind: 'declined', reason: `payment is ${found.value.status}: nothing to pay` }
    return found.value.checkout_url ? ok({ url: found.value.checkout_url }) : { kind: 'unknown', reason: 'no checkout_url' }
  }

  async function cancel(ref: PaymentRef): Promise<Outcome<void>> {
    const sent = await http.send({ method: 'POST', path: `${payment(ref.providerRef)}/cancel` }, { idempotent: true })
    if (sent.kind === 'failure') return sent.failure
    if (sent.reply.status === 200) return ok(undefined)
    if (sent.reply.status === 409) return { kind: 'declined', reason: 'the payment can no longer be canceled' }
    return httpFailure(sent.reply)
  }

  const verifyWebhook = (input: WebhookInput) => verifyExampleWebhook(input, config.webhookSecret)
  const methods = async (): Promise<Outcome<readonly PaymentMethod[]>> => ok(EXAMPLE_METHODS)

  return { name: 'example', create, read, checkout, cancel, verifyWebhook, methods }
}
