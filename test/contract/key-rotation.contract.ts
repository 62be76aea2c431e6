/**
 * Rotation and revocation of tenant and platform keys (core/use-cases/api-keys.ts) through the real
 * app and its read cache: a rotated key keeps working for its grace period and stops on the clock
 * (no sleeps); a revocation is refused by the very next request of the instance that made it, even
 * with the key cached; another instance sharing the database refuses it within
 * VARCO_AUTH_CACHE_TTL_MS; bad input is refused and writes nothing. Runtime-neutral.
 * @module
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { type KeyOwnerKind, revokeKey, rotateKey } from '../../core/use-cases/api-keys.ts'
import { revokePlatform } from '../../core/use-cases/platforms.ts'
import type { RouteHarness } from './route-harness.ts'

const HOUR = 3_600_000

export function runKeyRotationContract(opts: { name: string; make: () => Promise<RouteHarness>; sharedDb?: boolean }) {
  describe(`key rotation and revocation (${opts.name})`, () => {
    let h: RouteHarness
    beforeAll(async () => {
      h = await opts.make()
    })
    const deps = (kind: KeyOwnerKind) => ({
      store: h.deps.keyStores[kind],
      codec: kind === 'tenant' ? h.deps.apiKeys : h.deps.platformKeys,
      kind,
    })
    const asTenant = async (tenantId: string, key: string) =>
      (await h.call('GET', `/tenants/${tenantId}`, { key, token: await h.token(tenantId) })).status
    const asPlatform = async (key: string) => (await h.call('GET', '/tenants', { key })).status
    const keyCount = async (table: string) => Number((await h.deps.db.first(`SELECT COUNT(*) AS n FROM ${table}`))?.['n'])

    it('tenant: the old key works through the grace period and stops at its end; the new one works', async () => {
      const t = await h.tenant('Comune Rotazione')
      expect(await asTenant(t.id, t.key)).toBe(200)
      const r = await rotateKey(deps('tenant'), t.id, HOUR, h.clock())
      if (!r.ok) throw new Error(r.error.code)
      expect(r.value.apiKey).toMatch(/^vk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
      expect(r.value.oldKeysEndAt.getTime()).toBe(h.clock().getTime() + HOUR)
      expect(await asTenant(t.id, t.key)).toBe(200)
      expect(await asTenant(t.id, r.value.apiKey)).toBe(200)
      h.clock.advance(HOUR - 1)
      expect(await asTenant(t.id, t.key)).toBe(200)
      h.clock.advance(1)
      expect(await asTenant(t.id, t.key)).toBe(401)
      expect(await asTenant(t.id, r.value.apiKey)).toBe(200)
      const stored = await h.deps.keyStores.tenant.list(t.id)
      const ends = Object.fromEntries(stored.map((k) => [k.keyId, [k.revokedAt, k.expiresAt?.getTime() ?? null]]))
      expect(ends).toEqual({ [t.key.slice(3, 15)]: [null, h.clock().getTime()], [r.value.keyId]: [null, null] })
      // Only hashes are stored.
      const rows = await h.deps.db.execute({ sql: 'SELECT hash FROM api_keys WHERE tenant_id = ?', args: [t.id] })
      expect(rows.rows.map((row) => row['hash'])).not.toContain(r.value.apiKey)
    })

    it('tenant: without a grace period the old key stops at once; a second rotation does not extend an earlier end', async () => {
      const t = await h.tenant('Comune Subito')
      const first = await rotateKey(deps('tenant'), t.id, 0, h.clock())
      if (!first.ok) throw new Error(first.error.code)
      expect(await asTenant(t.id, t.key)).toBe(401)
      const second = await rotateKey(deps('tenant'), t.id, HOUR, h.clock())
      if (!second.ok) throw new Error(second.error.code)
      expect(await asTenant(t.id, t.key)).toBe(401)
      expect(await asTenant(t.id, first.value.apiKey)).toBe(200)
      expect(await asTenant(t.id, second.value.apiKey)).toBe(200)
    })

    it('tenant: revocation is refused by the next request although the key was just cached', async () => {
      const t = await h.tenant('Comune Revoca')
      expect(await asTenant(t.id, t.key)).toBe(200)
      expect(await asTenant(t.id, t.key)).toBe(200)
      const keyId = t.key.slice(3, 15)
      const r = await revokeKey(deps('tenant'), t.id, `vk_${keyId}`, h.clock())
      expect(r).toMatchObject({ ok: true, value: { keyId, revokedAt: h.clock() } })
      expect(await asTenant(t.id, t.key)).toBe(401)
      // Again: nothing changes.
      h.clock.advance(1000)
      const again = await revokeKey(deps('tenant'), t.id, keyId, h.clock())
      expect(again.ok && again.value.revokedAt?.getTime()).toBe(h.clock().getTime() - 1000)
      // A revocation holds whatever the clock says (no skew between the revoking host and this one).
      h.clock.advance(-HOUR)
      expect(await asTenant(t.id, t.key)).toBe(401)
      h.clock.advance(HOUR)
    })

    it('refuses bad input and foreign keys, writing nothing', async () => {
      const a = await h.tenant('Comune A')
      const b = await h.tenant('Comune B')
      const keys = await keyCount('api_keys')
      const bId = b.key.slice(3, 15)
      expect(await revokeKey(deps('tenant'), a.id, bId, h.clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(await revokeKey(deps('tenant'), a.id, `vp_${bId}`, h.clock())).toMatchObject({ ok: false, error: { code: 'validation' } })
      expect(await revokeKey(deps('tenant'), a.id, b.key, h.clock())).toMatchObject({ ok: false, error: { code: 'validation' } })
      expect(await revokeKey(deps('tenant'), a.id, 'zz', h.clock())).toMatchObject({ ok: false, error: { code: 'validation' } })
      const unknownTenant = '00000000-0000-4000-8000-00000000beef'
      expect(await rotateKey(deps('tenant'), unknownTenant, 0, h.clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(await rotateKey(deps('tenant'), 'not-a-uuid', 0, h.clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      for (const grace of [-1, 31 * 24 * HOUR, 1.5]) {
        expect(await rotateKey(deps('tenant'), a.id, grace, h.clock())).toMatchObject({ ok: false, error: { code: 'validation' } })
      }
      expect(await keyCount('api_keys')).toBe(keys)
      expect(await asTenant(b.id, b.key)).toBe(200)
      expect(await asTenant(a.id, a.key)).toBe(200)
    })

    it('platform: overlap rotation, then revoking the platform stops the key still in its grace period', async () => {
      const p = await h.platform('Opencity Rotazione')
      const r = await rotateKey(deps('platform'), p.id, HOUR, h.clock())
      if (!r.ok) throw new Error(r.error.code)
      expect(r.value.apiKey).toMatch(/^vp_/)
      expect(await asPlatform(p.key)).toBe(200)
      expect(await asPlatform(r.value.apiKey)).toBe(200)
      h.clock.advance(HOUR)
      expect(await asPlatform(p.key)).toBe(401)
      const again = await rotateKey(deps('platform'), p.id, HOUR, h.clock())
      if (!again.ok) throw new Error(again.error.code)
      expect(await asPlatform(r.value.apiKey)).toBe(200)
      expect((await revokePlatform(h.deps, p.id, h.clock())).ok).toBe(true)
      expect(await asPlatform(r.value.apiKey)).toBe(401)
      expect(await asPlatform(again.value.apiKey)).toBe(401)
      const keys = await keyCount('platform_keys')
      expect(await rotateKey(deps('platform'), p.id, 0, h.clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(await keyCount('platform_keys')).toBe(keys)
    })

    it.skipIf(!opts.sharedDb)('another instance on the same database refuses a revoked key within VARCO_AUTH_CACHE_TTL_MS', async () => {
      const other = await opts.make()
      const t = await h.tenant('Comune Due Istanze')
      other.clock.set(h.clock().toISOString())
      const call = async (x: RouteHarness) => (await x.call('GET', `/tenants/${t.id}`, { key: t.key, token: await x.token(t.id) })).status
      expect(await call(other)).toBe(200)
      expect((await revokeKey(deps('tenant'), t.id, t.key.slice(3, 15), h.clock())).ok).toBe(true)
      expect(await call(h)).toBe(401)
      // The other instance may still use its cached row, but not past the TTL.
      other.clock.advance(other.deps.readCache.ttlMs)
      expect(await call(other)).toBe(401)
    })
  })
}
