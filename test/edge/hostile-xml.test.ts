/**
 * Hostile XML on every way XML comes in, through the real app: FatturaPA files sent to SDI
 * (`/sdi/trasmetti`) and shown (`/fatturapa/render`), and SDI notifications reached through the
 * intermediary's callback (`POST /webhooks/openapi-sdi` is a verified hint: the notification XML is
 * re-read at the intermediary, here a scripted one serving XXE, billion laughs, XInclude, a processing
 * instruction and an undeclared entity). Each is refused before any parser expands it: the invoice is
 * not sent, the notification is stored as received with nothing read from it, and no answer or log
 * carries an expansion. /fatturapa/valida: test/contract/fatturapa-routes.contract.ts.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'
import type { RemoteNotification } from '../../ports/sdi-transmitter.port.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { scriptedTransmitter } from '../fakes/sdi-transmitter.fake.ts'
import { HOSTILE } from '../fixtures/sdi/notifications.ts'

const b64 = (s: string) => Buffer.from(s).toString('base64')
/** What an expansion would leave: the laughs, or a local file's content. */
const EXPANDED = /lollollol|root:x:0:0/

async function setup() {
  const far = scriptedTransmitter(() => new Date('2026-11-23T10:00:00Z'))
  const sdiTransmitter = { ...far.transmitter, setup: async () => ({ ok: false as const, reason: 'not used here' }) }
  const h = await makeHarness({ dbUrl: ':memory:', over: { xsd: createNodeXsdValidator, sdiTransmitter } })
  const t = await h.tenant()
  const as = { key: t.key, token: await h.token(t.id, 'operator') }
  const made = await h.call('POST', '/fatturapa/genera', { ...as, body: { ...GENERA_EXAMPLE, numero: 'FT-XML-1' } })
  expect(made.status).toBe(200)
  const xml = Buffer.from(String(made.json['xml_base64']), 'base64').toString('utf8')
  return { h, far, as, xml }
}

describe('hostile XML', () => {
  it('an invoice with a DOCTYPE (XXE, billion laughs) or XInclude is refused by /sdi/trasmetti and /fatturapa/render, nothing sent', async () => {
    const { h, far, as, xml } = await setup()
    const hostile = {
      xxe: xml
        .replace(/<p:FatturaElettronica/, '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<p:FatturaElettronica')
        .replace('<Descrizione>', '<Descrizione>&e;'),
      laughs: xml.replace(
        /<p:FatturaElettronica/,
        `${HOSTILE.laughs.split('<types:')[0]?.replace('<?xml version="1.0"?>\n', '')}<p:FatturaElettronica`,
      ),
      xinclude: xml.replace(
        '<Descrizione>',
        '<Descrizione><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/passwd" parse="text"/>',
      ),
    }
    for (const [name, doc] of Object.entries(hostile)) {
      const sent = await h.call('POST', '/sdi/trasmetti', { ...as, body: { xml_base64: b64(doc), fattura_numero: `FT-${name}` } })
      expect({ name, status: sent.status, code: sent.json['code'] }).toEqual({ name, status: 400, code: 'invoice_invalid' })
      expect((sent.json['errors'] as unknown as Array<{ layer: string; code: string }>)[0]).toMatchObject({ layer: 'xml' })
      const shown = await h.call('POST', '/fatturapa/render', { ...as, body: { xml_base64: b64(doc) } })
      expect({ name, status: shown.status, success: shown.json['success'] }).toEqual({ name, status: 422, success: false })
      expect(EXPANDED.test(sent.text + shown.text)).toBe(false)
    }
    expect(far.calls.send).toBe(0)
    expect((await h.call('GET', '/sdi', as)).json['data']).toEqual([])
  })

  it('SDI notifications behind a callback: hostile XML is stored as received, nothing read from it, nothing expanded', async () => {
    const { h, far, as, xml } = await setup()
    const sent = await h.call('POST', '/sdi/trasmetti', { ...as, body: { xml_base64: b64(xml), fattura_numero: 'FT-XML-1' } })
    expect(sent.status, sent.text).toBe(201)
    const remoteId = far.remoteIds()[0] as string
    for (const [name, hostile] of Object.entries(HOSTILE)) {
      const note = far.notify(remoteId, 'NE', { esito: 'EC02' }) as { -readonly [K in keyof RemoteNotification]: RemoteNotification[K] }
      note.xml = hostile
      const cb = far.callback(note, remoteId)
      const r = await h.app.request('/webhooks/openapi-sdi', { method: 'POST', headers: cb.headers, body: cb.rawBody })
      expect({ name, status: r.status }).toEqual({ name, status: 200 })
      expect(EXPANDED.test(await r.text())).toBe(false)
    }
    const t = await h.call('GET', `/sdi/${sent.json['sdi_id']}`, { key: as.key, token: as.token })
    const notes = t.json['notifiche'] as Array<{ tipo: string; identificativo_sdi: unknown; esito: unknown; errori: unknown[] }>
    expect(notes.length).toBe(Object.keys(HOSTILE).length)
    for (const n of notes) expect(n).toMatchObject({ tipo: 'NE', identificativo_sdi: null, esito: null, errori: [] })
    expect(h.logs.filter((l) => l.includes('sdi notification XML not readable')).length).toBe(Object.keys(HOSTILE).length)
    expect(h.logs.some((l) => EXPANDED.test(l))).toBe(false)
  })

  it('a callback whose body is XML, not the JSON the intermediary posts, is refused and writes nothing', async () => {
    const { h, far } = await setup()
    for (const hostile of Object.values(HOSTILE)) {
      const r = await h.app.request('/webhooks/openapi-sdi', {
        method: 'POST',
        headers: { 'x-callback-token': 'callback-secret-0000', 'content-type': 'application/xml' },
        body: hostile,
      })
      expect(r.status).toBe(400)
      expect(EXPANDED.test(await r.text())).toBe(false)
    }
    expect(far.count()).toBe(0)
  })
})
