/**
 * The access log and HTTP metrics of the app's entry step (edge/middleware/entry.ts): every request
 * gets exactly one line with its request id, route template, status and caller, and is counted once,
 * whether it was answered by its handler, refused by authentication (401), not found (404) or shed (503).
 * @module
 */

import { describe, expect, it } from 'vitest'
import { harness } from './harness.ts'

type Line = Record<string, unknown>
const accessLines = (logs: string[]): Line[] => logs.map((l) => JSON.parse(l) as Line).filter((l) => l['msg'] === 'request')

describe('access log and request metrics', () => {
  it('one line and one count per request: answered, refused, unknown', async () => {
    const h = await harness()
    const t = await h.tenant()
    const token = await h.token(t.id, 'viewer')
    h.logs.length = 0
    const ok = await h.call('GET', `/tenants/${t.id}`, { key: t.key, token, headers: { 'x-request-id': 'r-ok' } })
    const refused = await h.call('GET', `/tenants/${t.id}`, {
      headers: { 'x-request-id': 'r-401', 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    })
    const unknown = await h.call('GET', '/docs/nowhere', { headers: { 'x-request-id': 'r-404' } })
    expect([ok.status, refused.status, unknown.status]).toEqual([200, 401, 404])
    const lines = accessLines(h.logs)
    expect(lines).toHaveLength(3)
    expect(lines[0]).toMatchObject({
      level: 'info',
      request_id: 'r-ok',
      method: 'GET',
      path: `/tenants/${t.id}`,
      route: '/tenants/:id',
      status: 200,
      tenant_id: t.id,
    })
    expect(lines[1]).toMatchObject({ request_id: 'r-401', route: '/tenants/:id', status: 401, ip: '203.0.113.9' })
    expect(lines[1]).not.toHaveProperty('tenant_id')
    expect(lines[2]).toMatchObject({ request_id: 'r-404', route: '/docs/*', status: 404 })
    for (const l of lines) expect(typeof l['duration_ms']).toBe('number')
    const text = h.metrics.render()
    expect(text).toContain('oc_api_requests_total{method="GET",route="/tenants/:id",status_code="200"} 1')
    expect(text).toContain('oc_api_requests_total{method="GET",route="/tenants/:id",status_code="401"} 1')
    expect(text).toContain('oc_api_requests_total{method="GET",route="/docs/*",status_code="404"} 1')
    expect(text).toContain('oc_api_request_duration_seconds_count{method="GET",route="/tenants/:id"} 2')
  })

  it('a shed request is logged and counted as a 503, and the request it waited behind as a 200', async () => {
    const h = await harness({}, { VARCO_MAX_INFLIGHT: '1', VARCO_MAX_QUEUE: '0' })
    const t = await h.tenant()
    const token = await h.token(t.id, 'viewer')
    let release: () => void = () => {}
    const held = new Promise<void>((r) => {
      release = r
    })
    let entered: () => void = () => {}
    const inHandler = new Promise<void>((r) => {
      entered = r
    })
    const tenants = h.deps.tenants
    const get = tenants.get.bind(tenants)
    ;(tenants as { get: typeof get }).get = async (id) => {
      entered()
      await held
      return get(id)
    }
    h.logs.length = 0
    const first = h.call('GET', `/tenants/${t.id}`, { key: t.key, token, headers: { 'x-request-id': 'r-held' } })
    await inHandler // the first request holds the only slot, waiting in its handler
    const shed = await h.call('GET', `/tenants/${t.id}`, { key: t.key, token, headers: { 'x-request-id': 'r-shed' } })
    release()
    expect([(await first).status, shed.status]).toEqual([200, 503])
    const lines = accessLines(h.logs)
    expect(lines.map((l) => [l['request_id'], l['status']])).toEqual([
      ['r-shed', 503],
      ['r-held', 200],
    ])
    expect(lines[0]).toMatchObject({ level: 'error', route: '/tenants/:id' }) // a 5xx line is logged at error level
    expect(h.metrics.render()).toContain('oc_api_requests_total{method="GET",route="/tenants/:id",status_code="503"} 1')
  })
})
