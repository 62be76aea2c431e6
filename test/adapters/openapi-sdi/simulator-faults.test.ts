/**
 * The OpenAPI.it simulator's OAuth (Basic credentials, expiry, scopes), its account set-up routes,
 * its faults (in-process `control` and `POST /_control/faults` over HTTP), and its place in the
 * sandbox (createSandbox passes the wiring's inspector; without one the minimal reading applies).
 * Over raw HTTP: the adapter is not involved.
 */

import { beforeAll, describe, expect, it, vi } from 'vitest'
import { createNodeXsdValidator } from '../../../adapters/fatturapa/xsd/node.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { createSandbox, sandboxCredentials } from '../../../sandbox/index.ts'
import { minimalInspect, SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'
import { simHarness } from './harness.ts'
import { freshInvoice, SENDER_ID } from './invoices.ts'
import { basicAuth, simClient } from './sim-client.ts'

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

async function setUp() {
  const h = await simHarness({ xsd, setUp: false })
  return { ...h, http: simClient(h) }
}

describe('OpenAPI.it simulator: OAuth', () => {
  it('issues a token for Basic email:apikey with the scopes and expire (unix seconds); refuses other credentials with 401', async () => {
    const h = await setUp()
    const ask = (auth: string) =>
      h.simFetch(`${h.base}/oauth/tokens`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ scopes: [`GET:sim.test/sandbox/openapi-sdi/invoices`], ttl: 3600 }),
      })
    const good = await h.http.answer(await ask(basicAuth(SANDBOX_OPENAPI_SDI.email, SANDBOX_OPENAPI_SDI.apiKey)))
    expect(good).toMatchObject({ status: 200, json: { success: true, data: { scopes: ['GET:sim.test/sandbox/openapi-sdi/invoices'] } } })
    expect((good.json.data as { expire: number }).expire).toBe(Date.parse('2026-11-23T10:00:00Z') / 1000 + 3600)
    const bad = await h.http.answer(await ask(basicAuth(SANDBOX_OPENAPI_SDI.email, 'not-the-key')))
    expect(bad).toMatchObject({ status: 401, json: { success: false, message: 'Unauthorized', error: 401 } })
  })

  it('answers 401 without a token, with an unknown or expired one, and 403 for a call outside the token’s scopes', async () => {
    const h = await setUp()
    const get = (auth?: string) => h.http.call('GET', '/invoices', auth === undefined ? {} : { headers: { authorization: auth } })
    expect((await get('')).status).toBe(401)
    expect((await get('Bearer nope')).status).toBe(401)
    const narrow = await h.http.token(['GET:sim.test/sandbox/openapi-sdi/invoices_notifications'], 60)
    const narrowGet = await get(`Bearer ${narrow}`)
    expect(narrowGet).toMatchObject({ status: 403, json: { success: false } }) // a prefix of the name is not the scope
    const scoped = await h.http.token(['GET:sim.test/sandbox/openapi-sdi/invoices'], 60)
    expect((await get(`Bearer ${scoped}`)).status).toBe(200)
    expect((await h.http.call('GET', '/invoices/x', { headers: { authorization: `Bearer ${scoped}` } })).status).toBe(404)
    expect((await h.http.call('POST', '/invoices', { xml: '<x/>', headers: { authorization: `Bearer ${scoped}` } })).status).toBe(403)
    h.clock.advance(60_000)
    expect(await get(`Bearer ${scoped}`)).toMatchObject({ status: 401, json: { message: 'Unauthorized', error: 401 } })
  })

  it('expires every token on demand (control and POST /_control/tokens/expire)', async () => {
    const h = await setUp()
    expect((await h.http.call('GET', '/invoices')).status).toBe(200)
    h.control.expireTokens()
    expect((await h.http.call('GET', '/invoices')).status).toBe(401)
    const fresh = await h.http.token()
    expect((await h.http.call('GET', '/invoices', { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(200)
    expect((await h.http.answer(await h.simFetch(`${h.base}/_control/tokens/expire`, { method: 'POST' }))).status).toBe(200)
    expect((await h.http.call('GET', '/invoices', { headers: { authorization: `Bearer ${fresh}` } })).status).toBe(401)
  })
})

describe('OpenAPI.it simulator: account set-up', () => {
  it('business registry: 400 610 without fiscal_id, created once, 409 612 for an email in use, GET by fiscal id or 404', async () => {
    const h = await setUp()
    const post = (json: unknown) => h.http.call('POST', '/business_registry_configurations', { json })
    expect(await post({ name: 'x' })).toMatchObject({ status: 400, json: { message: 'fiscal_id is required', error: 610 } })
    const made = await post({
      fiscal_id: SENDER_ID,
      name: '231 Agile',
      email: 'a@example.it',
      apply_signature: false,
      apply_legal_storage: false,
    })
    expect(made).toMatchObject({ status: 200, json: { data: { fiscal_id: SENDER_ID, active: true } } })
    expect(await post({ fiscal_id: '12345678903', email: 'a@example.it' })).toMatchObject({ status: 409, json: { error: 612 } })
    expect((await h.http.call('GET', `/business_registry_configurations/${SENDER_ID}`)).json).toMatchObject({
      data: { email: 'a@example.it' },
    })
    expect((await h.http.call('GET', '/business_registry_configurations/00000000000')).status).toBe(404)
  })

  it('API configurations: each POST overwrites the fiscal id’s previous one; GET filters by fiscal_id', async () => {
    const h = await setUp()
    const cb = (url: string) => ({ event: 'customer-notification', url, auth_header: 'X-Token', field: 'data' })
    await h.http.call('POST', '/api_configurations', { json: { fiscal_id: SENDER_ID, callbacks: [cb('https://a.example/cb')] } })
    await h.http.call('POST', '/api_configurations', { json: { fiscal_id: SENDER_ID, callbacks: [cb('https://b.example/cb')] } })
    await h.http.call('POST', '/api_configurations', { json: { fiscal_id: '12345678903', callbacks: [] } })
    const got = await h.http.call('GET', `/api_configurations?fiscal_id=${SENDER_ID}`)
    expect(got.json.data).toEqual([{ id: expect.any(String), fiscal_id: SENDER_ID, callbacks: [cb('https://b.example/cb')] }])
    expect(
      (await h.http.call('POST', '/api_configurations', { json: { fiscal_id: SENDER_ID, callbacks: [{ event: 'nope', url: 'x' }] } }))
        .status,
    ).toBe(400)
  })
})

describe('OpenAPI.it simulator: faults', () => {
  it('fail: the next N matching requests answer the status and do nothing; then it works again', async () => {
    const h = await setUp()
    const inv = await freshInvoice()
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'fail', status: 502, count: 2 })
    expect((await h.http.call('GET', '/invoices')).status).toBe(200) // another method
    for (let i = 0; i < 2; i++)
      expect(await h.http.call('POST', '/invoices', { xml: inv.xml })).toMatchObject({ status: 502, json: { success: false } })
    expect(h.control.accepted()).toBe(0)
    expect((await h.http.call('POST', '/invoices', { xml: inv.xml })).status).toBe(200)
  })

  it('hang: answers after delayMs (before or after doing the work)', async () => {
    const h = await setUp()
    h.control.fault({ path: '/invoices', kind: 'hang', delayMs: 80 })
    const t0 = Date.now()
    expect((await h.http.call('GET', '/invoices')).status).toBe(200)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70)
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'hang', delayMs: 300, after: true })
    let answered = false
    const pending = h.http.call('POST', '/invoices', { xml: (await freshInvoice()).xml }).finally(() => {
      answered = true
    })
    // Taken (stored), not yet answered: the answer waits 300 ms after the work, so it cannot come before this.
    await vi.waitFor(() => expect(h.control.accepted()).toBe(1), { timeout: 5_000, interval: 5 })
    expect(answered).toBe(false)
    expect((await pending).status).toBe(200)
  })

  it('drop: the invoice is stored, the answer is a 500 (error) or a cut connection (abort)', async () => {
    const h = await setUp()
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'drop' })
    expect(await h.http.call('POST', '/invoices', { xml: (await freshInvoice()).xml })).toMatchObject({ status: 500, json: { error: 500 } })
    h.control.fault({ path: '/invoices', method: 'POST', kind: 'drop', mode: 'abort' })
    await expect(h.http.call('POST', '/invoices', { xml: (await freshInvoice()).xml })).rejects.toThrow(/connection reset/)
    expect(h.control.accepted()).toBe(2)
    expect(h.control.invoices()).toHaveLength(2)
  })

  it('POST /_control/faults arms the same faults over HTTP; DELETE clears them; GET /_control/state counts', async () => {
    const h = await setUp()
    const control = (method: string, path: string, json?: unknown) =>
      h.simFetch(`${h.base}/_control/${path}`, {
        method,
        ...(json ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } } : {}),
      })
    expect((await control('POST', 'faults', { path: '/invoices', method: 'GET', kind: 'fail', status: 500, count: 5 })).status).toBe(200)
    expect((await h.http.call('GET', '/invoices')).status).toBe(500)
    expect((await control('DELETE', 'faults')).status).toBe(200)
    expect((await h.http.call('GET', '/invoices')).status).toBe(200)
    expect((await control('POST', 'faults', { path: '/invoices', kind: 'explode' })).status).toBe(400)
    await h.http.send((await freshInvoice()).xml)
    const state = (await (await control('GET', 'state')).json()) as { data: { accepted: number; tokens_issued: number } }
    expect(state.data).toMatchObject({ accepted: 1, tokens_issued: 1 })
  })

  it('honours the shared x-sim-fail hook', async () => {
    const h = await setUp()
    expect(await h.http.call('GET', '/invoices', { headers: { 'x-sim-fail': '504' } })).toMatchObject({ status: 504, json: { error: 504 } })
  })
})

describe('OpenAPI.it simulator in the sandbox', () => {
  it('is mounted at /sandbox/openapi-sdi with its credentials, and judges files with the inspector the wiring passes', async () => {
    const inspected: string[] = []
    const sandbox = createSandbox('http://varco.test', () => Promise.reject(new Error('no network in tests')), {
      inspectInvoice: async (xml) => {
        inspected.push(xml)
        return { ...(await minimalInspect(xml)), wellFormed: false }
      },
    })
    expect(sandbox.simulators.map((s) => s.name)).toContain('openapi-sdi')
    expect(sandboxCredentials.openapiSdi).toBe(SANDBOX_OPENAPI_SDI)
    const http = simClient({ base: sandbox.baseUrlOf('openapi-sdi'), simFetch: sandbox.fetch })
    const inv = await freshInvoice()
    expect((await http.call('POST', '/invoices', { xml: inv.xml })).json).toMatchObject({ error: '802' })
    expect(inspected).toEqual([inv.xml])
  })

  it('without an inspector reads only what it needs: a file with its transmission data is taken, anything else refused', async () => {
    const sandbox = createSandbox('http://varco.test', () => Promise.reject(new Error('no network in tests')))
    const http = simClient({ base: sandbox.baseUrlOf('openapi-sdi'), simFetch: sandbox.fetch })
    const inv = await freshInvoice()
    const uuid = await http.send(inv.xml)
    expect((await http.call('GET', `/invoices/${uuid}`)).json.data).toMatchObject({ sdi_file_name: inv.fileName, to_pa: false })
    expect((await http.call('POST', '/invoices', { xml: 'garbage' })).json).toMatchObject({ error: '802' })
    const noProgressivo = inv.xml.replace(/<ProgressivoInvio>[^<]*<\/ProgressivoInvio>/, '')
    expect((await http.call('POST', '/invoices', { xml: noProgressivo })).json).toMatchObject({ error: 230 })
    expect(await minimalInspect(inv.xml)).toMatchObject({
      wellFormed: true,
      schemaErrors: [],
      fileName: inv.fileName,
      formato: 'FPR12',
      numero: inv.query.invoiceNumber,
      data: inv.query.invoiceDate,
      senderId: SENDER_ID,
    })
  })
})
