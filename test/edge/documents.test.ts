/**
 * `/notice/{id}`, `/offline-payment/{id}` and `/receipt/{id}` through the real app on Node: payments
 * made by the flow (POST /payments → pagoPA simulator), opened by the signed links the payment
 * carries, PDFs read back with poppler, zbar and libdmtx.
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { formatNoticeForPrint } from '../../core/notice-number.ts'
import type { Payment, PaymentStatus } from '../../core/payment.ts'
import { decodeDataMatrix, decodeQr, pdfText, skipPdfTools } from '../adapters/pdf/pdf-tools.ts'
import { linkTo, pathOf, signedUrl } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

type H = Awaited<ReturnType<typeof harness>>
// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const ENTE_CF = '00341620508'
const POSTAL_ACCOUNT = '1234567'

describe('payment documents: /notice, /offline-payment, /receipt', () => {
  let h: H
  let tenantId: string
  let op: { key: string; token: string }
  let serviceId: string

  beforeEach(async () => {
    h = await harness({}, { PAGOPA_POSTAL_ACCOUNT: POSTAL_ACCOUNT })
    const t = await h.tenant('Comune di Bugliano')
    tenantId = t.id
    op = { key: t.key, token: await h.token(t.id, 'operator') }
    const svc = await h.call('POST', '/services', {
      key: t.key,
      token: await h.token(t.id),
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    serviceId = svc.json['id'] as string
  })

  /** A PAYMENT_PENDING payment created through the pagoPA simulator. */
  const created = async () => {
    const ev = creationEvent(tenantId, serviceId)
    const r = await h.call('POST', '/payments', { ...op, body: ev })
    expect(r.status).toBe(201)
    return r.json['payment'] as Json
  }
  /** A payment written straight to storage, in a state the flow passes through too quickly to catch. */
  const stored = async (status: PaymentStatus, payment: Partial<Payment['payment']> = {}) => {
    const p = aPayment({ id: crypto.randomUUID(), tenant_id: tenantId, status, payment: { ...aPayment().payment, ...payment } })
    const r = await h.deps.payments.insert({
      stored: { payment: p, intermediary: 'pagopa', providerRef: null },
      events: [],
      publish: [],
      at: h.clock(),
    })
    expect(r.ok).toBe(true)
    return p
  }
  const get = (path: string) => h.app.request(path)
  /** The payment's notice link, as a path. */
  const noticeOf = (p: Json) => pathOf(p['links']['offline_payment']['url'])
  /** A link the gateway would sign, for payments written straight to storage and for unknown ids. */
  const signed = (kind: 'notice' | 'offline-payment' | 'receipt', id: string) => linkTo(h.deps.linkSigner, kind, id)
  const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer())

  const expectPdf = (res: Response, filename: string) => {
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${filename}"`)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-request-id')).toEqual(expect.any(String))
  }
  const expectProblem = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    const body = (await res.json()) as Json
    expect(body).toMatchObject({ status, code })
    return body
  }

  it('serves the notice PDF at links.offline_payment.url, publicly, named after the notice code', async () => {
    const p = await created()
    const nav = p['payment']['notice_code'] as string
    expect(p['links']['offline_payment']['url']).toMatch(signedUrl(`http://varco.test/notice/${p['id']}`))
    const res = await get(noticeOf(p))
    expectPdf(res, `avviso-${nav}.pdf`)
    const bytes = await bytesOf(res)
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
  })

  it('serves the same document at the /offline-payment alias', async () => {
    const p = await created()
    const notice = await bytesOf(await get(noticeOf(p)))
    const alias = await get(noticeOf(p).replace('/notice/', '/offline-payment/'))
    expectPdf(alias, `avviso-${p['payment']['notice_code']}.pdf`)
    expect(Buffer.from(await bytesOf(alias)).equals(Buffer.from(notice))).toBe(true)
  })

  it('writes nothing when a document is opened', async () => {
    const p = await created()
    const before = await h.deps.payments.get(tenantId, p['id'])
    const events = (await h.deps.payments.events(tenantId, p['id'])).length
    await get(noticeOf(p))
    await get(noticeOf(p).replace('/notice/', '/offline-payment/'))
    expect(await h.deps.payments.get(tenantId, p['id'])).toEqual(before)
    expect(await h.deps.payments.events(tenantId, p['id'])).toHaveLength(events)
  })

  it('answers 401 without a signature, 404 for unknown ids (signed), and 400 for malformed ones, as problems', async () => {
    for (const path of ['/notice', '/offline-payment', '/receipt'] as const) {
      await expectProblem(await get(`${path}/${crypto.randomUUID()}`), 401, 'auth.invalid_link')
      await expectProblem(await get(await signed(path.slice(1) as 'notice', crypto.randomUUID())), 404, 'not_found')
      const bad = await expectProblem(await get(`${path}/not-a-uuid`), 400, 'validation')
      expect(bad['errors']?.[0]?.field).toBe('id')
    }
  })

  it('answers 409 while the payment has no notice: CREATION_PENDING, CREATION_FAILED', async () => {
    const pendingCreation = await stored('CREATION_PENDING')
    const body = await expectProblem(await get(await signed('notice', pendingCreation.id)), 409, 'conflict')
    expect(body['detail']).toContain('still being created')
    await expectProblem(await get(await signed('offline-payment', pendingCreation.id)), 409, 'conflict')
    const failed = await stored('CREATION_FAILED')
    expect((await expectProblem(await get(await signed('notice', failed.id)), 409, 'conflict'))['detail']).toContain('could not be created')
  })

  it('still prints the notice of an EXPIRED payment, for the record', async () => {
    const expired = await stored('EXPIRED', { notice_code: '301000000000000144', iuv: '01000000000000144' })
    expectPdf(await get(await signed('notice', expired.id)), 'avviso-301000000000000144.pdf')
  })

  it('answers 409 for the receipt before payment, and serves it once paid (sandbox pay + /update)', async () => {
    const p = await created()
    const nav = p['payment']['notice_code'] as string
    expect(p['links']['receipt']['url']).toBeNull()
    const early = await expectProblem(await get(await signed('receipt', p['id'])), 409, 'conflict')
    expect(early['detail']).toContain('PAYMENT_PENDING')

    expect((await h.app.request(`/sandbox/pagopa/notices/${nav}/pay`, { method: 'POST' })).status).toBe(200)
    h.clock.advance(h.deps.config.VARCO_UPDATE_MIN_INTERVAL_MS) // the creation was a check: /update asks again after the interval
    const updated = (await h.call('GET', `/update/${p['id']}`, op)).json as Json
    expect(updated).toMatchObject({ status: 'COMPLETE' })
    expect(updated['links']['receipt']['url']).toMatch(signedUrl(`http://varco.test/receipt/${p['id']}`))

    const res = await get(pathOf(updated['links']['receipt']['url']))
    expectPdf(res, `ricevuta-${nav}.pdf`)
    if (skipPdfTools) return
    const text = pdfText(await bytesOf(res))
    for (const s of [
      'RICEVUTA DI PAGAMENTO',
      '16,50 €',
      formatNoticeForPrint(nav),
      updated['payment']['transaction_id'],
      ENTE_CF,
      'Mario Rossi',
    ])
      expect(text).toContain(s)
    // The notice stays available after payment.
    expectPdf(await get(noticeOf(p)), `avviso-${nav}.pdf`)
  })

  describe.skipIf(skipPdfTools)('read back with poppler, zbar and libdmtx', () => {
    it('prints a QR code that decodes to the payment’s notice code, the ente’s tax id and the amount in cents', async () => {
      const p = await created()
      const nav = p['payment']['notice_code'] as string
      const bytes = await bytesOf(await get(noticeOf(p)))
      expect(decodeQr(bytes)).toEqual([`PAGOPA|002|${nav}|${ENTE_CF}|1650`])
      const text = pdfText(bytes)
      for (const s of [formatNoticeForPrint(nav), '16,50 €', ENTE_CF, 'Comune di Bugliano', 'Mario Rossi', 'TARI 2026 - RSSMRA85T10A562S'])
        expect(text).toContain(s)
    })

    it('prints the Poste data matrix with the configured postal account', async () => {
      const p = await created()
      const [matrix] = decodeDataMatrix(await bytesOf(await get(noticeOf(p).replace('/notice/', '/offline-payment/'))))
      expect(matrix).toHaveLength(256)
      expect(matrix?.slice(15, 33)).toBe(p['payment']['notice_code'])
      expect(matrix?.slice(35, 47)).toBe(POSTAL_ACCOUNT.padStart(12, '0'))
      expect(matrix?.slice(49, 59)).toBe('0000001650')
      expect(matrix?.slice(66, 77)).toBe(ENTE_CF)
      expect(matrix?.slice(77, 93)).toBe('RSSMRA85T10A562S')
    })
  })
})
