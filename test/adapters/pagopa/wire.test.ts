import { describe, expect, it } from 'vitest'
import { createPagopaAdapter } from '../../../adapters/pagopa/index.ts'
import { CartRequest, PaymentPositionModel, PaymentPositionResponse, ProblemJson } from '../../../adapters/pagopa/wire.ts'
import { sampleRequest } from '../../contract/payment-provider.contract.ts'
import { fixedClock } from '../../fakes/clock.fake.ts'
import { CREDITOR } from './harness.ts'
import { fixture, json, replayFetch } from './replay.ts'

const clock = fixedClock('2026-11-23T10:00:00.000Z')
const ref = { providerRef: 'varco-p-1', creditor: CREDITOR, noticeCode: '347123456789012389' }

describe('pagoPA wire schemas', () => {
  it('accept the documented examples', () => {
    const create = fixture('create-position.request.json') as { paymentOption: Array<Record<string, unknown>> }
    // The A1.5 example leaves nav to GPD; ours always sends it.
    const withNav = { ...create, paymentOption: create.paymentOption.map((o) => ({ ...o, nav: '301000000000000144' })) }
    expect(PaymentPositionModel.safeParse(withNav).success).toBe(true)
    expect(PaymentPositionResponse.safeParse(fixture('position-valid.response.json')).success).toBe(true)
    expect(PaymentPositionResponse.safeParse(fixture('position-paid.response.json')).success).toBe(true)
    expect(CartRequest.safeParse(fixture('cart.request.json')).success).toBe(true)
    expect(ProblemJson.parse(fixture('problem-409-unique.json'))).toMatchObject({ status: 409 })
  })

  it.each([
    ['a missing status', { status: undefined }, 'status'],
    ['a fractional amount', { paymentOption: [{ nav: '347123456789012389', iuv: '47123456789012389', amount: 120.5 }] }, 'amount'],
    ['a missing nav', { paymentOption: [{ iuv: '47123456789012389', amount: 12050 }] }, 'nav'],
  ])('reject a GPD position with %s', (_, over, path) => {
    const r = PaymentPositionResponse.safeParse({ ...(fixture('position-valid.response.json') as object), ...over })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.path.join('.')).join(' ')).toContain(path)
  })

  const cart = fixture('cart.request.json') as { paymentNotices: unknown[] }
  it.each([
    ['a bad email', { emailNotice: 'not-an-email' }],
    ['six notices', { paymentNotices: Array.from({ length: 6 }, () => cart.paymentNotices[0]) }],
    ['no notices', { paymentNotices: [] }],
    ['a 17-digit notice', { paymentNotices: [{ ...(cart.paymentNotices[0] as object), noticeNumber: '30100000000000014' }] }],
    ['a relative return URL', { returnUrls: { returnOkUrl: '/ok', returnCancelUrl: '/cancel', returnErrorUrl: '/ko' } }],
  ])('reject a cart with %s', (_, over) => {
    expect(CartRequest.safeParse({ ...cart, ...over }).success).toBe(false)
  })
})

describe('pagoPA adapter on malformed wire data', () => {
  it('reads a 200 that is not JSON as unknown', async () => {
    const { fetch } = replayFetch(() => new Response('<html>maintenance</html>', { status: 200 }))
    const out = await createPagopaAdapter({ baseUrl: 'https://api.test', subscriptionKey: 'k', fetch, clock }).read(ref)
    expect(out).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('not JSON') })
  })

  it('reads a 200 position without a status as unknown, naming the field', async () => {
    const body = { ...(fixture('position-valid.response.json') as object), status: undefined }
    const { fetch } = replayFetch(() => json(body))
    const out = await createPagopaAdapter({ baseUrl: 'https://api.test', subscriptionKey: 'k', fetch, clock }).read(ref)
    expect(out).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('status') })
  })

  it('refuses a request the wire schema rejects before sending anything', async () => {
    const { fetch, calls } = replayFetch(() => json({}, 201))
    const adapter = createPagopaAdapter({ baseUrl: 'https://api.test', subscriptionKey: 'k', fetch, clock })
    const req = sampleRequest({ creditor: CREDITOR, now: clock })
    const bad = { ...req, transfers: [{ ...req.transfers[0], iban: 'IT60 X054 !!' }] } as typeof req
    const out = await adapter.create(bad)
    expect(out).toMatchObject({ kind: 'invalid_request', reason: expect.stringContaining('iban') })
    expect(calls).toHaveLength(0)
  })

  it('refuses a checkout cart the wire schema rejects before sending anything', async () => {
    const { fetch, calls } = replayFetch(() => json({}, 302))
    const adapter = createPagopaAdapter({ baseUrl: 'https://api.test', subscriptionKey: 'k', fetch, clock })
    const out = await adapter.checkout({
      ref,
      amount: sampleRequest({ creditor: CREDITOR, now: clock }).amount,
      reason: 'TARI',
      payerEmail: 'nope',
      returnUrls: { ok: 'https://x.test/ok', cancel: 'https://x.test/c', error: 'https://x.test/e' },
    })
    expect(out).toMatchObject({ kind: 'invalid_request', reason: expect.stringContaining('emailNotice') })
    expect(calls).toHaveLength(0)
  })
})
