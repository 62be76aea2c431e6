import { beforeEach, describe, expect, it } from 'vitest'
import { harness } from './harness.ts'

type H = Awaited<ReturnType<typeof harness>>

describe('authentication on every non-public route', () => {
  let h: H
  let a: { id: string; key: string }
  let b: { id: string; key: string }
  beforeEach(async () => {
    h = await harness()
    a = await h.tenant('Comune A')
    b = await h.tenant('Comune B')
  })

  const expectProblem = (r: Awaited<ReturnType<H['call']>>, status: number, code: string) => {
    expect(r.status).toBe(status)
    expect(r.res.headers.get('content-type')).toBe('application/problem+json')
    expect(r.json).toMatchObject({ type: `urn:varco:problem:${code}`, status, code, request_id: r.res.headers.get('x-request-id') })
    if (status === 401) expect(r.res.headers.get('www-authenticate')).toContain('Bearer')
  }

  it('401 without an API key, without a token, or with an unknown key', async () => {
    const token = await h.token(a.id)
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { token }), 401, 'auth.missing_credentials')
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: a.key }), 401, 'auth.missing_credentials')
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: `vk_0123456789ab_${'x'.repeat(43)}`, token }), 401, 'auth.invalid_api_key')
    expectProblem(await h.call('GET', '/no-such-route', { token }), 401, 'auth.missing_credentials')
  })

  it('401 for an expired or tampered token', async () => {
    const short = await h.token(a.id, 'admin', 60)
    h.clock.advance(120_000)
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: a.key, token: short }), 401, 'auth.token_expired')
    const good = await h.token(a.id)
    const tampered = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: a.key, token: tampered }), 401, 'auth.invalid_token')
  })

  it("403 when the token's tenant is not the key's tenant, either way round", async () => {
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: a.key, token: await h.token(b.id) }), 403, 'auth.tenant_mismatch')
    expectProblem(await h.call('GET', `/tenants/${a.id}`, { key: b.key, token: await h.token(a.id) }), 403, 'auth.tenant_mismatch')
  })

  it('403 when the role is too low, and the tenant is left unchanged', async () => {
    const viewer = await h.token(a.id, 'viewer')
    expect((await h.call('GET', `/tenants/${a.id}`, { key: a.key, token: viewer })).status).toBe(200)
    expectProblem(await h.call('DELETE', `/tenants/${a.id}`, { key: a.key, token: viewer }), 403, 'auth.insufficient_role')
    expectProblem(
      await h.call('PATCH', `/tenants/${a.id}`, { key: a.key, token: await h.token(a.id, 'operator'), body: { name: 'x' } }),
      403,
      'auth.insufficient_role',
    )
    expect((await h.deps.tenants.get(a.id))?.active).toBe(true)
    expect((await h.deps.tenants.get(a.id))?.name).toBe('Comune A')
  })

  it("never shows another tenant's data: its id reads as 404", async () => {
    const r = await h.call('GET', `/tenants/${b.id}`, { key: a.key, token: await h.token(a.id) })
    expectProblem(r, 404, 'not_found')
    expect(r.text).not.toContain('Comune B')
    const list = await h.call('GET', '/tenants', { key: a.key, token: await h.token(a.id) })
    expect(list.json).toMatchObject({ total: 1, items: [{ id: a.id }] })
  })

  it('answers the Agile API in its own envelope', async () => {
    const r = await h.call('GET', '/payment/v2/methods')
    expect(r.status).toBe(401)
    expect(r.json).toEqual({ success: false, error: 'the X-API-Key header is required', code: 'auth.missing_credentials' })
    const authed = await h.call('GET', '/billing/status', { key: a.key, token: await h.token(a.id) })
    expect(authed.status).toBe(404)
    expect(authed.json).toMatchObject({ success: false, code: 'not_found' })
  })

  it('keeps keys and tokens out of the logs', async () => {
    const token = await h.token(a.id)
    await h.call('GET', `/tenants/${a.id}`, { key: a.key, token })
    await h.call('GET', `/tenants/${a.id}`, { key: `${a.key}x`, token: `${token}x` })
    const out = h.logs.join('\n')
    expect(out).toContain('"route":"/tenants/:id"')
    expect(out).not.toContain(a.key.slice(16))
    expect(out).not.toContain(token)
  })
})
