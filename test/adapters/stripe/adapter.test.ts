/** The Stripe adapter against its simulator, beyond the shared contract. @module */

import { describe, expect, it } from 'vitest'
import { cancelKeyFor, createKeyFor } from '../../../adapters/stripe/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { RETURN_URLS, SIM_BASE, simHarness } from './harness.ts'

describe('Stripe adapter ↔ simulator', () => {
  it('sends form-encoded creates with a Bearer key and an Idempotency-Key derived from the payment id', async () => {
    const h = simHarness()
    const seen: Request[] = []
    const spy = ((input: RequestInfo | URL, init?: RequestInit) => {
      const r = new Request(input, init)
      seen.push(r.clone())
      return h.app.fetch(r)
    }) as typeof fetch
    const req = sampleRequest(h.harness, { returnUrls: RETURN_URLS })
    okValue(await h.adapter({ fetch: spy }).create(req))
    const post = seen[0]
    expect(post?.url).toBe(`${SIM_BASE}/v1/checkout/sessions`)
    expect(post?.headers.get('idempotency-key')).toBe(createKeyFor(req.paymentId))
    expect(post?.headers.get('authorization')).toMatch(/^Bearer sk_test_sandbox/)
    expect(post?.headers.get('content-type')).toMatch(/application\/x-www-form-urlencoded/)
    expect(await post?.text()).toContain('line_items[0][price_data][unit_amount]=12050')
  })

  it('pays through the hosted page: Pay 303s to the success URL and the Session reads paid', async () => {
    const h = simHarness()
    const p = h.harness.provider
    const created = okValue(await p.create(sampleRequest(h.harness)))
    const ref = { providerRef: created.providerRef, creditor: h.harness.creditor, noticeCode: null }
    const { url } = okValue(await p.checkout({ ref, amount: 12050 as never, reason: 'x', payerEmail: null, returnUrls: RETURN_URLS }))
    const pay = await h.simFetch(new URL(`${created.providerRef}/pay`, url).toString(), { method: 'POST', redirect: 'manual' })
    expect(pay.status).toBe(303)
    expect(pay.headers.get('location')).toBe(RETURN_URLS.ok)
    expect(okValue(await p.read(ref))).toMatchObject({ status: 'paid', paidAt: h.clock() })
    expect((await p.checkout({ ref, amount: 12050 as never, reason: 'x', payerEmail: null, returnUrls: RETURN_URLS })).kind).toBe(
      'declined',
    )
  })

  it('Cancel on the hosted page 303s to the cancel URL and leaves the Session open', async () => {
    const h = simHarness()
    const created = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    const res = await h.simFetch(`${SIM_BASE}/pay/${created.providerRef}/cancel`, { method: 'POST', redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(RETURN_URLS.cancel)
    const ref = { providerRef: created.providerRef, creditor: h.harness.creditor, noticeCode: null }
    expect(okValue(await h.harness.provider.read(ref)).status).toBe('pending')
  })

  it('a repeated cancel is ok; a Session left to expire reads expired', async () => {
    const h = simHarness()
    const p = h.harness.provider
    const a = okValue(await p.create(sampleRequest(h.harness)))
    const refA = { providerRef: a.providerRef, creditor: h.harness.creditor, noticeCode: null }
    expect((await p.cancel(refA)).kind).toBe('ok')
    expect((await p.cancel(refA)).kind).toBe('ok')
    expect(cancelKeyFor(a.providerRef)).toBe(`varco-cancel-${a.providerRef}`)
    const b = okValue(await p.create(sampleRequest(h.harness)))
    h.clock.advance(24 * 60 * 60 * 1000)
    expect(okValue(await p.read({ providerRef: b.providerRef, creditor: h.harness.creditor, noticeCode: null }))).toMatchObject({
      status: 'expired',
      rawStatus: 'expired/unpaid',
    })
  })

  it('reports an unknown Session as invalid_request, a reused key with other params too, and an amount under €0.50', async () => {
    const h = simHarness()
    const p = h.harness.provider
    expect((await p.read({ providerRef: 'cs_test_nope', creditor: h.harness.creditor, noticeCode: null })).kind).toBe('invalid_request')
    const req = sampleRequest(h.harness)
    okValue(await p.create(req))
    expect((await p.create({ ...req, reason: 'something else' })).kind).toBe('invalid_request')
    expect((await p.create(sampleRequest(h.harness, { amount: 10 as never }))).kind).toBe('invalid_request')
  })

  it('offers card and SEPA Direct Debit', async () => {
    const h = simHarness()
    expect(okValue(await (h.harness.provider.methods?.() ?? Promise.reject(new Error('no methods')))).map((m) => m.id)).toEqual([
      'card',
      'sepa_debit',
    ])
  })
})
