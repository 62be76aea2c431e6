/** Table tests of the Stripe status map, the create params and the error classification. @module */

import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { toStripeAmount } from '../../../adapters/stripe/amount.ts'
import { classify } from '../../../adapters/stripe/client.ts'
import { SESSION_STATUS_MAP, toProviderPayment, toProviderStatus, toSessionParams } from '../../../adapters/stripe/map.ts'
import { SESSION_PAYMENT_STATUSES, SESSION_STATUSES, type Session } from '../../../adapters/stripe/wire.ts'
import { cents } from '../../../core/money.ts'
import { sampleRequest } from '../../contract/payment-provider.contract.ts'
import { CREDITOR, RETURN_URLS } from './harness.ts'

const NOW = new Date('2026-11-23T10:00:00.000Z')
const nowS = NOW.getTime() / 1000
const session = (over: Partial<Session> = {}): Session => ({
  id: 'cs_test_1',
  object: 'checkout.session',
  status: 'open',
  payment_status: 'unpaid',
  expires_at: nowS + 3600,
  payment_intent: null,
  ...over,
})
const pi = (status: string) => ({ id: 'pi_1', status, created: nowS - 10, latest_charge: { id: 'ch_1', created: nowS - 5 } })

describe('Stripe Session status map', () => {
  it('covers every status × payment status pair', () => {
    for (const s of SESSION_STATUSES) for (const p of SESSION_PAYMENT_STATUSES) expect(SESSION_STATUS_MAP[s][p]).toBeDefined()
  })

  it.each([
    ['open', 'unpaid', null, nowS + 60, 'pending'],
    ['complete', 'paid', pi('succeeded'), nowS + 60, 'paid'],
    ['complete', 'no_payment_required', null, nowS + 60, 'paid'],
    ['complete', 'unpaid', pi('processing'), nowS + 60, 'pending'],
    ['complete', 'unpaid', pi('succeeded'), nowS + 60, 'paid'],
    ['complete', 'unpaid', pi('requires_payment_method'), nowS + 60, 'unknown'],
    ['complete', 'unpaid', pi('some_new_status'), nowS + 60, 'unknown'],
    ['complete', 'unpaid', 'pi_1', nowS + 60, 'pending'],
    ['expired', 'unpaid', null, nowS - 60, 'expired'],
    ['expired', 'unpaid', null, nowS, 'expired'],
    ['expired', 'unpaid', null, nowS + 60, 'canceled'],
    ['open', 'paid', null, nowS + 60, 'unknown'],
    ['expired', 'paid', null, nowS - 60, 'unknown'],
    [null, 'unpaid', null, nowS + 60, 'unknown'],
    ['draft', 'unpaid', null, nowS + 60, 'unknown'],
    ['open', 'partially_paid', null, nowS + 60, 'unknown'],
  ] as const)('%s/%s (pi %o, expires %s) → %s', (status, paymentStatus, intent, expiresAt, expected) => {
    expect(toProviderStatus(session({ status, payment_status: paymentStatus, payment_intent: intent, expires_at: expiresAt }), NOW)).toBe(
      expected,
    )
  })

  it('reads the payment time from the latest charge and the transaction from the intent, only when paid', () => {
    expect(toProviderPayment(session({ status: 'complete', payment_status: 'paid', payment_intent: pi('succeeded') }), NOW)).toEqual({
      status: 'paid',
      paidAt: new Date((nowS - 5) * 1000),
      transactionId: 'pi_1',
      rawStatus: 'complete/paid/succeeded',
    })
    expect(toProviderPayment(session({ status: 'complete', payment_status: 'unpaid', payment_intent: pi('processing') }), NOW)).toEqual({
      status: 'pending',
      paidAt: null,
      transactionId: null,
      rawStatus: 'complete/unpaid/processing',
    })
  })
})

describe('Stripe create params', () => {
  const req = sampleRequest({ creditor: CREDITOR, now: () => NOW }, { returnUrls: RETURN_URLS })

  it('builds one EUR line item with our payment id as reference and metadata', () => {
    const built = toSessionParams(req)
    expect(built.ok).toBe(true)
    if (!built.ok) return
    expect(built.params).toMatchObject({
      mode: 'payment',
      line_items: [{ quantity: 1, price_data: { currency: 'eur', unit_amount: 12050, product_data: { name: 'TARI 2026 rata unica' } } }],
      allowed_payment_method_types: ['card', 'sepa_debit'],
      success_url: RETURN_URLS.ok,
      cancel_url: RETURN_URLS.cancel,
      client_reference_id: req.paymentId,
      metadata: { varco_payment_id: req.paymentId, varco_tenant_id: 'tenant-pisa' },
      payment_intent_data: { metadata: { varco_payment_id: req.paymentId } },
      customer_email: 'mario.rossi@example.it',
    })
  })

  it('refuses what Stripe cannot take', () => {
    expect(toSessionParams({ ...req, amount: cents(49) }).ok).toBe(false)
    expect(toSessionParams({ ...req, returnUrls: undefined as never }).ok).toBe(false)
    expect(toSessionParams(req, []).ok).toBe(false)
  })

  it.each([
    [0, null],
    [49, null],
    [50, 50],
    [12050, 12050],
    [99_999_999, 99_999_999],
    [100_000_000, null],
  ])('toStripeAmount(%i) → %o', (amount, expected) => {
    expect(toStripeAmount(cents(amount))).toBe(expected)
  })
})

describe('Stripe error classification', () => {
  const err = (statusCode: number, type: string) => Stripe.errors.StripeError.generate({ statusCode, type, message: 'm' } as never)
  it.each([
    [402, 'card_error', 'POST', 'declined'],
    [400, 'invalid_request_error', 'POST', 'invalid_request'],
    [404, 'invalid_request_error', 'GET', 'invalid_request'],
    [400, 'idempotency_error', 'POST', 'invalid_request'],
    [401, 'invalid_request_error', 'GET', 'auth'],
    [403, 'invalid_request_error', 'POST', 'auth'],
    [429, 'invalid_request_error', 'POST', 'retryable'],
    [500, 'api_error', 'POST', 'retryable'],
    [503, 'api_error', 'GET', 'retryable'],
  ] as const)('HTTP %i %s on %s → %s', (status, type, method, expected) => {
    expect(classify(err(status, type), method, 1000, Stripe.errors).kind).toBe(expected)
  })

  it('calls a timeout unknown, and a lost connection unknown on writes but retryable on reads', () => {
    const timeout = Object.assign(new Error('late'), { name: 'TimeoutError' })
    expect(classify(timeout, 'GET', 1000, Stripe.errors).kind).toBe('unknown')
    const lost = new Stripe.errors.StripeConnectionError({ message: 'ECONNRESET' })
    expect(classify(lost, 'POST', 1000, Stripe.errors).kind).toBe('unknown')
    expect(classify(lost, 'GET', 1000, Stripe.errors).kind).toBe('retryable')
  })
})
