import { describe, expect, it } from 'vitest'
import {
  classifyError,
  decide,
  decodeRef,
  EXPIRY_GRACE_MS,
  encodeRef,
  extIdFor,
  FULL_STATUS_MAP,
  fromOnpayDateTime,
  methodIdOf,
  toLinkForm,
  toOnpayDateTime,
  toOrderDescription,
  toPaymentMethods,
  toProviderStatus,
} from '../../../adapters/onpay/map.ts'
import type { Notification } from '../../../adapters/onpay/wire.ts'

const n = (status: string, date: string, orderAmount: number | null = 12050): Notification => ({
  extId: 'V1',
  gateway: 'multisafepay',
  status,
  orderAmount,
  orderCurrency: 'EUR',
  notification_date: date,
  validation_date: date,
  payment_type: 1,
})

describe('OnPay dates (Rome wall time)', () => {
  it.each([
    ['2026-12-23T09:00:00.000Z', '2026-12-23 10:00:00'], // CET
    ['2026-07-01T08:30:15.000Z', '2026-07-01 10:30:15'], // CEST
    ['2026-03-28T23:30:00.000Z', '2026-03-29 00:30:00'],
  ])('%s → %s and back', (iso, wire) => {
    expect(toOnpayDateTime(new Date(iso))).toBe(wire)
    expect(fromOnpayDateTime(wire)?.toISOString()).toBe(iso)
  })

  it.each([
    ['2021-05-11', '2021-05-10T22:00:00.000Z'],
    ['2021-05-11 14:44', '2021-05-11T12:44:00.000Z'],
    ['2021-02-30 10:00:00', null],
    ['11/05/2021', null],
    ['', null],
  ])('fromOnpayDateTime(%j) = %s', (wire, iso) => {
    expect(fromOnpayDateTime(wire)?.toISOString() ?? null).toBe(iso)
  })
})

describe('OnPay request mapping', () => {
  it('derives a stable, short extId from the payment id', async () => {
    const a = await extIdFor('pay_1')
    expect(a).toMatch(/^V[0-9a-f]{26}$/)
    expect(await extIdFor('pay_1')).toBe(a)
    expect(await extIdFor('pay_2')).not.toBe(a)
  })

  it.each([
    ['TARI 2026 rata unica', 'TARI 2026 rata unica'],
    ['Càntina – “Più” #3!', 'Cantina Piu 3'],
    ['%%%', 'Pagamento'],
    ['x'.repeat(250), 'x'.repeat(200)],
  ])('orderDescription of %j is %j', (reason, expected) => {
    expect(toOrderDescription(reason)).toBe(expected)
  })

  it('builds exactly the manual fields for Volt, with return URLs when known', () => {
    const form = toLinkForm(
      {
        key: 'k',
        gateway: 'volt',
        gatewayApiKey: 'a',
        gatewaySecretKey: 's',
        gatewayUsername: 'u',
        gatewayPassword: 'p',
        gatewayNotificationKey: 'nk',
      },
      {
        reason: 'TARI',
        dueAt: new Date('2026-12-23T22:59:59Z'),
        returnUrls: { ok: 'https://x/ok', cancel: 'https://x/ko', error: 'https://x/e' },
      },
      'V1',
      12050,
      'EUR',
    )
    expect(form).toEqual({
      key: 'k',
      gateway: 'volt',
      gatewayApiKey: 'a',
      gatewaySecretKey: 's',
      gatewayUsername: 'u',
      gatewayPassword: 'p',
      gatewayNotificationKey: 'nk',
      extId: 'V1',
      orderAmount: '12050',
      orderCurrency: 'EUR',
      orderDescription: 'TARI',
      expDate: '2026-12-23 23:59:59',
      completedUrl: 'https://x/ok',
      canceledUrl: 'https://x/ko',
    })
  })

  it('sends an empty secret and no Volt fields for MultiSafepay', () => {
    const form = toLinkForm(
      { key: 'k', gateway: 'multisafepay', gatewayApiKey: 'a' },
      { reason: 'x', dueAt: new Date('2026-12-23T10:00:00Z') },
      'V1',
      1,
      'EUR',
    )
    expect(Object.keys(form)).toEqual([
      'key',
      'gateway',
      'gatewayApiKey',
      'gatewaySecretKey',
      'extId',
      'orderAmount',
      'orderCurrency',
      'orderDescription',
      'expDate',
    ])
    expect(form['gatewaySecretKey']).toBe('')
  })
})

describe('OnPay reference', () => {
  it('round-trips every field, including URLs with query strings', () => {
    const r = { extId: 'V1', orderId: 'O-9', link: 'https://pay.example/x?a=1&b=2', exp: '2026-12-23T10:00:00.000Z', amount: 12050 }
    expect(decodeRef(encodeRef(r))).toEqual(r)
  })
  it('reads a bare extId and rejects an empty one', () => {
    expect(decodeRef('PROVA1')).toEqual({ extId: 'PROVA1', orderId: null, link: null, exp: null, amount: null })
    expect(decodeRef('')).toBeNull()
    expect(decodeRef('extId=')).toBeNull()
  })
})

describe('OnPay status mapping', () => {
  it('maps the one documented status, completed, to paid on every circuit', () => {
    for (const g of ['nexi', 'multisafepay', 'volt'] as const) expect(toProviderStatus('completed', g)).toBe('paid')
  })

  it.each([
    ['multisafepay', 'initialized', 'pending'],
    ['multisafepay', 'declined', 'pending'],
    ['multisafepay', 'void', 'canceled'],
    ['multisafepay', 'expired', 'expired'],
    ['multisafepay', 'refunded', 'unknown'],
    ['multisafepay', 'chargedback', 'unknown'],
    ['nexi', 'OK', 'paid'],
    ['nexi', 'EXECUTED', 'paid'],
    ['nexi', 'AUTHORIZED', 'pending'],
    ['nexi', 'KO', 'pending'],
    ['nexi', 'VOIDED', 'canceled'],
    ['volt', 'COMPLETED', 'paid'],
    ['volt', 'REFUSED_BY_BANK', 'pending'],
    ['volt', 'NOT_RECEIVED', 'unknown'],
    ['volt', 'SOMETHING_NEW', 'unknown'],
    ['nexi', '', 'unknown'],
  ] as const)('%s %s → %s', (gateway, raw, expected) => {
    expect(toProviderStatus(raw, gateway)).toBe(expected)
  })

  it('has only lower-case keys (lookups lower-case the raw status)', () => {
    for (const table of Object.values(FULL_STATUS_MAP)) for (const k of Object.keys(table)) expect(k).toBe(k.toLowerCase())
  })

  const now = new Date('2026-11-23T10:00:00Z')
  const ref = { exp: '2026-12-01T10:00:00.000Z', amount: 12050 }

  it('reads no notification as pending, and as expired a grace day after expDate', () => {
    expect(decide([], 'multisafepay', ref, now)).toMatchObject({ status: 'pending', rawStatus: 'NO_NOTIFICATION' })
    const late = new Date(new Date(ref.exp).getTime() + EXPIRY_GRACE_MS + 1)
    expect(decide([], 'multisafepay', ref, late).status).toBe('expired')
    expect(decide([], 'multisafepay', { exp: null, amount: null }, late).status).toBe('pending')
  })

  it('reads completed as paid, with the notification date', () => {
    expect(decide([n('completed', '2026-11-23 11:00:00')], 'multisafepay', ref, now)).toEqual({
      status: 'paid',
      rawStatus: 'completed',
      paidAt: new Date('2026-11-23T10:00:00Z'),
    })
  })

  it('lets the latest notification decide, but a later attempt-level status never hides a payment', () => {
    expect(decide([n('completed', '2026-11-23 11:00:00'), n('refunded', '2026-11-24 11:00:00')], 'multisafepay', ref, now).status).toBe(
      'unknown',
    )
    expect(decide([n('completed', '2026-11-23 11:00:00'), n('initialized', '2026-11-23 12:00:00')], 'multisafepay', ref, now).status).toBe(
      'paid',
    )
    expect(decide([n('declined', '2026-11-23 10:00:00'), n('completed', '2026-11-23 11:00:00')], 'multisafepay', ref, now).status).toBe(
      'paid',
    )
    // out of order in the array: the dates decide
    expect(decide([n('void', '2026-11-25 11:00:00'), n('declined', '2026-11-23 11:00:00')], 'multisafepay', ref, now).status).toBe(
      'canceled',
    )
  })

  it('never reports as paid a notification for another amount', () => {
    const d = decide([n('completed', '2026-11-23 11:00:00', 100)], 'multisafepay', ref, now)
    expect(d.status).toBe('unknown')
    expect(d.rawStatus).toMatch(/expected 12050/)
  })
})

describe('OnPay error texts', () => {
  it.each([
    ['Chiave OnPay non valida', 'auth'],
    ['multisafepay: credenziali del gateway non valide (gatewayApiKey)', 'auth'],
    ['Invalid API key', 'auth'],
    ['Unauthorized', 'auth'],
    ['extId PROVA1 già utilizzato: deve essere univoco', 'duplicate'],
    ['Duplicate extId', 'duplicate'],
    ['Campo extId obbligatorio mancante', 'invalid_request'],
    ['Valuta USD non supportata da volt', 'invalid_request'],
    ['expDate: data di scadenza nel passato', 'invalid_request'],
    ['Servizio temporaneamente non disponibile, riprova', 'retryable'],
    ['Transazione rifiutata dal circuito', 'other'],
  ] as const)('%j → %s', (message, kind) => {
    expect(classifyError(message)).toBe(kind)
  })
})

describe('OnPay payment methods', () => {
  it.each([
    ['VISA', 'card'],
    ['VISA CREDIT CARD', 'card'],
    ['MASTERCARD', 'card'],
    ['MAESTRO', 'card'],
    ['AMERICAN EXPRESS', 'card'],
    ['SEPA DIRECT DEBIT', 'sepa_debit'],
    ['VOLT PAY BY BANK', 'open_banking'],
    ['PAYPAL', null],
    ['IDEAL', null],
  ] as const)('%s → %s', (description, id) => {
    expect(methodIdOf(description)).toBe(id)
  })

  const list = [
    { code_number: 1, code_description: 'VISA', code_number_merged: 1 },
    { code_number: 5, code_description: 'SEPA DIRECT DEBIT', code_number_merged: 5 },
    { code_number: 6, code_description: 'PAYPAL', code_number_merged: 6 },
  ]
  it('offers what the circuit can carry, primary first and recommended', () => {
    expect(toPaymentMethods(list, 'multisafepay').map((m) => [m.id, m.recommended])).toEqual([
      ['card', true],
      ['sepa_debit', false],
    ])
    expect(toPaymentMethods(list, 'nexi').map((m) => m.id)).toEqual(['card'])
    expect(toPaymentMethods(list, 'volt').map((m) => m.id)).toEqual(['open_banking'])
    expect(toPaymentMethods([], 'volt')).toEqual([{ id: 'open_banking', label: expect.any(String), recommended: true }])
  })
})
