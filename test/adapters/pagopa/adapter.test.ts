import { describe, expect, it } from 'vitest'
import {
  buildNotice,
  createPagopaAdapter,
  isValidNoticeNumber,
  iupdFor,
  iuvBaseFor,
  type PagopaConfig,
} from '../../../adapters/pagopa/index.ts'
import { cents } from '../../../core/money.ts'
import type { CheckoutRequest, CreatePaymentRequest } from '../../../ports/payment-provider.port.ts'
import { sampleRequest } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'
import { CREDITOR } from './harness.ts'
import { fixture, json, networkError, type Recorded, replayFetch } from './replay.ts'

const BASE = 'https://api.uat.platform.pagopa.it'
const GPD = '/gpd/debt-positions-service/v1/organizations/00341620508/debtpositions'
const clock = fixedClock('2026-11-23T10:00:00.000Z')

function setup(handler: (r: Recorded, n: number) => Response | Promise<Response>, over: Partial<PagopaConfig> = {}) {
  const { fetch, calls } = replayFetch(handler)
  const adapter = createPagopaAdapter({ baseUrl: `${BASE}/`, subscriptionKey: 'uat-key', fetch, clock, ...over })
  return { adapter, calls }
}
const request = (over: Partial<CreatePaymentRequest> = {}) =>
  sampleRequest({ creditor: CREDITOR, now: clock }, { paymentId: 'pay-1', ...over })
const ref = { providerRef: 'varco-pay-1', creditor: CREDITOR, noticeCode: '347123456789012389' }
const checkoutReq = (over: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  ref,
  amount: cents(12050),
  reason: 'TARI 2026',
  payerEmail: 'mario.rossi@example.it',
  returnUrls: { ok: 'https://comune.example.it/ok', cancel: 'https://comune.example.it/cancel', error: 'https://comune.example.it/ko' },
  ...over,
})
const noticeFor = async (paymentId: string, attempt: number) =>
  buildNotice({ auxDigit: '3', segregationCode: '47', base: await iuvBaseFor(paymentId, attempt) })
const problem = (name: string, status: number) => json(fixture(name), status)

describe('pagoPA adapter: create', () => {
  it('POSTs a published position with the subscription key, and returns iupd, notice and IUV', async () => {
    const { adapter, calls } = setup(() => json({}, 201))
    const out = await adapter.create(request())
    const expected = await noticeFor('pay-1', 0)
    expect(out).toEqual({ kind: 'ok', value: { providerRef: 'varco-pay-1', noticeCode: expected.noticeNumber, iuv: expected.iuv } })
    expect(isValidNoticeNumber(expected.noticeNumber)).toBe(true)
    const call = calls[0]
    expect(call?.method).toBe('POST')
    expect(`${call?.url.pathname}${call?.url.search}`).toBe(`${GPD}?toPublish=true`)
    expect(call?.headers.get('Ocp-Apim-Subscription-Key')).toBe('uat-key')
    expect(call?.headers.get('content-type')).toBe('application/json')
    expect(call?.body).toMatchObject({
      iupd: 'varco-pay-1',
      paymentOption: [{ iuv: expected.iuv, nav: expected.noticeNumber, amount: 12050 }],
    })
  })

  it('derives the iupd from the payment id', () => {
    expect(iupdFor('3f1c')).toBe('varco-3f1c')
  })

  it('on 409 returns the existing position when it is ours (a retried create)', async () => {
    const { adapter, calls } = setup((r) =>
      r.method === 'POST' ? problem('problem-409-unique.json', 409) : json(fixture('position-valid.response.json')),
    )
    const out = await adapter.create(request())
    expect(out).toEqual({ kind: 'ok', value: { providerRef: 'varco-pay-1', noticeCode: '347123456789012389', iuv: '47123456789012389' } })
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual([`POST ${GPD}`, `GET ${GPD}/varco-pay-1`])
    expect(calls[1]?.headers.get('Ocp-Apim-Subscription-Key')).toBe('uat-key')
  })

  it('on 409 for another position’s IUV moves to the next attempt’s IUV', async () => {
    const { adapter, calls } = setup((r, n) => {
      if (r.method === 'GET') return problem('problem-409-unique.json', 404)
      return n === 1 ? problem('problem-409-unique.json', 409) : json({}, 201)
    })
    const out = await adapter.create(request())
    const second = await noticeFor('pay-1', 1)
    expect(out).toMatchObject({ kind: 'ok', value: { noticeCode: second.noticeNumber, iuv: second.iuv } })
    const iuvs = calls
      .filter((c) => c.method === 'POST')
      .map((c) => (c.body as { paymentOption: Array<{ iuv: string }> }).paymentOption[0]?.iuv)
    expect(iuvs).toEqual([(await noticeFor('pay-1', 0)).iuv, second.iuv])
  })

  it('gives up after maxIuvAttempts clashes, as declined', async () => {
    const { adapter, calls } = setup((r) => (r.method === 'GET' ? json({}, 404) : problem('problem-409-unique.json', 409)), {
      maxIuvAttempts: 3,
    })
    const out = await adapter.create(request())
    expect(out).toMatchObject({ kind: 'declined', reason: expect.stringContaining('3 attempts') })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(3)
  })

  it('refuses when our iupd already exists with another amount', async () => {
    const { adapter } = setup((r) =>
      r.method === 'POST' ? problem('problem-409-unique.json', 409) : json(fixture('position-valid.response.json')),
    )
    const t = request().transfers[0]
    const out = await adapter.create(request({ amount: cents(999), transfers: t ? [{ ...t, amount: cents(999) }] : [] }))
    expect(out).toMatchObject({ kind: 'invalid_request', reason: expect.stringContaining('different amount') })
  })

  it('uses a notice number given by the caller, and refuses one that is taken', async () => {
    const given = '301000000000000144'
    const a = setup(() => json({}, 201))
    expect(await a.adapter.create(request({ noticeCode: given }))).toMatchObject({
      kind: 'ok',
      value: { noticeCode: given, iuv: '01000000000000144' },
    })
    const b = setup((r) => (r.method === 'GET' ? json({}, 404) : problem('problem-409-unique.json', 409)))
    expect(await b.adapter.create(request({ noticeCode: given }))).toMatchObject({ kind: 'invalid_request' })
    expect(b.calls.filter((c) => c.method === 'POST')).toHaveLength(1)
    const c = setup(() => json({}, 201))
    expect(await c.adapter.create(request({ noticeCode: '301000000000000145' }))).toMatchObject({ kind: 'invalid_request' })
    expect(c.calls).toHaveLength(0)
  })

  it('issues aux-2 and aux-0 notices for creditors configured so', async () => {
    const { adapter } = setup(() => json({}, 201))
    const aux2 = await adapter.create(request({ creditor: { ...CREDITOR, auxDigit: '2', segregationCode: null } }))
    expect(aux2.kind === 'ok' && aux2.value.noticeCode).toMatch(/^2\d{17}$/)
    const aux0 = await adapter.create(request({ creditor: { ...CREDITOR, auxDigit: '0', segregationCode: '01' } }))
    expect(aux0.kind === 'ok' && aux0.value.noticeCode).toMatch(/^001\d{15}$/)
    expect(aux0.kind === 'ok' && aux0.value.iuv).toMatch(/^\d{15}$/)
  })

  it.each([
    ['no segregation code for aux 3', { creditor: { ...CREDITOR, segregationCode: null } }, 'segregation'],
    ['a creditor tax id that is not 11 digits', { creditor: { ...CREDITOR, taxId: 'RSSMRA85T10A562S' } }, '11 digits'],
    ['a due date in the past', { dueAt: new Date('2026-11-01T00:00:00Z') }, 'future'],
  ])('refuses %s without calling pagoPA', async (_, over, reason) => {
    const { adapter, calls } = setup(() => json({}, 201))
    expect(await adapter.create(request(over))).toMatchObject({ kind: 'invalid_request', reason: expect.stringContaining(reason) })
    expect(calls).toHaveLength(0)
  })
})

describe('pagoPA adapter: HTTP and transport failures', () => {
  it.each([
    [400, 'problem-400-validation.json', 'invalid_request'],
    [401, 'apim-401.json', 'auth'],
    [403, 'apim-401.json', 'auth'],
    [422, 'problem-400-validation.json', 'declined'],
    [429, 'apim-401.json', 'retryable'],
    [500, 'problem-400-validation.json', 'retryable'],
    [503, 'problem-400-validation.json', 'retryable'],
  ])('maps create HTTP %i → %s', async (status, body, kind) => {
    const { adapter } = setup(() => problem(body, status))
    expect((await adapter.create(request())).kind).toBe(kind)
  })

  it('puts the ProblemJson title and detail in the reason', async () => {
    const { adapter } = setup(() => problem('problem-400-validation.json', 400))
    expect(await adapter.create(request())).toEqual({
      kind: 'invalid_request',
      reason: 'HTTP 400 BAD REQUEST: paymentOption[0].amount: the amount must equal the sum of the transfers',
    })
    const auth = setup(() => problem('apim-401.json', 401))
    expect(await auth.adapter.read(ref)).toMatchObject({ kind: 'auth', reason: expect.stringContaining('invalid subscription key') })
  })

  it('treats a refused connection as retryable, even for a POST', async () => {
    const { adapter } = setup(() => Promise.reject(networkError('ECONNREFUSED')))
    expect(await adapter.create(request())).toMatchObject({ kind: 'retryable', reason: 'network: ECONNREFUSED' })
  })

  it('treats a connection lost during a POST as unknown, and during a GET as retryable', async () => {
    const { adapter } = setup(() => Promise.reject(networkError('ECONNRESET')))
    expect(await adapter.create(request())).toMatchObject({ kind: 'unknown' })
    expect(await adapter.cancel(ref)).toMatchObject({ kind: 'unknown' })
    expect(await adapter.read(ref)).toMatchObject({ kind: 'retryable' })
  })

  it('times out as unknown, even when the fetch ignores its abort signal', async () => {
    const { adapter } = setup(() => new Promise<Response>(() => {}), { timeoutMs: 15 })
    expect(await adapter.create(request())).toEqual({ kind: 'unknown', reason: 'no answer within 15 ms' })
    expect(await adapter.read(ref)).toMatchObject({ kind: 'unknown' })
  })

  it('times out as unknown when the fetch honours the signal (AbortError)', async () => {
    const { adapter } = setup(
      (r) =>
        new Promise<Response>((_, reject) => {
          r.init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
      { timeoutMs: 15 },
    )
    expect((await adapter.checkout(checkoutReq())).kind).toBe('unknown')
  })

  it('maps a GET 404 to invalid_request', async () => {
    const { adapter } = setup(() => json({ title: 'Not found', status: 404, detail: 'x' }, 404))
    expect(await adapter.read(ref)).toMatchObject({ kind: 'invalid_request', reason: expect.stringContaining('not found') })
  })
})

describe('pagoPA adapter: read', () => {
  it('GETs the position by iupd and maps it', async () => {
    const { adapter, calls } = setup(() => json(fixture('position-paid.response.json')))
    expect(await adapter.read(ref)).toEqual({
      kind: 'ok',
      value: {
        status: 'paid',
        paidAt: new Date('2026-11-24T08:15:30.456Z'),
        transactionId: 'c7a1b2d3e4f5061728394a5b6c7d8e9f',
        rawStatus: 'PAID',
      },
    })
    expect(calls[0]?.url.pathname).toBe(`${GPD}/varco-pay-1`)
    expect(calls[0]?.headers.get('Ocp-Apim-Subscription-Key')).toBe('uat-key')
  })

  it('encodes an iupd that needs it', async () => {
    const { adapter, calls } = setup(() => json(fixture('position-valid.response.json')))
    await adapter.read({ ...ref, providerRef: 'varco-a/b c' })
    expect(calls[0]?.url.pathname).toBe(`${GPD}/varco-a%2Fb%20c`)
  })
})

describe('pagoPA adapter: checkout', () => {
  it('POSTs the cart without following the redirect and returns the location', async () => {
    const location = 'https://api.platform.pagopa.it/ecommerce/checkout/v1/carts/6a1f/redirect?clientId=CHECKOUT'
    const { adapter, calls } = setup(() => new Response(null, { status: 302, headers: { location } }))
    expect(await adapter.checkout(checkoutReq())).toEqual({ kind: 'ok', value: { url: location } })
    expect(calls[0]?.url.pathname).toBe('/checkout/ec/v1/carts')
    expect(calls[0]?.init?.redirect).toBe('manual')
    expect(calls[0]?.headers.get('Ocp-Apim-Subscription-Key')).toBe('uat-key')
    expect(calls[0]?.body).toMatchObject({
      emailNotice: 'mario.rossi@example.it',
      paymentNotices: [{ noticeNumber: '347123456789012389', fiscalCode: '00341620508', amount: 12050 }],
      idCart: 'varco-pay-1',
    })
  })

  it('resolves a relative location against the carts URL', async () => {
    const { adapter } = setup(
      () => new Response(null, { status: 302, headers: { location: '/ecommerce/checkout/v1/carts/6a1f/redirect' } }),
    )
    expect(await adapter.checkout(checkoutReq())).toEqual({
      kind: 'ok',
      value: { url: `${BASE}/ecommerce/checkout/v1/carts/6a1f/redirect` },
    })
  })

  it('reads the notice number from GPD when the ref has none', async () => {
    const { adapter, calls } = setup((r) =>
      r.method === 'GET'
        ? json(fixture('position-valid.response.json'))
        : new Response(null, { status: 302, headers: { location: `${BASE}/x` } }),
    )
    expect((await adapter.checkout(checkoutReq({ ref: { ...ref, noticeCode: null } }))).kind).toBe('ok')
    expect(calls[1]?.body).toMatchObject({ paymentNotices: [{ noticeNumber: '347123456789012389' }] })
  })

  it.each([
    [
      '422 (notice not payable)',
      () => json({ title: 'Unprocessable Entity', status: 422, detail: 'Invalid payment notice data' }, 422),
      'declined',
    ],
    ['400', () => json({ title: 'Bad Request', status: 400 }, 400), 'invalid_request'],
    ['302 without location', () => new Response(null, { status: 302 }), 'unknown'],
    ['200 instead of a redirect', () => json({}), 'unknown'],
  ])('maps %s', async (_, reply, kind) => {
    const { adapter } = setup(reply)
    expect((await adapter.checkout(checkoutReq())).kind).toBe(kind)
  })
})

describe('pagoPA adapter: cancel', () => {
  it('invalidates the position', async () => {
    const { adapter, calls } = setup(() => json(fixture('position-valid.response.json')))
    expect(await adapter.cancel(ref)).toEqual({ kind: 'ok', value: undefined })
    expect(`${calls[0]?.method} ${calls[0]?.url.pathname}`).toBe(`POST ${GPD}/varco-pay-1/invalidate`)
  })

  it('is idempotent: a position already INVALID counts as canceled', async () => {
    const invalid = { ...(fixture('position-valid.response.json') as object), status: 'INVALID' }
    const { adapter } = setup((r) =>
      r.method === 'POST' ? json({ title: 'Conflict', status: 409, detail: 'not invalidable' }, 409) : json(invalid),
    )
    expect((await adapter.cancel(ref)).kind).toBe('ok')
  })

  it('declines when the position is paid', async () => {
    const { adapter } = setup((r) =>
      r.method === 'POST'
        ? json({ title: 'Conflict', status: 409, detail: 'not invalidable' }, 409)
        : json(fixture('position-paid.response.json')),
    )
    expect(await adapter.cancel(ref)).toMatchObject({ kind: 'declined', reason: expect.stringContaining('PAID') })
  })

  it('maps 404 to invalid_request and 401 to auth', async () => {
    expect((await setup(() => json({}, 404)).adapter.cancel(ref)).kind).toBe('invalid_request')
    expect((await setup(() => problem('apim-401.json', 401)).adapter.cancel(ref)).kind).toBe('auth')
  })
})
