import { describe, expect, it } from 'vitest'
import { fromReceiptAmount, toReceiptAmount, toWireCents } from '../../../adapters/pagopa/amount.ts'
import {
  fromGpdDateTime,
  GPD_STATUS_MAP,
  toCartRequest,
  toGpdDateTime,
  toPaymentPosition,
  toProviderPayment,
  toProviderStatus,
} from '../../../adapters/pagopa/map.ts'
import { GPD_STATUSES, PaymentPositionResponse } from '../../../adapters/pagopa/wire.ts'
import { cents } from '../../../core/money.ts'
import { sampleRequest } from '../../contract/payment-provider.contract.ts'
import { CREDITOR } from './harness.ts'
import { fixture } from './replay.ts'

const NOW = new Date('2026-11-23T10:00:00.000Z')
const req = (over = {}) => sampleRequest({ creditor: CREDITOR, now: () => NOW }, over)
const NOTICE = { iuv: '47123456789012389', noticeNumber: '347123456789012389' }

describe('pagoPA GPD status map', () => {
  it('covers every documented GPD status', () => {
    expect(Object.keys(GPD_STATUS_MAP).sort()).toEqual([...GPD_STATUSES].sort())
  })

  it.each([
    ['DRAFT', 'pending'],
    ['PUBLISHED', 'pending'],
    ['VALID', 'pending'],
    ['PAID', 'paid'],
    ['REPORTED', 'paid'],
    ['INVALID', 'canceled'],
    ['EXPIRED', 'expired'],
    ['PARTIALLY_PAID', 'unknown'],
  ])('maps %s → %s', (raw, status) => {
    expect(toProviderStatus(raw)).toBe(status)
  })

  it.each(['UNPAYABLE', 'valid', '', 'PO_PAID', 'toString', '__proto__'])('maps the unknown value %j → unknown, never pending', (raw) => {
    expect(toProviderStatus(raw)).toBe('unknown')
  })
})

describe('pagoPA date-times', () => {
  it.each([
    ['2026-11-23T10:00:00', '2026-11-23T10:00:00.000Z'],
    ['2026-11-24T08:15:30.456789', '2026-11-24T08:15:30.456Z'],
    ['2026-11-24T08:15:30.4', '2026-11-24T08:15:30.400Z'],
    ['2026-11-24T08:15:30Z', '2026-11-24T08:15:30.000Z'],
    ['2026-11-24T09:15:30+01:00', '2026-11-24T08:15:30.000Z'],
  ])('reads %s as %s (zone-less is UTC)', (wire, iso) => {
    expect(fromGpdDateTime(wire)?.toISOString()).toBe(iso)
  })

  it.each([null, undefined, '', '2026-11-24', 'yesterday', '2026-13-45T99:00:00'])('reads %j as null', (wire) => {
    expect(fromGpdDateTime(wire)).toBeNull()
  })

  it('writes UTC with seconds precision, as the spec examples', () => {
    expect(toGpdDateTime(new Date('2026-06-30T23:59:59.999Z'))).toBe('2026-06-30T23:59:59')
  })
})

describe('pagoPA amounts', () => {
  it.each([
    [1, '0.01'],
    [99, '0.99'],
    [100, '1.00'],
    [12050, '120.50'],
    [99_999_999_999, '999999999.99'],
  ])('%i cents ↔ %s in receipts', (c, s) => {
    expect(toReceiptAmount(cents(c))).toBe(s)
    expect(fromReceiptAmount(s)).toBe(c)
  })

  it.each(['120.5', '120', '-1.00', '1,00', ''])('refuses the receipt amount %j', (s) => {
    expect(fromReceiptAmount(s)).toBeNull()
  })

  it('refuses amounts pagoPA cannot carry', () => {
    expect(toWireCents(cents(0))).toBeNull()
    expect(toWireCents(cents(100_000_000_000))).toBeNull()
    expect(toWireCents(cents(1))).toBe(1)
  })
})

describe('pagoPA create body (PaymentPositionModel)', () => {
  it('builds a published single-solution position for a natural person', () => {
    const out = toPaymentPosition(req({ paymentId: 'p-1' }), NOTICE, 'varco-p-1')
    expect(out.ok).toBe(true)
    if (!out.ok) return
    expect(out.body).toEqual({
      iupd: 'varco-p-1',
      type: 'F',
      fiscalCode: 'RSSMRA85T10A562S',
      fullName: 'Mario Rossi',
      country: 'IT',
      email: 'mario.rossi@example.it',
      switchToExpired: true,
      companyName: 'Comune di Pisa',
      paymentOption: [
        {
          iuv: NOTICE.iuv,
          nav: NOTICE.noticeNumber,
          amount: 12050,
          description: 'TARI 2026 rata unica',
          isPartialPayment: false,
          dueDate: '2026-12-23T10:00:00',
          retentionDate: '2027-12-23T10:00:00',
          transfer: [
            {
              idTransfer: '1',
              amount: 12050,
              organizationFiscalCode: '00341620508',
              remittanceInformation: 'TARI 2026',
              category: '9/0101108TS/',
              iban: 'IT60X0542811101000000123456',
            },
          ],
        },
      ],
    })
  })

  it('uses type G and the company name alone for a legal person', () => {
    const out = toPaymentPosition(
      req({ payer: { kind: 'legal', taxId: '07776161213', name: 'Agile S.r.l.', familyName: 'ignored', country: 'it' } }),
      NOTICE,
      'x',
    )
    expect(out.ok && out.body).toMatchObject({ type: 'G', fiscalCode: '07776161213', fullName: 'Agile S.r.l.', country: 'IT' })
  })

  it('cuts description and company name to 140 and numbers transfers 1..n, with iban or stamp', () => {
    const stamp = { hashDocument: 'wHpFSLCGZjIgNf', stampType: '01', provincialResidence: 'PI' }
    const out = toPaymentPosition(
      req({
        amount: cents(1650),
        reason: 'x'.repeat(200),
        creditor: { ...CREDITOR, name: 'C'.repeat(150) },
        transfers: [
          {
            amount: cents(1000),
            beneficiaryTaxId: '00341620508',
            iban: 'IT60 X054 2811 1010 0000 0123 456',
            category: '9/0101108TS/',
            remittance: 'r',
          },
          {
            amount: cents(650),
            beneficiaryTaxId: '80016350821',
            beneficiaryName: 'Comune di Palermo',
            stamp,
            category: '9/0101108TS/',
            remittance: 'r',
          },
        ],
      }),
      NOTICE,
      'x',
    )
    expect(out.ok).toBe(true)
    if (!out.ok) return
    const option = out.body.paymentOption[0]
    expect(option?.description).toHaveLength(140)
    expect(out.body.companyName).toHaveLength(140)
    expect(option?.transfer.map((t) => t.idTransfer)).toEqual(['1', '2'])
    expect(option?.transfer[0]).toMatchObject({ iban: 'IT60X0542811101000000123456' })
    expect(option?.transfer[0]).not.toHaveProperty('stamp')
    expect(option?.transfer[1]).toMatchObject({ stamp, companyName: 'Comune di Palermo' })
    expect(option?.transfer[1]).not.toHaveProperty('iban')
  })

  it('credits the creditor IBAN when a transfer names none, but never adds one to a stamp', () => {
    const creditor = { ...CREDITOR, iban: 'IT02 L123 4512 3451 2345 6789 012' }
    const base = req({ creditor })
    const first = base.transfers[0]
    if (!first) throw new Error('sample has a transfer')
    const plain = toPaymentPosition({ ...base, transfers: [{ ...first, iban: null }] }, NOTICE, 'x')
    expect(plain.ok && plain.body.paymentOption[0]?.transfer[0]?.iban).toBe('IT02L1234512345123456789012')
    const stamp = { hashDocument: 'h', stampType: '01', provincialResidence: 'PI' }
    const stamped = toPaymentPosition({ ...base, transfers: [{ ...first, iban: null, stamp }] }, NOTICE, 'x')
    expect(stamped.ok && stamped.body.paymentOption[0]?.transfer[0]).not.toHaveProperty('iban')
  })

  const t = (amount: number, extra = {}) => ({
    amount: cents(amount),
    beneficiaryTaxId: '00341620508',
    iban: 'IT60X0542811101000000123456',
    category: '9/0101108TS/',
    remittance: 'r',
    ...extra,
  })
  it.each([
    ['transfers that do not sum to the amount', { transfers: [t(100)] }, 'sum to 100'],
    ['more than five transfers', { amount: cents(6), transfers: [t(1), t(1), t(1), t(1), t(1), t(1)] }, '1 to 5'],
    ['no transfers', { transfers: [] }, '1 to 5'],
    ['a zero amount', { amount: cents(0), transfers: [t(0)] }, 'amount'],
    [
      'a transfer with both iban and stamp',
      { transfers: [t(12050, { stamp: { hashDocument: 'h', stampType: '01', provincialResidence: 'PI' } })] },
      'exactly one',
    ],
    ['a transfer with neither, and no creditor IBAN to fall back on', { transfers: [t(12050, { iban: null })] }, 'no IBAN to credit'],
    [
      'a bad stamp province',
      { transfers: [t(12050, { iban: null, stamp: { hashDocument: 'h', stampType: '01', provincialResidence: 'pi' } })] },
      'provincialResidence',
    ],
  ])('refuses %s', (_, over, reason) => {
    const out = toPaymentPosition(req(over), NOTICE, 'x')
    expect(out.ok).toBe(false)
    if (!out.ok) expect(out.reason).toContain(reason)
  })
})

describe('pagoPA GET-by-iupd → ProviderPayment', () => {
  it('reads a VALID position as pending without payment data', () => {
    const pos = PaymentPositionResponse.parse(fixture('position-valid.response.json'))
    expect(toProviderPayment(pos, '347123456789012389')).toEqual({
      status: 'pending',
      paidAt: null,
      transactionId: null,
      rawStatus: 'VALID',
    })
  })

  it('reads a PAID position with the option payment date (UTC) and the receipt id', () => {
    const pos = PaymentPositionResponse.parse(fixture('position-paid.response.json'))
    expect(toProviderPayment(pos, '347123456789012389')).toEqual({
      status: 'paid',
      paidAt: new Date('2026-11-24T08:15:30.456Z'),
      transactionId: 'c7a1b2d3e4f5061728394a5b6c7d8e9f',
      rawStatus: 'PAID',
    })
  })

  it('reports no payment data for a status it cannot trust (PARTIALLY_PAID)', () => {
    const raw = fixture('position-paid.response.json') as Record<string, unknown>
    const pos = PaymentPositionResponse.parse({ ...raw, status: 'PARTIALLY_PAID' })
    expect(toProviderPayment(pos, null)).toEqual({ status: 'unknown', paidAt: null, transactionId: null, rawStatus: 'PARTIALLY_PAID' })
  })
})

describe('pagoPA Checkout cart', () => {
  const ref = {
    providerRef: 'varco-p-1',
    creditor: { ...CREDITOR, taxId: '77777777777', name: 'Comune di Prova' },
    noticeCode: '301000000000000144',
  }
  const urls = {
    ok: 'https://comune.example.it/pagopa/ok',
    cancel: 'https://comune.example.it/pagopa/cancel',
    error: 'https://comune.example.it/pagopa/ko',
  }

  it('matches the A3.1 example', () => {
    const cart = toCartRequest(
      { ref, amount: cents(12050), reason: 'TARI 2025', payerEmail: 'mario@example.it', returnUrls: urls },
      '301000000000000144',
    )
    expect(cart).toEqual({ ...(fixture('cart.request.json') as object), idCart: 'varco-p-1' })
  })

  it('leaves emailNotice out when the payer has none', () => {
    const cart = toCartRequest({ ref, amount: cents(12050), reason: 'TARI 2025', payerEmail: null, returnUrls: urls }, '301000000000000144')
    expect(cart).not.toHaveProperty('emailNotice')
  })
})
