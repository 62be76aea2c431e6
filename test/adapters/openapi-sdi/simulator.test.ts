/**
 * The OpenAPI.it simulator's wire, over raw HTTP (the adapter is not involved): what POST /invoices
 * answers for the official samples and for Varco's own invoices when files are judged by Varco's real
 * validation, the automatic RC and NS on the simulator's clock, every notification type through
 * `simulate` with SDI's sequence, the raw XML, and the callbacks with their header and retries.
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../../adapters/fatturapa/xsd/node.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'
import { MAX_ATTEMPTS } from '../../../sandbox/openapi-sdi/callbacks.ts'
import { SANDBOX_OPENAPI_SDI } from '../../../sandbox/openapi-sdi/index.ts'
import { CALLBACK_URL, simHarness } from './harness.ts'
import { freshInvoice, SENDER_ID } from './invoices.ts'
import { simClient } from './sim-client.ts'

const EXAMPLES = join(process.cwd(), 'test/fixtures/fatturapa/examples')
const example = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8')

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

async function setUp(o: Parameters<typeof simHarness>[0]['sim'] = {}) {
  const h = await simHarness({ xsd, sim: o })
  return { ...h, http: simClient(h) }
}

type Inv = {
  uuid: string
  marking: string
  sdi_file_name: string
  sdi_file_id: number
  to_pa: boolean
  notifications: Array<Record<string, unknown>>
}
const invoice = async (h: Awaited<ReturnType<typeof setUp>>, uuid: string) =>
  (await h.http.call('GET', `/invoices/${uuid}`)).json.data as Inv

describe('OpenAPI.it simulator: POST /invoices judged by Varco’s validation', () => {
  it('takes a valid invoice: uuid, the file name from IdTrasmittente + ProgressivoInvio, an increasing IdentificativoSdI, marking sent', async () => {
    const h = await setUp()
    const [a, b] = [await freshInvoice(), await freshInvoice('pa')]
    const [ua, ub] = [await h.http.send(a.xml), await h.http.send(b.xml)]
    const [ia, ib] = [await invoice(h, ua), await invoice(h, ub)]
    expect(ia).toMatchObject({
      uuid: ua,
      type: 0,
      sdi_file_name: a.fileName,
      marking: 'sent',
      to_pa: false,
      transmission_format: 'FPR12',
      notifications: [],
    })
    expect(ib).toMatchObject({ sdi_file_name: b.fileName, to_pa: true, transmission_format: 'FPA12' })
    expect(a.fileName).toMatch(/^IT07776161213_[0-9A-Z]{5}\.xml$/)
    expect(ib.sdi_file_id).toBe(ia.sdi_file_id + 1)
    expect(h.control.accepted()).toBe(2)
  })

  it('answers 422 "802" to XML that is not well-formed', async () => {
    const h = await setUp()
    const a = await h.http.call('POST', '/invoices', { xml: '<p:FatturaElettronica versione="FPR12"><oops>' })
    expect(a).toMatchObject({ status: 422, json: { success: false, message: 'Parsing error: malformed XML', error: '802' } })
  })

  it('answers 400 error 230 with the schema findings: official FPR02 (ContattiTrasmittente out of order) and the 1.2.3 sample (Imposta 22.0)', async () => {
    const h = await setUp()
    const fpr02 = await h.http.call('POST', '/invoices', { xml: example('IT01234567890_FPR02.xml') })
    expect(fpr02).toMatchObject({ status: 400, json: { success: false, error: 230 } })
    expect(fpr02.json['message']).toMatch(/^An error occurred: .*ContattiTrasmittente/)
    const bad = await h.http.call('POST', '/invoices', { xml: example('sample_FPR12_bad_TD29_RF20_Imposta.xml') })
    expect(bad).toMatchObject({ status: 400, json: { error: 230 } })
    expect(bad.json['message']).toMatch(/Imposta/)
    expect(h.control.accepted()).toBe(0)
  })

  it('answers 400 error 230 to a file name already used (SdI 00002), even after NS', async () => {
    const h = await setUp()
    const inv = await freshInvoice()
    await h.http.send(inv.xml)
    const again = await h.http.call('POST', '/invoices', { xml: inv.xml })
    expect(again).toMatchObject({
      status: 400,
      json: { error: 230, message: expect.stringContaining(`file name already used: ${inv.fileName}`) },
    })
    expect(h.control.accepted()).toBe(1)
  })
})

describe('OpenAPI.it simulator: notifications on its own clock', () => {
  it('sends RC autoDeliverMs after the send (B2B delivered, PA delivered-pa), on the next request', async () => {
    const h = await setUp({ autoDeliverMs: 3_000 })
    const [b2b, pa] = [await h.http.send((await freshInvoice()).xml), await h.http.send((await freshInvoice('pa')).xml)]
    h.clock.advance(2_999)
    expect((await invoice(h, b2b)).notifications).toEqual([])
    h.clock.advance(1)
    const got = await invoice(h, b2b)
    expect(got.marking).toBe('delivered')
    expect(got.notifications.map((n) => [n['type'], n['file_name']])).toEqual([['RC', got.sdi_file_name.replace('.xml', '_RC_001.xml')]])
    expect((await invoice(h, pa)).marking).toBe('delivered-pa')
  })

  it('sends NS with the SdI codes Varco’s validation found, for the official FPR03 (schema-valid, 00422 and sample P.IVA)', async () => {
    const h = await setUp()
    const uuid = await h.http.send(example('IT01234567890_FPR03.xml'))
    expect(h.control.invoices()[0]?.sdiErrors).toContain('00422')
    h.clock.advance(3_000)
    await h.control.tick()
    const got = await invoice(h, uuid)
    expect(got.marking).toBe('rejected')
    const ns = got.notifications[0] as { type: string; message: { lista_errori: { Errore: Array<{ codice: string }> } } }
    expect(ns.type).toBe('NS')
    const codes = ns.message.lista_errori.Errore.map((e) => e.codice)
    expect(codes).toContain('00422')
    expect(codes).toContain('00301') // the cedente's P.IVA 01234567890 has a wrong check digit
    const xml = await h.http.call('GET', `/invoices_notifications/${uuid}/${h.control.invoices()[0]?.notifications[0]?.uuid}`, {
      headers: { accept: 'application/xml' },
    })
    expect(xml.text).toContain('<Codice>00422</Codice>')
    // An overtaken automatic RC never comes: NS is final.
    h.clock.advance(60_000)
    expect((await invoice(h, uuid)).notifications).toHaveLength(1)
  })

  it('makes nothing by itself with autoDeliverMs Infinity', async () => {
    const h = await setUp({ autoDeliverMs: Number.POSITIVE_INFINITY })
    const uuid = await h.http.send((await freshInvoice()).xml)
    h.clock.advance(3_600_000) // within the token's day
    expect((await invoice(h, uuid)).marking).toBe('sent')
  })
})

describe('OpenAPI.it simulator: POST /simulate/customer-notification follows SDI’s sequence', () => {
  it('PA: RC then NE EC01 (accepted-pa) or EC02 (rejected-pa), RC then DT (deadline-terms), MC then AT (not-delivered)', async () => {
    const h = await setUp()
    const pa = async () => h.http.send((await freshInvoice('pa')).xml)
    const steps: Array<[string[], string]> = [
      [['RC', 'NE:EC01'], 'accepted-pa'],
      [['RC', 'NE:EC02'], 'rejected-pa'],
      [['RC', 'DT'], 'deadline-terms'],
      [['MC', 'AT'], 'not-delivered'],
      [['MC', 'RC', 'NE'], 'accepted-pa'],
    ]
    for (const [types, marking] of steps) {
      const uuid = await pa()
      for (const t of types) {
        const [type = '', esito] = t.split(':')
        expect((await h.http.simulate(uuid, type, esito)).status).toBe(200)
      }
      const got = await invoice(h, uuid)
      expect([got.notifications.map((n) => n['type']), got.marking]).toEqual([types.map((t) => t.split(':')[0]), marking])
    }
  })

  it('B2B: NS (rejected), MC (not-delivered, final), RC (delivered); NE, DT and AT exist only for the PA', async () => {
    const h = await setUp()
    const b2b = async () => h.http.send((await freshInvoice()).xml)
    const ns = await b2b()
    expect((await h.http.simulate(ns, 'NS')).status).toBe(200)
    expect((await invoice(h, ns)).marking).toBe('rejected')
    const mc = await b2b()
    expect((await h.http.simulate(mc, 'MC')).status).toBe(200)
    expect(await h.http.simulate(mc, 'RC')).toMatchObject({ status: 400, json: { success: false } })
    const rc = await b2b()
    for (const type of ['NE', 'DT', 'AT']) {
      const refused = await h.http.simulate(rc, type)
      expect(refused.status).toBe(400)
      expect(refused.json['message']).toMatch(/public administration/)
    }
    expect((await h.http.simulate(rc, 'RC')).status).toBe(200)
    expect((await invoice(h, rc)).marking).toBe('delivered')
  })

  it('refuses what cannot follow (NS after RC, a second RC, NE before RC), an unknown invoice (404 231) and a bad request', async () => {
    const h = await setUp()
    const uuid = await h.http.send((await freshInvoice('pa')).xml)
    expect((await h.http.simulate(uuid, 'NE')).json['message']).toBe('NE cannot follow the sending')
    await h.http.simulate(uuid, 'RC')
    expect((await h.http.simulate(uuid, 'NS')).json['message']).toBe('NS cannot follow RC')
    expect((await h.http.simulate(uuid, 'RC')).status).toBe(400)
    expect(await h.http.simulate('no-such-invoice', 'RC')).toMatchObject({ status: 404, json: { error: 231 } })
    expect((await h.http.simulate(uuid, 'XX')).status).toBe(400)
    expect((await h.http.simulate(uuid, 'DT', 'EC01')).status).toBe(400)
    expect((await invoice(h, uuid)).notifications.map((n) => n['type'])).toEqual(['RC'])
  })

  it('keeps each notification as JSON (snake_case message) and as the raw XML (Accept: application/xml, marked downloaded)', async () => {
    const h = await setUp()
    const inv = await freshInvoice('pa')
    const uuid = await h.http.send(inv.xml)
    await h.http.simulate(uuid, 'RC')
    await h.http.simulate(uuid, 'NE', 'EC02')
    const list = await h.http.call('GET', `/invoices_notifications/${uuid}`)
    const [rc, ne] = list.json.data as Array<{
      uuid: string
      type: string
      file_name: string
      downloaded: boolean
      message: Record<string, unknown>
    }>
    const sdiId = String((await invoice(h, uuid)).sdi_file_id)
    expect(rc).toMatchObject({ type: 'RC', file_name: inv.fileName.replace('.xml', '_RC_001.xml'), downloaded: false })
    expect(rc?.message).toMatchObject({ '@type': 'RicevutaConsegnaType', identificativo_sdi: sdiId, nome_file: inv.fileName })
    expect(ne?.message).toMatchObject({ esito_committente: { esito: 'EC02' } })
    const xml = await h.http.call('GET', `/invoices_notifications/${uuid}/${ne?.uuid}`, { headers: { accept: 'application/xml' } })
    expect(xml.status).toBe(200)
    expect(xml.text).toMatch(/<([\w-]+:)?NotificaEsito[\s>]/)
    expect(xml.text).toContain(`<IdentificativoSdI>${sdiId}</IdentificativoSdI>`)
    const again = await h.http.call('GET', `/invoices_notifications/${uuid}`)
    expect((again.json.data as Array<{ downloaded: boolean }>).map((n) => n.downloaded)).toEqual([false, true])
    expect((await h.http.call('GET', `/invoices_notifications/${uuid}/nope`)).status).toBe(404)
    expect((await h.http.call('GET', '/invoices_notifications/nope')).json).toMatchObject({ error: 231 })
  })
})

describe('OpenAPI.it simulator: callbacks', () => {
  it('posts each notification to the customer-notification URL with the configured header carrying the secret', async () => {
    const h = await setUp()
    const uuid = await h.http.send((await freshInvoice()).xml)
    await h.http.simulate(uuid, 'MC')
    expect(h.recorder.caught).toHaveLength(1)
    const cb = h.recorder.caught[0]
    expect(cb?.url).toBe(CALLBACK_URL)
    expect(cb?.headers[SANDBOX_OPENAPI_SDI.callbackHeader.toLowerCase()]).toBe(SANDBOX_OPENAPI_SDI.callbackSecret)
    const body = JSON.parse(cb?.rawBody ?? '')
    const n = h.control.invoices()[0]?.notifications[0]
    expect(body).toMatchObject({
      event: 'customer-notification',
      data: { notification: { uuid: n?.uuid, invoice_uuid: uuid, type: 'MC' } },
    })
  })

  it('tries a failed delivery again on later ticks, a few seconds apart, at most MAX_ATTEMPTS times', async () => {
    const h = await setUp()
    h.recorder.answer(500)
    const uuid = await h.http.send((await freshInvoice()).xml)
    await h.http.simulate(uuid, 'RC')
    expect(h.recorder.caught).toHaveLength(1)
    await h.control.tick()
    expect(h.recorder.caught).toHaveLength(1) // not again at once
    for (let i = 0; i < 10; i++) {
      h.clock.advance(60_000)
      await h.control.tick()
    }
    expect(h.recorder.caught).toHaveLength(MAX_ATTEMPTS)
    expect(h.control.deliveries().map((d) => d.status)).toEqual(Array(MAX_ATTEMPTS).fill(500))
  })

  it('stops trying once a delivery succeeds', async () => {
    const h = await setUp()
    h.recorder.answer(503)
    const uuid = await h.http.send((await freshInvoice()).xml)
    await h.http.simulate(uuid, 'RC')
    h.recorder.answer(200)
    h.clock.advance(2_000)
    await h.control.tick()
    h.clock.advance(60_000)
    await h.control.tick()
    expect(h.control.deliveries().map((d) => d.status)).toEqual([503, 200])
  })

  it('sends none for a sender without an API configuration', async () => {
    const h = await simHarness({ xsd, setUp: false })
    const http = simClient(h)
    const uuid = await http.send((await freshInvoice()).xml)
    expect((await http.simulate(uuid, 'RC')).status).toBe(200)
    expect(h.recorder.caught).toEqual([])
  })
})

describe('OpenAPI.it simulator: GET /invoices', () => {
  it('filters by invoiceNumber, sender and sdi_file_name; type other than 0/1 is 400 error 520', async () => {
    const h = await setUp()
    const [a, b] = [await freshInvoice(), await freshInvoice()]
    const [ua, ub] = [await h.http.send(a.xml), await h.http.send(b.xml)]
    const uuids = async (q: string) => ((await h.http.call('GET', `/invoices?${q}`)).json.data as Inv[]).map((i) => i.uuid)
    expect(await uuids('type=0')).toEqual([ub, ua])
    expect(await uuids(`type=0&invoiceNumber=${encodeURIComponent(a.query.invoiceNumber)}&sender=${SENDER_ID}`)).toEqual([ua])
    expect(await uuids(`sdi_file_name=${b.fileName}`)).toEqual([ub])
    expect(await uuids('sender=00000000000')).toEqual([])
    expect(await uuids('type=1')).toEqual([])
    expect(await h.http.call('GET', '/invoices?type=2')).toMatchObject({ status: 400, json: { error: 520 } })
  })
})
