import { beforeEach, describe, expect, it } from 'vitest'
import { eventToWire } from '../../core/payment-wire.ts'
import type { PaymentProvider, ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import { SANDBOX_REVOLUT, signRevolutWebhook } from '../../sandbox/revolut/index.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

/** An intermediary whose webhooks are signed `good` and whose read reports `state.status`. */
function fakePay(state: { status: ProviderPaymentStatus; reads: number }): PaymentProvider {
  return {
    name: 'fakepay',
    create: async () => ({ kind: 'unknown', reason: 'n/a' }),
    read: async () => {
      state.reads++
      return {
        kind: 'ok',
        value: {
          status: state.status,
          paidAt: state.status === 'paid' ? new Date('2026-11-23T10:00:30Z') : null,
          transactionId: state.status === 'paid' ? 'tx-9' : null,
          rawStatus: state.status,
        },
      }
    },
    checkout: async () => ({ kind: 'unknown', reason: 'n/a' }),
    cancel: async () => ({ kind: 'unknown', reason: 'n/a' }),
    async verifyWebhook(input) {
      if (input.headers['x-fake-signature'] !== 'good')
        return { ok: false, error: { kind: 'invalid_signature', reason: 'signature does not match' } }
      const body = JSON.parse(input.rawBody) as { id: string; ref: string; type: string }
      return {
        ok: true,
        value: { dedupeKey: body.id, providerRef: body.ref, paymentId: null, hint: body.type === 'paid' ? 'paid' : 'other' },
      }
    },
  }
}

describe('POST /webhooks/{provider}', () => {
  let h: Awaited<ReturnType<typeof harness>>
  let state: { status: ProviderPaymentStatus; reads: number }
  let tenantId: string
  const paymentId = crypto.randomUUID()

  beforeEach(async () => {
    state = { status: 'pending', reads: 0 }
    h = await harness({ providers: { fakepay: fakePay(state) } })
    tenantId = (await h.tenant()).id
    const p = aPayment({ id: paymentId, tenant_id: tenantId, status: 'PAYMENT_PENDING' })
    await h.deps.payments.insert({
      stored: { payment: p, intermediary: 'fakepay', providerRef: 'fp_1' },
      events: [eventToWire({ ...p, event_id: crypto.randomUUID(), event_version: '2.0', event_created_at: p.updated_at, app_id: 'x:1' })],
      publish: [],
      at: p.updated_at,
    })
  })

  const send = (body: unknown, signature = 'good', provider = 'fakepay') =>
    h.app.request(`/webhooks/${provider}`, {
      method: 'POST',
      headers: { 'x-fake-signature': signature, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const status = async () => (await h.deps.payments.get(tenantId, paymentId))?.payment.status
  const events = async () => (await h.deps.payments.events(tenantId, paymentId)).length

  it('rejects a bad signature with 400 and changes nothing', async () => {
    state.status = 'paid'
    const r = await send({ id: 'evt_1', ref: 'fp_1', type: 'paid' }, 'forged')
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ code: 'webhook.invalid_signature' })
    expect(state.reads).toBe(0)
    expect(await status()).toBe('PAYMENT_PENDING')
  })

  it('re-reads the intermediary and applies what it says, once; a replay does nothing', async () => {
    state.status = 'paid'
    const r = await send({ id: 'evt_2', ref: 'fp_1', type: 'paid' })
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ received: true, outcome: 'applied', payment_id: paymentId, status: 'COMPLETE' })
    expect(await events()).toBe(2)
    const again = await send({ id: 'evt_2', ref: 'fp_1', type: 'paid' })
    expect(await again.json()).toMatchObject({ outcome: 'duplicate' })
    expect(state.reads).toBe(1)
    expect(await events()).toBe(2)
  })

  it('treats the webhook as a hint: "paid" while the intermediary says pending changes nothing', async () => {
    const r = await send({ id: 'evt_3', ref: 'fp_1', type: 'paid' })
    expect(await r.json()).toMatchObject({ outcome: 'applied', status: 'PAYMENT_PENDING' })
    expect(await status()).toBe('PAYMENT_PENDING')
    expect(await events()).toBe(1)
  })

  it('acknowledges webhooks of payments not known here, and 404s unknown or webhook-less intermediaries', async () => {
    expect(await (await send({ id: 'evt_4', ref: 'fp_unknown', type: 'paid' })).json()).toMatchObject({ outcome: 'unknown_payment' })
    // Recorded in the inbox like any other delivery: a replay is a duplicate.
    expect(await (await send({ id: 'evt_4', ref: 'fp_unknown', type: 'paid' })).json()).toEqual({
      received: true,
      outcome: 'duplicate',
      payment_id: null,
      status: null,
    })
    expect((await send({ id: 'evt_5', ref: 'fp_1', type: 'paid' }, 'good', 'paypal')).status).toBe(404)
    expect((await send({ id: 'evt_6', ref: 'fp_1', type: 'paid' }, 'good', 'pagopa')).status).toBe(404)
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
