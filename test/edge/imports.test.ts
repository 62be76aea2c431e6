/**
 * `POST /services/{id}/imports` and `GET /imports/{id}` through the real app (Node, embedded libSQL):
 * counts and row errors, idempotent re-import, tenant isolation, refusals that write nothing, a
 * streamed body split at awkward places, and the poller creating the imported dovuti.
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { runSchedule } from '../../edge/cron.ts'
import { signedUrl } from '../fakes/link-signer.fake.ts'
import { harness } from './harness.ts'

type H = Awaited<ReturnType<typeof harness>>
// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const HEADER = 'external_id,notice_number,amount,reason,expire_at,payer_type,payer_tax_code,payer_name,payer_family_name,payer_email'
const GOOD = [
  'TARI-0001,,16.50,TARI 2026 rata 1,2026-12-31,human,RSSMRA85T10A562S,Mario,Rossi,mario@example.it',
  'TARI-0002,301000000000000144,120.00,"TARI 2026, utenza ""non domestica""",,legal,00341620508,Bar Centrale S.r.l.,,',
  'TARI-0003,,7,,2027-01-15T12:00:00+01:00,human,rssmra85t10a562s,Maria,"Rossi Bianchi",',
]
const BAD = [
  'TARI-0004,,16;50,TARI,2026-12-31,human,RSSMRA85T10A562S,Mario,Rossi,',
  'TARI-0005,,16.50,"TARI\r\n2026",2026-12-31,robot,RSSMRA85T10A562X,Mario,Rossi,not-an-email',
]
const FILE = `\uFEFF${[HEADER, GOOD[0], BAD[0], GOOD[1], GOOD[2], BAD[1]].join('\r\n')}\r\n`

describe('CSV import of dovuti', () => {
  let h: H
  let tenantId: string
  let serviceId: string
  let op: { key: string; token: string }
  let admin: { key: string; token: string }

  beforeEach(async () => {
    h = await harness()
    const t = await h.tenant('Comune di Bugliano')
    tenantId = t.id
    op = { key: t.key, token: await h.token(t.id, 'operator') }
    admin = { key: t.key, token: await h.token(t.id) }
    const svc = await h.call('POST', '/services', {
      ...admin,
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    serviceId = svc.json['id'] as string
  })

  async function upload(
    path: string,
    body: string | ReadableStream<Uint8Array> | null,
    as: { key: string; token: string } = op,
    contentType = 'text/csv; charset=utf-8',
  ) {
    const headers = { 'x-api-key': as.key, authorization: `Bearer ${as.token}`, 'content-type': contentType }
    const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers }
    if (body !== null) init.body = body
    if (body instanceof ReadableStream) init.duplex = 'half'
    const res = await h.app.request(path, init)
    const text = await res.text()
    return { res, status: res.status, json: JSON.parse(text) as Json }
  }
  const importsOf = async (tenant: string) =>
    Number((await h.deps.db.first({ sql: 'SELECT COUNT(*) AS n FROM imports WHERE tenant_id = ?', args: [tenant] }))?.['n'])
  const paymentsOf = async (tenant: string) =>
    Number((await h.deps.db.first({ sql: 'SELECT COUNT(*) AS n FROM payments WHERE tenant_id = ?', args: [tenant] }))?.['n'])
  const paymentOf = async (externalId: string) => {
    const row = await h.deps.db.first({
      sql: 'SELECT payment_id FROM payment_external_ids WHERE tenant_id = ? AND service_id = ? AND external_id = ?',
      args: [tenantId, serviceId, externalId],
    })
    return (await h.call('GET', `/payments/${row?.['payment_id']}`, op)).json as Json
  }

  it('imports 3 good rows and reports 2 bad ones with row number and field', async () => {
    const r = await upload(`/services/${serviceId}/imports`, FILE)
    expect(r.status).toBe(202)
    const id = r.json['id'] as string
    expect(r.res.headers.get('location')).toBe(`/imports/${id}`)
    expect(r.json).toEqual({
      id,
      status: 'completed',
      service_id: serviceId,
      rows_total: 5,
      rows_created: 3,
      rows_skipped: 0,
      rows_failed: 2,
      error: null,
      errors_url: `/imports/${id}?limit=100&offset=0`,
      created_at: '2026-11-23T11:00:00+01:00',
      updated_at: '2026-11-23T11:00:00+01:00',
      finished_at: '2026-11-23T11:00:00+01:00',
    })

    const got = await h.call('GET', `/imports/${id}`, { key: op.key, token: await h.token(tenantId, 'viewer') })
    expect(got.status).toBe(200)
    expect(got.json).toMatchObject({ id, status: 'completed', rows_created: 3, rows_failed: 2 })
    expect(got.json['errors']).toEqual({
      items: [
        { row: 3, field: 'amount', message: 'must be euros with at most two decimals, e.g. 16.50' },
        { row: 6, field: 'payer_email', message: 'must be an e-mail address' },
        { row: 6, field: 'payer_tax_code', message: 'must be a valid codice fiscale' },
        { row: 6, field: 'payer_type', message: 'must be human or legal' },
        { row: 6, field: 'reason', message: 'must not contain line breaks or control characters' },
      ],
      total: 5,
      limit: 100,
      offset: 0,
    })
    const page = await h.call('GET', `/imports/${id}?limit=2&offset=1`, op)
    expect(page.json['errors']).toMatchObject({
      items: [
        { row: 6, field: 'payer_email' },
        { row: 6, field: 'payer_tax_code' },
      ],
      total: 5,
    })
  })

  it('stores new dovuti CREATION_PENDING (due now) and existing notices PAYMENT_PENDING, as dispatcher events would', async () => {
    await upload(`/services/${serviceId}/imports`, FILE)
    expect(await paymentsOf(tenantId)).toBe(3)
    const created = await paymentOf('TARI-0001')
    expect(created).toMatchObject({
      status: 'CREATION_PENDING',
      service_id: serviceId,
      reason: 'TARI 2026 rata 1',
      payment: { amount: 16.5, notice_code: null, expire_at: '2026-12-31T23:59:59+01:00', pagopa_category: '9/0101108TS/' },
      payer: { type: 'human', tax_identification_number: 'RSSMRA85T10A562S', name: 'Mario', family_name: 'Rossi' },
      links: {
        update: {
          url: expect.stringMatching(signedUrl(`http://varco.test/update/${created['id']}`)),
          next_check_at: '2026-11-23T11:00:00+01:00',
        },
      },
    })
    const events = (await h.call('GET', `/payments/${created['id']}/events`, op)).json['items'] as Json[]
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ status: 'CREATION_PENDING', app_id: 'varco-import:0.1.0', event_version: '2.0' })

    const existing = await paymentOf('TARI-0002')
    expect(existing).toMatchObject({
      status: 'PAYMENT_PENDING',
      reason: 'TARI 2026, utenza "non domestica"',
      payment: { amount: 120, notice_code: '301000000000000144', iuv: '01000000000000144', expire_at: null },
      payer: { type: 'legal', tax_identification_number: '00341620508', name: 'Bar Centrale S.r.l.', family_name: null },
      links: { online_payment_begin: { url: expect.stringMatching(signedUrl(`http://varco.test/online-payment/${existing['id']}`)) } },
    })
    // An empty reason takes the service's; a date-time keeps its offset.
    expect(await paymentOf('TARI-0003')).toMatchObject({
      reason: 'TARI 2026',
      payment: { expire_at: '2027-01-15T12:00:00+01:00' },
      payer: { tax_identification_number: 'RSSMRA85T10A562S', family_name: 'Rossi Bianchi' },
    })
  })

  it('creates nothing new when the same file is imported again: the rows are skipped', async () => {
    const first = await upload(`/services/${serviceId}/imports`, FILE)
    const again = await upload(`/services/${serviceId}/imports`, FILE)
    expect(again.status).toBe(202)
    expect(again.json['id']).not.toBe(first.json['id'])
    expect(again.json).toMatchObject({ status: 'completed', rows_total: 5, rows_created: 0, rows_skipped: 3, rows_failed: 2 })
    expect(await paymentsOf(tenantId)).toBe(3)
    // A corrected file creates only the rows that failed before.
    const fixed = `${HEADER}\r\n${GOOD.join('\r\n')}\r\n${BAD[0]?.replace('16;50', '16.50')}\r\n`
    expect((await upload(`/services/${serviceId}/imports`, fixed)).json).toMatchObject({ rows_created: 1, rows_skipped: 3, rows_failed: 0 })
    expect(await paymentsOf(tenantId)).toBe(4)
  })

  it('lets the poller create the imported dovuti at pagoPA', async () => {
    await upload(`/services/${serviceId}/imports`, FILE)
    h.clock.advance(1000)
    const [run] = await runSchedule(h.deps, '* * * * *')
    expect(run).toMatchObject({ job: 'poll-payments', outcome: 'ok', counts: { created: 2 } })
    const p = await paymentOf('TARI-0001')
    expect(p['status']).toBe('PAYMENT_PENDING')
    expect(p['payment']['notice_code']).toMatch(/^\d{18}$/)
  })

  it('reads a streamed body split inside quoted fields and UTF-8 characters, one byte at a time', async () => {
    const bytes = new TextEncoder().encode(
      `${HEADER}\r\nU-1,,10.00,"Niccolò, ""il Magnifico""",,human,RSSMRA85T10A562S,Niccolò,"de' Medici",\r\n`,
    )
    let i = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < bytes.length) controller.enqueue(bytes.slice(i, ++i))
        else controller.close()
      },
    })
    const r = await upload(`/services/${serviceId}/imports`, stream)
    expect(r.json).toMatchObject({ rows_created: 1, rows_failed: 0 })
    expect(await paymentOf('U-1')).toMatchObject({
      reason: 'Niccolò, "il Magnifico"',
      payer: { name: 'Niccolò', family_name: "de' Medici" },
    })
  })

  it("keeps tenants apart: another tenant's service and import are 404", async () => {
    const mine = await upload(`/services/${serviceId}/imports`, FILE)
    const other = await h.tenant('Other')
    const asOther = { key: other.key, token: await h.token(other.id, 'operator') }
    const r = await upload(`/services/${serviceId}/imports`, FILE, asOther)
    expect(r.status).toBe(404)
    expect(r.res.headers.get('content-type')).toBe('application/problem+json')
    expect((await h.call('GET', `/imports/${mine.json['id']}`, asOther)).status).toBe(404)
    expect(await importsOf(other.id)).toBe(0)
    expect(await paymentsOf(other.id)).toBe(0)
  })

  it('needs operator to import and viewer to read', async () => {
    const viewer = { key: op.key, token: await h.token(tenantId, 'viewer') }
    expect((await upload(`/services/${serviceId}/imports`, FILE, viewer)).status).toBe(403)
    expect(await importsOf(tenantId)).toBe(0)
    const noAuth = await h.app.request(`/services/${serviceId}/imports`, {
      method: 'POST',
      body: FILE,
      headers: { 'content-type': 'text/csv' },
    })
    expect(noAuth.status).toBe(401)
  })

  it.each([
    [
      'a header with a missing column',
      `${HEADER.replace(',payer_email', '')}\r\nA,,1,,,human,RSSMRA85T10A562S,M,,\r\n`,
      400,
      'header',
      /missing column: payer_email/,
    ],
    ['a header with an extra column', `${HEADER},colour\r\n`, 400, 'header', /unknown column: colour/],
    ['a semicolon-separated file', `${HEADER.replaceAll(',', ';')}\r\nA;;1\r\n`, 400, 'header', /separated by ";"/],
    ['an empty file', '', 400, '(body)', /empty/],
    ['a header and no rows', `${HEADER}\r\n\r\n`, 400, '(body)', /no data rows/],
  ])('refuses %s with a 400 problem, and writes nothing', async (_, body, status, field, message) => {
    const r = await upload(`/services/${serviceId}/imports`, body)
    expect(r.status).toBe(status)
    expect(r.res.headers.get('content-type')).toBe('application/problem+json')
    expect(r.json).toMatchObject({ code: 'validation', errors: [{ field, message: expect.stringMatching(message) }] })
    expect(await importsOf(tenantId)).toBe(0)
    expect(await paymentsOf(tenantId)).toBe(0)
  })

  it('refuses a body that is not text/csv in UTF-8 (415), an unknown service (404) and an inactive one (422)', async () => {
    for (const type of ['application/json', 'text/plain', 'text/csv; charset=iso-8859-1']) {
      const r = await upload(`/services/${serviceId}/imports`, FILE, op, type)
      expect(r.status, type).toBe(415)
      expect(r.json).toMatchObject({ status: 415, detail: expect.stringContaining('text/csv') })
    }
    expect((await upload(`/services/${serviceId}/imports`, null, op, '')).status).toBe(415)
    const unknown = await upload(`/services/${crypto.randomUUID()}/imports`, FILE)
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ code: 'not_found', detail: expect.stringContaining('service') })
    await h.call('DELETE', `/services/${serviceId}`, admin)
    const inactive = await upload(`/services/${serviceId}/imports`, FILE)
    expect(inactive.status).toBe(422)
    expect(inactive.json).toMatchObject({ code: 'unprocessable' })
    expect((await upload('/services/not-a-uuid/imports', FILE)).status).toBe(400)
    expect(await importsOf(tenantId)).toBe(0)
    expect(await paymentsOf(tenantId)).toBe(0)
  })

  it('answers 404 for an unknown import and 400 for a bad page', async () => {
    expect((await h.call('GET', `/imports/${crypto.randomUUID()}`, op)).status).toBe(404)
    const id = (await upload(`/services/${serviceId}/imports`, FILE)).json['id']
    const bad = await h.call('GET', `/imports/${id}?limit=0`, op)
    expect(bad.status).toBe(400)
    expect(bad.json.errors?.[0]?.field).toBe('limit')
  })

  it('ends an import broken off mid-upload as failed, keeps its rows, and a re-import finishes it', async () => {
    const rows = Array.from({ length: 450 }, (_, k) => `B-${k},,1.00,,,human,RSSMRA85T10A562S,Mario,Rossi,`)
    const text = `${HEADER}\r\n${rows.join('\r\n')}\r\n`
    const bytes = new TextEncoder().encode(text)
    const cut = text.indexOf('B-300,')
    let sent = false
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true
          controller.enqueue(bytes.slice(0, cut))
        } else controller.error(new Error('connection reset'))
      },
    })
    const r = await upload(`/services/${serviceId}/imports`, broken)
    expect(r.status).toBe(202)
    expect(r.json).toMatchObject({
      status: 'failed',
      rows_total: 200,
      rows_created: 200,
      error: expect.stringContaining('import the same file again'),
    })
    expect(h.logs.join('\n')).toContain('import stopped')
    const again = await upload(`/services/${serviceId}/imports`, text)
    expect(again.json).toMatchObject({ status: 'completed', rows_total: 450, rows_created: 250, rows_skipped: 200 })
    expect(await paymentsOf(tenantId)).toBe(450)
  })
})
