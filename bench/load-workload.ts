/**
 * bench:load's mixed workload: what a tenant is set up with (pagoPA and Revolut services, payments
 * to read, Revolut orders to send webhooks about) and autocannon's request pool. Each connection
 * cycles through ten requests: eight reads (GET /tenants/{id} ×3, GET /payments/{id} ×3, GET /status
 * ×2), one CREATION_PENDING event through the pagoPA simulator (POST /payments), and one of, in turn,
 * a Revolut webhook signed as the simulator signs it, an OpenAPI.it SDI callback carrying the
 * simulator's header secret, and a FatturaPA invoice (POST /fatturapa/genera).
 * @module
 */

import { signToken } from '../adapters/crypto/jwt.ts'
import { GENERA_EXAMPLE } from '../openapi/fatturapa.ts'
import { SANDBOX_OPENAPI_SDI } from '../sandbox/openapi-sdi/credentials.ts'
import { SANDBOX_REVOLUT, signRevolutWebhook } from '../sandbox/revolut/index.ts'
import { creationEvent } from '../test/fakes/payment-event.fake.ts'
import { LOAD_JWT_SECRET } from './load-servers.ts'
import type { ClassStats } from './load-stats.ts'

export type Fixture = {
  readonly tenantId: string
  readonly headers: Readonly<Record<string, string>>
  readonly pagopaServiceId: string
  readonly paymentIds: readonly string[]
  /** Revolut orders of payments created here (half of them paid at the simulator). */
  readonly orders: ReadonlyArray<{ readonly orderId: string; readonly paymentId: string }>
}

async function json(res: Response, what: string): Promise<Record<string, unknown>> {
  const text = await res.text()
  if (!res.ok) throw new Error(`${what}: ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as Record<string, unknown>
}

/** A tenant (made with the CLI), its services, 50 pagoPA payments and 20 Revolut ones. */
export async function prepare(url: string, cli: (...a: string[]) => string): Promise<Fixture> {
  const t = JSON.parse(cli('tenant', 'create', '--name', 'Comune di Bugliano', '--tax-id', '00341620508')) as {
    id: string
    api_key: string
  }
  const token = await signToken({
    secret: LOAD_JWT_SECRET,
    tenantId: t.id,
    userId: 'bench',
    role: 'admin',
    ttlSeconds: 7200,
    now: new Date(),
  })
  const headers = { 'x-api-key': t.api_key, authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const post = (path: string, body: unknown) => fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
  const service = async (intermediary?: string) =>
    (
      await json(
        await post('/services', {
          payment_type: 'PAGOPA',
          amount: 16.5,
          reason: 'TARI 2026',
          expire_at: 30,
          collection_data: '9/0101108TS/',
          ...(intermediary ? { intermediary } : {}),
        }),
        'POST /services',
      )
    )['id'] as string
  const pagopaServiceId = await service()
  const revolutServiceId = await service('revolut')
  const paymentIds: string[] = []
  for (let i = 0; i < 50; i++) {
    const ev = creationEvent(t.id, pagopaServiceId)
    await json(await post('/payments', ev), 'POST /payments')
    paymentIds.push(ev.id)
  }
  const revolutPayments = new Set<string>()
  for (let i = 0; i < 20; i++) {
    const ev = creationEvent(t.id, revolutServiceId)
    await json(await post('/payments', ev), 'POST /payments (revolut)')
    revolutPayments.add(ev.id)
  }
  const list = await fetch(`${url}/sandbox/revolut/api/orders?limit=500`, {
    headers: { authorization: `Bearer ${SANDBOX_REVOLUT.secretKey}`, 'revolut-api-version': '2024-09-01' },
  })
  const orders = ((await list.json()) as Array<{ id: string; merchant_order_data?: { reference?: string } }>)
    .filter((o) => revolutPayments.has(o.merchant_order_data?.reference ?? ''))
    .map((o) => ({ orderId: o.id, paymentId: o.merchant_order_data?.reference as string }))
  if (orders.length === 0) throw new Error('no Revolut order found for the payments created')
  for (const o of orders.slice(0, orders.length / 2)) await fetch(`${url}/sandbox/revolut/test/orders/${o.orderId}/pay`, { method: 'POST' })
  return { tenantId: t.id, headers, pagopaServiceId, paymentIds, orders }
}

export type SignedWebhook = { readonly body: string; readonly headers: Record<string, string> }

/** `n` Revolut deliveries signed now (distinct timestamps), as the simulator signs them. */
export async function signWebhooks(f: Fixture, n: number): Promise<SignedWebhook[]> {
  const now = Date.now()
  const out: SignedWebhook[] = []
  for (let i = 0; i < n; i++) {
    const o = f.orders[i % f.orders.length] as Fixture['orders'][number]
    const body = JSON.stringify({
      event: i % 3 === 0 ? 'ORDER_AUTHORISED' : 'ORDER_COMPLETED',
      order_id: o.orderId,
      merchant_order_ext_ref: o.paymentId,
    })
    const ts = String(now - i)
    const signature = await signRevolutWebhook(SANDBOX_REVOLUT.webhookSecret, ts, body)
    out.push({ body, headers: { 'content-type': 'application/json', 'revolut-request-timestamp': ts, 'revolut-signature': signature } })
  }
  return out
}

/** A `customer-notification` callback about an invoice this gateway does not know (acknowledged, then left to the reconciler). */
function sdiCallback(): string {
  const now = new Date().toISOString()
  const notification = {
    uuid: crypto.randomUUID(),
    invoice_uuid: crypto.randomUUID(),
    created_at: now,
    type: 'RC',
    message: 'Ricevuta di consegna',
    downloaded: false,
    downloaded_at: null,
    file_name: 'IT07776161213_00001_RC_001.xml',
  }
  return JSON.stringify({ event: 'customer-notification', data: { notification } })
}

type Req = Record<string, unknown>
type Ctx = { t0?: number }

/** The autocannon request pool of {@link Fixture}, recording each answer's class, status and latency in `stats`. */
export function requestPool(f: Fixture, stats: ClassStats, webhooks: readonly SignedWebhook[], connections: number) {
  // autocannon builds each connection's first request when it creates the connection, before connecting:
  // those first answers would count the connect time of the whole burst, so they are not recorded.
  let unbuilt = connections
  let turn = 0
  let pick = 0
  const auth = { 'x-api-key': f.headers['x-api-key'] as string, authorization: f.headers['authorization'] as string }
  const genera = JSON.stringify(GENERA_EXAMPLE)
  const entry = (cls: string, build: (req: Req) => Req) => ({
    setupRequest: ((req: Req, ctx: Ctx) => {
      ctx.t0 = performance.now()
      return build(req)
    }) as never,
    onResponse: ((status: number, _body: unknown, ctx: Ctx) => stats.record(cls, status, performance.now() - (ctx.t0 ?? 0))) as never,
  })
  const read = (cls: string, path: () => string) => entry(cls, (req) => ({ ...req, method: 'GET', path: path(), headers: auth }))
  const tenantPath = `/tenants/${f.tenantId}`
  const first = {
    setupRequest: ((req: Req, ctx: Ctx & { skip?: boolean }) => {
      ctx.t0 = performance.now()
      if (unbuilt > 0) {
        unbuilt--
        ctx.skip = true
      }
      return { ...req, method: 'GET', path: tenantPath, headers: auth }
    }) as never,
    onResponse: ((status: number, _body: unknown, ctx: Ctx & { skip?: boolean }) => {
      if (ctx.skip) ctx.skip = false
      else stats.record('GET /tenants/{id}', status, performance.now() - (ctx.t0 ?? 0))
    }) as never,
  }
  const tenant = read('GET /tenants/{id}', () => tenantPath)
  const payment = read('GET /payments/{id}', () => `/payments/${f.paymentIds[pick++ % f.paymentIds.length]}`)
  const status = read('GET /status', () => '/status')
  const creation = entry('POST /payments (CREATION_PENDING)', (req) => ({
    ...req,
    method: 'POST',
    path: '/payments',
    headers: f.headers,
    body: JSON.stringify(creationEvent(f.tenantId, f.pagopaServiceId)),
  }))
  const others = [
    (req: Req): [string, Req] => {
      const w = webhooks[pick++ % webhooks.length] as SignedWebhook
      return ['POST /webhooks/revolut', { ...req, method: 'POST', path: '/webhooks/revolut', headers: w.headers, body: w.body }]
    },
    (req: Req): [string, Req] => {
      const headers = { 'content-type': 'application/json', [SANDBOX_OPENAPI_SDI.callbackHeader]: SANDBOX_OPENAPI_SDI.callbackSecret }
      return ['POST /webhooks/openapi-sdi', { ...req, method: 'POST', path: '/webhooks/openapi-sdi', headers, body: sdiCallback() }]
    },
    (req: Req): [string, Req] => [
      'POST /fatturapa/genera',
      { ...req, method: 'POST', path: '/fatturapa/genera', headers: f.headers, body: genera },
    ],
  ]
  const rotating = {
    setupRequest: ((req: Req, ctx: Ctx & { cls?: string }) => {
      const [cls, built] = (others[turn++ % others.length] as (r: Req) => [string, Req])(req)
      ctx.t0 = performance.now()
      ctx.cls = cls
      return built
    }) as never,
    onResponse: ((status: number, _b: unknown, ctx: Ctx & { cls?: string }) =>
      stats.record(ctx.cls ?? 'other', status, performance.now() - (ctx.t0 ?? 0))) as never,
  }
  return [first, payment, status, tenant, payment, status, tenant, payment, creation, rotating]
}
