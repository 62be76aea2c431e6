/**
 * The SEPA Direct Debit slice of the Revolut simulator (providers.md §2.7): zero-amount mandate
 * orders whose hosted page (mandate-page.ts, standing in for the SEPA Direct Debit widget with
 * `isRecurringPayment`) collects the IBAN and the customer's consent and saves a `sepa_direct_debit`
 * payment method for the merchant; the customer's saved payment methods
 * (`/api/customers/{id}/payment-methods`); merchant-initiated debits (`POST /api/orders/{id}/payments`
 * with `saved_payment_method`) that stay `processing` until a script hook settles them; and those
 * hooks. Mounted by index.ts after its test hooks, Bearer auth and version check, so those apply
 * here; order requests that are not ours fall through to orders.ts. Revolut has no SEPA sandbox, so
 * the undocumented parts are marked [undocumented].
 * @module
 */

import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { DEFAULT_IBAN, type MandateState, type SddOrder, type SddPayment } from './mandate-state.ts'
import { orderSummary, revolutError } from './views.ts'

const OrderIn = z.object({
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  description: z.string().max(1024).nullish(),
  customer: z.object({ id: z.string().nullish(), email: z.email().nullish(), full_name: z.string().nullish() }).nullish(),
  merchant_order_data: z.object({ reference: z.string().nullish() }).nullish(),
  redirect_url: z.url().max(2000).nullish(),
  metadata: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z\d_]{0,39}$/), z.string().max(500)).nullish(),
})

const PayIn = z.object({
  saved_payment_method: z.object({ type: z.string(), id: z.string().min(1), initiator: z.enum(['customer', 'merchant']) }),
})

export function mandatesApi(state: MandateState): Hono {
  const { now, newId, customers, orders, payments, touch, view } = state
  const app = new Hono()
  const error = (c: Context, status: 400 | 404 | 409 | 422, code: string, message: string) => revolutError(c, now, status, code, message)

  // Orders: ours are the zero-amount mandate orders and the debits of our customers; the rest goes on.
  app.post('/api/orders', async (c, next) => {
    const raw: unknown = await c.req.json().catch(() => undefined)
    const parsed = OrderIn.safeParse(raw)
    const customerId = parsed.success ? parsed.data.customer?.id : undefined
    const ours = parsed.success && (parsed.data.amount === 0 || (customerId != null && customers.has(customerId)))
    if (!ours) {
      await next()
      return
    }
    const b = parsed.data
    if (b.currency !== 'EUR') return error(c, 400, 'bad_request', 'SEPA Direct Debit is EUR only')
    const t = now()
    let customer = customerId ? customers.get(customerId) : undefined
    if (!customer) {
      // [documented] email/full_name without an id always creates a new customer; saving a method needs the email.
      if (!b.customer?.email) return error(c, 400, 'bad_request', 'customer.email is required to save a payment method')
      customer = { id: newId(), email: b.customer.email, fullName: b.customer.full_name ?? null, methods: new Map() }
      customers.set(customer.id, customer)
    }
    const o: SddOrder = {
      id: newId(),
      kind: b.amount === 0 ? 'mandate' : 'debit',
      state: 'pending',
      amount: b.amount,
      description: b.description ?? null,
      customerId: customer.id,
      reference: b.merchant_order_data?.reference ?? null,
      redirectUrl: b.redirect_url ?? null,
      metadata: b.metadata ?? null,
      createdAt: t,
      updatedAt: t,
      payments: [],
    }
    orders.set(o.id, o)
    return c.json(view(c, o), 201)
  })

  app.get('/api/orders', async (c, next) => {
    const ref = c.req.query('merchant_order_data_reference')
    const hits = [...orders.values()].filter((o) => ref !== undefined && o.reference === ref)
    if (hits.length === 0) {
      await next()
      return
    }
    return c.json(hits.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map((o) => orderSummary({ ...o, currency: 'EUR' })))
  })

  app.get('/api/orders/:id', async (c, next) => {
    const o = orders.get(c.req.param('id'))
    if (!o) {
      await next()
      return
    }
    return c.json(view(c, o))
  })

  app.post('/api/orders/:id/cancel', async (c, next) => {
    const o = orders.get(c.req.param('id'))
    if (!o) {
      await next()
      return
    }
    if (o.state !== 'pending') return error(c, 400, 'bad_request', `Order in state ${o.state} cannot be cancelled`)
    touch(o, 'cancelled')
    return c.json(view(c, o))
  })

  // Pay an order with a saved payment method (documented for card / revolut_pay; `sepa_direct_debit` [undocumented]).
  app.post('/api/orders/:id/payments', async (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return error(c, 404, 'not_found', `Order with id ${c.req.param('id')} not found`)
    const parsed = PayIn.safeParse(await c.req.json().catch(() => undefined))
    if (!parsed.success) return error(c, 400, 'bad_request', `${parsed.error.issues[0]?.path.join('.') || 'body'}: invalid`)
    const spm = parsed.data.saved_payment_method
    if (spm.type !== 'sepa_direct_debit') return error(c, 400, 'bad_request', 'The simulator debits only sepa_direct_debit')
    if (spm.initiator !== 'merchant') return error(c, 400, 'bad_request', 'Off-session debits are merchant initiated')
    if (o.kind !== 'debit') return error(c, 400, 'bad_request', 'A mandate order is not payable with a saved method')
    if (o.state !== 'pending' || o.payments.length > 0) return error(c, 409, 'conflict', `Order in state ${o.state} already has a payment`)
    const method = customers.get(o.customerId)?.methods.get(spm.id)
    if (!method) return error(c, 404, 'not_found', `Payment method ${spm.id} not found for this customer`)
    const t = now()
    const p: SddPayment = { id: newId(), state: 'processing', createdAt: t, updatedAt: t, amount: o.amount, method, orderId: o.id }
    o.payments.push(p)
    payments.push(p)
    touch(o, 'processing')
    return c.json(
      {
        id: p.id,
        order_id: o.id,
        state: p.state,
        amount: p.amount,
        currency: 'EUR',
        payment_method: view(c, o).payments[0]?.payment_method,
      },
      201,
    )
  })

  // Saved payment methods of a customer (API ≥ 2024-09-01 paths).
  const customerOf = (c: Context) => customers.get(c.req.param('id') ?? '')
  app.get('/api/customers/:id/payment-methods', (c) => {
    const x = customerOf(c)
    if (!x) return error(c, 404, 'not_found', `Customer with id ${c.req.param('id')} not found`)
    return c.json({ payment_methods: [...x.methods.values()].map(state.methodView) })
  })
  app.get('/api/customers/:id/payment-methods/:pm', (c) => {
    const m = customerOf(c)?.methods.get(c.req.param('pm'))
    return m ? c.json(state.methodView(m)) : error(c, 404, 'not_found', `Payment method ${c.req.param('pm')} not found`)
  })
  /** Deleting the saved method ends the mandate (the customer revoked it). */
  app.delete('/api/customers/:id/payment-methods/:pm', (c) => {
    const x = customerOf(c)
    if (!x?.methods.delete(c.req.param('pm'))) return error(c, 404, 'not_found', `Payment method ${c.req.param('pm')} not found`)
    return c.body(null, 204)
  })

  // Script hooks.
  const notFound = (c: Context) => error(c, 404, 'not_found', `Order with id ${c.req.param('id')} not found`)
  app.post('/test/sdd/orders/:id/accept', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    const iban = (c.req.query('iban') ?? DEFAULT_IBAN).toUpperCase()
    return state.accept(o, iban) ? c.json(view(c, o)) : error(c, 409, 'conflict', `Mandate order in state ${o.state}`)
  })
  app.post('/test/sdd/orders/:id/refuse', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    return state.refuse(o) ? c.json(view(c, o)) : error(c, 409, 'conflict', `Mandate order in state ${o.state}`)
  })
  /** Settles a processing debit: `?outcome=completed` (default) or `failed` (e.g. insufficient funds, R-transaction). */
  app.post('/test/sdd/orders/:id/settle', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    const p = o.payments[0]
    if (o.kind !== 'debit' || o.state !== 'processing' || !p)
      return error(c, 409, 'conflict', `Order in state ${o.state} is not a processing debit`)
    const outcome = c.req.query('outcome') ?? 'completed'
    if (outcome !== 'completed' && outcome !== 'failed') return error(c, 400, 'bad_request', 'outcome must be completed or failed')
    p.state = outcome === 'completed' ? 'completed' : 'failed'
    p.updatedAt = now()
    touch(o, outcome)
    return c.json(view(c, o))
  })
  /** Every debit submitted with a saved SEPA method, oldest first (to count pulls in tests). */
  app.get('/test/sdd/payments', (c) => c.json(payments.map((p) => ({ id: p.id, order_id: p.orderId, state: p.state, amount: p.amount }))))

  return app
}
