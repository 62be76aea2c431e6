import { describe, expect, it } from 'vitest'
import { createOnpayAdapter, createOnpayAdmin, decodeOnpayRef, onpayExtIdFor } from '../../../adapters/onpay/index.ts'
import { cents } from '../../../core/money.ts'
import { SANDBOX_ONPAY, SIM_FAIL_HEADER } from '../../../sandbox/onpay/index.ts'
import { okValue, sampleRequest } from '../../contract/payment-provider.contract.ts'
import { CREDITOR, SIM_ORIGIN, simHarness } from './harness.ts'

const refOf = (providerRef: string) => ({ providerRef, creditor: CREDITOR, noticeCode: null })
const returnUrls = { ok: 'https://comune.example.it/ok', cancel: 'https://comune.example.it/cancel', error: 'https://comune.example.it/ko' }
const checkoutOf = (providerRef: string) => ({
  ref: refOf(providerRef),
  amount: cents(12050),
  reason: 'TARI',
  payerEmail: null,
  returnUrls,
})

describe('OnPay adapter', () => {
  it('uses the stable extId and keeps orderId, link, expiry and amount in the reference', async () => {
    const { harness, sim } = simHarness()
    const req = sampleRequest(harness)
    const created = okValue(await harness.provider.create(req))
    const r = decodeOnpayRef(created.providerRef)
    expect(r).toMatchObject({ extId: await onpayExtIdFor(req.paymentId), exp: req.dueAt.toISOString(), amount: 12050 })
    expect(r?.orderId).toBe(sim.control.links()[0]?.orderId)
    expect(r?.link).toMatch(`${SIM_ORIGIN}/sandbox/onpay/pay/`)
    expect(created).toMatchObject({ noticeCode: null, iuv: null })
  })

  it('a repeated create meets the duplicate extId, makes no second link and answers with the same extId (no URL)', async () => {
    const { harness, sim } = simHarness()
    const req = sampleRequest(harness)
    const first = decodeOnpayRef(okValue(await harness.provider.create(req)).providerRef)
    const second = okValue(await harness.provider.create(req))
    expect(sim.control.links()).toHaveLength(1)
    expect(decodeOnpayRef(second.providerRef)).toEqual({ ...first, orderId: null, link: null })
    // reads still work on the second reference; checkout explains why it has no URL
    await harness.payAtProvider(refOf(second.providerRef))
    expect(okValue(await harness.provider.read(refOf(second.providerRef))).status).toBe('paid')
    const out = await harness.provider.checkout(checkoutOf(second.providerRef))
    expect(out).toMatchObject({ kind: 'invalid_request', reason: expect.stringMatching(/only when it creates the link/) })
  })

  it('a repeated create with bad credentials is still auth, not a duplicate', async () => {
    const { harness } = simHarness()
    const req = sampleRequest(harness)
    okValue(await harness.provider.create(req))
    expect((await harness.withBadCredentials().create(req)).kind).toBe('auth')
  })

  it('declines every cancel, explaining that links cannot be cancelled, and the link stays payable', async () => {
    const { harness } = simHarness()
    const { providerRef } = okValue(await harness.provider.create(sampleRequest(harness)))
    const out = await harness.provider.cancel(refOf(providerRef))
    expect(out).toMatchObject({ kind: 'declined', reason: expect.stringMatching(/cannot be cancelled/) })
    expect(okValue(await harness.provider.read(refOf(providerRef))).status).toBe('pending')
  })

  it('pays through the hosted page and redirects to completedUrl; read is paid with the circuit orderId', async () => {
    const { harness, simFetch } = simHarness('nexi')
    const { providerRef } = okValue(await harness.provider.create(sampleRequest(harness, { returnUrls })))
    const { url } = okValue(await harness.provider.checkout(checkoutOf(providerRef)))
    const page = await simFetch(url)
    expect(await page.text()).toMatch(/Paga[\s\S]*Annulla/)
    const cancel = await simFetch(`${url}/cancel`, { method: 'POST', redirect: 'manual' })
    expect(cancel.headers.get('location')).toBe(returnUrls.cancel)
    expect(okValue(await harness.provider.read(refOf(providerRef))).status).toBe('pending')
    const paid = await simFetch(`${url}/pay`, { method: 'POST', redirect: 'manual' })
    expect([paid.status, paid.headers.get('location')]).toEqual([303, returnUrls.ok])
    const p = okValue(await harness.provider.read(refOf(providerRef)))
    expect(p).toMatchObject({ status: 'paid', rawStatus: 'completed', transactionId: decodeOnpayRef(providerRef)?.orderId })
  })

  it('in "all notifications" mode maps circuit statuses (MultiSafepay void → canceled, Volt COMPLETED → paid)', async () => {
    const msp = simHarness('multisafepay', { notifications: 'all' })
    const a = okValue(await msp.harness.provider.create(sampleRequest(msp.harness)))
    const extId = decodeOnpayRef(a.providerRef)?.extId ?? ''
    msp.sim.control.notify(extId, 'declined')
    expect(okValue(await msp.harness.provider.read(refOf(a.providerRef)))).toMatchObject({ status: 'pending', rawStatus: 'declined' })
    msp.clock.advance(1000)
    msp.sim.control.notify(extId, 'void')
    expect(okValue(await msp.harness.provider.read(refOf(a.providerRef)))).toMatchObject({ status: 'canceled', rawStatus: 'void' })

    const volt = simHarness('volt', { notifications: 'all' })
    const b = okValue(await volt.harness.provider.create(sampleRequest(volt.harness)))
    await volt.harness.payAtProvider(refOf(b.providerRef))
    expect(okValue(await volt.harness.provider.read(refOf(b.providerRef)))).toMatchObject({ status: 'paid', rawStatus: 'COMPLETED' })
  })

  it('in basic mode ignores circuit-only statuses (OnPay reports just completed)', async () => {
    const { harness, sim } = simHarness()
    const { providerRef } = okValue(await harness.provider.create(sampleRequest(harness)))
    sim.control.notify(decodeOnpayRef(providerRef)?.extId ?? '', 'void')
    expect(okValue(await harness.provider.read(refOf(providerRef))).status).toBe('pending')
  })

  it('reads an unpaid link as expired a day after its expDate, and refuses its checkout', async () => {
    const { harness, clock } = simHarness()
    const req = sampleRequest(harness)
    const { providerRef } = okValue(await harness.provider.create(req))
    clock.set(new Date(req.dueAt.getTime() + 25 * 60 * 60 * 1000).toISOString())
    expect(okValue(await harness.provider.read(refOf(providerRef))).status).toBe('expired')
    expect((await harness.provider.checkout(checkoutOf(providerRef))).kind).toBe('declined')
  })

  it('rejects what OnPay cannot carry before calling it', async () => {
    const { harness, sim } = simHarness('volt')
    expect((await harness.provider.create(sampleRequest(harness, { amount: cents(0) }))).kind).toBe('invalid_request')
    expect((await harness.provider.create(sampleRequest(harness, { dueAt: harness.now() }))).kind).toBe('invalid_request')
    expect(sim.control.links()).toHaveLength(0)
  })

  it('reports wrong circuit credentials as auth', async () => {
    const { adapter, harness } = simHarness('nexi')
    const bad = adapter({ gatewaySecretKey: 'wrong' })
    expect(await bad.create(sampleRequest(harness))).toMatchObject({ kind: 'auth', reason: expect.stringMatching(/credenziali/) })
  })

  it('maps HTTP failures: 5xx retryable, 401 auth, non-JSON unknown; a slow read is unknown', async () => {
    const { adapter, app, harness, delayed } = simHarness()
    const failing = (status: number) =>
      adapter({
        fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
          const req = new Request(input, init)
          req.headers.set(SIM_FAIL_HEADER, String(status))
          return app.fetch(req)
        }) as typeof fetch,
      })
    expect((await failing(503).create(sampleRequest(harness))).kind).toBe('retryable')
    expect((await failing(401).create(sampleRequest(harness))).kind).toBe('auth')
    expect((await failing(404).create(sampleRequest(harness))).kind).toBe('invalid_request')
    const html = adapter({ fetch: (async () => new Response('<html>oops</html>', { status: 200 })) as typeof fetch })
    expect((await html.create(sampleRequest(harness))).kind).toBe('unknown')
    const refused = adapter({
      fetch: (async () =>
        Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }))) as typeof fetch,
    })
    expect((await refused.create(sampleRequest(harness))).kind).toBe('retryable')
    const { providerRef } = okValue(await harness.provider.create(sampleRequest(harness)))
    expect((await adapter({ fetch: delayed(200), timeoutMs: 20 }).read(refOf(providerRef))).kind).toBe('unknown')
  })

  it('lists methods from get_payment_method for the circuit', async () => {
    const msp = simHarness('multisafepay')
    expect(okValue(await (msp.harness.provider.methods?.() ?? Promise.reject()))).toEqual([
      { id: 'card', label: 'Carta di pagamento', recommended: true },
    ])
    const volt = simHarness('volt')
    expect(okValue(await (volt.harness.provider.methods?.() ?? Promise.reject())).map((m) => m.id)).toEqual(['open_banking'])
    expect((await msp.adapter({ apiKey: 'nope' }).methods?.())?.kind).toBe('auth')
  })

  it('refuses a configuration without the credentials the circuit needs', () => {
    const { config } = simHarness('volt')
    expect(() => createOnpayAdapter({ ...config, gatewayPassword: '' })).toThrow(/gatewayPassword/)
    expect(() => createOnpayAdapter({ ...config, gateway: 'nexi', gatewaySecretKey: '' })).toThrow(/gatewaySecretKey/)
  })
})

describe('OnPay admin calls', () => {
  it('activates a key, lists users and notifications since a date', async () => {
    const { config, harness } = simHarness('multisafepay')
    const admin = createOnpayAdmin(config)
    expect(okValue(await admin.activateKey(SANDBOX_ONPAY.temporaryKey))).toBe(config.apiKey)
    expect((await admin.activateKey('wrong')).kind).not.toBe('ok')
    const { providerRef } = okValue(await harness.provider.create(sampleRequest(harness)))
    await harness.payAtProvider(refOf(providerRef))
    const since = okValue(await admin.notificationsSince(new Date(harness.now().getTime() - 60_000)))
    expect(since.map((n) => n.status)).toEqual(['completed'])
    const users = okValue(await admin.users(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z')))
    expect(users).toEqual([expect.objectContaining({ gateway: 'multisafepay', nrlink: 1, nrlink_paid: 1, amount_paid: 12050 })])
  })
})
