/**
 * OnPay amounts: `orderAmount` is an `int` made of the whole amount followed by exactly two
 * decimals ("100,5 euro => 10050"), for every currency of the manual's table, zero-decimal ones
 * included (OnPay manual v1.8, "Richiesta link" and "Lista valute disponibili").
 * @module
 */

import type { Cents } from '../../core/money.ts'

export type OnpayGateway = 'nexi' | 'multisafepay' | 'volt'

export const ONPAY_GATEWAYS: readonly OnpayGateway[] = ['nexi', 'multisafepay', 'volt']

/**
 * "Lista valute disponibili": which circuit accepts which currency. The `orderCurrency` row also says
 * "Nexi permette solo Euro"; the later, more specific table lists 37 currencies for Nexi, so it wins.
 */
export const CURRENCIES: Readonly<Record<string, readonly OnpayGateway[]>> = {
  EUR: ['nexi', 'multisafepay', 'volt'],
  USD: ['nexi'],
  GBP: ['nexi', 'multisafepay'],
  VEF: ['nexi'],
  AUD: ['nexi'],
  BRL: ['nexi'],
  CHF: ['nexi'],
  CLP: ['nexi'],
  COP: ['nexi'],
  CZK: ['nexi'],
  DKK: ['nexi'],
  INR: ['nexi'],
  MXN: ['nexi'],
  PEN: ['nexi'],
  PLN: ['nexi'],
  RON: ['nexi'],
  SEK: ['nexi'],
  NOK: ['nexi'],
  CAD: ['nexi'],
  HRK: ['nexi'],
  HKD: ['nexi'],
  TWD: ['nexi'],
  KRW: ['nexi'],
  HUF: ['nexi'],
  PHP: ['nexi'],
  ZAR: ['nexi'],
  CNY: ['nexi'],
  JPY: ['nexi'],
  MYR: ['nexi'],
  AED: ['nexi'],
  ILS: ['nexi'],
  RUB: ['nexi'],
  SGD: ['nexi'],
  NZD: ['nexi'],
  TRY: ['nexi'],
  ISK: ['nexi'],
  THB: ['nexi'],
}

/** ISO 4217 minor-unit exponents that are not 2, among the table's currencies. */
const ZERO_DECIMAL = new Set(['CLP', 'JPY', 'KRW', 'ISK'])

/** The largest `orderAmount` we send: `int` read as a signed 32-bit column [assumption]. */
export const MAX_ORDER_AMOUNT = 2_147_483_647

/** Whether `gateway` accepts `currency` per the manual's table (`orderCurrency` defaults to EUR). */
export function supportsCurrency(gateway: OnpayGateway, currency: string): boolean {
  return CURRENCIES[currency]?.includes(gateway) ?? false
}

/** Digits after the decimal point of the currency's minor unit (ISO 4217). */
export function exponentOf(currency: string): 0 | 2 {
  return ZERO_DECIMAL.has(currency) ? 0 : 2
}

/**
 * Minor units of `currency` (cents for EUR, yen for JPY) → OnPay `orderAmount` (always ×100 of the
 * whole unit), or null when OnPay cannot carry it (zero, negative, not an integer, too large,
 * currency not in the table).
 * @example toOrderAmount(cents(10050)) // 10050  (100,50 €)
 * @example toOrderAmount(1500, 'JPY')  // 150000 (1.500 ¥)
 */
export function toOrderAmount(amount: Cents | number, currency = 'EUR'): number | null {
  if (!(currency in CURRENCIES) || !Number.isSafeInteger(amount) || amount < 1) return null
  const wire = exponentOf(currency) === 0 ? amount * 100 : amount
  return wire <= MAX_ORDER_AMOUNT ? wire : null
}

/**
 * OnPay `orderAmount` (a JSON number or, as in the manual's examples, a numeric string) → minor
 * units of `currency`, or null when it is not a non-negative integer (or, for a zero-decimal
 * currency, carries a fraction of the unit).
 * @example fromOrderAmount('15000') // 15000
 */
export function fromOrderAmount(value: string | number, currency = 'EUR'): number | null {
  const text = typeof value === 'number' ? String(value) : value.trim()
  if (!/^\d{1,15}$/.test(text)) return null
  const n = Number(text)
  if (exponentOf(currency) === 2) return n
  return n % 100 === 0 ? n / 100 : null
}
