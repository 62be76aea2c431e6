/**
 * Revolut mandates on the wire: JSON with `Revolut-Api-Version` and Bearer auth, the zero-amount
 * mandate order found by reference before any create, the merchant-initiated debit with the saved
 * `sepa_direct_debit` method, revocation by deleting that method, a debit whose answer was lost being
 * retried without a second pull, and the simulator's documented error bodies.
 */

import { describe, expect, it } from 'vitest'
import { DEFAULT_API_VERSION } from '../../../adapters/revolut/index.ts'
import { chargeReferenceFor, mandateReferenceFor } from '../../../adapters/revolut/mandate-map.ts'
import { cents } from '../../../core/money.ts'
import type { Outcome } from '../../../ports/payment-provider.port.ts'
import { SANDBOX_REVOLUT, SIM_DELAY_HEADER } from '../../../sandbox/revolut/index.ts'
import { sampleCharge, sampleMandate } from '../../contract/mandate-provider.contract.ts'
import { revolutMandateHarness, SIM_URL } from './mandates.harness.ts'

type Seen = { method: string; path: string; headers: Headers; body: string }

function recording() {
  const seen: Seen[] = []
  const h = revolutMandateHarness()
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    const url = new URL(req.url)
    seen.push({ method: req.method, path: `${url.pathname}${url.search}`, headers: req.headers, body: await req.clone().text() })
    return h.simFetch(req)
  }) as typeof fetch
  return { ...h, seen, recorded: h.provider({ fetch: fetchFn }) }
}

const value = <T>(o: Outcome<T>): T => {
  if (o.kind !== 'ok') throw new Error(`${o.kind}: ${o.reason}`)
  return o.value
}
const api = { authorization: `Bearer ${SANDBOX_REVOLUT.secretKey}`, 'Revolut-Api-Version': DEFAULT_API_VERSION }

describe('Revolut mandates on the wire', () => {
  it('looks the mandate order up by reference, then creates it with amount 0 and the customer, without the IBAN', async () => {
    const { recorded, seen } = recording()
    const req = sampleMandate()
    const m = value(await recorded.createMandate(req))
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      `GET /sandbox/revolut/api/orders?merchant_order_data_reference=${mandateReferenceFor(req.mandateId)}&limit=100`,
      'POST /sandbox/revolut/api/orders',
    ])
    for (const s of seen) {
      expect(s.headers.get('revolut-api-version')).toBe(DEFAULT_API_VERSION)
      expect(s.headers.get('authorization')).toBe(`Bearer ${SANDBOX_REVOLUT.secretKey}`)
    }
    const body = JSON.parse(seen[1]?.body ?? '{}') as Record<string, unknown>
    expect(body).toMatchObject({
      amount: 0,
      currency: 'EUR',
      customer: { email: req.customerEmail, full_name: req.customerName },
      merchant_order_data: { reference: mandateReferenceFor(req.mandateId) },
      redirect_url: req.returnUrl,
    })
    expect(seen[1]?.body).not.toContain(req.iban)
    expect(m.signUrl).toBe(`${SIM_URL}/sdd/${m.providerRef}`)
  })

  it('debits with the saved sepa_direct_debit method, merchant initiated, on an order tagged with the charge id', async () => {
    const { recorded, seen, harness } = recording()
    const m = value(await recorded.createMandate(sampleMandate()))
    await harness.accept(m)
    const req = sampleCharge(m.providerRef)
    const c = value(await recorded.charge(req))
    const posts = seen.filter((s) => s.method === 'POST')
    const order = JSON.parse(posts[1]?.body ?? '{}') as {
      amount: number
      customer: { id: string }
      merchant_order_data: { reference: string }
    }
    expect(order.amount).toBe(15000)
    expect(order.customer.id).toBeTruthy()
    expect(order.merchant_order_data.reference).toBe(chargeReferenceFor(req.chargeId))
    expect(posts[2]?.path).toBe(`/sandbox/revolut/api/orders/${c.providerRef}/payments`)
    expect(JSON.parse(posts[2]?.body ?? '{}')).toMatchObject({ saved_payment_method: { type: 'sepa_direct_debit', initiator: 'merchant' } })
    expect(c).toEqual({ providerRef: c.providerRef, status: 'pending', rawStatus: 'processing' })
  })

  it('reads a mandate whose saved method was deleted as inactive and refuses to debit it', async () => {
    const { harness, simFetch } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const o = (await (await simFetch(`${SIM_URL}/api/orders/${m.providerRef}`, { headers: api })).json()) as {
      customer: { id: string }
      payments: Array<{ payment_method: { id: string } }>
    }
    const pm = o.payments[0]?.payment_method.id ?? ''
    const del = await simFetch(`${SIM_URL}/api/customers/${o.customer.id}/payment-methods/${pm}`, { method: 'DELETE', headers: api })
    expect(del.status).toBe(204)
    expect(value(await harness.provider.readMandate(m.providerRef))).toEqual({ status: 'inactive', rawStatus: 'completed/method_gone' })
    const before = await harness.countCharges()
    expect((await harness.provider.charge(sampleCharge(m.providerRef))).kind).toBe('declined')
    expect(await harness.countCharges()).toBe(before)
  })

  it('retries a debit whose answer was lost without pulling twice', async () => {
    const { harness, simFetch, provider } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const slowPay = ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      if (req.method === 'POST' && req.url.endsWith('/payments')) req.headers.set(SIM_DELAY_HEADER, '80')
      return simFetch(req)
    }) as typeof fetch
    const req = sampleCharge(m.providerRef)
    expect((await provider({ fetch: slowPay, timeoutMs: 20 }).charge(req)).kind).toBe('unknown')
    await new Promise((r) => setTimeout(r, 150))
    const retried = value(await harness.provider.charge(req))
    expect(retried.status).toBe('pending')
    expect(await harness.countCharges()).toBe(1)
  })

  it('answers a retried charge with its debit even after the mandate was revoked', async () => {
    const { harness, simFetch } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const req = sampleCharge(m.providerRef)
    const first = value(await harness.provider.charge(req))
    const o = (await (await simFetch(`${SIM_URL}/api/orders/${m.providerRef}`, { headers: api })).json()) as {
      customer: { id: string }
      payments: Array<{ payment_method: { id: string } }>
    }
    await simFetch(`${SIM_URL}/api/customers/${o.customer.id}/payment-methods/${o.payments[0]?.payment_method.id}`, {
      method: 'DELETE',
      headers: api,
    })
    expect(value(await harness.provider.charge(req)).providerRef).toBe(first.providerRef)
    expect((await harness.provider.charge(sampleCharge(m.providerRef))).kind).toBe('declined')
    expect(await harness.countCharges()).toBe(1)
  })

  it('refuses to use a debit order as a mandate, and a charge with another amount under the same charge id', async () => {
    const { harness } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const req = sampleCharge(m.providerRef)
    const c = value(await harness.provider.charge(req))
    expect((await harness.provider.readMandate(c.providerRef)).kind).toBe('invalid_request')
    expect((await harness.provider.charge({ ...req, amount: cents(999) })).kind).toBe('invalid_request')
    expect(await harness.countCharges()).toBe(1)
  })

  it('answers a repeated create after acceptance with the mandate as it stands', async () => {
    const { harness } = recording()
    const req = sampleMandate()
    const m = value(await harness.provider.createMandate(req))
    await harness.accept(m)
    const again = value(await harness.provider.createMandate(req))
    expect(again).toEqual({ providerRef: m.providerRef, signUrl: m.signUrl, status: 'active' })
  })
})

describe('Revolut simulator: SEPA endpoints', () => {
  it('needs Bearer auth and Revolut-Api-Version, answering documented error bodies', async () => {
    const { simFetch } = recording()
    const noAuth = await simFetch(`${SIM_URL}/api/orders/x/payments`, {
      method: 'POST',
      headers: { 'Revolut-Api-Version': DEFAULT_API_VERSION },
    })
    expect(noAuth.status).toBe(401)
    expect(await noAuth.json()).toMatchObject({ code: 'unauthenticated' })
    const noVersion = await simFetch(`${SIM_URL}/api/customers/x/payment-methods`, { headers: { authorization: api.authorization } })
    expect(noVersion.status).toBe(400)
    expect(await noVersion.json()).toMatchObject({ code: 'bad_request' })
  })

  it('refuses a saved-method debit that is not sepa_direct_debit, merchant initiated, on a pending debit order', async () => {
    const { harness, simFetch } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    const pay = (orderId: string, spm: unknown) =>
      simFetch(`${SIM_URL}/api/orders/${orderId}/payments`, {
        method: 'POST',
        headers: { ...api, 'content-type': 'application/json' },
        body: JSON.stringify({ saved_payment_method: spm }),
      })
    expect((await pay(m.providerRef, { type: 'card', id: 'x', initiator: 'merchant' })).status).toBe(400)
    expect((await pay(m.providerRef, { type: 'sepa_direct_debit', id: 'x', initiator: 'customer' })).status).toBe(400)
    expect((await pay(m.providerRef, { type: 'sepa_direct_debit', id: 'x', initiator: 'merchant' })).status).toBe(400)
    expect((await pay('no-such-order', { type: 'sepa_direct_debit', id: 'x', initiator: 'merchant' })).status).toBe(404)
  })

  it('keeps ordinary orders working next to mandate orders', async () => {
    const { simFetch } = recording()
    const res = await simFetch(`${SIM_URL}/api/orders`, {
      method: 'POST',
      headers: { ...api, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 1650, currency: 'EUR', merchant_order_data: { reference: 'p-1' } }),
    })
    expect(res.status).toBe(201)
    const o = (await res.json()) as { id: string; checkout_url: string }
    expect(o.checkout_url).toBe(`${SIM_URL}/pay/${o.id}`)
    expect((await simFetch(`${SIM_URL}/sdd/${o.id}`)).status).toBe(404)
  })
})
