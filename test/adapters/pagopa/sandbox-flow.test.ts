import { describe, expect, it } from 'vitest'
import { buildNotice, createPagopaAdapter, iuvBaseFor } from '../../../adapters/pagopa/index.ts'
import { cents } from '../../../core/money.ts'
import { createSandbox } from '../../../sandbox/index.ts'
import { SANDBOX_PAGOPA, SIM_FAIL_HEADER } from '../../../sandbox/pagopa/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'
import { CREDITOR, SIM_BASE, simHarness } from './harness.ts'

const DAY = 24 * 60 * 60 * 1000
const urls = { ok: 'https://comune.example.it/ok', cancel: 'https://comune.example.it/cancel', error: 'https://comune.example.it/ko' }

describe('pagoPA adapter ↔ simulator: flows beyond the contract', () => {
  it('a citizen pays through the Checkout page (Paga) and the adapter then reads paid', async () => {
    const h = simHarness()
    const created = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    const ref = { providerRef: created.providerRef, creditor: CREDITOR, noticeCode: created.noticeCode }
    const { url } = okValue(
      await h.harness.provider.checkout({ ref, amount: cents(12050), reason: 'TARI', payerEmail: null, returnUrls: urls }),
    )
    const page = await (await h.simFetch(url)).text()
    const action = /<form method="post" action="([^"]+\/pay)">/.exec(page)?.[1] ?? ''
    const pay = await h.simFetch(new URL(action, url), { method: 'POST', redirect: 'manual' })
    expect(pay.status).toBe(303)
    expect(pay.headers.get('location')).toBe(urls.ok)
    const read = okValue(await h.harness.provider.read(ref))
    expect(read).toMatchObject({ status: 'paid', paidAt: h.clock(), rawStatus: 'PAID' })
    // The GPD receipt for the same payment carries the same receipt id.
    const receipt = await h.simFetch(`${SIM_BASE}/gpd/payments-receipts-service/v1/payments/${CREDITOR.taxId}/receipts/${created.iuv}`, {
      headers: { 'Ocp-Apim-Subscription-Key': SANDBOX_PAGOPA.subscriptionKey },
    })
    expect(await receipt.text()).toContain(`<receiptId>${read.transactionId}</receiptId>`)
  })

  it('moves to the next IUV when another position holds this payment’s first one', async () => {
    const h = simHarness()
    const req = sampleRequest(h.harness)
    const first = buildNotice({ auxDigit: '3', segregationCode: '47', base: await iuvBaseFor(req.paymentId, 0) })
    const squatter = { ...sampleRequest(h.harness), noticeCode: first.noticeNumber }
    okValue(await h.harness.provider.create(squatter))
    const created = okValue(await h.harness.provider.create(req))
    const second = buildNotice({ auxDigit: '3', segregationCode: '47', base: await iuvBaseFor(req.paymentId, 1) })
    expect(created.noticeCode).toBe(second.noticeNumber)
    // A repeated create still finds the same position, not attempt 0's clash.
    expect(okValue(await h.harness.provider.create(req))).toEqual(created)
    expect(h.sim.control.positions()).toHaveLength(2)
  })

  it('reads expired after the due date, and refuses a checkout for it', async () => {
    const h = simHarness()
    const created = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    const ref = { providerRef: created.providerRef, creditor: CREDITOR, noticeCode: created.noticeCode }
    h.clock.advance(31 * DAY)
    expect(okValue(await h.harness.provider.read(ref))).toMatchObject({ status: 'expired', rawStatus: 'EXPIRED' })
    expect(
      (await h.harness.provider.checkout({ ref, amount: cents(12050), reason: 'TARI', payerEmail: null, returnUrls: urls })).kind,
    ).toBe('declined')
    expect((await h.harness.provider.cancel(ref)).kind).toBe('declined')
  })

  it('cancel is idempotent, and a canceled payment cannot be checked out', async () => {
    const h = simHarness()
    const created = okValue(await h.harness.provider.create(sampleRequest(h.harness)))
    const ref = { providerRef: created.providerRef, creditor: CREDITOR, noticeCode: created.noticeCode }
    expect((await h.harness.provider.cancel(ref)).kind).toBe('ok')
    expect((await h.harness.provider.cancel(ref)).kind).toBe('ok')
    expect(
      (await h.harness.provider.checkout({ ref, amount: cents(12050), reason: 'TARI', payerEmail: null, returnUrls: urls })).kind,
    ).toBe('declined')
  })

  it('a simulated 503 is retryable', async () => {
    const h = simHarness()
    const failing = ((input: RequestInfo | URL, init?: RequestInit) => {
      const req = new Request(input, init)
      req.headers.set(SIM_FAIL_HEADER, '503')
      return h.app.fetch(req)
    }) as typeof fetch
    expect((await h.adapter({ fetch: failing }).create(sampleRequest(h.harness))).kind).toBe('retryable')
  })

  it('is registered in the sandbox: createSandbox serves it at /sandbox/pagopa for the adapter', async () => {
    const sandbox = createSandbox('http://varco.test')
    expect(sandbox.simulators.map((s) => s.name)).toContain('pagopa')
    const clock = fixedClock(new Date().toISOString())
    const adapter = createPagopaAdapter({
      baseUrl: sandbox.baseUrlOf('pagopa'),
      subscriptionKey: SANDBOX_PAGOPA.subscriptionKey,
      fetch: sandbox.fetch,
      clock,
    })
    const created = okValue(await adapter.create(sampleRequest({ creditor: CREDITOR, now: clock })))
    const ref = { providerRef: created.providerRef, creditor: CREDITOR, noticeCode: created.noticeCode }
    const { url } = okValue(await adapter.checkout({ ref, amount: cents(12050), reason: 'TARI', payerEmail: null, returnUrls: urls }))
    expect(url.startsWith('http://varco.test/sandbox/pagopa/checkout/carts/')).toBe(true)
    expect((await sandbox.fetch(url)).status).toBe(200)
    const paid = await sandbox.fetch(`http://varco.test/sandbox/pagopa/notices/${created.noticeCode}/pay`, { method: 'POST' })
    expect(paid.status).toBe(200)
    expect(okValue(await adapter.read(ref)).status).toBe('paid')
  })
})
