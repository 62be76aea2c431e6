/**
 * Stripe mandates on the wire: form-encoded bodies, the derived Idempotency-Key on every POST, the
 * setup-mode Session and the off-session PaymentIntent params, revocation, and a charge whose answer
 * is lost (timeout) being retried without a second debit. Also the simulator's documented errors.
 */

import { describe, expect, it } from 'vitest'
import { chargeKeyFor, mandateCustomerKeyFor, mandateSessionKeyFor } from '../../../adapters/stripe/mandates.ts'
import { cents } from '../../../core/money.ts'
import type { Outcome } from '../../../ports/payment-provider.port.ts'
import { SANDBOX_STRIPE, SIM_DELAY_HEADER } from '../../../sandbox/stripe/index.ts'
import { sampleCharge, sampleMandate } from '../../contract/mandate-provider.contract.ts'
import { stripeMandateHarness } from './mandates.harness.ts'

type Seen = { method: string; path: string; headers: Headers; body: string }

function recording() {
  const seen: Seen[] = []
  const h = stripeMandateHarness()
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

describe('Stripe mandates on the wire', () => {
  it('creates a Customer and a setup-mode Checkout Session limited to sepa_debit, each with a derived Idempotency-Key', async () => {
    const { recorded, seen } = recording()
    const req = sampleMandate()
    const m = value(await recorded.createMandate(req))
    const posts = seen.filter((s) => s.method === 'POST')
    expect(posts.map((s) => s.path)).toEqual(['/sandbox/stripe/v1/customers', '/sandbox/stripe/v1/checkout/sessions'])
    expect(posts.map((s) => s.headers.get('idempotency-key'))).toEqual([
      mandateCustomerKeyFor(req.mandateId),
      mandateSessionKeyFor(req.mandateId),
    ])
    for (const p of posts) {
      expect(p.headers.get('content-type')).toContain('application/x-www-form-urlencoded')
      expect(p.headers.get('authorization')).toBe(`Bearer ${SANDBOX_STRIPE.secretKey}`)
      // The IBAN is typed by the customer on Stripe's page; it never travels from here.
      expect(p.body).not.toContain(req.iban)
    }
    const session = new URLSearchParams(posts[1]?.body ?? '')
    expect(session.get('mode')).toBe('setup')
    expect(session.get('currency')).toBe('eur')
    expect(session.get('allowed_payment_method_types[0]')).toBe('sepa_debit')
    expect(session.get('customer')).toMatch(/^cus_/)
    expect(session.get('client_reference_id')).toBe(req.mandateId)
    expect(session.get('metadata[varco_mandate_id]')).toBe(req.mandateId)
    expect(m.providerRef).toMatch(/^cs_test_/)
  })

  it('charges with off_session + confirm on the mandate and payment method of the accepted setup', async () => {
    const { recorded, seen, harness, simFetch } = recording()
    const m = value(await recorded.createMandate(sampleMandate()))
    await harness.accept(m)
    const session = (await (
      await simFetch(`http://sim.test/sandbox/stripe/v1/checkout/sessions/${m.providerRef}?expand[]=setup_intent`, {
        headers: { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}` },
      })
    ).json()) as { customer: string; setup_intent: { payment_method: string; mandate: string; status: string } }
    expect(session.setup_intent.status).toBe('succeeded')
    const req = sampleCharge(m.providerRef)
    value(await recorded.charge(req))
    const post = seen.find((s) => s.method === 'POST' && s.path.endsWith('/v1/payment_intents'))
    expect(post?.headers.get('idempotency-key')).toBe(chargeKeyFor(req.chargeId))
    const body = new URLSearchParams(post?.body ?? '')
    expect(
      Object.fromEntries(
        ['amount', 'currency', 'off_session', 'confirm', 'customer', 'payment_method', 'mandate'].map((k) => [k, body.get(k)]),
      ),
    ).toEqual({
      amount: '15000',
      currency: 'eur',
      off_session: 'true',
      confirm: 'true',
      customer: session.customer,
      payment_method: session.setup_intent.payment_method,
      mandate: session.setup_intent.mandate,
    })
    expect(body.get('allowed_payment_method_types[0]')).toBe('sepa_debit')
    expect(body.get('metadata[varco_charge_id]')).toBe(req.chargeId)
  })

  it('reads a mandate revoked at the bank as inactive and refuses to charge it', async () => {
    const { harness, simFetch } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const s = (await (
      await simFetch(`http://sim.test/sandbox/stripe/v1/checkout/sessions/${m.providerRef}?expand[]=setup_intent`, {
        headers: { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}` },
      })
    ).json()) as { setup_intent: { mandate: string } }
    expect(
      (await simFetch(`http://sim.test/sandbox/stripe/test/mandates/${s.setup_intent.mandate}/revoke`, { method: 'POST' })).status,
    ).toBe(200)
    const read = value(await harness.provider.readMandate(m.providerRef))
    expect(read).toEqual({ status: 'inactive', rawStatus: 'complete/succeeded/inactive' })
    const before = await harness.countCharges()
    expect((await harness.provider.charge(sampleCharge(m.providerRef))).kind).toBe('declined')
    expect(await harness.countCharges()).toBe(before)
  })

  it('retries a charge whose answer was lost without debiting twice', async () => {
    const { harness, simFetch, provider } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    // Only the PaymentIntent POST is slow: the debit is made, but the answer comes too late.
    const slowPost = ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      if (req.method === 'POST' && req.url.endsWith('/v1/payment_intents')) req.headers.set(SIM_DELAY_HEADER, '80')
      return simFetch(req)
    }) as typeof fetch
    const req = sampleCharge(m.providerRef)
    expect((await provider({ fetch: slowPost, timeoutMs: 20 }).charge(req)).kind).toBe('unknown')
    await new Promise((r) => setTimeout(r, 150))
    const retried = value(await harness.provider.charge(req))
    expect(await harness.countCharges()).toBe(1)
    expect(value(await harness.provider.readCharge(retried.providerRef)).status).toBe('pending')
  })

  it('rejects amounts Stripe cannot debit before calling it', async () => {
    const { recorded, seen, harness } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const n = seen.length
    expect((await recorded.charge(sampleCharge(m.providerRef, { amount: cents(49) }))).kind).toBe('invalid_request')
    expect((await recorded.charge(sampleCharge(m.providerRef, { amount: cents(100_000_000) }))).kind).toBe('invalid_request')
    expect(seen.length).toBe(n)
  })
})

describe('Stripe simulator: mandate endpoints', () => {
  const auth = { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}`, 'content-type': 'application/x-www-form-urlencoded' }

  it('answers 401 with a Stripe error body without the secret key', async () => {
    const { simFetch } = recording()
    const res = await simFetch('http://sim.test/sandbox/stripe/v1/customers', { method: 'POST', body: 'name=x' })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error')
  })

  it('refuses a setup Session for an unknown customer and an off-session debit on an inactive mandate', async () => {
    const { simFetch, harness } = recording()
    const bad = await simFetch('http://sim.test/sandbox/stripe/v1/checkout/sessions', {
      method: 'POST',
      headers: auth,
      body: 'mode=setup&customer=cus_nope&success_url=https%3A%2F%2Fx.example%2F&allowed_payment_method_types[]=sepa_debit',
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('resource_missing')

    const m = value(await harness.provider.createMandate(sampleMandate()))
    await harness.accept(m)
    const s = (await (
      await simFetch(`http://sim.test/sandbox/stripe/v1/checkout/sessions/${m.providerRef}?expand[]=setup_intent`, { headers: auth })
    ).json()) as { customer: string; setup_intent: { payment_method: string; mandate: string } }
    await simFetch(`http://sim.test/sandbox/stripe/test/mandates/${s.setup_intent.mandate}/revoke`, { method: 'POST' })
    const pi = await simFetch('http://sim.test/sandbox/stripe/v1/payment_intents', {
      method: 'POST',
      headers: auth,
      body: new URLSearchParams({
        amount: '1000',
        currency: 'eur',
        customer: s.customer,
        payment_method: s.setup_intent.payment_method,
        mandate: s.setup_intent.mandate,
        'allowed_payment_method_types[]': 'sepa_debit',
        off_session: 'true',
        confirm: 'true',
      }).toString(),
    })
    expect(pi.status).toBe(400)
    expect(((await pi.json()) as { error: { code: string } }).error.code).toBe('payment_intent_mandate_invalid')
  })

  it('keeps payment-mode Sessions working next to setup-mode ones', async () => {
    const { simFetch } = recording()
    const res = await simFetch('http://sim.test/sandbox/stripe/v1/checkout/sessions', {
      method: 'POST',
      headers: auth,
      body: 'mode=payment&success_url=https%3A%2F%2Fx.example%2F&line_items[0][quantity]=1&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=1000&line_items[0][price_data][product_data][name]=TARI',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { mode: string }).mode).toBe('payment')
  })

  it('shows the mandate page and refuses an invalid IBAN on it', async () => {
    const { harness, simFetch } = recording()
    const m = value(await harness.provider.createMandate(sampleMandate()))
    const res = await simFetch(`${m.signUrl}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'iban=not-an-iban',
      redirect: 'manual',
    })
    expect(res.status).toBe(400)
    expect(value(await harness.provider.readMandate(m.providerRef)).status).toBe('pending_mandate_signature')
    expect((await simFetch('http://sim.test/sandbox/stripe/setup/cs_test_unknown')).status).toBe(404)
  })
})
