/** The trusted payment mapper reads what the zod schema reads, and hands malformed rows to it. @module */

import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { decodePayment, decodePaymentChecked, encodePayment } from '../../../adapters/libsql/payment-codec.ts'
import type { Cents } from '../../../core/money.ts'
import type { Payment } from '../../../core/payment.ts'
import { aPayment } from '../../fakes/payment.fake.ts'

const full: Payment = aPayment({
  status: 'PAYMENT_STARTED',
  locale: 'it',
  payment: {
    ...aPayment().payment,
    paid_at: new Date('2026-11-24T09:30:00.123Z'),
    expire_at: new Date('2026-12-24T00:00:00Z'),
    notice_code: '301000000000000123',
    iuv: '01000000000000123',
    receiver: { tax_identification_number: '00341620508', name: 'Comune di Bugliano', iban: 'IT60X0542811101000000123456' },
    document: { id: 'd1', ref: null, hash: 'abc' },
    split: [
      { code: 'c1', amount: 1000 as Cents, meta: { capitolo: '12', nested: { a: [1, 2] } } },
      { code: 'c2', amount: null, meta: {} },
    ],
  },
  links: {
    ...aPayment().links,
    online_payment_begin: {
      url: 'https://gw.test/online-payment/x?sig=1',
      last_opened_at: new Date('2026-11-24T09:00:00Z'),
      method: 'GET',
    },
    notify: [{ url: 'https://platform.test/n', method: 'POST', sent_at: null }],
    update: { url: 'https://gw.test/update/x', last_check_at: null, next_check_at: new Date('2026-11-25T00:00:00Z'), method: 'GET' },
  },
  debtor: { type: 'legal', tax_identification_number: '00341620508', name: 'ACME', street_name: null },
})

describe('payment codec', () => {
  it.each([
    ['a fresh payment', aPayment()],
    ['every field set', full],
  ])('reads %s back as the zod schema does, and as written', (_, p) => {
    const doc = encodePayment(p)
    expect(decodePayment(doc)).toStrictEqual(decodePaymentChecked(doc))
    expect(decodePayment(doc)).toStrictEqual(p)
  })

  it('drops keys the schema does not know and keeps absent optional fields absent', () => {
    const doc = JSON.parse(encodePayment(aPayment())) as Record<string, Record<string, unknown>>
    doc['extra'] = { x: 1 } as never
    ;(doc['payer'] as Record<string, unknown>)['unknown'] = 'y'
    const text = JSON.stringify(doc)
    const read = decodePayment(text)
    expect(read).toStrictEqual(decodePaymentChecked(text))
    expect('extra' in read).toBe(false)
    expect('street_name' in read.payer).toBe(false)
  })

  it.each([
    ['a status that does not exist', (d: Record<string, unknown>) => Object.assign(d, { status: 'PAID' })],
    ['a time that is not a string', (d: Record<string, unknown>) => Object.assign(d, { updated_at: 12 })],
    ['a fractional amount', (d: Record<string, unknown>) => Object.assign(d, { payment: { ...(d['payment'] as object), amount: 1.5 } })],
    ['links missing', (d: Record<string, unknown>) => Object.assign(d, { links: undefined })],
  ])('throws the schema issues on %s', (_, spoil) => {
    const doc = JSON.stringify(spoil(JSON.parse(encodePayment(full)) as Record<string, unknown>))
    expect(() => decodePayment(doc)).toThrow(ZodError)
  })
})
