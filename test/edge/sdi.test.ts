/**
 * The SDI API in Node: the runtime-neutral route contract (test/contract/sdi-routes.contract.ts) on
 * embedded libSQL, plus what only the in-process harness can arrange: 402 for suspended tenants,
 * callbacks delivered by the simulator, the reconciler over the real adapter, events in the outbox,
 * metrics, and the OpenAPI document.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { runSdiRouteContract } from '../contract/sdi-routes.contract.ts'

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
