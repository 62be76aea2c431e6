/**
 * The one line item of a payment-mode Checkout Session: either a saved Price
 * (`line_items[0][price]=price_…` with `quantity`) or an inline `price_data` (currency, unit amount,
 * product name), with the errors Stripe gives for each.
 * @module
 */

import { type Form, obj, str } from './form.ts'
import type { PriceState } from './prices.ts'

export type LineItem = {
  readonly currency: string
  readonly unitAmount: number
  readonly quantity: number
  readonly name: string
  /** The saved Price used, or null for `price_data`. */
  readonly price: string | null
  readonly product: string | null
}

export type LineItemError = { readonly param: string; readonly message: string; readonly code?: string }

const validUnit = (n: number) => Number.isSafeInteger(n) && n >= 0 && n <= 99_999_999

/** The Session's line item, or the parameter Stripe would refuse. */
export function readLineItem(f: Form, prices: PriceState): LineItem | LineItemError {
  const items = Array.isArray(f['line_items']) ? (f['line_items'] as Form[]) : []
  if (items.length !== 1)
    return { param: 'line_items', message: 'The simulator supports exactly one line item, with `price` or `price_data`.' }
  const item = items[0] ?? {}
  const priceId = str(item['price'])
  const data = obj(item['price_data'])
  if (priceId !== undefined && data)
    return { param: 'line_items[0]', message: 'You may only specify one of these parameters: price, price_data.' }
  const q = str(item['quantity'])
  const quantity = Number(q ?? '1')
  if (!Number.isSafeInteger(quantity) || quantity < 1) return { param: 'line_items[0][quantity]', message: 'Invalid integer' }

  if (priceId !== undefined) {
    const p = prices.prices.get(priceId)
    if (!p) return { param: 'line_items[0][price]', message: `No such price: '${priceId}'`, code: 'resource_missing' }
    if (!p.active)
      return { param: 'line_items[0][price]', message: 'The price specified is inactive. This field only accepts active prices.' }
    if (q === undefined)
      return {
        param: 'line_items[0][quantity]',
        message: 'Quantity is required. Add `quantity` to `line_items[0]`',
        code: 'parameter_missing',
      }
    const name = prices.products.get(p.product)?.name ?? p.product
    return { currency: p.currency, unitAmount: p.unit_amount, quantity, name, price: p.id, product: p.product }
  }

  const currency = str(data?.['currency'])
  const unit = Number(str(data?.['unit_amount']))
  const name = str(obj(data?.['product_data'])?.['name'])
  if (!currency || currency !== currency.toLowerCase()) return { param: 'line_items[0][price_data][currency]', message: 'Invalid currency' }
  if (!validUnit(unit)) return { param: 'line_items[0][price_data][unit_amount]', message: 'Invalid integer' }
  if (!name) return { param: 'line_items[0][price_data][product_data][name]', message: 'Missing required param' }
  return { currency, unitAmount: unit, quantity, name, price: null, product: null }
}

export const isLineItemError = (x: LineItem | LineItemError): x is LineItemError => 'param' in x
