/** Table tests: order states, webhook events, amounts, the create body, the read result. @module */

import { describe, expect, it } from 'vitest'
import { fromWireAmount, isWireCurrency, toWireAmount } from '../../../adapters/revolut/amount.ts'
import {
  hintOf,
  isAcceptedRedirect,
  ORDER_STATE_MAP,
  toOrderCreation,
  toProviderPayment,
  toProviderStatus,
} from '../../../adapters/revolut/map.ts'
import { ORDER_STATES } from '../../../adapters/revolut/wire.ts'
import { cents } from '../../../core/money.ts'
import { sampleRequest } from '../../contract/payment-provider.contract.ts'
import { CREDITOR } from './harness.ts'

const h = { creditor: CREDITOR, now: () => new Date('2026-11-23T10:00:00Z') }

describe('order state map', () => {
  it.each([
    ['pending', 'pending'],
    ['processing', 'pending'],
    ['authorised', 'pending'],
    ['completed', 'paid'],
    ['cancelled', 'canceled'],
    ['failed', 'unknown'],
    ['COMPLETED', 'unknown'],
    ['refunded', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (raw, status) => expect(toProviderStatus(raw)).toBe(status))

  it('covers every documented state', () => expect(Object.keys(ORDER_STATE_MAP).sort()).toEqual([...ORDER_STATES].sort()))
})

describe('webhook event hints', () => {
  it.each([
    ['ORDER_COMPLETED', 'paid'],
    ['ORDER_AUTHORISED', 'pending'],
    ['ORDER_CANCELLED', 'canceled'],
    ['ORDER_FAILED', 'unknown'],
    ['ORDER_PAYMENT_DECLINED', 'pending'],
    ['ORDER_PAYMENT_FAILED', 'pending'],
    ['ORDER_PAYMENT_AUTHENTICATED', 'pending'],
    ['ORDER_INCREMENTAL_AUTHORISATION_AUTHORISED', 'other'],
    ['PAYOUT_COMPLETED', 'other'],
    ['DISPUTE_LOST', 'other'],
    ['toString', 'other'],
    ['constructor', 'other'],
  ])('%s → %s', (event, hint) => expect(hintOf(event)).toBe(hint))
})

describe('amounts', () => {
  it.each([
    [1, 1],
    [7034, 7034],
    [15000, 15000],
    [0, null],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])('toWireAmount(%s) → %s', (c, wire) => expect(toWireAmount(cents(c))).toBe(wire))

  it.each([
    [7034, 7034],
    [0, 0],
    [-1, null],
    [70.34, null],
    ['7034', null],
    [Number.MAX_SAFE_INTEGER + 1, null],
  ])('fromWireAmount(%s) → %s', (wire, c) => expect(fromWireAmount(wire)).toBe(c))

  it.each([
    ['EUR', true],
    ['eur', false],
    ['EURO', false],
  ])('isWireCurrency(%s) → %s', (c, ok) => expect(isWireCurrency(c)).toBe(ok))
})

describe('redirect urls Revolut accepts', () => {
  it.each([
    ['https://comune.example.it/ok', true],
    ['http://comune.example.it/ok', true],
    ['http://localhost:8787/ok', false],
    ['http://app.localhost/ok', false],
    ['http://127.0.0.1/ok', false],
    ['http://[::1]/ok', false],
    ['ftp://example.it/x', false],
    ['not a url', false],
    [`https://example.it/${'a'.repeat(2000)}`, false],
  ])('%s → %s', (url, ok) => expect(isAcceptedRedirect(url)).toBe(ok))
})

describe('create-order body', () => {
  it('carries amount, EUR, description, reference, email, redirect and metadata', () => {
    const req = sampleRequest(h, {
      paymentId: 'pay-1',
      returnUrls: { ok: 'https://c.example.it/ok', cancel: 'https://c.example.it/ko', error: 'https://c.example.it/e' },
    })
    expect(toOrderCreation(req)).toEqual({
      ok: true,
      body: {
        amount: 12050,
        currency: 'EUR',
        description: 'TARI 2026 rata unica',
        customer: { email: 'mario.rossi@example.it' },
        merchant_order_data: { reference: 'pay-1' },
        redirect_url: 'https://c.example.it/ok',
        metadata: { varco_payment_id: 'pay-1', tenant_id: 'tenant-pisa' },
      },
    })
  })

  it('leaves out a localhost return url and a missing email', () => {
    const req = sampleRequest(h, {
      payer: { kind: 'human', taxId: 'X', name: 'Mario', email: null },
      returnUrls: { ok: 'http://localhost:8787/ok', cancel: 'http://localhost/c', error: 'http://localhost/e' },
    })
    const out = toOrderCreation(req)
    expect(out.ok && 'redirect_url' in out.body).toBe(false)
    expect(out.ok && 'customer' in out.body).toBe(false)
  })

  it('refuses a zero amount and an invalid email', () => {
    expect(toOrderCreation(sampleRequest(h, { amount: cents(0) })).ok).toBe(false)
    expect(toOrderCreation(sampleRequest(h, { payer: { kind: 'human', taxId: 'X', name: 'M', email: 'nope' } })).ok).toBe(false)
  })
})

describe('read result', () => {
  const base = { id: 'o1', amount: 100, currency: 'EUR', updated_at: '2026-11-23T10:05:00Z' }
  it('paid: the completed payment gives the transaction id and date', () => {
    expect(
      toProviderPayment({
        ...base,
        state: 'completed',
        payments: [
          { id: 'p0', state: 'declined', updated_at: '2026-11-23T10:01:00Z' },
          { id: 'p1', state: 'completed', updated_at: '2026-11-23T10:02:00Z' },
        ],
      }),
    ).toEqual({ status: 'paid', paidAt: new Date('2026-11-23T10:02:00Z'), transactionId: 'p1', rawStatus: 'completed' })
  })
  it('paid without payments: falls back to the order date, no transaction id', () => {
    expect(toProviderPayment({ ...base, state: 'completed' })).toEqual({
      status: 'paid',
      paidAt: new Date('2026-11-23T10:05:00Z'),
      transactionId: null,
      rawStatus: 'completed',
    })
  })
  it('not paid: no date, no transaction, raw state kept', () => {
    expect(toProviderPayment({ ...base, state: 'failed', payments: [{ id: 'p', state: 'failed' }] })).toEqual({
      status: 'unknown',
      paidAt: null,
      transactionId: null,
      rawStatus: 'failed',
    })
  })
})
