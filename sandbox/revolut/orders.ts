/**
 * Revolut Merchant API orders (providers.md §2): create, list by merchant reference and state,
 * retrieve, cancel. The SEPA slice (mandates.ts) is mounted first and takes its own orders.
 * @module
 */

import { type Context, Hono } from 'hono'
import { z } from 'zod'
import type { RevolutState, SimOrder } from './state.ts'
import { orderSummary, orderView, revolutError } from './views.ts'

const OrderIn = z.object({
  amount: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  settlement_currency: z.string().nullish(),
  description: z.string().max(1024).nullish(),
  customer: z
    .object({ id: z.string().nullish(), email: z.email().nullish(), full_name: z.string().nullish(), phone: z.string().nullish() })
    .nullish(),
  capture_mode: z.enum(['automatic', 'manual']).nullish(),
  merchant_order_data: z.object({ reference: z.string().nullish(), url: z.string().nullish() }).nullish(),
  redirect_url: z.url().max(2000).nullish(),
  metadata: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z\d_]{0,39}$/), z.string().max(500)).nullish(),
})

/** Revolut's 404 for an unknown order. */
export const orderNotFound = (c: Context, now: () => Date) =>
  revolutError(c, now, 404, 'not_found', `Order with id ${c.req.param('id')} not found`)

export function ordersApi(state: RevolutState): Hono {
  const { now, newId, orders } = state
  const app = new Hono()

  app.post('/api/orders', async (c) => {
    const parsed = OrderIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) {
      const first = parsed.error.issues[0]
      return revolutError(c, now, 400, 'bad_request', `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`)
    }
    const b = parsed.data
    if (b.redirect_url) {
      const host = new URL(b.redirect_url).hostname
      if (host === 'localhost' || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) {
        return revolutError(c, now, 400, 'bad_request', 'redirect_url host cannot be localhost or an IP address')
      }
    }
    if (b.customer?.id) return revolutError(c, now, 404, 'not_found', `Customer ${b.customer.id} not found`)
    const t = now()
    const o: SimOrder = {
      id: newId(),
      token: newId(),
      state: 'pending',
      amount: b.amount,
      currency: b.currency,
      description: b.description ?? null,
      customerEmail: b.customer?.email ?? null,
      reference: b.merchant_order_data?.reference ?? null,
      redirectUrl: b.redirect_url ?? null,
      captureMode: b.capture_mode ?? 'automatic',
      metadata: b.metadata ?? null,
      createdAt: t,
      updatedAt: t,
      completedAt: null,
      payments: [],
    }
    orders.set(o.id, o)
    return c.json(orderView(c, o), 201)
  })

  app.get('/api/orders', (c) => {
    const ref = c.req.query('merchant_order_data_reference')
    const wanted = c.req.query('state')
    const limit = Number(c.req.query('limit') ?? 100)
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return revolutError(c, now, 400, 'bad_request', 'limit must be 1..500')
    const hits = [...orders.values()]
      .filter((o) => (ref === undefined || o.reference === ref) && (wanted === undefined || o.state === wanted.toLowerCase()))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, limit)
    return c.json(hits.map(orderSummary))
  })

  app.get('/api/orders/:id', (c) => {
    const o = orders.get(c.req.param('id'))
    return o ? c.json(orderView(c, o)) : orderNotFound(c, now)
  })

  app.post('/api/orders/:id/cancel', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return orderNotFound(c, now)
    if (!state.cancel(o)) return revolutError(c, now, 400, 'bad_request', `Order in state ${o.state} cannot be cancelled`)
    return c.json(orderView(c, o))
  })

  return app
}
