/** The adapter against the simulator: wire details, idempotent retries, error mapping, checkout page flow. @module */

import { describe, expect, it } from 'vitest'
import { createRevolutAdapter, DEFAULT_API_VERSION } from '../../../adapters/revolut/index.ts'
import type { PaymentRef } from '../../../ports/payment-provider.port.ts'
import { SANDBOX_REVOLUT } from '../../../sandbox/revolut/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { CREDITOR, SIM_BASE, simHarness } from './harness.ts'

const refOf = (providerRef: string): PaymentRef => ({ providerRef, creditor: CREDITOR, noticeCode: null })
const API = '/sandbox/revolut/api/orders'

describe('Revolut adapter ↔ simulator', () => {
  it('sends Bearer auth and the pinned API version; the simulator refuses without them', async () => {
    const { simFetch } = simHarness()
    const seen: Headers[] = []
    const spy = ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      seen.push(req.headers)
      return simFetch(req)
    }) as typeof fetch
    const { harness: h } = simHarness()
    okValue(await createRevolutAdapter({ ...configOf(spy) }).create(sampleRequest(h)))
    expect(seen[0]?.get('authorization')).toBe(`Bearer ${SANDBOX_REVOLUT.secretKey}`)
    expect(seen[0]?.get('revolut-api-version')).toBe(DEFAULT_API_VERSION)
    const noVersion = await simFetch(`${SIM_BASE}/api/orders`, { headers: { authorization: `Bearer ${SANDBOX_REVOLUT.secretKey}` } })
    expect(noVersion.status).toBe(400)
    expect(await noVersion.json()).toMatchObject({ code: 'bad_request' })
    const noAuth = await simFetch(`${SIM_BASE}/api/orders`, { headers: { 'revolut-api-version': '2025-12-04' } })
    expect(noAuth.status).toBe(401)
    expect(await noAuth.json()).toMatchObject({ code: 'unauthenticated' })
  })

  it('creates one order per payment id, looking it up by merchant reference first', async () => {
    const { harness: h, calls, sim } = simHarness()
    const req = sampleRequest(h, { paymentId: 'pay-42' })
    const first = okValue(await h.provider.create(req))
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([`GET ${API}?merchant_order_data_reference=pay-42&limit=100`, `POST ${API}`])
    expect(sim.control.orders()).toEqual([{ id: first.providerRef, state: 'pending', reference: 'pay-42', amount: 12050 }])
    expect(first).toEqual({ providerRef: first.providerRef, noticeCode: null, iuv: null })
  })

  it('a create whose answer was lost (timeout) is retried without a second order', async () => {
    const { harness: h, adapter, sim, simFetch } = simHarness()
    const req = sampleRequest(h)
    // The POST reaches the simulator, but the answer never arrives in time.
    let posts = 0
    const losing = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const r = new Request(input, init)
      const res = await simFetch(r)
      if (r.method === 'POST') {
        posts++
        await new Promise((ok) => setTimeout(ok, 100))
      }
      return res
    }) as typeof fetch
    expect((await adapter({ fetch: losing, timeoutMs: 20 }).create(req)).kind).toBe('unknown')
    expect(posts).toBe(1)
    expect(sim.control.orders()).toHaveLength(1)
    const again = okValue(await h.provider.create(req))
    expect(again.providerRef).toBe(sim.control.orders()[0]?.id)
    expect(sim.control.orders()).toHaveLength(1)
  })

  it('refuses a repeated create with another amount', async () => {
    const { harness: h } = simHarness()
    const req = sampleRequest(h)
    okValue(await h.provider.create(req))
    const other = await h.provider.create({ ...req, amount: 999 as typeof req.amount })
    expect(other.kind).toBe('invalid_request')
  })

  it.each([
    [400, 'invalid_request'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'invalid_request'],
    [409, 'declined'],
    [422, 'invalid_request'],
    [429, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
  ])('maps HTTP %s to %s', async (status, kind) => {
    const { harness: h, adapter, failing } = simHarness()
    const bad = adapter({ fetch: failing(status) })
    expect((await bad.create(sampleRequest(h))).kind).toBe(kind)
    expect((await bad.read(refOf('x'))).kind).toBe(kind)
  })

  it('maps a timeout on read and cancel to unknown', async () => {
    const { harness: h } = simHarness()
    const slow = h.slow()
    expect((await slow.read(refOf('x'))).kind).toBe('unknown')
    expect((await slow.cancel(refOf('x'))).kind).toBe('unknown')
  })

  it('maps a connection refused before sending to retryable', async () => {
    const { adapter, harness: h } = simHarness()
    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
    }) as typeof fetch
    expect((await adapter({ fetch: refused }).create(sampleRequest(h))).kind).toBe('retryable')
  })

  it('reads an unknown order as invalid_request and cancels it as invalid_request', async () => {
    const { harness: h } = simHarness()
    expect((await h.provider.read(refOf('nope'))).kind).toBe('invalid_request')
    expect((await h.provider.cancel(refOf('nope'))).kind).toBe('invalid_request')
    expect((await h.provider.read(refOf(''))).kind).toBe('invalid_request')
  })

  it('a repeated cancel is ok', async () => {
    const { harness: h } = simHarness()
    const c = okValue(await h.provider.create(sampleRequest(h)))
    expect((await h.provider.cancel(refOf(c.providerRef))).kind).toBe('ok')
    expect((await h.provider.cancel(refOf(c.providerRef))).kind).toBe('ok')
  })

  it('hosted page: Pay completes the order and 303s to the return url', async () => {
    const { harness: h, simFetch } = simHarness()
    const req = sampleRequest(h, { returnUrls: { ok: 'https://comune.example.it/ok', cancel: 'https://x.it/c', error: 'https://x.it/e' } })
    const c = okValue(await h.provider.create(req))
    const returnUrls = { ok: 'https://comune.example.it/ok', cancel: 'https://x.it/c', error: 'https://x.it/e' }
    const { url } = okValue(
      await h.provider.checkout({ ref: refOf(c.providerRef), amount: req.amount, reason: req.reason, payerEmail: null, returnUrls }),
    )
    expect(url).toBe(`${SIM_BASE}/pay/${c.providerRef}`)
    const page = await (await simFetch(url)).text()
    expect(page).toContain('€120.50')
    const res = await simFetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('https://comune.example.it/ok')
    const p = okValue(await h.provider.read(refOf(c.providerRef)))
    expect(p).toMatchObject({ status: 'paid', rawStatus: 'completed' })
    // Nothing left to pay: checkout declines.
    const again = await h.provider.checkout({
      ref: refOf(c.providerRef),
      amount: req.amount,
      reason: req.reason,
      payerEmail: null,
      returnUrls,
    })
    expect(again.kind).toBe('declined')
  })

  it('hosted page: Cancel cancels the order', async () => {
    const { harness: h, simFetch } = simHarness()
    const c = okValue(await h.provider.create(sampleRequest(h)))
    const res = await simFetch(`${SIM_BASE}/pay/${c.providerRef}/cancel`, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(okValue(await h.provider.read(refOf(c.providerRef))).status).toBe('canceled')
  })

  it('offers Revolut Pay first and recommended', async () => {
    const { harness: h } = simHarness()
    const methods = okValue((await h.provider.methods?.()) ?? { kind: 'unknown', reason: 'missing' })
    expect(methods.map((m) => m.id)).toEqual(['revolut_pay', 'open_banking', 'card', 'sepa_debit'])
    expect(methods.filter((m) => m.recommended).map((m) => m.id)).toEqual(['revolut_pay'])
  })
})

function configOf(f: typeof fetch) {
  return {
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_REVOLUT.secretKey,
    webhookSecret: 'wsk',
    fetch: f,
    clock: () => new Date('2026-11-23T10:00:00Z'),
  }
}
