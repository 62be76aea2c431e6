/**
 * The failed-authentication limiter shared through the database (VARCO_AUTH_FAIL_STORE=database):
 * two gateway instances on one database meet one limit, a success writes nothing, a client this
 * instance already refuses costs no write, the window ends on the clock, the right key still passes,
 * and the table holds no client address. Runtime-neutral: `make` gives instances on a shared database.
 * @module
 */

import { beforeAll, describe, expect, it } from 'vitest'
import type { RouteHarness } from './route-harness.ts'

export const SHARED_LIMIT_ENV = {
  VARCO_AUTH_FAIL_LIMIT: '3',
  VARCO_AUTH_FAIL_WINDOW_S: '60',
  VARCO_AUTH_FAIL_STORE: 'database',
  VARCO_TRUST_PROXY: 'true',
}

export function runSharedThrottleContract(opts: { name: string; make: () => Promise<RouteHarness> }) {
  describe(`failed-authentication limit shared by instances (${opts.name})`, () => {
    let a: RouteHarness
    let b: RouteHarness
    beforeAll(async () => {
      a = await opts.make()
      b = await opts.make()
    })
    /** A fresh client address (the database may hold earlier runs' counters), sent the way each runtime reads it. */
    const address = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}:${crypto.randomUUID().slice(0, 8)}`
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip, 'cf-connecting-ip': ip } })
    const stored = async () => {
      const row = await a.deps.db.first('SELECT COUNT(*) AS n, COALESCE(SUM(failures), 0) AS total FROM auth_failures')
      return `${row?.['n']}/${row?.['total']}`
    }

    it('failures spread over two instances are limited together; the right key passes; the window ends', async () => {
      const ip = address()
      const t = await a.tenant('Comune Condiviso')
      b.clock.set(a.clock().toISOString())
      const fail = (h: RouteHarness) => h.call('GET', '/tenants', { key: 'vk_not-a-key', ...from(ip) })
      expect((await fail(a)).status).toBe(401)
      expect((await fail(b)).status).toBe(401)
      expect((await fail(a)).status).toBe(401)
      // b has seen one failure from this address, the database four.
      const limited = await fail(b)
      expect(limited.status).toBe(429)
      expect(Number(limited.res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(limited.json).toMatchObject({ code: 'too_many_failures' })
      expect((await a.call('GET', `/tenants/${t.id}`, { key: t.key, token: await a.token(t.id), ...from(ip) })).status).toBe(200)
      for (const h of [a, b]) h.clock.advance(60_000)
      expect((await fail(b)).status).toBe(401)
    })

    it('a success writes nothing; a client this instance already refuses costs no write', async () => {
      const ip = address()
      const t = await a.tenant('Comune Scritture')
      const token = await a.token(t.id)
      const before = await stored()
      for (let i = 0; i < 3; i++) expect((await a.call('GET', `/tenants/${t.id}`, { key: t.key, token, ...from(ip) })).status).toBe(200)
      expect(await stored()).toBe(before)
      for (let i = 0; i < 4; i++) await a.call('GET', '/tenants', { key: 'vk_not-a-key', ...from(ip) })
      const afterFour = await stored()
      expect(afterFour).not.toBe(before)
      expect((await a.call('GET', '/tenants', { key: 'vk_not-a-key', ...from(ip) })).status).toBe(429)
      expect(await stored()).toBe(afterFour)
    })

    it('stores hashes of the counters, never the client address', async () => {
      const ip = address()
      await a.call('GET', '/tenants', { key: 'vk_not-a-key', ...from(ip) })
      const rows = await a.deps.db.execute('SELECT counter FROM auth_failures')
      const counters = rows.rows.map((r) => String(r['counter']))
      expect(counters.length).toBeGreaterThan(0)
      for (const c of counters) expect(c).toMatch(/^[0-9a-f]{64}$/)
      expect(counters.join(' ')).not.toContain(ip)
    })
  })
}
