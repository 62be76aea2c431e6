/** Stripe webhooks: signature, tampering, the 5-minute tolerance, redelivery and the hints. @module */

import { describe, expect, it } from 'vitest'
import { cents } from '../../../core/money.ts'
import type { WebhookInput } from '../../../ports/payment-provider.port.ts'
import { SANDBOX_STRIPE, signStripePayload } from '../../../sandbox/stripe/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

const input = (payload: string, header: string | null, receivedAt: Date): WebhookInput => ({
  rawBody: payload,
  headers: header === null ? {} : { 'stripe-signature': header },
  receivedAt,
})

async function paidSession() {
  const h = simHarness()
  const req = sampleRequest(h.harness)
  const created = okValue(await h.harness.provider.create(req))
  const ref = { providerRef: created.providerRef, creditor: h.harness.creditor, noticeCode: null }
  await h.harness.payAtProvider(ref)
  const events = await h.events(created.providerRef)
  const verify = h.adapter().verifyWebhook
  if (!verify) throw new Error('the Stripe adapter verifies webhooks')
  return { h, req, created, ref, events, verify }
}

describe('Stripe webhooks', () => {
  it('verifies a good signature and hints paid, with the Session and our payment id', async () => {
    const { h, req, created, events, verify } = await paidSession()
    const completed = events.find((e) => e.type === 'checkout.session.completed')
    expect(completed).toBeDefined()
    const out = await verify(input(completed?.payload ?? '', completed?.header ?? '', h.clock()))
    expect(out).toEqual({
      ok: true,
      value: { dedupeKey: completed?.id, providerRef: created.providerRef, paymentId: req.paymentId, hint: 'paid' },
    })
  })

  it('hints payment_intent.succeeded as paid, with our payment id from the intent metadata', async () => {
    const { h, req, events, verify } = await paidSession()
    const pi = events.find((e) => e.type === 'payment_intent.succeeded')
    const out = await verify(input(pi?.payload ?? '', pi?.header ?? '', h.clock()))
    expect(out).toMatchObject({ ok: true, value: { providerRef: expect.stringMatching(/^pi_/), paymentId: req.paymentId, hint: 'paid' } })
  })

  it('hints a Session expired by cancel as canceled, and one past expires_at as expired', async () => {
    const h = simHarness()
    const verify = h.adapter().verifyWebhook
    const a = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    const b = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    expect((await h.harness.provider.cancel({ providerRef: a.providerRef, creditor: h.harness.creditor, noticeCode: null })).kind).toBe(
      'ok',
    )
    h.clock.advance(24 * 60 * 60 * 1000)
    const ea = (await h.events(a.providerRef)).find((e) => e.type === 'checkout.session.expired')
    const eb = (await h.events(b.providerRef)).find((e) => e.type === 'checkout.session.expired')
    expect(await verify?.(input(ea?.payload ?? '', ea?.header ?? '', h.clock()))).toMatchObject({ ok: true, value: { hint: 'canceled' } })
    expect(await verify?.(input(eb?.payload ?? '', eb?.header ?? '', h.clock()))).toMatchObject({ ok: true, value: { hint: 'expired' } })
  })

  it('rejects a signature made with another secret', async () => {
    const { h, events, verify } = await paidSession()
    const e = events[0]
    const forged = await signStripePayload(e?.payload ?? '', 'whsec_not_the_secret', Math.floor(h.clock().getTime() / 1000))
    expect(await verify(input(e?.payload ?? '', forged, h.clock()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects a tampered body', async () => {
    const { h, events, verify } = await paidSession()
    const e = events[0]
    const tampered = (e?.payload ?? '').replace(String(cents(12050)), '1')
    expect(tampered).not.toBe(e?.payload)
    expect(await verify(input(tampered, e?.header ?? '', h.clock()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects a missing or unparseable header', async () => {
    const { h, events, verify } = await paidSession()
    const payload = events[0]?.payload ?? ''
    expect(await verify(input(payload, null, h.clock()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
    expect(await verify(input(payload, 'garbage', h.clock()))).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('accepts an event received up to 5 minutes after signing, and calls one older stale', async () => {
    const { h, events, verify } = await paidSession()
    const e = events[0]
    const at = (ms: number) => new Date(h.clock().getTime() + ms)
    expect((await verify(input(e?.payload ?? '', e?.header ?? '', at(300_000)))).ok).toBe(true)
    expect(await verify(input(e?.payload ?? '', e?.header ?? '', at(301_000)))).toMatchObject({ ok: false, error: { kind: 'stale' } })
  })

  it('gives a redelivery (re-signed later) the same dedupe key', async () => {
    const { h, events, verify } = await paidSession()
    const first = events[0]
    h.clock.advance(60 * 60 * 1000)
    const again = (
      await h.events(events[0] ? (JSON.parse(events[0].payload) as { data: { object: { id: string } } }).data.object.id : '')
    )[0]
    expect(again?.header).not.toBe(first?.header)
    const a = await verify(input(first?.payload ?? '', first?.header ?? '', new Date(h.clock().getTime() - 60 * 60 * 1000)))
    const b = await verify(input(again?.payload ?? '', again?.header ?? '', h.clock()))
    expect(a.ok && b.ok && a.value.dedupeKey === b.value.dedupeKey).toBe(true)
  })

  it('calls a well-signed body that is not an event malformed', async () => {
    const h = simHarness()
    const verify = h.adapter().verifyWebhook
    const t = Math.floor(h.clock().getTime() / 1000)
    for (const payload of ['not json', JSON.stringify({ hello: 'world' })]) {
      const header = await signStripePayload(payload, SANDBOX_STRIPE.webhookSecret, t)
      expect(await verify?.(input(payload, header, h.clock()))).toMatchObject({ ok: false, error: { kind: 'malformed' } })
    }
  })

  it('hints unrelated events as other', async () => {
    const h = simHarness()
    const verify = h.adapter().verifyWebhook
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'customer.created',
      created: 1,
      data: { object: { id: 'cus_1' } },
    })
    const header = await signStripePayload(payload, SANDBOX_STRIPE.webhookSecret, Math.floor(h.clock().getTime() / 1000))
    expect(await verify?.(input(payload, header, h.clock()))).toEqual({
      ok: true,
      value: { dedupeKey: 'evt_1', providerRef: null, paymentId: null, hint: 'other' },
    })
  })
})
