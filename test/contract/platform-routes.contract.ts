/**
 * Platform keys beyond the matrix: creating tenants with the platform's own ids, services that
 * name their tenant, event batches across tenants, the Agile API refusing platform keys, bearer
 * tokens ignored, revocation at once, and keys kept out of the logs. Runtime-neutral: in-process on Node
 * and inside workerd, and over HTTP against the Deno server (test/e2e/parity.deno.test.ts), where the
 * tenant rows are read back through the API (a platform sees only its own tenants).
 * @module
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { revokePlatform } from '../../core/use-cases/platforms.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { SERVICE } from './platform-matrix.contract.ts'
import type { RouteHarness } from './route-harness.ts'
import { until } from './until.ts'

/** What the contract uses of a gateway: in-process, or a running server over HTTP. */
export type PlatformContractHarness = Pick<RouteHarness, 'call' | 'tenant' | 'token' | 'platform'> & {
  /** Revokes a platform key (`varco platform revoke`). */
  readonly revoke: (platformId: string) => Promise<void>
  /** Everything the gateway logged so far. */
  readonly logs: () => string
  /** In-process only (null over HTTP): storage, for the rows the API does not show. */
  readonly local: Pick<RouteHarness, 'deps'> | null
}

const adapt = (h: RouteHarness | PlatformContractHarness): PlatformContractHarness =>
  'local' in h
    ? h
    : {
        ...h,
        revoke: async (id) => void expect((await revokePlatform(h.deps, id, h.clock())).ok).toBe(true),
        logs: () => h.logs.join('\n'),
        local: h,
      }

const TENANT = { name: 'Comune di Bugliano', tax_identification_number: '00341620508', IPA_code: 'C_B303' }

export function runPlatformRouteContract({
  name,
  make,
}: {
  readonly name: string
  readonly make: () => Promise<RouteHarness | PlatformContractHarness>
}) {
  describe(`platform keys (${name})`, () => {
    let h: PlatformContractHarness
    let p: { id: string; key: string }
    beforeEach(async () => {
      h = adapt(await make())
      p = await h.platform('Opencity')
    })

    it('POST /tenants creates a tenant with the platform’s own id, once; an existing id is 409 and stays as it was', async () => {
      const id = crypto.randomUUID()
      const r = await h.call('POST', '/tenants', { key: p.key, body: { id: id.toUpperCase(), ...TENANT } })
      expect(r.status).toBe(201)
      expect(r.res.headers.get('location')).toBe(`/tenants/${id}`)
      expect(r.json).toMatchObject({ id, ...TENANT, active: true })
      if (h.local) expect((await h.local.deps.tenants.get(id))?.platformId).toBe(p.id)
      expect((await h.call('GET', `/tenants/${id}`, { key: p.key })).json).toMatchObject({ id, name: TENANT.name })
      const again = await h.call('POST', '/tenants', { key: p.key, body: { id, ...TENANT, name: 'Again' } })
      expect(again.status).toBe(409)
      expect(again.json).toMatchObject({ code: 'conflict' })
      const cli = await h.tenant('Comune CLI')
      expect((await h.call('POST', '/tenants', { key: p.key, body: { id: cli.id, ...TENANT, name: 'Hijack' } })).status).toBe(409)
      if (h.local) expect(await h.local.deps.tenants.get(cli.id)).toMatchObject({ name: 'Comune CLI', platformId: null })
      expect((await h.call('GET', `/tenants/${cli.id}`, { key: p.key })).status).toBe(404)
      const own = await h.call('GET', `/tenants/${cli.id}`, { key: cli.key, token: await h.token(cli.id) })
      expect(own.json).toMatchObject({ name: 'Comune CLI' })
      const generated = await h.call('POST', '/tenants', { key: p.key, body: TENANT })
      expect(generated.status).toBe(201)
      if (h.local) expect((await h.local.deps.tenants.get(generated.json['id'] as string))?.platformId).toBe(p.id)
      expect((await h.call('GET', `/tenants/${generated.json['id']}`, { key: p.key })).status).toBe(200)
    })

    it('refuses a bad tenant body with 400 and writes nothing', async () => {
      const id = crypto.randomUUID()
      const r = await h.call('POST', '/tenants', { key: p.key, body: { id, ...TENANT, tax_identification_number: '00341620509' } })
      expect(r.status).toBe(400)
      expect(r.json['errors']).toEqual([expect.objectContaining({ field: 'tax_identification_number' })])
      expect((await h.call('GET', `/tenants/${id}`, { key: p.key })).status).toBe(404)
      if (h.local) expect(await h.local.deps.tenants.get(id)).toBeNull()
    })

    it('a service names its tenant: required with a platform key, unique across the platform’s tenants, never moved', async () => {
      const [t1, t2] = [crypto.randomUUID(), crypto.randomUUID()]
      for (const id of [t1, t2]) expect((await h.call('POST', '/tenants', { key: p.key, body: { id, ...TENANT } })).status).toBe(201)
      const missing = await h.call('POST', '/services', { key: p.key, body: SERVICE })
      expect(missing.status).toBe(400)
      expect(missing.json['errors']).toEqual([expect.objectContaining({ field: 'tenant_id' })])
      const id = crypto.randomUUID()
      const made = await h.call('POST', '/services', { key: p.key, body: { ...SERVICE, id, tenant_id: t1 } })
      expect(made.status).toBe(201)
      expect(made.json).toMatchObject({ id, tenant_id: t1 })
      expect((await h.call('POST', '/services', { key: p.key, body: { ...SERVICE, id, tenant_id: t2 } })).status).toBe(409)
      const moved = await h.call('PUT', `/services/${id}`, { key: p.key, body: { ...SERVICE, tenant_id: t2 } })
      expect(moved.status).toBe(400)
      expect((await h.call('GET', `/services/${id}`, { key: p.key })).json).toMatchObject({ tenant_id: t1 })
      if (h.local) expect(await h.local.deps.services.get(t2, id)).toBeNull()
    })

    it('posts events for its own tenants only: in a batch, another tenant’s event is refused as not found', async () => {
      const t = crypto.randomUUID()
      await h.call('POST', '/tenants', { key: p.key, body: { id: t, ...TENANT } })
      const svc = (await h.call('POST', '/services', { key: p.key, body: { ...SERVICE, tenant_id: t } })).json['id'] as string
      const other = await h.tenant('Comune A')
      const mine = creationEvent(t, svc)
      const foreign = creationEvent(other.id, svc)
      const { tenant_id: _t, ...untenanted } = creationEvent(t, svc)
      const r = await h.call('POST', '/payments', { key: p.key, body: [mine, foreign, untenanted] })
      expect(r.status).toBe(200)
      const results = r.json['results'] as Array<Record<string, unknown>>
      expect(results.map((x) => x['outcome'])).toEqual(['created', 'rejected', 'rejected'])
      expect(results[1]).toMatchObject({ payment_id: foreign.id, error: { status: 404, code: 'not_found' } })
      expect(results[2]).toMatchObject({ error: { status: 400, code: 'validation' } })
      const own = { key: other.key, token: await h.token(other.id) }
      expect((await h.call('GET', `/payments/${foreign.id}`, own)).status).toBe(404)
      if (h.local) expect(await h.local.deps.payments.getForCitizen(foreign.id)).toBeNull()
    })

    it('is refused on the Agile API and any other route (403 platform_not_allowed), whatever token comes with it', async () => {
      const tenant = await h.tenant('Comune A')
      const token = await h.token(tenant.id)
      const agile: Array<[string, string]> = [
        ['GET', '/payment/v2/methods'],
        ['GET', '/payment/v2/provider-config'],
        ['POST', '/fatturapa/valida'],
        ['GET', '/sdi'],
        ['GET', '/billing/status'],
        ['GET', '/rtd/submissions'],
      ]
      for (const [method, path] of agile) {
        for (const as of [{ key: p.key }, { key: p.key, token }]) {
          const r = await h.call(method, path, as)
          expect({ path, status: r.status, body: r.json }).toMatchObject({
            path,
            status: 403,
            body: { success: false, code: 'auth.platform_not_allowed' },
          })
        }
        expect((await h.call(method, path, { key: `vp_0123456789ab_${'x'.repeat(43)}` })).status).toBe(401)
      }
      const elsewhere = await h.call('GET', '/no-such-route', { key: p.key })
      expect(elsewhere.status).toBe(403)
      expect(elsewhere.json).toMatchObject({ code: 'auth.platform_not_allowed' })
    })

    it('ignores a bearer token sent with a platform key, even a broken one', async () => {
      for (const token of ['not-a-jwt', await h.token((await h.tenant('Comune A')).id)]) {
        const r = await h.call('GET', '/tenants', { key: p.key, token })
        expect(r.status).toBe(200)
        expect(r.json).toMatchObject({ items: [], total: 0 })
      }
    })

    it('a revoked platform key is 401 at once; its tenants stay', async () => {
      const t = crypto.randomUUID()
      await h.call('POST', '/tenants', { key: p.key, body: { id: t, ...TENANT } })
      expect((await h.call('GET', `/tenants/${t}`, { key: p.key })).status).toBe(200)
      await h.revoke(p.id)
      const r = await h.call('GET', `/tenants/${t}`, { key: p.key })
      expect(r.status).toBe(401)
      expect(r.json).toMatchObject({ code: 'auth.invalid_api_key' })
      // Its tenants are visible to no other key: that they stay is read from storage, in-process.
      if (h.local) expect((await h.local.deps.tenants.get(t))?.active).toBe(true)
    })

    it('logs the platform id and never the key', async () => {
      await h.call('GET', '/tenants', { key: p.key })
      const out = await until(h.logs, (o) => o.includes(`"platform_id":"${p.id}"`))
      expect(out).toContain(`"platform_id":"${p.id}"`)
      expect(out).not.toContain(p.key.slice(16))
    })
  })
}
