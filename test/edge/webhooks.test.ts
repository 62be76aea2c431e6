import { beforeEach, describe, expect, it } from 'vitest'
import { eventToWire } from '../../core/payment-wire.ts'
import { SANDBOX_REVOLUT, signRevolutWebhook } from '../../sandbox/revolut/index.ts'
import type { SignedDelivery } from '../contract/payment-provider.contract.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { type FakeProvider, fakeProvider } from '../fakes/payment-provider.fake.ts'
import { harness } from './harness.ts'

describe('POST /webhooks/{provider}', () => {
  let h: Awaited<ReturnType<typeof harness>>
  /** An intermediary that signs its webhooks and whose reads say what its far side holds. */
  let fakepay: FakeProvider
  let providerRef: string
  let tenantId: string
  const paymentId = crypto.randomUUID()

  beforeEach(async () => {
    fakepay = fakeProvider({ name: 'fakepay' })
    providerRef = fakepay.intermediary.open(paymentId).providerRef
    h = await harness({ providers: { fakepay } })
    tenantId = (await h.tenant()).id
    const p = aPayment({ id: paymentId, tenant_id: tenantId, status: 'PAYMENT_PENDING' })
    await h.deps.payments.insert({
      stored: { payment: p, intermediary: 'fakepay', providerRef },
      events: [eventToWire({ ...p, event_id: crypto.randomUUID(), event_version: '2.0', event_created_at: p.updated_at, app_id: 'x:1' })],
      publish: [],
      at: p.updated_at,
    })
  })

  const send = (d: SignedDelivery, provider = 'fakepay') =>
    h.app.request(`/webhooks/${provider}`, { method: 'POST', headers: d.headers, body: d.rawBody })
  /** A delivery saying the payment is paid, signed by the intermediary (or with another secret) at the gateway's now. */
  const paidHint = (o: { readonly eventId?: string; readonly secret?: string; readonly ref?: string } = {}) =>
    fakepay.intermediary.sign(o.ref ?? providerRef, 'paid', { at: h.clock(), ...o })
  const status = async () => (await h.deps.payments.get(tenantId, paymentId))?.payment.status
  const events = async () => (await h.deps.payments.events(tenantId, paymentId)).length

  it('rejects a bad signature with 400 and changes nothing', async () => {
    fakepay.intermediary.pay(providerRef)
    const r = await send(await paidHint({ secret: 'forged-secret-0000000000' }))
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ code: 'webhook.invalid_signature' })
    expect(fakepay.calls.read).toBe(0)
    expect(await status()).toBe('PAYMENT_PENDING')
  })

  it('re-reads the intermediary and applies what it says, once; a replay does nothing', async () => {
    fakepay.intermediary.pay(providerRef)
    const delivery = await paidHint({ eventId: 'evt_2' })
    const r = await send(delivery)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ received: true, outcome: 'applied', payment_id: paymentId, status: 'COMPLETE' })
    expect(await events()).toBe(2)
    const again = await send(delivery)
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' })
    expect(fakepay.calls.read).toBe(1)
    expect(await events()).toBe(2)
  })

  it('treats the webhook as a hint: "paid" while the intermediary says pending changes nothing', async () => {
    const r = await send(await paidHint())
    expect(await r.json()).toMatchObject({ outcome: 'applied', status: 'PAYMENT_PENDING' })
    expect(await status()).toBe('PAYMENT_PENDING')
    expect(await events()).toBe(1)
  })

  it('acknowledges webhooks of payments not known here, and 404s unknown or webhook-less intermediaries', async () => {
    const elsewhere = fakepay.intermediary.open().providerRef
    const unknown = await paidHint({ ref: elsewhere, eventId: 'evt_4' })
    expect(await (await send(unknown)).json()).toMatchObject({ outcome: 'unknown_payment' })
    // Recorded in the inbox like any other delivery: a replay is a duplicate.
    expect(await (await send(unknown)).json()).toEqual({ received: true, outcome: 'duplicate', payment_id: null, status: null })
    expect((await send(await paidHint(), 'paypal')).status).toBe(404)
    expect((await send(await paidHint(), 'pagopa')).status).toBe(404)
  })
})

describe('POST /webhooks/revolut (real adapter, sandbox simulator, libSQL)', () => {
  it('applies ORDER_COMPLETED once, refuses a stale one, and an older ORDER_AUTHORISED after it changes nothing', async () => {
    const h = await harness()
    const t = await h.tenant()
    const admin = { key: t.key, token: await h.token(t.id) }
    const svc = await h.call('POST', '/services', {
      ...admin,
      body: {
        payment_type: 'PAGOPA',
        amount: 16.5,
        reason: 'Mensa',
        expire_at: 30,
        collection_data: '9/0101108TS/',
        intermediary: 'revolut',
      },
    })
    const ev = creationEvent(t.id, svc.json['id'] as string)
    await h.call('POST', '/payments', { ...admin, body: ev })
    const ref = (await h.deps.payments.get(t.id, ev.id))?.providerRef as string
    expect((await h.app.request(`/sandbox/revolut/test/orders/${ref}/pay`, { method: 'POST' })).status).toBe(200)
    /** A delivery signed as Revolut signs it, `agoMs` before the gateway's now. */
    const deliver = async (event: string, agoMs = 0) => {
      const body = JSON.stringify({ event, order_id: ref, merchant_order_ext_ref: ev.id })
      const ts = String(h.clock().getTime() - agoMs)
      const res = await h.app.request('/webhooks/revolut', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'revolut-request-timestamp': ts,
          'revolut-signature': await signRevolutWebhook(SANDBOX_REVOLUT.webhookSecret, ts, body),
        },
        body,
      })
      return { status: res.status, json: (await res.json()) as Record<string, unknown> }
    }
    const history = async () => ((await h.call('GET', `/payments/${ev.id}/events`, admin)).json['items'] as unknown[]).length

    expect(await deliver('ORDER_COMPLETED', 6 * 60_000)).toMatchObject({ status: 400, json: { code: 'webhook.stale' } })
    expect((await h.call('GET', `/payments/${ev.id}`, admin)).json['status']).toBe('PAYMENT_PENDING')
    expect(await deliver('ORDER_COMPLETED')).toMatchObject({ status: 200, json: { outcome: 'applied', status: 'COMPLETE' } })
    const events = await history()
    expect(await deliver('ORDER_COMPLETED')).toMatchObject({ status: 200, json: { outcome: 'duplicate' } })
    expect(await deliver('ORDER_AUTHORISED', 60_000)).toMatchObject({ status: 200, json: { status: 'COMPLETE' } })
    expect((await h.call('GET', `/payments/${ev.id}`, admin)).json['status']).toBe('COMPLETE')
    expect(await history()).toBe(events)
  })
})
