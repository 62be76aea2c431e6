/**
 * Products and one-time Prices (`POST /v1/prices`, `GET /v1/prices/{id}`): what a Checkout Session's
 * `line_items[0][price]` refers to. A price names an existing `product` or makes one from
 * `product_data[name]`. The simulator starts with {@link SANDBOX_STRIPE.packagePrice} (15000 eur,
 * "Pacchetto Onboarding"), the price the sandbox gives the billing wiring as `STRIPE_PRICE_PACKAGE`.
 * @module
 */

import { Hono } from 'hono'
import { invalidParam, resourceMissing, stripeError } from './api.ts'
import { SANDBOX_PACKAGE_PRODUCT, SANDBOX_STRIPE } from './credentials.ts'
import { obj, parseStripeForm, str, stringRecord } from './form.ts'
import type { StripeIds } from './ids.ts'

export type Product = { id: string; created: number; name: string }
export type Price = {
  id: string
  created: number
  active: boolean
  currency: string
  unit_amount: number
  product: string
  nickname: string | null
  metadata: Record<string, string>
}

export type PriceState = ReturnType<typeof priceState>

export function priceState({ nowS }: StripeIds) {
  const products = new Map<string, Product>()
  const prices = new Map<string, Price>()
  const t = nowS()
  products.set(SANDBOX_PACKAGE_PRODUCT.id, { id: SANDBOX_PACKAGE_PRODUCT.id, created: t, name: SANDBOX_PACKAGE_PRODUCT.name })
  prices.set(SANDBOX_STRIPE.packagePrice, {
    id: SANDBOX_STRIPE.packagePrice,
    created: t,
    active: true,
    currency: 'eur',
    unit_amount: SANDBOX_PACKAGE_PRODUCT.unitAmount,
    product: SANDBOX_PACKAGE_PRODUCT.id,
    nickname: null,
    metadata: {},
  })
  return { products, prices }
}

/** The `price` object as Stripe returns it. */
export const priceView = (p: Price) => ({
  id: p.id,
  object: 'price',
  active: p.active,
  billing_scheme: 'per_unit',
  created: p.created,
  currency: p.currency,
  livemode: false,
  lookup_key: null,
  metadata: p.metadata,
  nickname: p.nickname,
  product: p.product,
  recurring: null,
  tax_behavior: 'unspecified',
  type: 'one_time',
  unit_amount: p.unit_amount,
  unit_amount_decimal: String(p.unit_amount),
})

export const productView = (p: Product) => ({
  id: p.id,
  object: 'product',
  active: true,
  created: p.created,
  livemode: false,
  name: p.name,
})

export function pricesApi(state: PriceState, { nowS, rid }: StripeIds): Hono {
  const app = new Hono()

  app.post('/v1/prices', async (c) => {
    const f = parseStripeForm(new TextDecoder().decode(await c.req.arrayBuffer()))
    const currency = str(f['currency'])
    if (!currency || !/^[a-z]{3}$/.test(currency)) return invalidParam(c, 'currency', 'Invalid currency', 'parameter_missing')
    if (f['recurring'] !== undefined) return invalidParam(c, 'recurring', 'The simulator makes only one-time prices.')
    const unit = Number(str(f['unit_amount']))
    if (!Number.isSafeInteger(unit) || unit < 0 || unit > 99_999_999)
      return invalidParam(c, 'unit_amount', 'Invalid integer', 'parameter_invalid_integer')
    const named = str(obj(f['product_data'])?.['name'])
    const productId = str(f['product'])
    if (productId && named) return invalidParam(c, 'product', 'You may only specify one of these parameters: product, product_data.')
    let product: Product | undefined
    if (productId) {
      product = state.products.get(productId)
      if (!product)
        return stripeError(c, 400, 'invalid_request_error', `No such product: '${productId}'`, {
          code: 'resource_missing',
          param: 'product',
        })
    } else if (named) {
      product = { id: rid('prod_'), created: nowS(), name: named }
      state.products.set(product.id, product)
    } else return invalidParam(c, 'product', 'Missing required param: product.', 'parameter_missing')
    const price: Price = {
      id: rid('price_'),
      created: nowS(),
      active: true,
      currency,
      unit_amount: unit,
      product: product.id,
      nickname: str(f['nickname']) ?? null,
      metadata: stringRecord(f['metadata']),
    }
    state.prices.set(price.id, price)
    return c.json(priceView(price))
  })

  app.get('/v1/prices/:id', (c) => {
    const p = state.prices.get(c.req.param('id'))
    return p ? c.json(priceView(p)) : resourceMissing(c, 'price', c.req.param('id'), 'price')
  })
  app.get('/v1/products/:id', (c) => {
    const p = state.products.get(c.req.param('id'))
    return p ? c.json(productView(p)) : resourceMissing(c, 'product', c.req.param('id'), 'id')
  })

  return app
}
