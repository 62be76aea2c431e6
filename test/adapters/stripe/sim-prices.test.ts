/** The Stripe simulator's Prices, and payment Sessions whose line item is a saved Price. @module */

import { describe, expect, it } from 'vitest'
import { sandboxCredentials } from '../../../sandbox/index.ts'
import { SANDBOX_STRIPE } from '../../../sandbox/stripe/index.ts'
import { stripeSim } from './sim-client.ts'

const priceLine = (price: string, quantity = '1') =>
  [
    ['line_items[0][price]', price],
    ['line_items[0][quantity]', quantity],
  ] as const

describe('Stripe simulator: prices', () => {
  it('creates a one-time price with an inline product and retrieves it', async () => {
    const h = stripeSim()
    const created = await h.api('POST', '/v1/prices', [
      ['unit_amount', '2500'],
      ['currency', 'eur'],
      ['product_data[name]', 'Consulenza'],
      ['nickname', 'ora'],
    ])
    expect(created.status).toBe(200)
    expect(created.json).toMatchObject({
      id: expect.stringMatching(/^price_/),
      object: 'price',
      unit_amount: 2500,
      currency: 'eur',
      type: 'one_time',
      active: true,
      nickname: 'ora',
      product: expect.stringMatching(/^prod_/),
    })
    const got = await h.api('GET', `/v1/prices/${String(created.json['id'])}`)
    expect(got).toEqual({ status: 200, json: created.json })
    const product = await h.api('GET', `/v1/products/${String(created.json['product'])}`)
    expect(product.json).toMatchObject({ object: 'product', name: 'Consulenza' })
  })

  it('creates a price on an existing product, and refuses an unknown one or none', async () => {
    const h = stripeSim()
    const ok = await h.api('POST', '/v1/prices', [
      ['unit_amount', '100'],
      ['currency', 'eur'],
      ['product', 'prod_sandbox_varco_package'],
    ])
    expect(ok.json['product']).toBe('prod_sandbox_varco_package')
    const unknown = await h.api('POST', '/v1/prices', [
      ['unit_amount', '100'],
      ['currency', 'eur'],
      ['product', 'prod_nope'],
    ])
    expect(unknown).toMatchObject({ status: 400, json: { error: { code: 'resource_missing', param: 'product' } } })
    const none = await h.api('POST', '/v1/prices', [
      ['unit_amount', '100'],
      ['currency', 'eur'],
    ])
    expect(none).toMatchObject({ status: 400, json: { error: { param: 'product' } } })
  })

  it('answers 404 resource_missing for an unknown price', async () => {
    const h = stripeSim()
    expect(await h.api('GET', '/v1/prices/price_nope')).toMatchObject({
      status: 404,
      json: { error: { type: 'invalid_request_error', code: 'resource_missing', message: "No such price: 'price_nope'" } },
    })
  })

  it('has the sandbox package price from the start, exposed in sandboxCredentials', async () => {
    const h = stripeSim()
    expect(sandboxCredentials.stripe.packagePrice).toBe('price_sandbox_varco_package')
    const got = await h.api('GET', `/v1/prices/${SANDBOX_STRIPE.packagePrice}`)
    expect(got.json).toMatchObject({ id: SANDBOX_STRIPE.packagePrice, unit_amount: 15000, currency: 'eur', type: 'one_time', active: true })
    const product = await h.api('GET', `/v1/products/${String(got.json['product'])}`)
    expect(product.json['name']).toBe('Pacchetto Onboarding')
  })
})

describe('Stripe simulator: Sessions with a price line item', () => {
  it('takes its amount, currency and name from the price, times the quantity, and expands line_items', async () => {
    const h = stripeSim()
    const id = await h.session(['card'], priceLine(SANDBOX_STRIPE.packagePrice, '2'))
    const s = await h.api('GET', `/v1/checkout/sessions/${id}?expand[]=line_items`)
    expect(s.json).toMatchObject({ amount_total: 30000, currency: 'eur', status: 'open' })
    expect(s.json['line_items']).toMatchObject({
      object: 'list',
      data: [
        {
          quantity: 2,
          amount_total: 30000,
          description: 'Pacchetto Onboarding',
          price: { id: SANDBOX_STRIPE.packagePrice, unit_amount: 15000, product: 'prod_sandbox_varco_package' },
        },
      ],
    })
    const page = await (await h.simFetch(String(s.json['url']))).text()
    expect(page).toContain('Pacchetto Onboarding')
    expect(page).toContain('300,00 €')
  })

  it('refuses an unknown price with 400 resource_missing on line_items[0][price]', async () => {
    const h = stripeSim()
    const r = await h.api('POST', '/v1/checkout/sessions', [
      ['mode', 'payment'],
      ['success_url', 'https://x.example/ok'],
      ...priceLine('price_nope'),
    ])
    expect(r).toMatchObject({
      status: 400,
      json: { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'line_items[0][price]' } },
    })
    expect(h.sim.control.sessions()).toHaveLength(0)
  })

  it('needs a quantity with a price, and refuses price together with price_data', async () => {
    const h = stripeSim()
    const base = [
      ['mode', 'payment'],
      ['success_url', 'https://x.example/ok'],
    ] as const
    const noQty = await h.api('POST', '/v1/checkout/sessions', [...base, ['line_items[0][price]', SANDBOX_STRIPE.packagePrice]])
    expect(noQty).toMatchObject({ status: 400, json: { error: { param: 'line_items[0][quantity]', code: 'parameter_missing' } } })
    const both = await h.api('POST', '/v1/checkout/sessions', [
      ...base,
      ...priceLine(SANDBOX_STRIPE.packagePrice),
      ['line_items[0][price_data][currency]', 'eur'],
      ['line_items[0][price_data][unit_amount]', '100'],
      ['line_items[0][price_data][product_data][name]', 'x'],
    ])
    expect(both).toMatchObject({ status: 400, json: { error: { param: 'line_items[0]' } } })
  })

  it('uses a price created through the API', async () => {
    const h = stripeSim()
    const p = await h.api('POST', '/v1/prices', [
      ['unit_amount', '990'],
      ['currency', 'eur'],
      ['product_data[name]', 'Marca da bollo'],
    ])
    const id = await h.session(['card'], priceLine(String(p.json['id'])))
    expect(h.sim.control.sessions().find((s) => s.id === id)?.amount_total).toBe(990)
  })
})
