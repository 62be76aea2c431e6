/**
 * The SDI API in Node: the runtime-neutral route contract (test/contract/sdi-routes.contract.ts) on
 * embedded libSQL, plus what only the in-process harness can arrange: 402 for suspended tenants,
 * callbacks delivered by the simulator, the reconciler over the real adapter, events in the outbox,
 * metrics, and the OpenAPI document.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { toBase64 } from '../../adapters/shared/base64.ts'
import { reconcileSdiJob } from '../../core/jobs/reconcile-sdi.ts'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { PA_INVOICE, runSdiRouteContract } from '../contract/sdi-routes.contract.ts'

const harness = async () => {
  const h = await makeHarness({ dbUrl: ':memory:', over: { xsd: createNodeXsdValidator } })
  return { ...h, request: async (path: string, init?: RequestInit) => h.app.request(path, init) }
}

runSdiRouteContract('Node, embedded libSQL', harness)

describe('SDI API, Node only', () => {
  it('the OpenAPI document lists the /sdi routes and the callback', async () => {
    const h = await harness()
    const doc = (await (await h.request('/openapi.json')).json()) as { paths: Record<string, unknown> }
    for (const p of ['/sdi/trasmetti', '/sdi', '/sdi/{sdi_id}', '/sdi/{sdi_id}/notifiche/{n}', '/webhooks/openapi-sdi'])
      expect(Object.keys(doc.paths)).toContain(p)
  })

  it('402 for a suspended tenant, before roles; reading is blocked too', async () => {
    const h = await harness()
    const t = await h.tenant()
    await h.deps.paymentsV2.billing.set(t.id, 'suspended')
    const viewer = { key: t.key, token: await h.token(t.id, 'viewer') }
    expect((await h.call('POST', '/sdi/trasmetti', { ...viewer, body: { xml_base64: 'AA==', fattura_numero: 'X' } })).status).toBe(402)
    expect((await h.call('GET', '/sdi', viewer)).status).toBe(402)
    expect((await h.call('GET', '/sdi/SDI-2026-000001', viewer)).status).toBe(402)
  })
})

describe('SDI callbacks and events, Node only', () => {
  async function sent(env: Record<string, string> = {}) {
    const m = await makeHarness({ dbUrl: ':memory:', over: { xsd: createNodeXsdValidator }, env })
    const h = { ...m, request: async (path: string, init?: RequestInit) => m.app.request(path, init) }
    const t = await h.tenant()
    const as = { key: t.key, token: await h.token(t.id, 'operator') }
    const g = await h.call('POST', '/fatturapa/genera', { ...as, body: { ...GENERA_EXAMPLE, numero: 'CB-1' } })
    const s = await h.call('POST', '/sdi/trasmetti', { ...as, body: { xml_base64: g.json['xml_base64'], fattura_numero: 'CB-1' } })
    expect(s.status, s.text).toBe(201)
    const c = sandboxCredentials.openapiSdi
    const token = await h.request('/sandbox/openapi-sdi/oauth/tokens', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${c.email}:${c.apiKey}`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['POST:gateway/sandbox/openapi-sdi/simulate'] }),
    })
    const bearer = String(((await token.json()) as { data: { token: string } }).data.token)
    const say = (notification: string) =>
      h.request('/sandbox/openapi-sdi/simulate/customer-notification', {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify({ uuid: s.json['remote_id'], notification }),
      })
    return { h, t, id: String(s.json['sdi_id']), say }
  }

  it('the simulator’s callback reaches the gateway and moves the transmission, with no read in between', async () => {
    const { h, t, id, say } = await sent()
    expect((await say('RC')).status).toBe(200)
    // Deliveries go out on the simulator's next tick: any request to it.
    await h.request('/sandbox/openapi-sdi/')
    const stored = await h.deps.sdi.store.get(t.id, id)
    expect(stored?.state).toBe('RC')
    expect(h.logs.some((l) => l.includes('"path":"/webhooks/openapi-sdi"') && l.includes('"status":200'))).toBe(true)
    const metrics = h.metrics.render()
    expect(metrics).toContain('oc_sdi_sent_total{outcome="accepted"} 1')
    expect(metrics).toContain('oc_sdi_notifications_total{type="RC"} 1')
    expect(metrics).toMatch(/oc_sdi_callback_lag_seconds_count 1/)
  })

  it('every state change is an sdi.transmission.updated event in the SDI outbox, in order', async () => {
    const { h, id, say } = await sent({
      VARCO_PUBLISHERS: 'webhook',
      WEBHOOK_URL: 'http://receiver.test/events',
      WEBHOOK_SECRET: 'webhook-secret-0123456789',
    })
    await say('RC')
    await h.request('/sandbox/openapi-sdi/')
    const stati: unknown[] = []
    for (;;) {
      const due = await h.deps.sdiOutbox.due(new Date('9999-01-01'), 50, id)
      if (due.length === 0) break
      for (const e of due) {
        expect(e).toMatchObject({ publisher: 'webhook', event: { type: 'sdi.transmission.updated', sdi_id: id, fattura_numero: 'CB-1' } })
        stati.push((e.event as Record<string, unknown>)['stato'])
        await h.deps.sdiOutbox.markDelivered(e.id, new Date())
      }
    }
    expect(stati).toEqual(['in_invio', 'inviata', 'RC'])
  })

  it('NS codes are counted by code; an invalid invoice sends nothing and counts nothing', async () => {
    const { h, t, say } = await sent()
    await say('NS')
    await h.request('/sandbox/openapi-sdi/')
    expect(h.metrics.render()).toMatch(/oc_sdi_rejections_total\{code="\d{5}"\} 1/)
    const as = { key: t.key, token: await h.token(t.id, 'operator') }
    const bad = await h.call('POST', '/sdi/trasmetti', {
      ...as,
      body: { xml_base64: toBase64(new TextEncoder().encode('<a/>')), fattura_numero: 'BAD-1' },
    })
    expect(bad.status).toBe(400)
    expect(h.metrics.render()).toContain('oc_sdi_sent_total{outcome="accepted"} 1')
  })
})

describe('SDI faults through the gateway, Node only (the real adapter against the sandbox simulator)', () => {
  async function setup() {
    const h = await harness()
    const t = await h.tenant()
    const as = { key: t.key, token: await h.token(t.id, 'operator') }
    const control = (path: string, body?: unknown) =>
      h.request(`/sandbox/openapi-sdi/_control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      })
    const accepted = async () =>
      ((await (await h.request('/sandbox/openapi-sdi/_control/state')).json()) as { data: { accepted: number } }).data.accepted
    const files = new Map<string, unknown>()
    /** Sends the invoice `numero` (made by genera the first time; the same file on a repeat). */
    const send = async (numero: string, fresh = false) => {
      if (fresh || !files.has(numero)) {
        const g = await h.call('POST', '/fatturapa/genera', { ...as, body: { ...GENERA_EXAMPLE, numero } })
        files.set(numero, g.json['xml_base64'])
      }
      return h.call('POST', '/sdi/trasmetti', { ...as, body: { xml_base64: files.get(numero), fattura_numero: numero } })
    }
    const reconcile = async (minutes: number) => {
      h.clock.advance(minutes * 60_000)
      return (await import('../../core/jobs/reconcile-sdi.ts')).reconcileSdiJob.run(h.deps, h.clock())
    }
    return { h, t, as, control, accepted, send, reconcile }
  }

  it('a dropped answer after OpenAPI.it took the file: unknown, then found by the reconciler; sent exactly once', async () => {
    const { h, t, control, accepted, send, reconcile } = await setup()
    expect((await control('faults', { path: '/invoices', method: 'POST', kind: 'drop' })).status).toBe(200)
    const r = await send('DROP-1')
    expect(r.status, r.text).toBe(201)
    expect(r.json).toMatchObject({ stato: 'unknown', remote_id: null })
    expect(await accepted()).toBe(1)
    const again = await send('DROP-1')
    expect(again.json['sdi_id']).toBe(r.json['sdi_id'])
    const report = await reconcile(1)
    expect(report.counts).toMatchObject({ found: 1 })
    expect(await h.deps.sdi.store.get(t.id, String(r.json['sdi_id']))).toMatchObject({ state: 'inviata', remoteId: expect.any(String) })
    expect(await accepted()).toBe(1)
  })

  it('a 5xx before OpenAPI.it took the file: unknown, then errore after three looks, and a new send is attempt 2', async () => {
    const { h, t, control, accepted, send, reconcile } = await setup()
    await control('faults', { path: '/invoices', method: 'POST', kind: 'fail', status: 503 })
    const r = await send('FAIL-1')
    expect(r.json).toMatchObject({ stato: 'unknown' })
    expect(await accepted()).toBe(0)
    await reconcile(1)
    await reconcile(2)
    await reconcile(10)
    expect(await h.deps.sdi.store.get(t.id, String(r.json['sdi_id']))).toMatchObject({ state: 'errore' })
    expect(await accepted()).toBe(0)
    const retry = await send('FAIL-1')
    expect(retry.json).toMatchObject({ stato: 'inviata', tentativo: 2, precedente_sdi_id: r.json['sdi_id'] })
    expect(await accepted()).toBe(1)
  })

  it('an expired token mid-run is renewed once and the call succeeds', async () => {
    const { control, send } = await setup()
    expect((await send('TOK-1')).json['stato']).toBe('inviata')
    await control('tokens/expire')
    expect((await send('TOK-2')).json['stato']).toBe('inviata')
  })

  it('OpenAPI.it refuses (402 no credit): errore with its message, nothing reached SDI', async () => {
    const { control, send, accepted } = await setup()
    await control('faults', { path: '/invoices', method: 'POST', kind: 'fail', status: 402 })
    const r = await send('CREDIT-1')
    expect(r.json).toMatchObject({ stato: 'errore', finale: true })
    expect(String(r.json['errore'])).toContain('402')
    expect(await accepted()).toBe(0)
  })
})

describe('every SDI notification type, through callback and through polling, Node only', () => {
  type Step = readonly [type: string, esito?: 'EC01' | 'EC02']
  const CASES: ReadonlyArray<{ name: string; pa: boolean; steps: readonly Step[]; state: string; esito: string | null }> = [
    { name: 'B2B RC', pa: false, steps: [['RC']], state: 'RC', esito: null },
    { name: 'B2B NS', pa: false, steps: [['NS']], state: 'NS', esito: null },
    { name: 'B2B MC', pa: false, steps: [['MC']], state: 'MC', esito: null },
    { name: 'PA RC → NE EC01', pa: true, steps: [['RC'], ['NE', 'EC01']], state: 'NE', esito: 'EC01' },
    { name: 'PA RC → NE EC02', pa: true, steps: [['RC'], ['NE', 'EC02']], state: 'NE', esito: 'EC02' },
    { name: 'PA RC → DT', pa: true, steps: [['RC'], ['DT']], state: 'DT', esito: null },
    { name: 'PA MC → AT', pa: true, steps: [['MC'], ['AT']], state: 'AT', esito: null },
  ]

  async function setup(mode: 'callback' | 'polling') {
    const h = await harness()
    const t = await h.tenant()
    const as = { key: t.key, token: await h.token(t.id, 'operator') }
    const c = sandboxCredentials.openapiSdi
    const tok = await h.request('/sandbox/openapi-sdi/oauth/tokens', {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${c.email}:${c.apiKey}`)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ scopes: ['POST:gateway/sandbox/openapi-sdi/'] }),
    })
    const bearer = String(((await tok.json()) as { data: { token: string } }).data.token)
    const sim = (path: string, body: unknown) =>
      h.request(`/sandbox/openapi-sdi${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    if (mode === 'polling') {
      // The sender's API configuration has no customer-notification callback: only polling can see SDI's answers.
      const r = await sim('/api_configurations', { fiscal_id: GENERA_EXAMPLE.cedente.piva, callbacks: [] })
      expect(r.status, await r.clone().text()).toBe(200)
    }
    return { h, t, as, sim }
  }

  for (const mode of ['callback', 'polling'] as const) {
    for (const k of CASES) {
      it(`${k.name} through ${mode}`, async () => {
        const { h, t, as, sim } = await setup(mode)
        const numero = `N-1${crypto.randomUUID().slice(0, 8)}` // a digit: SDI refuses a Numero without one (00425)
        const g = await h.call('POST', '/fatturapa/genera', { ...as, body: { ...(k.pa ? PA_INVOICE : GENERA_EXAMPLE), numero } })
        expect(g.status, g.text).toBe(200)
        const s = await h.call('POST', '/sdi/trasmetti', { ...as, body: { xml_base64: g.json['xml_base64'], fattura_numero: numero } })
        expect(s.status, s.text).toBe(201)
        const id = String(s.json['sdi_id'])
        for (const [type, esito] of k.steps) {
          const r = await sim('/simulate/customer-notification', {
            uuid: s.json['remote_id'],
            notification: type,
            ...(esito ? { esito } : {}),
          })
          expect(r.status, await r.clone().text()).toBe(200)
          await h.request('/sandbox/openapi-sdi/') // the simulator's next tick sends due callbacks
          if (mode === 'polling') {
            // No callback came: the transmission has not moved until the reconciler looks (after the 6 h backoff cap).
            expect((await h.deps.sdi.store.get(t.id, id))?.state).not.toBe(k.state)
            h.clock.advance(7 * 3600_000)
            const report = await reconcileSdiJob.run(h.deps, h.clock())
            expect(report.counts, JSON.stringify(report)).toMatchObject({ checked: 1, notified: 1, changed: 1, failed: 0 })
          }
        }
        // Read from the store, not through GET /sdi/{id} (which would re-read OpenAPI.it itself).
        const stored = await h.deps.sdi.store.get(t.id, id)
        expect(stored).toMatchObject({ state: k.state, esito: k.esito })
        const reader = { key: t.key, token: await h.token(t.id, 'viewer') } // a fresh JWT: the clock moved on
        const got = await h.call('GET', `/sdi/${id}`, reader)
        expect(got.status, got.text).toBe(200)
        const notifiche = got.json['notifiche'] as Array<{ tipo: string; url: string }>
        expect(notifiche.map((n) => n.tipo)).toEqual(k.steps.map(([type]) => type))
        for (const n of notifiche) {
          const xml = await h.request(n.url, { headers: { 'x-api-key': t.key, authorization: `Bearer ${reader.token}` } })
          expect(xml.status).toBe(200)
          expect(await xml.text()).toMatch(/^<\?xml[\s\S]*<NomeFile>/)
        }
        const deliveries = ((await (await h.request('/sandbox/openapi-sdi/_control/state')).json()) as { data: { deliveries: unknown[] } })
          .data.deliveries
        expect(deliveries).toHaveLength(mode === 'callback' ? k.steps.length : 0)
      })
    }
  }
})
