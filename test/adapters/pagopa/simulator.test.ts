import { describe, expect, it } from 'vitest'
import { SANDBOX_PAGOPA, SIM_FAIL_HEADER } from '../../../sandbox/pagopa/index.ts'
import { SIM_BASE, simHarness } from './harness.ts'
import { fixture } from './replay.ts'

const ORG = '77777777777'
const POSITIONS = `${SIM_BASE}/gpd/debt-positions-service/v1/organizations/${ORG}/debtpositions`
const CARTS = `${SIM_BASE}/checkout/ec/v1/carts`
const KEY = { 'Ocp-Apim-Subscription-Key': SANDBOX_PAGOPA.subscriptionKey }

type Option = {
  iuv: string
  amount: number
  description: string
  dueDate: string
  retentionDate: string
  transfer: Array<Record<string, unknown>>
}
type Body = Record<string, unknown> & { paymentOption: Option[] }
const createBody = (): Body => fixture('create-position.request.json') as Body

/** The A1.5 example is due 2026-06-30, so these tests run in late 2025. */
function sim() {
  const h = simHarness({}, '2025-11-23T10:00:00.000Z')
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = KEY) => {
    const res = await h.simFetch(url, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      redirect: 'manual',
    })
    const text = await res.text()
    let json: Record<string, unknown> = {}
    try {
      json = JSON.parse(text)
    } catch {}
    return { status: res.status, headers: res.headers, text, json }
  }
  const create = (body: unknown = createBody(), publish = true) => call('POST', `${POSITIONS}?toPublish=${publish}`, body)
  const cart = (over: Record<string, unknown> = {}) => call('POST', CARTS, { ...(fixture('cart.request.json') as object), ...over })
  return { ...h, call, create, cart }
}

describe('pagoPA simulator: APIM subscription key', () => {
  it('answers 401 like APIM without a key or with a wrong one', async () => {
    const s = sim()
    const missing = await s.call('GET', `${POSITIONS}/x`, undefined, {})
    expect(missing.status).toBe(401)
    expect(missing.json['message']).toContain('missing subscription key')
    const wrong = await s.call('GET', `${POSITIONS}/x`, undefined, { 'Ocp-Apim-Subscription-Key': 'nope' })
    expect(wrong.status).toBe(401)
    expect(wrong.json['message']).toContain('invalid subscription key')
    expect((await s.call('POST', CARTS, {}, {})).status).toBe(401)
  })

  it('leaves /info open and accepts the query form on Checkout', async () => {
    const s = sim()
    expect((await s.call('GET', `${SIM_BASE}/gpd/debt-positions-service/v1/info`, undefined, {})).json).toMatchObject({
      name: 'pagopa-debt-position',
    })
    expect((await s.call('POST', `${CARTS}?subscription-key=${SANDBOX_PAGOPA.subscriptionKey}`, {}, {})).status).toBe(400)
  })

  it('echoes X-Request-Id on GPD calls', async () => {
    const s = sim()
    const r = await s.call('GET', `${POSITIONS}/x`, undefined, { ...KEY, 'X-Request-Id': 'req-1' })
    expect(r.headers.get('X-Request-Id')).toBe('req-1')
  })
})

describe('pagoPA simulator: GPD debt positions', () => {
  it('creates and publishes the A1.5 example: nav = 3 + iuv, status VALID', async () => {
    const s = sim()
    const r = await s.create()
    expect(r.status).toBe(201)
    expect(r.json).toMatchObject({
      iupd: 'IUPD-2025-000123',
      status: 'VALID',
      fiscalCode: 'RSSMRA80A01H501U',
      paymentOption: [{ nav: '301000000000000144', iuv: '01000000000000144' }],
    })
  })

  it('returns the position by iupd without debtor fields, dates zone-less', async () => {
    const s = sim()
    await s.create()
    const r = await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      iupd: 'IUPD-2025-000123',
      organizationFiscalCode: ORG,
      status: 'VALID',
      publishDate: '2025-11-23T10:00:00.000',
    })
    expect(r.json).not.toHaveProperty('fiscalCode')
    expect(r.json).not.toHaveProperty('fullName')
    expect(r.json['paymentOption']).toMatchObject([
      { status: 'PO_UNPAID', dueDate: '2026-06-30T23:59:59.000', transfer: [{ idTransfer: '1', status: 'T_UNREPORTED' }] },
    ])
  })

  it('keeps toPublish=false as DRAFT; publish makes it VALID once, then 409', async () => {
    const s = sim()
    expect((await s.create(createBody(), false)).json['status']).toBe('DRAFT')
    expect((await s.call('POST', `${POSITIONS}/IUPD-2025-000123/publish`)).json['status']).toBe('VALID')
    const again = await s.call('POST', `${POSITIONS}/IUPD-2025-000123/publish`)
    expect(again.status).toBe(409)
    expect(again.json['title']).toContain('DEBT_POSITION_NOT_PUBLISHABLE')
  })

  it('moves PUBLISHED → VALID at the validity date, and VALID → EXPIRED after the due date', async () => {
    const s = sim()
    const body = { ...createBody(), switchToExpired: true, validityDate: '2025-11-24T00:00:00' }
    expect((await s.create(body)).json['status']).toBe('PUBLISHED')
    s.clock.set('2025-11-24T00:00:01Z')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json['status']).toBe('VALID')
    s.clock.set('2026-06-30T23:59:58Z')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json['status']).toBe('VALID')
    s.clock.set('2026-07-01T00:00:00Z')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json['status']).toBe('EXPIRED')
  })

  it('never expires a position with switchToExpired false', async () => {
    const s = sim()
    await s.create()
    s.clock.set('2026-07-01T00:00:00Z')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json['status']).toBe('VALID')
  })

  const withOption = (f: (o: Body['paymentOption'][number]) => void) => {
    const b = createBody()
    const o = b.paymentOption[0]
    if (o) f(o)
    return b
  }
  const transfer = (over: Record<string, unknown> = {}) => ({ ...createBody().paymentOption[0]?.transfer[0], ...over })
  const stamp = { hashDocument: 'wHpFSLCGZjIgNf', stampType: '01', provincialResidence: 'PI' }
  it.each([
    ['amount ≠ Σ transfers', withOption((o) => (o.amount = 12051)), 'sum of transfers'],
    [
      'six transfers',
      withOption((o) => (o.transfer = Array.from({ length: 6 }, (_, i) => transfer({ idTransfer: String(i + 1), amount: 1 })))),
      '5 transfers',
    ],
    ['idTransfer 6', withOption((o) => (o.transfer = [transfer({ idTransfer: '6' })])), 'idTransfer'],
    ['iban and stamp', withOption((o) => (o.transfer = [transfer({ stamp })])), 'exactly one of iban or stamp'],
    ['neither iban nor stamp', withOption((o) => (o.transfer = [transfer({ iban: undefined })])), 'exactly one of iban or stamp'],
    [
      'an incomplete stamp',
      withOption((o) => (o.transfer = [transfer({ iban: undefined, stamp: { stampType: '01' } })])),
      'incomplete stamp',
    ],
    [
      'postalIban with a stamp',
      withOption((o) => (o.transfer = [transfer({ iban: undefined, stamp, postalIban: 'IT60X0542811101000000123456' })])),
      'postalIban',
    ],
    ['retentionDate before dueDate', withOption((o) => (o.retentionDate = '2026-01-01T00:00:00')), 'retentionDate'],
    ['a due date in the past', withOption((o) => (o.dueDate = '2025-01-01T00:00:00')), 'dueDate'],
    ['a validity date in the past', { ...createBody(), validityDate: '2025-01-01T00:00:00' }, 'validityDate'],
    ['no fiscalCode', { ...createBody(), fiscalCode: undefined }, 'fiscalCode'],
    ['type X', { ...createBody(), type: 'X' }, 'type'],
    ['a description over 140', withOption((o) => (o.description = 'x'.repeat(141))), 'description'],
    ['a body that is not JSON', '{not json', 'body'],
  ])('answers 400 ProblemJson for %s', async (_, body, detail) => {
    const r = await sim().create(body)
    expect(r.status).toBe(400)
    expect(r.json).toMatchObject({ status: 400, title: expect.any(String) })
    expect(r.json['detail']).toContain(detail)
  })

  it('answers 409 DEBT_POSITION_UNIQUE_VIOLATION for a duplicate iupd or IUV', async () => {
    const s = sim()
    await s.create()
    const dupIupd = await s.create(withOption((o) => (o.iuv = '01000000000000245')))
    expect(dupIupd.status).toBe(409)
    expect(dupIupd.json).toMatchObject({ status: 409, title: expect.stringContaining('DEBT_POSITION_UNIQUE_VIOLATION') })
    const dupIuv = await s.create({ ...createBody(), iupd: 'other' })
    expect(dupIuv.status).toBe(409)
    expect(dupIuv.json['detail']).toContain('iuv 01000000000000144')
    expect(s.sim.control.positions()).toHaveLength(1)
  })

  it('invalidates PUBLISHED/VALID only', async () => {
    const s = sim()
    await s.create()
    const ok = await s.call('POST', `${POSITIONS}/IUPD-2025-000123/invalidate`)
    expect(ok.json['status']).toBe('INVALID')
    const again = await s.call('POST', `${POSITIONS}/IUPD-2025-000123/invalidate`)
    expect(again.status).toBe(409)
    expect(again.json).toMatchObject({
      status: 409,
      title: expect.stringContaining('DEBT_POSITION_NOT_INVALIDABLE'),
      detail: expect.stringContaining('INVALID'),
    })
    await s.create({ ...withOption((o) => (o.iuv = '01000000000000245')), iupd: 'draft' }, false)
    expect((await s.call('POST', `${POSITIONS}/draft/invalidate`)).status).toBe(409)
    expect((await s.call('POST', `${POSITIONS}/missing/invalidate`)).status).toBe(404)
  })

  it('deletes unpaid positions only', async () => {
    const s = sim()
    await s.create()
    expect((await s.call('DELETE', `${POSITIONS}/IUPD-2025-000123`)).json).toBe('OK')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).status).toBe(404)
    await s.create()
    await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)
    const paid = await s.call('DELETE', `${POSITIONS}/IUPD-2025-000123`)
    expect(paid.status).toBe(409)
    expect(paid.json['title']).toContain('DEBT_POSITION_PAYMENT_FOUND')
  })

  it('fails on demand with the x-sim-fail header, doing nothing', async () => {
    const s = sim()
    const r = await s.call('POST', `${POSITIONS}?toPublish=true`, createBody(), { ...KEY, [SIM_FAIL_HEADER]: '503' })
    expect(r.status).toBe(503)
    expect(s.sim.control.positions()).toHaveLength(0)
  })
})

describe('pagoPA simulator: paying, receipts', () => {
  it('pays a notice from a script, once', async () => {
    const s = sim()
    await s.create()
    expect((await s.call('POST', `${SIM_BASE}/notices/301000000000000999/pay`)).status).toBe(404)
    const r = await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      noticeNumber: '301000000000000144',
      iupd: 'IUPD-2025-000123',
      organizationFiscalCode: ORG,
      status: 'PAID',
      paymentDate: '2025-11-23T10:00:00.000',
    })
    expect(r.json['idReceipt']).toMatch(/^[0-9a-f]{32}$/)
    expect((await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)).status).toBe(409)
    const pos = await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)
    expect(pos.json).toMatchObject({
      status: 'PAID',
      paymentOption: [{ status: 'PO_PAID', idReceipt: r.json['idReceipt'], paymentDate: '2025-11-23T10:00:00.000' }],
    })
  })

  it('refuses to pay an invalidated notice', async () => {
    const s = sim()
    await s.create()
    await s.call('POST', `${POSITIONS}/IUPD-2025-000123/invalidate`)
    expect((await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)).status).toBe(409)
  })

  it('serves the paSendRT receipt once paid, 404 before', async () => {
    const s = sim()
    await s.create()
    const url = `${SIM_BASE}/gpd/payments-receipts-service/v1/payments/${ORG}/receipts/01000000000000144`
    expect((await s.call('GET', url)).status).toBe(404)
    const paid = await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)
    const r = await s.call('GET', url)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/xml')
    for (const fragment of [
      '<pafn:paSendRTReq xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">',
      `<receiptId>${paid.json['idReceipt']}</receiptId>`,
      '<noticeNumber>301000000000000144</noticeNumber>',
      `<fiscalCode>${ORG}</fiscalCode>`,
      '<outcome>OK</outcome>',
      '<creditorReferenceId>01000000000000144</creditorReferenceId>',
      '<paymentAmount>120.50</paymentAmount>',
      '<entityUniqueIdentifierType>F</entityUniqueIdentifierType><entityUniqueIdentifierValue>RSSMRA80A01H501U</entityUniqueIdentifierValue>',
      '<transfer><idTransfer>1</idTransfer><transferAmount>120.50</transferAmount><fiscalCodePA>77777777777</fiscalCodePA><IBAN>IT60X0542811101000000123456</IBAN>',
      '<transferCategory>9/0101108TS/</transferCategory>',
      '<paymentDateTime>2025-11-23T10:00:00</paymentDateTime>',
    ]) {
      expect(r.text).toContain(fragment)
    }
    expect((await s.call('GET', url, undefined, {})).status).toBe(401)
  })
})

describe('pagoPA simulator: Checkout carts', () => {
  it('answers 302 with a location on the simulator, whose page shows the notice with Paga and Annulla', async () => {
    const s = sim()
    await s.create()
    const r = await s.cart()
    expect(r.status).toBe(302)
    const location = r.headers.get('location') ?? ''
    expect(location).toMatch(/^http:\/\/sim\.test\/sandbox\/pagopa\/checkout\/carts\/[0-9a-f-]{36}$/)
    const page = await s.call('GET', location, undefined, {})
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(page.text).toContain('3010 0000 0000 0001 44')
    expect(page.text).toContain('120,50 €')
    expect(page.text).toContain('Comune di Prova')
    expect(page.text).toContain('TARI 2025')
    expect(page.text).toMatch(/<form method="post" action="[0-9a-f-]{36}\/pay"><button[^>]*>Paga<\/button>/)
    expect(page.text).toMatch(/<form method="post" action="[0-9a-f-]{36}\/cancel"><button[^>]*>Annulla<\/button>/)
    // No external resources: no scripts, stylesheets, images or absolute links.
    expect(page.text).not.toMatch(/<script|<link|<img|src=|href=|https?:\/\//)
  })

  it('escapes HTML in notice texts', async () => {
    const s = sim()
    await s.create()
    const notice = { ...(fixture('cart.request.json') as { paymentNotices: object[] }).paymentNotices[0], description: '<b>x</b> & "y"' }
    const r = await s.cart({ paymentNotices: [notice] })
    const page = await s.call('GET', r.headers.get('location') ?? '', undefined, {})
    expect(page.text).toContain('&#60;b&#62;x&#60;/b&#62; &#38; &#34;y&#34;')
  })

  it.each([
    [
      'an unknown notice',
      { paymentNotices: [{ noticeNumber: '301000000000000999', fiscalCode: ORG, amount: 1, companyName: 'c', description: 'd' }] },
      'Invalid payment notice data',
    ],
    [
      'six notices',
      {
        paymentNotices: Array.from({ length: 6 }, (_, i) => ({
          noticeNumber: `30100000000000014${i}`,
          fiscalCode: ORG,
          amount: 1,
          companyName: 'c',
          description: 'd',
        })),
      },
      'Multiple payment notices',
    ],
    [
      'a duplicate notice',
      {
        paymentNotices: [0, 1].map(() => ({
          noticeNumber: '301000000000000144',
          fiscalCode: ORG,
          amount: 1,
          companyName: 'c',
          description: 'd',
        })),
      },
      'Duplicate',
    ],
  ])('answers 422 for %s', async (_, over, detail) => {
    const s = sim()
    await s.create()
    const r = await s.cart(over)
    expect(r.status).toBe(422)
    expect(r.json).toMatchObject({ type: 'about:blank', status: 422, detail: expect.stringContaining(detail) })
  })

  it('answers 422 for a notice that is no longer payable, 400 without return URLs', async () => {
    const s = sim()
    await s.create()
    await s.call('POST', `${POSITIONS}/IUPD-2025-000123/invalidate`)
    expect((await s.cart()).status).toBe(422)
    expect((await s.cart({ returnUrls: undefined })).status).toBe(400)
  })

  it('Paga marks the position paid and sends the browser to returnOkUrl (303); the cart is then closed', async () => {
    const s = sim()
    await s.create()
    const location = (await s.cart()).headers.get('location') ?? ''
    const pay = await s.call('POST', `${location}/pay`, undefined, {})
    expect(pay.status).toBe(303)
    expect(pay.headers.get('location')).toBe('https://comune.example.it/pagopa/ok')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json).toMatchObject({
      status: 'PAID',
      paymentOption: [{ idReceipt: expect.any(String) }],
    })
    const again = await s.call('POST', `${location}/pay`, undefined, {})
    expect(again.headers.get('location')).toBe('https://comune.example.it/pagopa/ok')
    expect((await s.call('GET', location, undefined, {})).text).toContain('già stato chiuso')
  })

  it('Annulla changes nothing and sends the browser to returnCancelUrl', async () => {
    const s = sim()
    await s.create()
    const location = (await s.cart()).headers.get('location') ?? ''
    const cancel = await s.call('POST', `${location}/cancel`, undefined, {})
    expect(cancel.status).toBe(303)
    expect(cancel.headers.get('location')).toBe('https://comune.example.it/pagopa/cancel')
    expect((await s.call('GET', `${POSITIONS}/IUPD-2025-000123`)).json['status']).toBe('VALID')
  })

  it('sends the browser to returnErrorUrl when the notice stopped being payable meanwhile', async () => {
    const s = sim()
    await s.create()
    const location = (await s.cart()).headers.get('location') ?? ''
    await s.call('POST', `${SIM_BASE}/notices/301000000000000144/pay`)
    const pay = await s.call('POST', `${location}/pay`, undefined, {})
    expect(pay.headers.get('location')).toBe('https://comune.example.it/pagopa/ko')
  })

  it('forgets carts after 10 minutes', async () => {
    const s = sim()
    await s.create()
    const location = (await s.cart()).headers.get('location') ?? ''
    s.clock.advance(10 * 60 * 1000 + 1)
    expect((await s.call('GET', location, undefined, {})).status).toBe(404)
  })
})
