/**
 * The SEPA Direct Debit slice of the Revolut simulator (providers.md §2.7): zero-amount mandate
 * orders whose hosted page (standing in for the SEPA Direct Debit widget with `isRecurringPayment`)
 * collects the IBAN and the customer's consent and saves a `sepa_direct_debit` payment method for
 * the merchant; the customer's saved payment methods (`/api/customers/{id}/payment-methods`); and
 * merchant-initiated debits (`POST /api/orders/{id}/payments` with `saved_payment_method`) that stay
 * `processing` until a script hook settles them. Mounted by sandbox/revolut/index.ts after its test
 * hooks, Bearer auth and version check, so those apply here; order requests that are not ours fall
 * through to it. Revolut has no SEPA sandbox, so the undocumented parts are marked [undocumented].
 * @module
 */

import { type Context, Hono } from 'hono'
import { z } from 'zod'

type SavedMethod = { id: string; customerId: string; lastFour: string; mandateReference: string; createdAt: Date }
type SddPayment = { id: string; state: string; createdAt: Date; updatedAt: Date; amount: number; method: SavedMethod; orderId: string }
type SddOrder = {
  id: string
  kind: 'mandate' | 'debit'
  state: 'pending' | 'processing' | 'completed' | 'cancelled' | 'failed'
  amount: number
  description: string | null
  customerId: string
  reference: string | null
  redirectUrl: string | null
  metadata: Record<string, string> | null
  createdAt: Date
  updatedAt: Date
  payments: SddPayment[]
}
type Customer = { id: string; email: string; fullName: string | null; methods: Map<string, SavedMethod> }

export type RevolutMandatesOptions = { readonly clock: () => Date; readonly newId: () => string }

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

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/

export function revolutMandatesSimulator(options: RevolutMandatesOptions): { readonly app: Hono } {
  const now = options.clock
  const newId = options.newId
  const customers = new Map<string, Customer>()
  const orders = new Map<string, SddOrder>()
  const payments: SddPayment[] = []
  const app = new Hono()

  const error = (c: Context, status: 400 | 404 | 409 | 422, code: string, message: string) =>
    c.json({ code, message, timestamp: now().getTime() }, status)

  const base = (c: Context) => {
    const url = new URL(c.req.url)
    const at = url.pathname.indexOf('/api/')
    return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : url.pathname.replace(/\/(sdd|test)\/.*$/, '')}`
  }
  const methodView = (m: SavedMethod) => ({
    id: m.id,
    type: 'sepa_direct_debit',
    saved_for: 'merchant',
    created_at: m.createdAt.toISOString(),
    method_details: { debtor_iban_last_four: m.lastFour, mandate_reference: m.mandateReference },
  })
  const view = (c: Context, o: SddOrder) => {
    const x = customers.get(o.customerId)
    return {
      id: o.id,
      token: o.id,
      type: 'payment',
      state: o.state,
      created_at: o.createdAt.toISOString(),
      updated_at: o.updatedAt.toISOString(),
      ...(o.description ? { description: o.description } : {}),
      amount: o.amount,
      currency: 'EUR',
      outstanding_amount: o.state === 'completed' ? 0 : o.amount,
      capture_mode: 'automatic',
      checkout_url: `${base(c)}/sdd/${o.id}`,
      customer: { id: o.customerId, email: x?.email, ...(x?.fullName ? { full_name: x.fullName } : {}) },
      ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
      ...(o.redirectUrl ? { redirect_url: o.redirectUrl } : {}),
      ...(o.metadata ? { metadata: o.metadata } : {}),
      payments: o.payments.map((p) => ({
        id: p.id,
        state: p.state,
        created_at: p.createdAt.toISOString(),
        updated_at: p.updatedAt.toISOString(),
        amount: p.amount,
        currency: 'EUR',
        payment_method: {
          type: 'sepa_direct_debit',
          id: p.method.id,
          debtor_iban_last_four: p.method.lastFour,
          debtor_name: x?.fullName ?? null,
          mandate_reference: p.method.mandateReference,
        },
      })),
    }
  }

  function touch(o: SddOrder, state: SddOrder['state']) {
    o.state = state
    o.updatedAt = now()
  }

  /** The customer gives the IBAN and consents: a payment method saved for the merchant, the mandate order completed. */
  function accept(o: SddOrder, iban: string): boolean {
    const x = customers.get(o.customerId)
    if (o.kind !== 'mandate' || o.state !== 'pending' || !x) return false
    const t = now()
    const m: SavedMethod = {
      id: newId(),
      customerId: x.id,
      lastFour: iban.slice(-4),
      mandateReference: `VARCO-${newId().replace(/-/g, '').slice(0, 16).toUpperCase()}`,
      createdAt: t,
    }
    x.methods.set(m.id, m)
    o.payments.push({ id: newId(), state: 'completed', createdAt: t, updatedAt: t, amount: 0, method: m, orderId: o.id })
    touch(o, 'completed')
    return true
  }
  function refuse(o: SddOrder): boolean {
    if (o.kind !== 'mandate' || o.state !== 'pending') return false
    touch(o, 'cancelled')
    return true
  }

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
    return c.json(
      hits
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
        .map((o) => ({
          id: o.id,
          type: 'payment',
          state: o.state,
          created_at: o.createdAt.toISOString(),
          updated_at: o.updatedAt.toISOString(),
          amount: o.amount,
          currency: 'EUR',
          outstanding_amount: o.state === 'completed' ? 0 : o.amount,
          ...(o.reference ? { merchant_order_data: { reference: o.reference } } : {}),
        })),
    )
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
    return c.json({ payment_methods: [...x.methods.values()].map(methodView) })
  })
  app.get('/api/customers/:id/payment-methods/:pm', (c) => {
    const m = customerOf(c)?.methods.get(c.req.param('pm'))
    return m ? c.json(methodView(m)) : error(c, 404, 'not_found', `Payment method ${c.req.param('pm')} not found`)
  })
  /** Deleting the saved method ends the mandate (the customer revoked it). */
  app.delete('/api/customers/:id/payment-methods/:pm', (c) => {
    const x = customerOf(c)
    if (!x?.methods.delete(c.req.param('pm'))) return error(c, 404, 'not_found', `Payment method ${c.req.param('pm')} not found`)
    return c.body(null, 204)
  })

  // The hosted mandate page (stands in for the SEPA Direct Debit widget on the order's checkout page).
  const pageHeaders = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' }
  const missingPage = (c: Context) => c.html(page('Order not found', '<p>This mandate link does not exist.</p>'), 404, pageHeaders)

  app.get('/sdd/:id', (c) => {
    const o = orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    const x = customers.get(o.customerId)
    const id = esc(o.id)
    const body =
      o.state === 'pending'
        ? `<p>${esc(o.description ?? 'SEPA Direct Debit mandate')}</p><p>Account holder: <strong>${esc(x?.fullName ?? '')}</strong> (${esc(x?.email ?? '')})</p>
<form method="post" action="${id}/accept"><label>IBAN <input name="iban" value="IT60X0542811101000000123456" required></label>
<p class="mandate">By signing this mandate you authorise the merchant to send instructions to your bank to debit your account,
and your bank to debit your account in accordance with those instructions (SEPA Direct Debit Core). You are entitled to a
refund from your bank within 8 weeks of the debit date.</p>
<div class="actions"><button type="submit" class="pay">Authorise debits</button></div></form>
<form method="post" action="${id}/refuse"><button type="submit">Decline</button></form>`
        : `<p class="note">This mandate request is ${esc(o.state)}.</p>`
    return c.html(page('SEPA Direct Debit mandate (Revolut sandbox)', body), 200, pageHeaders)
  })
  app.post('/sdd/:id/accept', async (c) => {
    const o = orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    const iban = String((await c.req.parseBody())['iban'] ?? '')
      .replace(/\s+/g, '')
      .toUpperCase()
    if (!IBAN.test(iban)) return c.html(page('Invalid IBAN', '<p>Check the IBAN and try again.</p>'), 400, pageHeaders)
    const done = accept(o, iban) || o.state === 'completed'
    if (done && o.redirectUrl) return c.redirect(o.redirectUrl, 303)
    return c.html(page(done ? 'Mandate authorised' : 'Mandate not possible', `<p>The request is ${esc(o.state)}.</p>`), 200, pageHeaders)
  })
  app.post('/sdd/:id/refuse', (c) => {
    const o = orders.get(c.req.param('id'))
    if (o?.kind !== 'mandate') return missingPage(c)
    refuse(o)
    return c.html(page('Mandate declined', `<p>The request is ${esc(o.state)}. No debit will be taken.</p>`), 200, pageHeaders)
  })

  // Script hooks.
  const notFound = (c: Context) => error(c, 404, 'not_found', `Order with id ${c.req.param('id')} not found`)
  app.post('/test/sdd/orders/:id/accept', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    const iban = (c.req.query('iban') ?? 'IT60X0542811101000000123456').toUpperCase()
    return accept(o, iban) ? c.json(view(c, o)) : error(c, 409, 'conflict', `Mandate order in state ${o.state}`)
  })
  app.post('/test/sdd/orders/:id/refuse', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return notFound(c)
    return refuse(o) ? c.json(view(c, o)) : error(c, 409, 'conflict', `Mandate order in state ${o.state}`)
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

  return { app }
}

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title><style>
body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#191c1f}
h1{font-size:1.3rem}.mandate{font-size:.85rem;color:#555}.actions{display:flex;gap:1rem;margin:1rem 0}
input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font-size:1rem;padding:.6rem 1.4rem;border:1px solid #191c1f;background:#fff;color:#191c1f;border-radius:999px;cursor:pointer}
button.pay{background:#191c1f;color:#fff}.note{color:#a0522d}
</style></head><body><h1>${esc(title)}</h1>${body}</body></html>`
}
