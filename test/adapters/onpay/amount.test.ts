import { describe, expect, it } from 'vitest'
import { exponentOf, fromOrderAmount, MAX_ORDER_AMOUNT, supportsCurrency, toOrderAmount } from '../../../adapters/onpay/amount.ts'
import { cents } from '../../../core/money.ts'

describe('OnPay orderAmount', () => {
  it.each([
    [cents(10050), 'EUR', 10050], // the manual's "100,5 euro => 10050"
    [cents(1), 'EUR', 1],
    [cents(12050), 'GBP', 12050],
    [1500, 'JPY', 150000], // zero-decimal: whole units followed by two decimals
    [7, 'KRW', 700],
    [0, 'EUR', null],
    [-5, 'EUR', null],
    [1.5, 'EUR', null],
    [MAX_ORDER_AMOUNT, 'EUR', MAX_ORDER_AMOUNT],
    [MAX_ORDER_AMOUNT + 1, 'EUR', null],
    [100, 'XYZ', null],
  ])('toOrderAmount(%s, %s) = %s', (amount, currency, expected) => {
    expect(toOrderAmount(amount, currency)).toBe(expected)
  })

  it.each([
    ['15000', 'EUR', 15000],
    [15000, 'EUR', 15000],
    [' 10050 ', 'EUR', 10050],
    ['150000', 'JPY', 1500],
    ['150050', 'JPY', null],
    ['10.50', 'EUR', null],
    ['-1', 'EUR', null],
    ['', 'EUR', null],
  ] as const)('fromOrderAmount(%j, %s) = %s', (value, currency, expected) => {
    expect(fromOrderAmount(value, currency)).toBe(expected)
  })

  it.each([
    ['nexi', 'EUR', true],
    ['multisafepay', 'EUR', true],
    ['volt', 'EUR', true],
    ['nexi', 'USD', true],
    ['multisafepay', 'GBP', true],
    ['multisafepay', 'USD', false],
    ['volt', 'GBP', false],
    ['nexi', 'JPY', true],
    ['nexi', 'XYZ', false],
  ] as const)('%s accepts %s: %s', (gateway, currency, expected) => {
    expect(supportsCurrency(gateway, currency)).toBe(expected)
  })

  it('knows the zero-decimal currencies of the table', () => {
    expect(['CLP', 'JPY', 'KRW', 'ISK'].map(exponentOf)).toEqual([0, 0, 0, 0])
    expect(exponentOf('EUR')).toBe(2)
    expect(exponentOf('HUF')).toBe(2)
  })
})
