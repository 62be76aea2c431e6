import { beforeEach, describe, expect, it } from 'vitest'
import { webCryptoApiKeys } from '../../adapters/crypto/api-keys.ts'
import type { Principal } from '../../core/principal.ts'
import { configureTenant, deactivateTenant, getTenant, listTenants, provisionTenant, updateTenant } from '../../core/use-cases/tenants.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemoryTenantRepo } from '../fakes/in-memory-repos.fake.ts'

const fields = { name: 'Comune di Bugliano', taxIdentificationNumber: '00341620508', ipaCode: 'C_B303', active: true }

describe('tenant use cases', () => {
  let clock: ReturnType<typeof fixedClock>
  let deps: { tenants: ReturnType<typeof inMemoryTenantRepo>; newId: () => string; apiKeys: typeof webCryptoApiKeys }
  let me: Principal
  let other: Principal

  beforeEach(async () => {
    clock = fixedClock()
    deps = { tenants: inMemoryTenantRepo(), newId: sequentialIds(), apiKeys: webCryptoApiKeys }
    const a = await provisionTenant(deps, { name: ' Comune A ', taxIdentificationNumber: '00341620508' }, clock())
    const b = await provisionTenant(deps, { name: 'Comune B', taxIdentificationNumber: 'rssmra85t10a562s' }, clock())
    if (!a.ok || !b.ok) throw new Error('setup')
    me = { kind: 'tenant', tenantId: a.value.tenant.id, userId: 'u', role: 'admin', keyId: 'k' }
    other = { kind: 'tenant', tenantId: b.value.tenant.id, userId: 'u', role: 'admin', keyId: 'k2' }
  })

  describe('provisionTenant', () => {
    it('normalises the input and returns a key that is stored only as a hash', async () => {
      const t = await getTenant(deps, me, me.tenantId)
      expect(t).toMatchObject({ ok: true, value: { name: 'Comune A', active: true, configuredAt: null } })
      const o = await getTenant(deps, other, other.tenantId)
      expect(o).toMatchObject({ ok: true, value: { taxIdentificationNumber: 'RSSMRA85T10A562S' } })
    })

    it('rejects bad input naming each field, and writes nothing', async () => {
      const before = deps.tenants.size()
      const r = await provisionTenant(deps, { name: '  ', taxIdentificationNumber: '00341620509', ipaCode: 'lower' }, clock())
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'validation',
          issues: [
            { path: 'name', message: 'must not be empty' },
            { path: 'tax_identification_number', message: expect.any(String) },
            { path: 'IPA_code', message: expect.any(String) },
          ],
        },
      })
      expect(deps.tenants.size()).toBe(before)
      expect(await provisionTenant(deps, { id: 'not-a-uuid', name: 'x', taxIdentificationNumber: '00341620508' }, clock())).toMatchObject({
        ok: false,
        error: { code: 'validation', issues: [{ path: 'id' }] },
      })
    })

    it('refuses an id that exists', async () => {
      const r = await provisionTenant(deps, { id: me.tenantId, name: 'Again', taxIdentificationNumber: '00341620508' }, clock())
      expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } })
    })
  })

  describe('isolation', () => {
    it("reads another tenant's id as not found, for every operation", async () => {
      const id = other.tenantId
      expect(await getTenant(deps, me, id)).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(await updateTenant(deps, me, id, { name: 'x' }, clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect(await deactivateTenant(deps, me, id, clock())).toMatchObject({ ok: false, error: { code: 'not_found' } })
      expect((await listTenants(deps, me)).map((t) => t.id)).toEqual([me.tenantId])
      expect((await getTenant(deps, other, id)).ok).toBe(true)
    })

    it('refuses to configure another tenant (403)', async () => {
      expect(await configureTenant(deps, me, { id: other.tenantId, ...fields }, clock())).toEqual({
        ok: false,
        error: { code: 'auth.tenant_mismatch' },
      })
    })
  })

  describe('configureTenant (POST)', () => {
    it('configures once, then answers conflict', async () => {
      clock.advance(1000)
      const first = await configureTenant(deps, me, { id: undefined, ...fields }, clock())
      expect(first).toMatchObject({ ok: true, value: { name: 'Comune di Bugliano', ipaCode: 'C_B303', configuredAt: clock() } })
      const again = await configureTenant(deps, me, { id: me.tenantId.toUpperCase(), ...fields }, clock())
      expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
    })
  })

  describe('updateTenant and deactivateTenant', () => {
    it('patches only the given fields and moves updatedAt forward', async () => {
      const before = await getTenant(deps, me, me.tenantId)
      const r = await updateTenant(deps, me, me.tenantId, { ipaCode: 'C_X001' }, clock())
      if (!r.ok || !before.ok) throw new Error('update failed')
      expect(r.value).toMatchObject({ name: 'Comune A', ipaCode: 'C_X001' })
      expect(r.value.updatedAt.getTime()).toBeGreaterThan(before.value.updatedAt.getTime())
    })

    it('validates patched values and keeps the stored tenant', async () => {
      const r = await updateTenant(deps, me, me.tenantId, { taxIdentificationNumber: '12345678901' }, clock())
      expect(r).toMatchObject({ ok: false, error: { code: 'validation', issues: [{ path: 'tax_identification_number' }] } })
      expect((await getTenant(deps, me, me.tenantId)).ok && (await deps.tenants.get(me.tenantId))?.taxIdentificationNumber).toBe(
        '00341620508',
      )
    })

    it('soft-deletes, and a repeated delete changes nothing', async () => {
      const first = await deactivateTenant(deps, me, me.tenantId, clock())
      expect(first).toMatchObject({ ok: true, value: { active: false } })
      const stored = await deps.tenants.get(me.tenantId)
      const second = await deactivateTenant(deps, me, me.tenantId, clock())
      expect(second).toEqual({ ok: true, value: stored })
      const back = await updateTenant(deps, me, me.tenantId, { active: true }, clock())
      expect(back).toMatchObject({ ok: true, value: { active: true } })
    })
  })
})
