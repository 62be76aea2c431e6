/**
 * The SDI API (`/sdi/…`, `/webhooks/openapi-sdi`) through the real app, database and sandbox
 * simulator of OpenAPI.it, runtime-neutral: Node in-process (test/edge/sdi.test.ts), inside workerd
 * (test/workerd/sdi-routes.test.ts) and over HTTP on every way users run the gateway (test/e2e/walks.ts).
 * Invoices come from `POST /fatturapa/genera`; SDI's answers are made with the simulator's
 * `POST /simulate/customer-notification`, as in OpenAPI.it's own sandbox.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { toBase64 } from '../../adapters/shared/base64.ts'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import type { CallHarness } from './fatturapa-routes.contract.ts'
import type { CallOptions } from './route-harness.ts'

/** A harness that can also send raw requests (the simulator's API, callbacks). */
export type SdiHarness = CallHarness & { readonly request: (path: string, init?: RequestInit) => Promise<Response> }

// biome-ignore lint/suspicious/noExplicitAny: tests read deep fields of untyped JSON bodies.
type Json = Record<string, any>

const SIM = '/sandbox/openapi-sdi'

/** `h.call` with the JSON body typed loosely, for reading deep fields. */
async function jcall(h: CallHarness, method: string, path: string, opts?: CallOptions) {
  const r = await h.call(method, path, opts)
  return { ...r, json: r.json as Json }
}

export const PA_INVOICE = {
  ...GENERA_EXAMPLE,
  formato: 'FPA12',
  numero: 'PA-2026-1',
  cessionario: {
    nome: 'Comune di Bugliano',
    codice_fiscale: '00341620508',
    indirizzo: 'Piazza del Comune 1',
    cap: '56056',
    comune: 'Bugliano',
    provincia: 'PI',
    codice_destinatario: 'UF7XQ2',
  },
}

export function runSdiRouteContract(name: string, make: () => Promise<SdiHarness>) {
  describe(`SDI API (${name})`, () => {
    async function setup() {
      const h = await make()
      const t = await h.tenant()
      const tokens = {
        operator: await h.token(t.id, 'operator'),
        viewer: await h.token(t.id, 'viewer'),
      }
      const as = (role: 'operator' | 'viewer' = 'operator'): CallOptions => ({ key: t.key, token: tokens[role] })
      /** genera → the invoice's base64 and number. */
      const invoice = async (body: Json = GENERA_EXAMPLE, numero = `FT-1${crypto.randomUUID().slice(0, 8)}`) => {
        const r = await jcall(h, 'POST', '/fatturapa/genera', { ...as(), body: { ...body, numero } })
        expect(r.status, r.text).toBe(200)
        return { xml_base64: String(r.json['xml_base64']), fattura_numero: numero, file_name: String(r.json['file_name']) }
      }
      const send = (inv: { xml_base64: string; fattura_numero: string }, role: 'operator' | 'viewer' = 'operator') =>
        jcall(h, 'POST', '/sdi/trasmetti', { ...as(role), body: { xml_base64: inv.xml_base64, fattura_numero: inv.fattura_numero } })
      const simToken = async () => {
        const c = sandboxCredentials.openapiSdi
        const r = await h.request(`${SIM}/oauth/tokens`, {
          method: 'POST',
          headers: { authorization: `Basic ${btoa(`${c.email}:${c.apiKey}`)}`, 'content-type': 'application/json' },
          body: JSON.stringify({ scopes: [`POST:gateway${SIM}/simulate`, `GET:gateway${SIM}/invoices`] }),
        })
        expect(r.status).toBe(200)
        return String(((await r.json()) as Json)['data']['token'])
      }
      /** SDI answers the invoice (the simulator's POST /simulate/customer-notification). */
      const sdiSays = async (remoteId: string, notification: string, esito?: 'EC01' | 'EC02') => {
        const r = await h.request(`${SIM}/simulate/customer-notification`, {
          method: 'POST',
          headers: { authorization: `Bearer ${await simToken()}`, 'content-type': 'application/json' },
          body: JSON.stringify({ uuid: remoteId, notification, ...(esito ? { esito } : {}) }),
        })
        expect(r.status, await r.clone().text()).toBe(200)
      }
      const get = (id: string) => jcall(h, 'GET', `/sdi/${id}`, as('viewer'))
      return { h, t, as, invoice, send, sdiSays, simToken, get }
    }

    it('B2B: genera → trasmetti (inviata) → RC, the notification stored and downloadable; a repeat returns the record', async () => {
      const { invoice, send, sdiSays, get, h, as } = await setup()
      const inv = await invoice()
      const sent = await send(inv)
      expect(sent.status, sent.text).toBe(201)
      expect(sent.json).toMatchObject({
        success: true,
        stato: 'inviata',
        finale: false,
        fattura_numero: inv.fattura_numero,
        file_name: inv.file_name,
        formato: 'FPR12',
        tentativo: 1,
        notifiche: [],
      })
      expect(sent.json['sdi_id']).toMatch(/^SDI-\d{4}-\d{6}$/)
      expect(sent.json['trasmessa_at']).toEqual(expect.any(String))
      const again = await send(inv)
      expect(again.status).toBe(200)
      expect(again.json['sdi_id']).toBe(sent.json['sdi_id'])

      await sdiSays(String(sent.json['remote_id']), 'RC')
      const got = await get(String(sent.json['sdi_id']))
      expect(got.status, got.text).toBe(200)
      expect(got.json).toMatchObject({ stato: 'RC', finale: true, notifiche: [{ n: 1, tipo: 'RC' }] })
      expect(got.json['identificativo_sdi']).toEqual(expect.any(String))
      const xml = await h.request(String(got.json['notifiche'][0]['url']), {
        headers: { 'x-api-key': String(as().key), authorization: `Bearer ${as('viewer').token}` },
      })
      expect(xml.status).toBe(200)
      expect(xml.headers.get('content-type')).toContain('application/xml')
      expect(await xml.text()).toMatch(/RicevutaConsegna[\s\S]*<NomeFile>[^<]+<\/NomeFile>/)
    })

    it('PA: an FPA12 invoice reaches RC then NE EC01; another reaches DT', async () => {
      const { invoice, send, sdiSays, get } = await setup()
      const a = await send(await invoice(PA_INVOICE))
      expect(a.status, a.text).toBe(201)
      expect(a.json['formato']).toBe('FPA12')
      await sdiSays(String(a.json['remote_id']), 'RC')
      expect((await get(String(a.json['sdi_id']))).json).toMatchObject({ stato: 'RC', finale: false })
      await sdiSays(String(a.json['remote_id']), 'NE', 'EC01')
      const ne = await get(String(a.json['sdi_id']))
      expect(ne.json).toMatchObject({ stato: 'NE', esito: 'EC01', finale: true })
      expect(ne.json['notifiche'].map((n: Json) => n['tipo'])).toEqual(['RC', 'NE'])
      expect(ne.json['notifiche'][1]).toMatchObject({ esito: 'EC01' })

      const b = await send(await invoice(PA_INVOICE))
      await sdiSays(String(b.json['remote_id']), 'RC')
      await sdiSays(String(b.json['remote_id']), 'DT')
      expect((await get(String(b.json['sdi_id']))).json).toMatchObject({ stato: 'DT', finale: true })
    })

    it('NS: the rejection codes are shown; the corrected file (new ProgressivoInvio) is attempt 2, linked', async () => {
      const { invoice, send, sdiSays, get } = await setup()
      const first = await invoice()
      const sent = await send(first)
      await sdiSays(String(sent.json['remote_id']), 'NS')
      const ns = await get(String(sent.json['sdi_id']))
      expect(ns.json).toMatchObject({ stato: 'NS', finale: true })
      expect(ns.json['notifiche'][0]['errori'].length).toBeGreaterThan(0)
      expect(ns.json['notifiche'][0]['errori'][0]['codice']).toMatch(/^\d{5}$/)
      const fixed = await invoice({ ...GENERA_EXAMPLE, causale: 'rettifica' }, first.fattura_numero)
      const resent = await send(fixed)
      expect(resent.status, resent.text).toBe(201)
      expect(resent.json).toMatchObject({ tentativo: 2, precedente_sdi_id: sent.json['sdi_id'], stato: 'inviata' })
      expect(resent.json['file_name']).not.toBe(sent.json['file_name'])
    })

    it('refuses an invalid invoice with every error (400), and another file under a sent number (409); nothing sent', async () => {
      const { invoice, send, h, as } = await setup()
      const bad = await send({
        xml_base64: toBase64(new TextEncoder().encode('<FatturaElettronica versione="FPR12">')),
        fattura_numero: 'X-1',
      })
      expect(bad.status, bad.text).toBe(400)
      expect(bad.json).toMatchObject({ success: false, code: 'invoice_invalid' })
      expect(bad.json['errors'].length).toBeGreaterThan(0)
      const notB64 = await send({ xml_base64: '***', fattura_numero: 'X-2' })
      expect(notB64.status).toBe(400)
      const inv = await invoice()
      expect((await send(inv)).status).toBe(201)
      const other = await invoice(GENERA_EXAMPLE, inv.fattura_numero)
      const conflict = await send(other)
      expect(conflict.status, conflict.text).toBe(409)
      expect(conflict.json).toMatchObject({ success: false, code: 'conflict' })
      const list = await jcall(h, 'GET', '/sdi', as('viewer'))
      expect(list.json['data']).toHaveLength(1)
    })

    it('20 concurrent identical requests make exactly one transmission', async () => {
      const { invoice, send, h, simToken } = await setup()
      const inv = await invoice()
      const all = await Promise.all(Array.from({ length: 20 }, () => send(inv)))
      expect(all.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201])
      expect(new Set(all.map((r) => r.json['sdi_id'])).size).toBe(1)
      const at = await h.request(`${SIM}/invoices?type=0&invoiceNumber=${encodeURIComponent(inv.fattura_numero)}`, {
        headers: { authorization: `Bearer ${await simToken()}` },
      })
      const listed = (await at.json()) as Json
      expect(listed['data'], JSON.stringify(listed)).toHaveLength(1)
    })

    it('roles and tenants: a viewer cannot send; another tenant sees 404; tenant_code must be the key’s', async () => {
      const { invoice, send, h } = await setup()
      const inv = await invoice()
      const viewer = await send(inv, 'viewer')
      expect(viewer.status).toBe(403)
      const sent = await send(inv)
      const other = await h.tenant('Comune di Altrove')
      const theirs = await jcall(h, 'GET', `/sdi/${sent.json['sdi_id']}`, { key: other.key, token: await h.token(other.id, 'viewer') })
      expect(theirs.status).toBe(404)
      const wrongTenant = await jcall(h, 'POST', '/sdi/trasmetti', {
        key: other.key,
        token: await h.token(other.id, 'operator'),
        body: { ...inv, tenant_code: 'lg231' },
      })
      expect(wrongTenant.status).toBe(400)
      expect((await jcall(h, 'GET', '/sdi')).status).toBe(401)
    })

    it('list: filters by stato and pages with a cursor; a notification number that does not exist is 404', async () => {
      const { invoice, send, sdiSays, h, as } = await setup()
      const ids: string[] = []
      for (let i = 0; i < 3; i++) ids.push(String((await send(await invoice())).json['sdi_id']))
      const first = await send(await invoice())
      await sdiSays(String(first.json['remote_id']), 'RC')
      await jcall(h, 'GET', `/sdi/${first.json['sdi_id']}`, as('viewer'))
      const rc = await jcall(h, 'GET', '/sdi?stato=RC', as('viewer'))
      expect(rc.json['data'].map((d: Json) => d['sdi_id'])).toEqual([first.json['sdi_id']])
      const page1 = await jcall(h, 'GET', '/sdi?limit=2', as('viewer'))
      expect(page1.json['data']).toHaveLength(2)
      const page2 = await jcall(h, 'GET', `/sdi?limit=2&cursor=${encodeURIComponent(String(page1.json['next_cursor']))}`, as('viewer'))
      expect(page2.json['data']).toHaveLength(2)
      expect(page2.json['next_cursor']).toBeNull()
      const seen = [...page1.json['data'], ...page2.json['data']].map((d: Json) => d['sdi_id'])
      expect(new Set(seen).size).toBe(4)
      expect((await jcall(h, 'GET', '/sdi?from=yesterday', as('viewer'))).status).toBe(400)
      expect((await jcall(h, 'GET', `/sdi/${ids[0]}/notifiche/1`, as('viewer'))).status).toBe(404)
      expect((await jcall(h, 'GET', '/sdi/not-an-id', as('viewer'))).status).toBe(400)
    })

    it('callbacks: a wrong auth header is refused (400); a malformed body too', async () => {
      const { h } = await setup()
      const c = sandboxCredentials.openapiSdi
      const post = (headers: Record<string, string>, body: string) =>
        h.request('/webhooks/openapi-sdi', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body })
      const wrong = await post(
        { [c.callbackHeader]: 'not-the-secret-0000000' },
        JSON.stringify({ event: 'customer-notification', data: {} }),
      )
      expect(wrong.status).toBe(400)
      const malformed = await post({ [c.callbackHeader]: c.callbackSecret }, '{"event":')
      expect(malformed.status).toBe(400)
    })
  })
}
