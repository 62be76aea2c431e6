/**
 * Revolut Merchant API simulator, mounted at `/sandbox/revolut`: orders (create, retrieve, list by
 * merchant reference, cancel) with the `Order-State` machine, a hosted checkout page `/pay/{order_id}`,
 * signed order webhooks as Revolut would send them, script hooks, and the SEPA Direct Debit slice
 * (mandate orders, saved methods, merchant-initiated debits). In-memory, one instance per sandbox;
 * wire format as in ../shared/specs/providers.md §2. Written independently of adapters/revolut.
 * @module
 */

import { Hono } from 'hono'
import { SIM_FAIL_HEADER, simulatedDelay } from '../shared/hooks.ts'
import { PAGE_HEADERS } from '../shared/html.ts'
import type { Simulator } from '../types.ts'
import { SANDBOX_REVOLUT } from './credentials.ts'
import { mandatePage } from './mandate-page.ts'
import { mandateState } from './mandate-state.ts'
import { mandatesApi } from './mandates.ts'
import { orderNotFound, ordersApi } from './orders.ts'
import { checkoutPage, page } from './page.ts'
import { revolutState } from './state.ts'
import { orderView, revolutError } from './views.ts'
import { type RevolutWebhookDelivery, webhookDelivery } from './webhooks.ts'

/** Test hooks honoured: delay, and failure (`{code: 'simulated'}` with that status). */
export { SIM_DELAY_HEADER, SIM_FAIL_HEADER } from '../shared/hooks.ts'
export { SANDBOX_REVOLUT } from './credentials.ts'
export { type RevolutWebhookDelivery, signRevolutWebhook } from './webhooks.ts'

const DESCRIPTION = 'Revolut Merchant API orders with a hosted checkout page and signed order webhooks.'

export type RevolutSimOptions = {
  readonly clock?: () => Date
  readonly newId?: () => string
  /** Signing secrets; one `v1=` signature per secret (several during a rotation). */
  readonly webhookSecrets?: readonly string[]
}

export type RevolutSimControl = {
  readonly orders: () => ReadonlyArray<{ id: string; state: string; reference: string | null; amount: number }>
  /** Marks an order paid as a customer would; false when it is not payable. */
  readonly pay: (orderId: string) => boolean
  /** The signed delivery Revolut would POST for `event` on `orderId`, or null for an unknown order. */
  readonly webhook: (orderId: string, event: string) => Promise<RevolutWebhookDelivery | null>
  /** Every order event the simulator has emitted, oldest first. */
  readonly events: () => ReadonlyArray<{ event: string; order_id: string }>
}

export type RevolutSimulator = Simulator & { readonly control: RevolutSimControl }

export function revolutSimulator(options: RevolutSimOptions = {}): RevolutSimulator {
  const now = options.clock ?? (() => new Date())
  const newId = options.newId ?? (() => crypto.randomUUID())
  const secrets = options.webhookSecrets ?? [SANDBOX_REVOLUT.webhookSecret]
  const state = revolutState(now, newId)
  const { orders, events } = state
  const mandates = mandateState(now, newId)
  const app = new Hono()

  // Test hooks, then Bearer auth and the mandatory version header, on the API only.
  app.use('*', simulatedDelay)
  app.use('*', async (c, next) => {
    const failWith = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    if (failWith >= 400 && failWith <= 599) {
      return c.json({ code: 'simulated', message: `simulated ${failWith}`, timestamp: now().getTime() }, failWith as 500)
    }
    return next()
  })
  app.use('/api/*', async (c, next) => {
    if (c.req.header('authorization') !== `Bearer ${SANDBOX_REVOLUT.secretKey}`) {
      return revolutError(c, now, 401, 'unauthenticated', 'Authentication failed')
    }
    const version = c.req.header('revolut-api-version')
    if (!version) return revolutError(c, now, 400, 'bad_request', 'Revolut-Api-Version header is required')
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return revolutError(c, now, 400, 'bad_request', `Unsupported Revolut-Api-Version ${version}`)
    return next()
  })
  // SEPA mandates and merchant-initiated debits first: order requests that are not theirs fall through.
  app.route('/', mandatesApi(mandates))
  app.route('/', mandatePage(mandates))
  app.route('/', ordersApi(state))
  app.route('/', checkoutPage(state))

  // Script hooks.
  // A payment attempt the issuer declines: the order stays pending (another attempt may follow), ORDER_PAYMENT_DECLINED.
  app.post('/test/orders/:id/decline', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return orderNotFound(c, now)
    if (o.state !== 'pending') return c.json({ code: 'bad_request', message: `Order in state ${o.state} is not payable` }, 409)
    state.decline(o)
    return c.json(orderView(c, o))
  })
  app.post('/test/orders/:id/pay', (c) => {
    const o = orders.get(c.req.param('id'))
    if (!o) return orderNotFound(c, now)
    if (!state.complete(o)) return c.json({ code: 'bad_request', message: `Order in state ${o.state} is not payable` }, 409)
    return c.json(orderView(c, o))
  })

  const webhook = async (orderId: string, event: string) => {
    const o = orders.get(orderId)
    return o ? webhookDelivery(o, event, now(), secrets) : null
  }

  /** The delivery Revolut would send now; `?event=` defaults to the order's last emitted event. */
  app.get('/test/orders/:id/webhook', async (c) => {
    const id = c.req.param('id')
    const last = [...events].reverse().find((e) => e.order_id === id)?.event
    const delivery = await webhook(id, c.req.query('event') ?? last ?? 'ORDER_COMPLETED')
    return delivery ? c.json(delivery) : orderNotFound(c, now)
  })

  const about = () => `<p>Secret key: <code>${SANDBOX_REVOLUT.secretKey}</code> (header <code>Authorization: Bearer …</code>, plus
<code>Revolut-Api-Version: YYYY-MM-DD</code>). Webhook signing secret: <code>${SANDBOX_REVOLUT.webhookSecret}</code>.</p>
<ul><li><code>POST|GET /api/orders</code> (<code>?merchant_order_data_reference=</code>), <code>GET /api/orders/{id}</code>,
<code>POST /api/orders/{id}/cancel</code></li>
<li><code>GET /pay/{order_id}</code> hosted checkout page</li>
<li><code>POST /test/orders/{id}/pay</code> marks an order paid (scripts)</li>
<li><code>POST /test/orders/{id}/decline</code> records a declined payment attempt; the order stays pending</li>
<li><code>GET /test/orders/{id}/webhook?event=ORDER_COMPLETED</code> → <code>{payload, headers}</code> signed as Revolut would</li>
<li>SEPA Direct Debit: zero-amount mandate orders (page <code>GET /sdd/{order_id}</code>), <code>GET|DELETE /api/customers/{id}/payment-methods[/{id}]</code>, <code>POST /api/orders/{id}/payments</code> (saved method); hooks <code>POST /test/sdd/orders/{id}/accept|refuse|settle?outcome=completed|failed</code>, <code>GET /test/sdd/payments</code></li></ul>
<p>${orders.size} orders in memory.</p>`
  app.get('/', (c) => c.html(page('Revolut Merchant API simulator', about()), 200, PAGE_HEADERS))

  const control: RevolutSimControl = {
    orders: () => [...orders.values()].map((o) => ({ id: o.id, state: o.state, reference: o.reference, amount: o.amount })),
    pay: (id) => {
      const o = orders.get(id)
      return o ? state.complete(o) : false
    },
    webhook,
    events: () => events.map((e) => ({ ...e })),
  }
  return { name: 'revolut', description: DESCRIPTION, app, control }
}
