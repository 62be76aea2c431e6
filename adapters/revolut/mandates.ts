/**
 * Revolut SEPA Direct Debit mandates as a MandateProvider (providers.md §2.7). What Revolut documents:
 * SEPA DD (Core, EUR only, enabled on request, no sandbox); the SEPA Direct Debit widget collects
 * the IBAN and the mandate consent on an order and, with `isRecurringPayment` (the default), saves a
 * `sepa_direct_debit` payment method for the merchant on the order's customer; saved methods are read
 * at `/api/customers/{id}/payment-methods/{id}`; merchant-initiated payments go through
 * `POST /api/orders/{id}/payments` with `saved_payment_method`; outcomes arrive days later.
 *
 * What it does not document, and what this adapter therefore chooses (least surprise, easy to see):
 * - A mandate without a first debit. The mandate is a **zero-amount order** (`amount: 0`) whose
 *   `checkout_url` is the sign page; if Revolut refuses `amount: 0`, createMandate answers
 *   `invalid_request` with Revolut's reason, and nothing is charged. (providers.md §2.7 recommends
 *   Stripe for `sepa_debit`; Revolut SDD stays opt-in.)
 * - The body of a SEPA merchant-initiated payment: `saved_payment_method.type: "sepa_direct_debit"`,
 *   as for cards, with `initiator: "merchant"`.
 * - Revoking a mandate: Revolut says it does not manage mandates; a saved method that is gone (404)
 *   or saved only for the customer reads as `inactive`.
 * Revolut has no Idempotency-Key on orders, so both the mandate order and each debit order carry a
 * `merchant_order_data.reference` derived from our id and are looked up before being created.
 * @module
 */

import type {
  ChargeRequest,
  CreatedCharge,
  CreatedMandate,
  CreateMandateRequest,
  MandateProvider,
  ProviderMandate,
} from '../../ports/mandate-provider.port.ts'
import type { Outcome } from '../../ports/payment-provider.port.ts'
import type { HttpClient } from '../shared/http.ts'
import { present, refuseChargeRequest, refuseMandateRequest } from '../shared/mandate-request.ts'
import { type Found, invalid, ok } from '../shared/outcome.ts'
import { toWireAmount } from './amount.ts'
import { createRevolutHttp, getFound, httpFailure, readAnswer } from './client.ts'
import { DEFAULT_API_VERSION, type RevolutConfig } from './index.ts'
import {
  CHARGE_ID_KEY,
  chargeReferenceFor,
  MANDATE_ID_KEY,
  mandateReferenceFor,
  PayAnswer,
  REFUSED_PAYMENT_STATES,
  SavedPaymentMethod,
  SddOrder,
  SEPA_METHOD,
  savedMethodOf,
  toChargeStatus,
  toMandateStatus,
} from './mandate-map.ts'
import { OrderList } from './wire.ts'

const ORDERS = '/api/orders'
const order = (id: string) => `${ORDERS}/${encodeURIComponent(id)}`

/** The order an earlier call made under `reference`, read in full; `not_found` when there is none. */
async function findByReference(http: HttpClient, reference: string): Promise<Found<SddOrder>> {
  const list = await getFound(
    http,
    `${ORDERS}?merchant_order_data_reference=${encodeURIComponent(reference)}&limit=100`,
    OrderList,
    'the order list',
  )
  if (list.kind !== 'ok') return list
  // The filter is Revolut's; check it again, and prefer an order still alive over a cancelled or failed one.
  const mine = list.value.filter((o) => o.merchant_order_data?.reference === reference)
  const hit = mine.find((o) => o.state !== 'cancelled' && o.state !== 'failed') ?? mine[0]
  return hit ? getFound(http, order(hit.id), SddOrder, 'an order') : { kind: 'not_found' }
}

async function postOrder(http: HttpClient, body: unknown): Promise<Found<SddOrder>> {
  const sent = await http.send({ method: 'POST', path: ORDERS, json: body })
  if (sent.kind === 'failure') return sent.failure
  if (sent.reply.status !== 201 && sent.reply.status !== 200) return httpFailure(sent.reply)
  // Unreadable: the order may exist; `unknown` makes the caller reconcile, and a retry finds it by reference.
  return readAnswer(sent.reply.body, SddOrder, 'create order')
}

/**
 * @example createRevolutMandates({ baseUrl: 'https://merchant.revolut.com', secretKey, webhookSecret, fetch, clock })
 */
export function createRevolutMandates(config: RevolutConfig): MandateProvider {
  const http = createRevolutHttp({ ...config, apiVersion: config.apiVersion ?? DEFAULT_API_VERSION })

  async function createMandate(req: CreateMandateRequest): Promise<Outcome<CreatedMandate>> {
    const refused = refuseMandateRequest(req)
    if (refused) return refused
    const reference = mandateReferenceFor(req.mandateId)
    const existing = await findByReference(http, reference)
    let o: SddOrder
    if (existing.kind === 'ok') o = existing.value
    else if (existing.kind !== 'not_found') return existing
    else {
      // The IBAN is not sent: the customer types it next to the mandate text on Revolut's page.
      const created = await postOrder(http, {
        amount: 0,
        currency: 'EUR',
        ...(present(req.description) ? { description: req.description.slice(0, 1024) } : {}),
        customer: { email: req.customerEmail, full_name: req.customerName },
        merchant_order_data: { reference },
        redirect_url: req.returnUrl,
        metadata: { [MANDATE_ID_KEY]: req.mandateId.slice(0, 500) },
      })
      if (created.kind === 'not_found') return { kind: 'unknown', reason: 'create mandate order answered 404' }
      if (created.kind !== 'ok') return created
      o = created.value
    }
    if (!o.checkout_url) return { kind: 'unknown', reason: `mandate order ${o.id} has no checkout_url` }
    if (o.state === 'pending') return ok({ providerRef: o.id, signUrl: o.checkout_url, status: 'pending_mandate_signature' })
    // A retried create for a mandate already answered: say where it stands now.
    const now = await mandate(o.id)
    if (now.kind === 'not_found') return { kind: 'unknown', reason: `mandate order ${o.id} vanished` }
    if (now.kind !== 'ok') return now
    return ok({ providerRef: o.id, signUrl: o.checkout_url, status: now.value.status })
  }

  /** The mandate order and, once completed, its saved method read now. */
  async function mandate(
    providerRef: string,
  ): Promise<Found<{ order: SddOrder; status: ProviderMandate['status']; raw: string; methodId: string | null }>> {
    if (!present(providerRef)) return invalid('a Revolut mandate is read by its order id')
    const got = await getFound(http, order(providerRef), SddOrder, 'an order')
    if (got.kind !== 'ok') return got.kind === 'not_found' ? invalid(`mandate order ${providerRef} not found`) : got
    const o = got.value
    if (o.amount !== 0) return invalid(`order ${o.id} is not a mandate order`)
    const saved = savedMethodOf(o)
    if (o.state !== 'completed' || saved === null) {
      const status = toMandateStatus(o, 'not_read')
      return { kind: 'ok', value: { order: o, status, raw: o.state, methodId: null } }
    }
    const path = `/api/customers/${encodeURIComponent(saved.customerId)}/payment-methods/${encodeURIComponent(saved.methodId)}`
    const pm = await getFound(http, path, SavedPaymentMethod, 'a payment method')
    if (pm.kind !== 'ok' && pm.kind !== 'not_found') return pm
    const method = pm.kind === 'ok' ? pm.value : null
    const raw = `${o.state}/${method ? `${method.type}:${method.saved_for}` : 'method_gone'}`
    return { kind: 'ok', value: { order: o, status: toMandateStatus(o, method), raw, methodId: saved.methodId } }
  }

  async function readMandate(providerRef: string): Promise<Outcome<ProviderMandate>> {
    const got = await mandate(providerRef)
    if (got.kind === 'not_found') return invalid(`mandate order ${providerRef} not found`)
    if (got.kind !== 'ok') return got
    return ok({ status: got.value.status, rawStatus: got.value.raw })
  }

  const created = (o: SddOrder): CreatedCharge => ({ providerRef: o.id, status: toChargeStatus(o.state), rawStatus: o.state })

  async function charge(req: ChargeRequest): Promise<Outcome<CreatedCharge>> {
    const refused = refuseChargeRequest(req)
    if (refused) return refused
    const amount = toWireAmount(req.amount)
    if (amount === null) return invalid('amount must be a positive number of cents')
    // A debit made earlier for this charge id (a retry after a lost answer) is reported as it stands,
    // whatever the mandate has become since: never pay twice, always the same providerRef.
    const reference = chargeReferenceFor(req.chargeId)
    const existing = await findByReference(http, reference)
    if (existing.kind !== 'ok' && existing.kind !== 'not_found') return existing
    if (existing.kind === 'ok' && existing.value.amount !== amount) {
      return invalid(`order ${existing.value.id} already exists for this charge with another amount`)
    }
    const submitted = (o: SddOrder) => o.state !== 'pending' || (o.payments ?? []).length > 0
    if (existing.kind === 'ok' && submitted(existing.value)) return ok(created(existing.value))

    const m = await mandate(req.mandateRef)
    if (m.kind === 'not_found') return invalid(`mandate order ${req.mandateRef} not found`)
    if (m.kind !== 'ok') return m
    const { order: mo, status, raw, methodId } = m.value
    // A mandate that is not active is refused here, before anything reaches Revolut.
    if (status !== 'active' || methodId === null) return { kind: 'declined', reason: `mandate ${req.mandateRef} is ${status} (${raw})` }
    const customerId = mo.customer?.id
    if (!customerId) return { kind: 'unknown', reason: `mandate order ${mo.id} has no customer` }

    let debit: SddOrder
    if (existing.kind === 'ok') debit = existing.value
    else {
      const made = await postOrder(http, {
        amount,
        currency: 'EUR',
        ...(present(req.description) ? { description: req.description.slice(0, 1024) } : {}),
        customer: { id: customerId },
        merchant_order_data: { reference },
        metadata: { [CHARGE_ID_KEY]: req.chargeId.slice(0, 500), varco_reference: req.reference.slice(0, 500) },
      })
      if (made.kind === 'not_found') return invalid(`customer ${customerId} not found at Revolut`)
      if (made.kind !== 'ok') return made
      debit = made.value
    }

    const sent = await http.send({
      method: 'POST',
      path: `${order(debit.id)}/payments`,
      json: { saved_payment_method: { type: SEPA_METHOD, id: methodId, initiator: 'merchant' } },
    })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status === 404) return { kind: 'declined', reason: `the saved SEPA method of mandate ${req.mandateRef} is gone` }
    if (reply.status !== 200 && reply.status !== 201) return httpFailure(reply)
    const paid = readAnswer(reply.body, PayAnswer, 'pay order')
    if (paid.kind === 'ok' && REFUSED_PAYMENT_STATES.has(paid.value.state)) {
      return { kind: 'declined', reason: `debit ${paid.value.id} on order ${debit.id} is ${paid.value.state}` }
    }
    // The debit's status is the order's; re-read it (processing while the bank settles).
    const after = await getFound(http, order(debit.id), SddOrder, 'an order')
    if (after.kind === 'ok') return ok(created(after.value))
    return { kind: 'unknown', reason: `debit submitted on order ${debit.id}, but its state could not be read` }
  }

  async function readCharge(providerRef: string): Promise<Outcome<CreatedCharge>> {
    if (!present(providerRef)) return invalid('a Revolut charge is read by its order id')
    const got = await getFound(http, order(providerRef), SddOrder, 'an order')
    if (got.kind === 'not_found') return invalid(`order ${providerRef} not found`)
    if (got.kind !== 'ok') return got
    return ok(created(got.value))
  }

  return { name: 'revolut', createMandate, readMandate, charge, readCharge }
}
