/**
 * pagoPA as a PaymentProvider: a GPD v1 debt position per payment (one single-solution option,
 * published on create), Checkout carts for the browser redirect, invalidate to cancel
 * (pagopa.md A1, A3). Idempotent per paymentId: the iupd and the IUV base derive from it.
 * @module
 */

import { isValidNoticeNumber, iuvOfNotice } from '../../core/notice-number.ts'
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
} from '../../ports/payment-provider.port.ts'
import type { HttpClient } from '../shared/http.ts'
import { type Found, invalid, ok } from '../shared/outcome.ts'
import { readJson } from '../shared/wire.ts'
import { createPagopaHttp, httpFailure, problemReason } from './client.ts'
import { newNotice } from './iuv.ts'
import { summarise, toCartRequest, toPaymentPosition, toProviderPayment } from './map.ts'
import { CartRequest, PaymentPositionResponse } from './wire.ts'

/** The notice arithmetic a pagoPA user needs, kept on this adapter's surface; it lives in core. */
export {
  type AuxDigit,
  buildNotice,
  formatNoticeForPrint,
  isValidNoticeNumber,
  iuvOfNotice,
  mod93,
  type Notice,
  type NoticeInput,
  posteDataMatrix,
  qrPayload,
} from '../../core/notice-number.ts'
export { iuvBaseFor } from './iuv.ts'

export type PagopaConfig = {
  /** API root, e.g. `https://api.platform.pagopa.it` or `https://api.uat.platform.pagopa.it`. */
  readonly baseUrl: string
  /** APIM subscription key, sent as `Ocp-Apim-Subscription-Key`. */
  readonly subscriptionKey: string
  readonly fetch: typeof fetch
  /** Per call, including reading the body (default 10 s). A timeout is `unknown`, never `failed`. */
  readonly timeoutMs?: number
  readonly clock: Clock
  /** How many IUVs to try when GPD reports a clash with another position (default 5). */
  readonly maxIuvAttempts?: number
}

const GPD = '/gpd/debt-positions-service/v1'
const CARTS = '/checkout/ec/v1/carts'
const RECEIPTS = '/gpd/payments-receipts-service/v1'

/** The text of an element of the paSendRT receipt document (A4), or null. */
const xmlText = (xml: string, tag: string): string | null => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1] ?? null
const positions = (org: string) => `${GPD}/organizations/${encodeURIComponent(org)}/debtpositions`
const position = (org: string, iupd: string) => `${positions(org)}/${encodeURIComponent(iupd)}`

/** Our GPD iupd for a payment: stable, so a repeated create finds the first one. */
export const iupdFor = (paymentId: string): string => `varco-${paymentId}`

const PAGOPA_METHODS: readonly PaymentMethod[] = [{ id: 'pagopa', label: 'pagoPA (carta, conto, app, PSP)', recommended: true }]

async function getPosition(http: HttpClient, org: string, iupd: string): Promise<Found<PaymentPositionResponse>> {
  const sent = await http.send({ method: 'GET', path: position(org, iupd) })
  if (sent.kind === 'failure') return sent.failure
  const { reply } = sent
  if (reply.status === 404) return { kind: 'not_found' }
  if (reply.status !== 200) return httpFailure(reply)
  return readJson(reply.body, PaymentPositionResponse, (issues) =>
    issues ? `GPD position: ${summarise(issues)}` : 'GPD answered 200 with a body that is not JSON',
  )
}

export function createPagopaAdapter(config: PagopaConfig): PaymentProvider {
  const http = createPagopaHttp(config)
  const maxAttempts = Math.max(1, config.maxIuvAttempts ?? 5)

  async function create(req: CreatePaymentRequest): Promise<Outcome<CreatedPayment>> {
    const org = req.creditor.taxId
    if (!/^\d{11}$/.test(org)) return invalid('the creditor tax id must be 11 digits for pagoPA')
    if (req.dueAt.getTime() <= config.clock().getTime()) return invalid('the due date must be in the future')
    if (req.noticeCode != null && !isValidNoticeNumber(req.noticeCode)) return invalid('the given notice number is not valid')
    const iupd = iupdFor(req.paymentId)
    const given = req.noticeCode ?? null
    const attempts = given ? 1 : maxAttempts
    let clash = ''
    for (let attempt = 0; attempt < attempts; attempt++) {
      const notice = given ? { iuv: iuvOfNotice(given), noticeNumber: given } : await newNotice(req.creditor, req.paymentId, attempt)
      if (typeof notice === 'string') return invalid(notice)
      const body = toPaymentPosition(req, notice, iupd)
      if (!body.ok) return invalid(body.reason)
      const sent = await http.send({ method: 'POST', path: `${positions(org)}?toPublish=true`, json: body.body })
      if (sent.kind === 'failure') return sent.failure
      const { reply } = sent
      if (reply.status === 201 || reply.status === 200) return ok({ providerRef: iupd, noticeCode: notice.noticeNumber, iuv: notice.iuv })
      if (reply.status !== 409) return httpFailure(reply)
      // 409 DEBT_POSITION_UNIQUE_VIOLATION: either our iupd (an earlier try got through) or someone else's IUV.
      const found = await getPosition(http, org, iupd)
      if (found.kind === 'ok') {
        const option = found.value.paymentOption[0]
        if (!option) return { kind: 'unknown', reason: `debt position ${iupd} exists without a payment option` }
        if (option.amount !== req.amount) return invalid(`debt position ${iupd} already exists with a different amount`)
        return ok({ providerRef: iupd, noticeCode: option.nav, iuv: option.iuv })
      }
      if (found.kind !== 'not_found') return found
      if (given) return invalid('the given notice number is already used by another debt position')
      clash = problemReason(reply)
    }
    return { kind: 'declined', reason: `no free IUV after ${attempts} attempts (last: ${clash})` }
  }

  /**
   * Payments Varco did not create (imported dovuti) have no iupd here: their state is read from the
   * GPD receipts service by IUV (A1.7). A receipt with outcome OK means paid; no receipt means not paid yet.
   */
  async function readByReceipt(ref: PaymentRef): Promise<Outcome<ProviderPayment>> {
    if (!ref.noticeCode || !isValidNoticeNumber(ref.noticeCode)) return invalid('no debt position reference and no valid notice number')
    const iuv = iuvOfNotice(ref.noticeCode)
    const sent = await http.send({
      method: 'GET',
      path: `${RECEIPTS}/payments/${encodeURIComponent(ref.creditor.taxId)}/receipts/${encodeURIComponent(iuv)}`,
    })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status === 404) return ok({ status: 'pending', paidAt: null, transactionId: null, rawStatus: 'NO_RECEIPT' })
    if (reply.status !== 200) return httpFailure(reply)
    const outcome = xmlText(reply.body, 'outcome')
    const when = xmlText(reply.body, 'paymentDateTime')
    if (outcome !== 'OK')
      return ok({ status: 'unknown', paidAt: null, transactionId: null, rawStatus: `RECEIPT_${outcome ?? 'UNREADABLE'}` })
    return ok({
      status: 'paid',
      // Zone-less xs:dateTime values are read as UTC, as for GPD dates.
      paidAt: when ? new Date(/Z|[+-]\d{2}:?\d{2}$/.test(when) ? when : `${when}Z`) : null,
      transactionId: xmlText(reply.body, 'receiptId'),
      rawStatus: 'RECEIPT_OK',
    })
  }

  async function read(ref: PaymentRef) {
    if (ref.providerRef === '') return readByReceipt(ref)
    const found = await getPosition(http, ref.creditor.taxId, ref.providerRef)
    if (found.kind === 'not_found') return invalid(`debt position ${ref.providerRef} not found`)
    if (found.kind !== 'ok') return found
    return ok(toProviderPayment(found.value, ref.noticeCode))
  }

  async function checkout(req: CheckoutRequest): Promise<Outcome<{ readonly url: string }>> {
    let nav = req.ref.noticeCode
    if (!nav) {
      const found = await getPosition(http, req.ref.creditor.taxId, req.ref.providerRef)
      if (found.kind === 'not_found') return invalid(`debt position ${req.ref.providerRef} not found`)
      if (found.kind !== 'ok') return found
      nav = found.value.paymentOption[0]?.nav ?? null
      if (!nav) return invalid(`debt position ${req.ref.providerRef} has no notice number`)
    }
    const cart = CartRequest.safeParse(toCartRequest(req, nav))
    if (!cart.success) return invalid(`cart: ${summarise(cart.error.issues)}`)
    const sent = await http.send({ method: 'POST', path: CARTS, json: cart.data, redirect: 'manual' })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status >= 300 && reply.status < 400) {
      const location = reply.headers.get('location')
      if (!location) return { kind: 'unknown', reason: `Checkout answered ${reply.status} without a location` }
      return ok({ url: new URL(location, `${http.baseUrl}${CARTS}`).toString() })
    }
    return httpFailure(reply)
  }

  async function cancel(ref: PaymentRef): Promise<Outcome<void>> {
    const org = ref.creditor.taxId
    const sent = await http.send({ method: 'POST', path: `${position(org, ref.providerRef)}/invalidate` })
    if (sent.kind === 'failure') return sent.failure
    const { reply } = sent
    if (reply.status === 200) return ok(undefined)
    if (reply.status === 404) return invalid(`debt position ${ref.providerRef} not found`)
    if (reply.status !== 409) return httpFailure(reply)
    // 409 DEBT_POSITION_NOT_INVALIDABLE: already INVALID counts as done (a retried cancel); anything else is a refusal.
    const found = await getPosition(http, org, ref.providerRef)
    if (found.kind === 'ok' && found.value.status === 'INVALID') return ok(undefined)
    const state = found.kind === 'ok' ? ` (status ${found.value.status})` : ''
    return { kind: 'declined', reason: `${problemReason(reply)}${state}` }
  }

  /**
   * pagoPA is one way to pay for the creditor: the citizen picks card, account, app or a PSP's counter
   * on Checkout (or pays the printed notice anywhere), so there is nothing to list beyond it.
   */
  const methods = async (): Promise<Outcome<readonly PaymentMethod[]>> => ok(PAGOPA_METHODS)

  return { name: 'pagopa', create, read, checkout, cancel, methods }
}
