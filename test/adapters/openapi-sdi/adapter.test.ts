/**
 * The OpenAPI.it adapter beyond the shared contract: its token (scopes, one request for concurrent
 * callers, refreshed 60 s before `expire`, once on 401, bad credentials), the send outcome table
 * (OpenAPI.it's error numbers), lookup's fallback on number and date, notifications that are not a
 * sender's, the idempotent set-up, and that no secret reaches a reason.
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../../adapters/fatturapa/xsd/node.ts'
import { REFRESH_MARGIN_MS, scopesFor, TOKEN_TTL_S } from '../../../adapters/openapi-sdi/index.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'
import { CALLBACK_URL, simHarness } from './harness.ts'
import { freshInvoice, SENDER_ID } from './invoices.ts'
import { simClient } from './sim-client.ts'

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

const SETUP = {
  fiscalId: SENDER_ID,
  name: '231 Agile S.r.l.',
  email: 'sdi@231agile.it',
  applySignature: false,
  applyLegalStorage: false,
  callbackUrl: CALLBACK_URL,
} as const

describe('OpenAPI.it adapter: token', () => {
  it('asks for the scope of each call it makes, on the configured host and path', () => {
    expect(scopesFor('https://test.sdi.openapi.it')).toEqual([
      'POST:test.sdi.openapi.it/invoices',
      'GET:test.sdi.openapi.it/invoices',
      'GET:test.sdi.openapi.it/invoices_notifications',
      'POST:test.sdi.openapi.it/business_registry_configurations',
      'GET:test.sdi.openapi.it/business_registry_configurations',
      'POST:test.sdi.openapi.it/api_configurations',
      'GET:test.sdi.openapi.it/api_configurations',
    ])
    expect(scopesFor('http://localhost:8787/sandbox/openapi-sdi/')[0]).toBe('POST:localhost:8787/sandbox/openapi-sdi/invoices')
  })

  it('makes one token request for concurrent callers, and reuses the token', async () => {
    const h = await simHarness({ xsd, setUp: false })
    const t = h.adapter()
    const reads = await Promise.all(Array.from({ length: 8 }, (_, i) => t.get(`missing-${i}`)))
    expect(reads.every((r) => r.ok && r.value === null)).toBe(true)
    await t.get('again')
    expect(h.control.tokensIssued()).toBe(1)
    expect(h.calls.filter((c) => c.path.endsWith('/oauth/tokens'))).toHaveLength(1)
  })

  it('replaces the token REFRESH_MARGIN_MS before it expires, not earlier', async () => {
    const h = await simHarness({ xsd, setUp: false })
    const t = h.adapter()
    await t.get('x')
    h.clock.advance(TOKEN_TTL_S * 1000 - REFRESH_MARGIN_MS - 1)
    await t.get('x')
    expect(h.control.tokensIssued()).toBe(1)
    h.clock.advance(1)
    await t.get('x')
    expect(h.control.tokensIssued()).toBe(2)
    expect(h.calls.filter((c) => c.path.includes('/invoices/x')).length).toBe(3) // no 401 round trip
  })

  it('with wrong credentials sends nothing (refused, code oauth) and reads fail; the API key is never in a reason', async () => {
    const h = await simHarness({ xsd, setUp: false })
    const t = h.adapter({ apiKey: 'secret-wrong-key-123' })
    const sent = await t.send((await freshInvoice()).xml)
    expect(sent).toMatchObject({ kind: 'refused', status: 401, code: 'oauth' })
    expect(h.control.accepted()).toBe(0)
    const read = await t.get('x')
    expect(read).toMatchObject({ ok: false, reason: expect.stringContaining('401') })
    expect(JSON.stringify([sent, read])).not.toContain('secret-wrong-key-123')
    expect(h.calls.some((c) => c.path.includes('/invoices'))).toBe(false)
  })

  it('a send answered 401 even with a fresh token is unknown; the token is fetched again once', async () => {
    const h = await simHarness({ xsd })
    const tokens = h.control.tokensIssued()
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'fail', status: 401, count: 2 })
    expect(await h.transmitter.send((await freshInvoice()).xml)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('401') })
    expect(h.control.tokensIssued()).toBe(tokens + 1)
  })
})

describe('OpenAPI.it adapter: send', () => {
  it('maps OpenAPI.it’s refusals: 422 "802", 400 230 (with the message), 402 no credit', async () => {
    const h = await simHarness({ xsd })
    expect(await h.transmitter.send('<not xml')).toEqual({
      kind: 'refused',
      status: 422,
      code: '802',
      message: 'Parsing error: malformed XML',
    })
    const inv = await freshInvoice()
    const invalid = await h.transmitter.send(inv.xml.replace('<Divisa>EUR</Divisa>', ''))
    expect(invalid).toMatchObject({ kind: 'refused', status: 400, code: '230', message: expect.stringMatching(/^An error occurred: /) })
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'fail', status: 402 })
    expect(await h.transmitter.send(inv.xml)).toMatchObject({ kind: 'refused', status: 402, code: '402' })
    expect(h.control.accepted()).toBe(0)
  })

  it('a 2xx it cannot read is unknown (the file may have been taken), and so is any other status', async () => {
    const h = await simHarness({ xsd })
    const garbled = ((input: RequestInfo | URL, init?: RequestInit) =>
      h
        .simFetch(input, init)
        .then(async (res) =>
          new URL(new Request(input, init).url).pathname.endsWith('/invoices') ? new Response('<html>ok</html>', { status: 200 }) : res,
        )) as typeof fetch
    expect(await h.adapter({ fetch: garbled }).send((await freshInvoice()).xml)).toMatchObject({ kind: 'unknown' })
    expect(h.control.accepted()).toBe(1)
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'fail', status: 409 })
    expect(await h.transmitter.send((await freshInvoice()).xml)).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('409') })
  })
})

describe('OpenAPI.it adapter: reads', () => {
  it('get maps the invoice (sdi_file_id as sdiId, marking as given)', async () => {
    const h = await simHarness({ xsd })
    const inv = await freshInvoice()
    const sent = await h.transmitter.send(inv.xml)
    const remoteId = sent.kind === 'accepted' ? sent.remoteId : ''
    await h.control.notify(remoteId, 'RC')
    const snap = h.control.invoices()[0]
    expect(await h.transmitter.get(remoteId)).toEqual({
      ok: true,
      value: { remoteId, fileName: inv.fileName, sdiId: String(snap?.sdiFileId), marking: 'delivered', createdAt: h.clock() },
    })
  })

  it('lookup matches the file name first, else the same number and date; another date is not a match', async () => {
    const h = await simHarness({ xsd })
    const inv = await freshInvoice()
    const sent = await h.transmitter.send(inv.xml)
    const remoteId = sent.kind === 'accepted' ? sent.remoteId : ''
    const other = { ...inv.query, fileName: 'IT07776161213_ZZZZZ.xml' }
    expect(await h.transmitter.lookup(other)).toMatchObject({ ok: true, value: [{ remoteId, fileName: inv.fileName }] })
    expect(await h.transmitter.lookup({ ...other, invoiceDate: '2026-03-02' })).toEqual({ ok: true, value: [] })
    expect(h.calls.some((c) => c.path.includes(`invoiceNumber=${encodeURIComponent(inv.query.invoiceNumber)}&sender=${SENDER_ID}`))).toBe(
      true,
    )
  })

  it('leaves out notification types a sender never gets, and fails when a notification is not XML', async () => {
    const h = await simHarness({ xsd })
    const sent = await h.transmitter.send((await freshInvoice()).xml)
    const remoteId = sent.kind === 'accepted' ? sent.remoteId : ''
    await h.control.notify(remoteId, 'RC')
    const rewrite = (edit: (path: string, body: string) => string) =>
      ((input: RequestInfo | URL, init?: RequestInit) =>
        h.simFetch(input, init).then(async (res) => {
          const path = new URL(new Request(input, init).url).pathname
          return new Response(edit(path, await res.text()), { status: res.status, headers: res.headers })
        })) as typeof fetch
    const withMt = rewrite((path, body) => {
      if (!path.endsWith(`/invoices_notifications/${remoteId}`)) return body
      const json = JSON.parse(body) as { data: Array<Record<string, unknown>> }
      json.data.unshift({ ...json.data[0], uuid: 'mt-1', type: 'MT' })
      return JSON.stringify(json)
    })
    const read = await h.adapter({ fetch: withMt }).notifications(remoteId)
    expect(read.ok && read.value.map((n) => n.type)).toEqual(['RC'])
    const asJson = rewrite((path, body) => (path.split('/').length > 5 && path.includes('/invoices_notifications/') ? '{"data":{}}' : body))
    expect(await h.adapter({ fetch: asJson }).notifications(remoteId)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not XML'),
    })
    expect(await h.transmitter.notifications('unknown-invoice')).toMatchObject({ ok: false, reason: expect.stringContaining('not found') })
  })
})

describe('OpenAPI.it adapter: callbacks', () => {
  it('reads the configured header name, whatever its case, and refuses an event other than customer-notification', async () => {
    const t = (await simHarness({ xsd, setUp: false })).adapter({ callbackHeader: 'X-Other-Token', callbackSecret: 's3cret' })
    const body = JSON.stringify({
      event: 'customer-notification',
      data: { notification: { uuid: 'n1', invoice_uuid: 'i1', type: 'DT', created_at: '2026-11-23 10:00:00' } },
    })
    const receivedAt = new Date()
    expect(await t.verifyCallback({ rawBody: body, headers: { 'x-other-token': 's3cret' }, receivedAt })).toEqual({
      ok: true,
      value: { dedupeKey: 'n1', remoteId: 'i1', type: 'DT', createdAt: new Date('2026-11-23T10:00:00Z') },
    })
    expect(await t.verifyCallback({ rawBody: body, headers: { 'x-varco-callback-token': 's3cret' }, receivedAt })).toMatchObject({
      ok: false,
    })
    const other = JSON.stringify({ event: 'customer-invoice', data: { notification: { uuid: 'n1', invoice_uuid: 'i1', type: 'RC' } } })
    expect(await t.verifyCallback({ rawBody: other, headers: { 'x-other-token': 's3cret' }, receivedAt })).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    })
    const empty = (await simHarness({ xsd, setUp: false })).adapter({ callbackSecret: '' })
    expect(await empty.verifyCallback({ rawBody: body, headers: { 'x-varco-callback-token': '' }, receivedAt })).toMatchObject({
      ok: false,
      error: { kind: 'invalid_signature' },
    })
  })
})

describe('OpenAPI.it adapter: setup', () => {
  it('creates the business registry and the callback once; a second run changes nothing', async () => {
    const h = await simHarness({ xsd, setUp: false })
    expect(await h.transmitter.setup(SETUP)).toEqual({ ok: true, value: { businessRegistry: 'created', callbacks: 'created' } })
    const posts = h.calls.filter((c) => c.method === 'POST').length
    expect(await h.transmitter.setup(SETUP)).toEqual({ ok: true, value: { businessRegistry: 'unchanged', callbacks: 'unchanged' } })
    expect(h.calls.filter((c) => c.method === 'POST').length).toBe(posts) // only GETs the second time
  })

  it('updates the callback when its URL or header changed, keeping callbacks for other events', async () => {
    const h = await simHarness({ xsd, setUp: false })
    const http = simClient(h)
    const supplier = { event: 'supplier-invoice', url: 'https://erp.example/in', auth_header: 'X-Erp', field: 'data' }
    const old = { event: 'customer-notification', url: 'https://old.example/cb', auth_header: 'X-Old', field: 'data' }
    await http.call('POST', '/api_configurations', { json: { fiscal_id: SENDER_ID, callbacks: [supplier, old] } })
    expect(await h.transmitter.setup(SETUP)).toEqual({ ok: true, value: { businessRegistry: 'created', callbacks: 'updated' } })
    const got = await http.call('GET', `/api_configurations?fiscal_id=${SENDER_ID}`)
    expect((got.json.data as Array<{ callbacks: unknown[] }>)[0]?.callbacks).toEqual([
      supplier,
      { event: 'customer-notification', url: CALLBACK_URL, auth_header: SANDBOX_OPENAPI_SDI.callbackHeader, field: 'data' },
    ])
  })

  it('says why when OpenAPI.it refuses (409 612: the email belongs to another fiscal id)', async () => {
    const h = await simHarness({ xsd, setUp: false })
    await h.transmitter.setup({ ...SETUP, fiscalId: '12345678903' })
    expect(await h.transmitter.setup(SETUP)).toEqual({ ok: false, reason: expect.stringMatching(/409 612: This email already exists/) })
  })
})
