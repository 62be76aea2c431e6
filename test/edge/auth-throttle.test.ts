/**
 * Rate limiting of failed authentication (edge/middleware/auth-throttle.ts) through the real app:
 * per client address (X-Forwarded-For only with VARCO_TRUST_PROXY) and per key id, 429 with
 * Retry-After in the route's envelope past VARCO_AUTH_FAIL_LIMIT failures, a success always passes,
 * the window ends on the clock, a too-low role does not count, 0 turns it off.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { clientAddress, FailureLimiter, keyIdOf } from '../../edge/middleware/auth-throttle.ts'
import { harness } from './harness.ts'

const LIMITED = { VARCO_AUTH_FAIL_LIMIT: '3', VARCO_AUTH_FAIL_WINDOW_S: '60', VARCO_TRUST_PROXY: 'true' }
/** Not a well-formed key: its failures count against the address only (no key id). */
const BAD_KEY = 'vk_not-a-key'

async function setup(env: Record<string, string> = LIMITED) {
  const h = await harness({}, env)
  const t = await h.tenant('Comune A')
  const token = await h.token(t.id)
  const viewer = await h.token(t.id, 'viewer')
  const from = (ip: string, headers: Record<string, string> = {}) => ({ headers: { 'x-forwarded-for': `10.9.9.9, ${ip}`, ...headers } })
  return { h, t, token, viewer, from }
}

describe('failed-authentication limiter', () => {
  it('per client address: the 4th failure in the window gets 429 with Retry-After; successes pass; the window ends', async () => {
    const { h, t, token, from } = await setup()
    const fail = () => h.call('GET', '/tenants', { key: BAD_KEY, token, ...from('203.0.113.7') })
    for (let i = 0; i < 3; i++) expect((await fail()).status).toBe(401)
    const limited = await fail()
    expect(limited.status).toBe(429)
    expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.res.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(limited.res.headers.get('content-type')).toContain('application/problem+json')
    expect(limited.json).toMatchObject({ status: 429, code: 'too_many_failures' })
    // The Agile API answers in its own envelope.
    const agile = await h.call('GET', '/rtd/settings', { key: BAD_KEY, token, ...from('203.0.113.7') })
    expect({ status: agile.status, body: agile.json }).toMatchObject({ status: 429, body: { success: false, code: 'too_many_failures' } })
    // The right credentials from the same address pass; another address is not limited.
    expect((await h.call('GET', '/tenants', { key: t.key, token, ...from('203.0.113.7') })).status).toBe(200)
    expect((await h.call('GET', '/tenants', { key: BAD_KEY, token, ...from('203.0.113.8') })).status).toBe(401)
    h.clock.advance(61_000)
    expect((await fail()).status).toBe(401)
  })

  it('per key id: failures for one key id from many addresses are limited, and its owner still gets in', async () => {
    const { h, t, token, from } = await setup()
    const wrongSecret = `${t.key.slice(0, 16)}${'A'.repeat(43)}`
    expect(keyIdOf(wrongSecret)).toBe(keyIdOf(t.key))
    const statuses: number[] = []
    for (let i = 0; i < 5; i++)
      statuses.push((await h.call('GET', '/tenants', { key: wrongSecret, token, ...from(`198.51.100.${i}`) })).status)
    expect(statuses).toEqual([401, 401, 401, 429, 429])
    expect((await h.call('GET', '/tenants', { key: t.key, token, ...from('198.51.100.99') })).status).toBe(200)
  })

  it('bad tokens, missing credentials and tenant mismatch count; a too-low role does not', async () => {
    const { h, t, viewer, from } = await setup()
    const other = await h.tenant('Comune B')
    const ip = from('192.0.2.10')
    for (let i = 0; i < 10; i++)
      expect((await h.call('POST', '/tenants', { key: t.key, token: viewer, body: {}, ...ip })).status).not.toBe(429)
    expect((await h.call('GET', '/tenants', { key: t.key, token: 'not-a-jwt', ...ip })).status).toBe(401)
    expect((await h.call('GET', '/tenants', ip)).status).toBe(401)
    expect((await h.call('GET', '/tenants', { key: other.key, token: await h.token(t.id), ...ip })).status).toBe(403)
    expect((await h.call('GET', '/tenants', ip)).status).toBe(429)
  })

  it('X-Forwarded-For is ignored unless VARCO_TRUST_PROXY: rotating it does not escape the limit', async () => {
    const { h, token, from } = await setup({ ...LIMITED, VARCO_TRUST_PROXY: 'false' })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await h.call('GET', '/tenants', { key: BAD_KEY, token, ...from(`203.0.113.${i}`) })).status)
    expect(statuses).toEqual([401, 401, 401, 429, 429])
  })

  it('VARCO_AUTH_FAIL_LIMIT=0 turns it off; public routes are never limited', async () => {
    const { h, token, from } = await setup({ ...LIMITED, VARCO_AUTH_FAIL_LIMIT: '0' })
    for (let i = 0; i < 10; i++) expect((await h.call('GET', '/tenants', { key: BAD_KEY, token, ...from('203.0.113.7') })).status).toBe(401)
    const on = await setup()
    for (let i = 0; i < 5; i++) await on.h.call('GET', '/tenants', { key: BAD_KEY, ...on.from('203.0.113.7') })
    expect((await on.h.call('GET', '/health', on.from('203.0.113.7'))).status).toBe(200)
  })

  it('the limiter keeps a bounded number of keys and counts in fixed windows', () => {
    const l = new FailureLimiter(2, 1000)
    l.fail('a', 0)
    l.fail('a', 10)
    expect(l.retryAfter('a', 20)).toBe(0)
    l.fail('a', 30)
    expect(l.retryAfter('a', 30)).toBe(1)
    expect(l.retryAfter('a', 1000)).toBe(0)
    for (let i = 0; i < 60_000; i++) l.fail(`k${i}`, 0)
    expect((l as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(50_000)
  })

  it('the client address: the socket peer on Node and Deno, the right-most X-Forwarded-For only when trusted', () => {
    const ctx = (env: unknown, xff?: string) =>
      ({ env, req: { header: (n: string) => (n === 'x-forwarded-for' ? xff : undefined) } }) as unknown as Parameters<
        typeof clientAddress
      >[0]
    expect(clientAddress(ctx({ incoming: { socket: { remoteAddress: '192.0.2.1' } } }, '1.1.1.1'), false)).toBe('192.0.2.1')
    expect(clientAddress(ctx({ remoteAddr: { hostname: '192.0.2.2' } }), false)).toBe('192.0.2.2')
    expect(clientAddress(ctx({ incoming: { socket: { remoteAddress: '192.0.2.1' } } }, '1.1.1.1, 192.0.2.9'), true)).toBe('192.0.2.9')
    expect(clientAddress(ctx({}), false)).toBe('unknown')
  })
})
