/** Revolut webhook verification: signature, tampering, freshness, rotation, replay, dedupe keys. @module */

import { describe, expect, it } from 'vitest'
import { createRevolutAdapter, dedupeKeyOf, verifyRevolutWebhook } from '../../../adapters/revolut/index.ts'
import type { WebhookInput } from '../../../ports/payment-provider.port.ts'
import { SANDBOX_REVOLUT, signRevolutWebhook } from '../../../sandbox/revolut/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

const SECRET = 'wsk_test_current'
const OLD = 'wsk_test_previous'
const T0 = 1_795_000_000_000
const body = JSON.stringify({ event: 'ORDER_COMPLETED', order_id: 'ord-1', merchant_order_ext_ref: 'pay-1' })

async function input(
  over: { secrets?: string[]; ts?: number; raw?: string; receivedAt?: number; header?: string } = {},
): Promise<WebhookInput> {
  const ts = String(over.ts ?? T0)
  const raw = over.raw ?? body
  const sigs = await Promise.all((over.secrets ?? [SECRET]).map((s) => signRevolutWebhook(s, ts, body)))
  return {
    rawBody: raw,
    headers: { 'revolut-request-timestamp': ts, 'revolut-signature': over.header ?? sigs.join(',') },
    receivedAt: new Date(over.receivedAt ?? T0 + 1_000),
  }
}

describe('verifyRevolutWebhook', () => {
  it('accepts a good delivery and returns the hint', async () => {
    const r = await verifyRevolutWebhook(await input(), [SECRET])
    expect(r).toEqual({
      ok: true,
      value: { dedupeKey: 'revolut:ord-1:ORDER_COMPLETED', providerRef: 'ord-1', paymentId: 'pay-1', hint: 'paid' },
    })
  })

  it('matches the documented test vector (signature ok, body is not an order event → malformed)', async () => {
    const raw =
      '{"data":{"id":"645a7696-22f3-aa47-9c74-cbae0449cc46","new_state":"completed","old_state":"pending","request_id":"app_charges-9f5d5eb3-1e06-46c5-b1c0-3914763e0bcb"},"event":"TransactionStateChanged","timestamp":"2023-05-09T16:36:38.028960Z"}'
    const secret = 'wsk_r59a4HfWVAKycbCaNO1RvgCJec02gRd8'
    const header = 'v1=bca326fb378d0da7f7c490ad584a8106bab9723d8d9cdd0d50b4c5b3be3837c0'
    expect(await signRevolutWebhook(secret, '1683650202360', raw)).toBe(header)
    const r = await verifyRevolutWebhook(
      {
        rawBody: raw,
        headers: { 'revolut-request-timestamp': '1683650202360', 'revolut-signature': header },
        receivedAt: new Date(1683650202360),
      },
      [secret],
    )
    expect(r).toMatchObject({ ok: false, error: { kind: 'malformed' } })
  })

  it('rejects a signature made with another secret', async () => {
    const r = await verifyRevolutWebhook(await input({ secrets: ['wsk_someone_else'] }), [SECRET])
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects a tampered body', async () => {
    const r = await verifyRevolutWebhook(await input({ raw: body.replace('ORDER_COMPLETED', 'ORDER_CANCELLED') }), [SECRET])
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects a body re-serialised with different whitespace', async () => {
    const r = await verifyRevolutWebhook(await input({ raw: JSON.stringify(JSON.parse(body), null, 1) }), [SECRET])
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects a tampered timestamp (the signature covers it)', async () => {
    const good = await input()
    const r = await verifyRevolutWebhook({ ...good, headers: { ...good.headers, 'revolut-request-timestamp': String(T0 + 1) } }, [SECRET])
    expect(r).toMatchObject({ ok: false, error: { kind: 'invalid_signature' } })
  })

  it('rejects timestamps more than 5 minutes old or ahead as stale, accepts just inside', async () => {
    expect(await verifyRevolutWebhook(await input({ receivedAt: T0 + 5 * 60_000 + 1 }), [SECRET])).toMatchObject({
      ok: false,
      error: { kind: 'stale' },
    })
    expect(await verifyRevolutWebhook(await input({ receivedAt: T0 - 5 * 60_000 - 1 }), [SECRET])).toMatchObject({
      ok: false,
      error: { kind: 'stale' },
    })
    expect((await verifyRevolutWebhook(await input({ receivedAt: T0 + 5 * 60_000 }), [SECRET])).ok).toBe(true)
  })

  it('accepts any of several v1 signatures during a secret rotation', async () => {
    // Revolut signs with both the old and the new secret; we may hold either one.
    const both = await input({ secrets: [OLD, SECRET] })
    expect((await verifyRevolutWebhook(both, [SECRET])).ok).toBe(true)
    expect((await verifyRevolutWebhook(both, [OLD])).ok).toBe(true)
    // And we may hold both while Revolut already signs with the new one only.
    expect((await verifyRevolutWebhook(await input(), [OLD, SECRET])).ok).toBe(true)
    expect((await verifyRevolutWebhook(await input({ secrets: ['wsk_x', 'wsk_y'] }), [OLD, SECRET])).ok).toBe(false)
  })

  it('ignores junk and other versions in the signature header', async () => {
    const good = (await input()).headers['revolut-signature'] ?? ''
    expect((await verifyRevolutWebhook(await input({ header: `v0=abc, junk,${good}` }), [SECRET])).ok).toBe(true)
    expect(await verifyRevolutWebhook(await input({ header: 'v0=abc' }), [SECRET])).toMatchObject({
      ok: false,
      error: { kind: 'invalid_signature' },
    })
  })

  it('reports missing headers', async () => {
    const good = await input()
    expect(await verifyRevolutWebhook({ ...good, headers: { 'revolut-request-timestamp': String(T0) } }, [SECRET])).toMatchObject({
      ok: false,
      error: { kind: 'invalid_signature' },
    })
    expect(
      await verifyRevolutWebhook({ ...good, headers: { 'revolut-signature': good.headers['revolut-signature'] ?? '' } }, [SECRET]),
    ).toMatchObject({ ok: false, error: { kind: 'malformed' } })
  })

  it('reports a signed body that is not an order event as malformed', async () => {
    const raw = JSON.stringify({ event: 'ORDER_COMPLETED' })
    const ts = String(T0)
    const r = await verifyRevolutWebhook(
      {
        rawBody: raw,
        headers: { 'revolut-request-timestamp': ts, 'revolut-signature': await signRevolutWebhook(SECRET, ts, raw) },
        receivedAt: new Date(T0),
      },
      [SECRET],
    )
    expect(r).toMatchObject({ ok: false, error: { kind: 'malformed' } })
  })

  it('gives a replayed delivery the same dedupe key', async () => {
    const a = await verifyRevolutWebhook(await input(), [SECRET])
    const b = await verifyRevolutWebhook(await input({ receivedAt: T0 + 2_000 }), [SECRET])
    expect(a.ok && b.ok && a.value.dedupeKey === b.value.dedupeKey).toBe(true)
  })

  it('gives a Revolut retry (new timestamp) of an order event the same key, and payment-attempt events distinct keys', () => {
    const completed = { event: 'ORDER_COMPLETED', order_id: 'o' }
    expect(dedupeKeyOf(completed, '1')).toBe(dedupeKeyOf(completed, '600001'))
    const declined = { event: 'ORDER_PAYMENT_DECLINED', order_id: 'o' }
    expect(dedupeKeyOf(declined, '1')).not.toBe(dedupeKeyOf(declined, '600001'))
    const inc = { event: 'ORDER_INCREMENTAL_AUTHORISATION_AUTHORISED', order_id: 'o' }
    expect(dedupeKeyOf({ ...inc, incremental_authorisation_ext_reference: 'a' }, '1')).not.toBe(
      dedupeKeyOf({ ...inc, incremental_authorisation_ext_reference: 'b' }, '1'),
    )
  })
})

describe('adapter.verifyWebhook with the simulator’s deliveries', () => {
  it('verifies what the simulator sends after a payment and a cancel, with the right hints', async () => {
    const { harness, sim, clock, adapter } = simHarness()
    const h = harness
    const paid = okValue(await h.provider.create(sampleRequest(h, { paymentId: 'pay-A' })))
    const canceled = okValue(await h.provider.create(sampleRequest(h, { paymentId: 'pay-B' })))
    await h.payAtProvider({ providerRef: paid.providerRef, creditor: h.creditor, noticeCode: null })
    expect((await h.provider.cancel({ providerRef: canceled.providerRef, creditor: h.creditor, noticeCode: null })).kind).toBe('ok')
    expect(sim.control.events()).toEqual([
      { event: 'ORDER_COMPLETED', order_id: paid.providerRef },
      { event: 'ORDER_CANCELLED', order_id: canceled.providerRef },
    ])
    const verify = adapter().verifyWebhook
    if (!verify) throw new Error('verifyWebhook missing')
    const d1 = await sim.control.webhook(paid.providerRef, 'ORDER_COMPLETED')
    const d2 = await sim.control.webhook(canceled.providerRef, 'ORDER_CANCELLED')
    if (!d1 || !d2) throw new Error('no delivery')
    const r1 = await verify({ rawBody: d1.payload, headers: d1.headers, receivedAt: clock() })
    const r2 = await verify({ rawBody: d2.payload, headers: d2.headers, receivedAt: clock() })
    expect(r1).toMatchObject({ ok: true, value: { providerRef: paid.providerRef, paymentId: 'pay-A', hint: 'paid' } })
    expect(r2).toMatchObject({ ok: true, value: { providerRef: canceled.providerRef, paymentId: 'pay-B', hint: 'canceled' } })
    // Same delivery ten minutes later: stale.
    expect(await verify({ rawBody: d1.payload, headers: d1.headers, receivedAt: new Date(clock().getTime() + 10 * 60_000) })).toMatchObject(
      {
        ok: false,
        error: { kind: 'stale' },
      },
    )
  })

  it('serves the signed delivery over HTTP too, and a rotating simulator sends two signatures', async () => {
    const { simFetch, harness: h, clock } = simHarness({}, { webhookSecrets: [OLD, SANDBOX_REVOLUT.webhookSecret] })
    const c = okValue(await h.provider.create(sampleRequest(h)))
    await h.payAtProvider({ providerRef: c.providerRef, creditor: h.creditor, noticeCode: null })
    const res = await simFetch(`http://sim.test/sandbox/revolut/test/orders/${c.providerRef}/webhook`)
    const d = (await res.json()) as { payload: string; headers: Record<string, string> }
    expect(d.headers['revolut-signature']?.split(',')).toHaveLength(2)
    const only = createRevolutAdapter({ baseUrl: 'http://x', secretKey: 'k', webhookSecret: OLD, fetch, clock })
    const r = await only.verifyWebhook?.({ rawBody: d.payload, headers: d.headers, receivedAt: clock() })
    expect(r).toMatchObject({ ok: true, value: { hint: 'paid', providerRef: c.providerRef } })
  })
})
