/**
 * Authorization matrix of the proxy API for both kinds of principal, through the real app: every
 * route that takes an id (tenants, services, payments, imports, update) × {the owner's platform key,
 * another platform's key, the owning tenant's key + JWT, another tenant's key + JWT, no credentials,
 * an unknown platform key}, on resources made by a platform and on resources of a CLI tenant.
 * Owners get 2xx; everyone else 404 (ids do not leak) or 401; a 404 writes nothing (read from the gateway's
 * database). Runtime-neutral: in-process on Node and inside workerd, over HTTP against the Deno server.
 * @module
 */

import { beforeAll, describe, expect, it } from 'vitest'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { asContractHarness, type ContractHarness } from './contract-harness.ts'
import type { CallOptions, RouteHarness } from './route-harness.ts'

type Owner = 'platform' | 'tenant'
type CallerName = 'platform' | 'otherPlatform' | 'tenant' | 'otherTenant' | 'none' | 'badPlatformKey'
const CALLERS: readonly CallerName[] = ['platform', 'otherPlatform', 'tenant', 'otherTenant', 'none', 'badPlatformKey']

/** One owner's resources: a tenant, a service, a payment and an import. */
type Fixture = { tenant: string; service: string; payment: string; import: string }

/** What `caller` gets on `owner`'s resource when the owner gets `ok`. */
export function expected(caller: CallerName, owner: Owner, ok: number): number {
  if (caller === 'none' || caller === 'badPlatformKey') return 401
  return caller === owner ? ok : 404
}

const TENANT = { name: 'Comune di Bugliano', tax_identification_number: '00341620508' }
export const SERVICE = { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }
const CSV = [
  'external_id,notice_number,amount,reason,expire_at,payer_type,payer_tax_code,payer_name,payer_family_name,payer_email',
  'TARI-1,,16.50,TARI 2026 rata 1,2026-12-31,human,RSSMRA85T10A562S,Mario,Rossi,mario@example.it',
].join('\r\n')

type Cell = {
  readonly title: string
  readonly method: string
  readonly path: (f: Fixture) => string
  readonly body?: (f: Fixture, caller: CallerName) => unknown
  readonly csv?: true
  readonly ok: number
  /** A status other than 404 for a tenant key on another owner's resource (behaviour kept from before platforms). */
  readonly foreignTenant?: number
}

const CELLS: readonly Cell[] = [
  { title: 'GET /tenants/{id}', method: 'GET', path: (f) => `/tenants/${f.tenant}`, ok: 200 },
  { title: 'PATCH /tenants/{id}', method: 'PATCH', path: (f) => `/tenants/${f.tenant}`, body: (_, c) => ({ name: `by ${c}` }), ok: 200 },
  {
    title: 'PUT /tenants/{id}',
    method: 'PUT',
    path: (f) => `/tenants/${f.tenant}`,
    body: (_, c) => ({ ...TENANT, name: `by ${c}` }),
    ok: 200,
  },
  { title: 'POST /services', method: 'POST', path: () => '/services', body: (f) => ({ ...SERVICE, tenant_id: f.tenant }), ok: 201 },
  { title: 'GET /services/{id}', method: 'GET', path: (f) => `/services/${f.service}`, ok: 200 },
  {
    title: 'PATCH /services/{id}',
    method: 'PATCH',
    path: (f) => `/services/${f.service}`,
    body: (_, c) => ({ reason: `by ${c}` }),
    ok: 200,
  },
  {
    title: 'PUT /services/{id}',
    method: 'PUT',
    path: (f) => `/services/${f.service}`,
    body: (_, c) => ({ ...SERVICE, reason: `by ${c}` }),
    ok: 200,
  },
  {
    title: 'POST /payments',
    method: 'POST',
    path: () => '/payments',
    body: (f) => creationEvent(f.tenant, f.service),
    ok: 201,
    foreignTenant: 403,
  },
  { title: 'GET /payments/{id}', method: 'GET', path: (f) => `/payments/${f.payment}`, ok: 200 },
  { title: 'GET /payments/{id}/events', method: 'GET', path: (f) => `/payments/${f.payment}/events`, ok: 200 },
  { title: 'GET /update/{id}', method: 'GET', path: (f) => `/update/${f.payment}`, ok: 200 },
  { title: 'POST /services/{id}/imports', method: 'POST', path: (f) => `/services/${f.service}/imports`, csv: true, ok: 202 },
  { title: 'GET /imports/{id}', method: 'GET', path: (f) => `/imports/${f.import}`, ok: 200 },
  { title: 'DELETE /services/{id}', method: 'DELETE', path: (f) => `/services/${f.service}`, ok: 200 },
  { title: 'DELETE /tenants/{id}', method: 'DELETE', path: (f) => `/tenants/${f.tenant}`, ok: 200 },
]

export function runPlatformMatrix({ name, make }: { readonly name: string; readonly make: () => Promise<RouteHarness | ContractHarness> }) {
  describe(`authorization matrix: platform keys and tenant keys on the proxy API (${name})`, () => {
    let h: ContractHarness
    const creds = {} as Record<CallerName, CallOptions>
    const fx = {} as Record<Owner, Fixture>

    /** The owner's service, payment and import, made through the API. */
    async function resources(as: CallOptions, tenant: string): Promise<Fixture> {
      const service = await h.call('POST', '/services', { ...as, body: { ...SERVICE, tenant_id: tenant } })
      expect(service.status).toBe(201)
      const event = creationEvent(tenant, service.json['id'] as string)
      expect((await h.call('POST', '/payments', { ...as, body: event })).status).toBe(201)
      const imp = await upload(as, service.json['id'] as string)
      expect(imp.status).toBe(202)
      return { tenant, service: service.json['id'] as string, payment: event.id, import: ((await imp.json()) as { id: string }).id }
    }

    const upload = (as: CallOptions, service: string) =>
      h.request(`/services/${service}/imports`, {
        method: 'POST',
        headers: {
          ...(as.key ? { 'x-api-key': as.key } : {}),
          ...(as.token ? { authorization: `Bearer ${as.token}` } : {}),
          'content-type': 'text/csv',
        },
        body: CSV,
      })

    const tenantRow = (id: string) => h.db.first({ sql: 'SELECT name, active FROM tenants WHERE id = ?', args: [id] })
    /** A service's reason as stored (its document). */
    const serviceReason = async (f: Fixture) => {
      const row = await h.db.first({ sql: 'SELECT doc FROM services WHERE tenant_id = ? AND id = ?', args: [f.tenant, f.service] })
      return (JSON.parse(String(row?.['doc'] ?? '{}')) as { reason?: string }).reason
    }

    beforeAll(async () => {
      h = asContractHarness(await make())
      const [p, q, a, b] = [
        await h.platform('Opencity'),
        await h.platform('Other platform'),
        await h.tenant('Comune A'),
        await h.tenant('Comune B'),
      ]
      creds.platform = { key: p.key }
      creds.otherPlatform = { key: q.key }
      creds.tenant = { key: a.key, token: await h.token(a.id) }
      creds.otherTenant = { key: b.key, token: await h.token(b.id) }
      creds.none = {}
      creds.badPlatformKey = { key: `vp_0123456789ab_${'x'.repeat(43)}` }
      const made = await h.call('POST', '/tenants', { ...creds.platform, body: { id: crypto.randomUUID(), ...TENANT } })
      expect(made.status).toBe(201)
      expect((await h.call('POST', '/tenants', { ...creds.otherPlatform, body: { id: crypto.randomUUID(), ...TENANT } })).status).toBe(201)
      expect((await h.call('POST', '/tenants', { ...creds.tenant, body: { ...TENANT, name: 'Comune A' } })).status).toBe(201)
      fx.platform = await resources(creds.platform, made.json['id'] as string)
      fx.tenant = await resources(creds.tenant, a.id)
    }, 60_000)

    for (const cell of CELLS) {
      it(`${cell.title}: the owner ${cell.ok}, other keys 404, no or unknown credentials 401`, async () => {
        for (const owner of ['platform', 'tenant'] as const) {
          for (const caller of CALLERS) {
            const as = creds[caller]
            const r = cell.csv
              ? await upload(as, fx[owner].service)
              : await h.call(cell.method, cell.path(fx[owner]), { ...as, ...(cell.body ? { body: cell.body(fx[owner], caller) } : {}) })
            const want =
              cell.foreignTenant && (caller === 'tenant' || caller === 'otherTenant') && caller !== owner
                ? cell.foreignTenant
                : expected(caller, owner, cell.ok)
            expect({ owner, caller, status: r.status }).toEqual({ owner, caller, status: want })
          }
        }
        // Refused writes changed nothing: only the owners' own writes show.
        const tp = await tenantRow(fx.platform.tenant)
        const ta = await tenantRow(fx.tenant.tenant)
        if (cell.title.includes('/tenants/{id}') && cell.method !== 'GET' && cell.method !== 'DELETE') {
          expect([tp?.['name'], ta?.['name']]).toEqual(['by platform', 'by tenant'])
        }
        if (cell.title.includes('/services/{id}') && cell.method !== 'GET' && cell.method !== 'DELETE') {
          const [sp, sa] = [await serviceReason(fx.platform), await serviceReason(fx.tenant)]
          expect([sp, sa]).toEqual(['by platform', 'by tenant'])
        }
        if (cell.method === 'DELETE' && cell.title.startsWith('DELETE /tenants')) expect([tp?.['active'], ta?.['active']]).toEqual([0, 0])
      })
    }

    it('lists only what the caller may act on', async () => {
      const ids = async (path: string, as: CallOptions) =>
        ((await h.call('GET', path, as)).json['items'] as Array<{ id: string }>).map((x) => x.id)
      expect(await ids('/tenants', creds.platform)).toEqual([fx.platform.tenant])
      expect(await ids('/tenants', creds.tenant)).toEqual([fx.tenant.tenant])
      expect(await ids('/tenants', creds.otherPlatform)).not.toContain(fx.platform.tenant)
      const own = await ids('/services', creds.platform)
      expect(own).toContain(fx.platform.service)
      expect(own).not.toContain(fx.tenant.service)
      expect(await ids(`/services?tenant_id=${fx.platform.tenant}`, creds.platform)).toEqual(own)
      expect((await h.call('GET', `/services?tenant_id=${fx.tenant.tenant}`, creds.platform)).status).toBe(404)
      expect(await ids('/services', creds.otherPlatform)).toEqual([])
      for (const path of ['/tenants', '/services']) {
        expect((await h.call('GET', path, creds.none)).status).toBe(401)
        expect((await h.call('GET', path, creds.badPlatformKey)).status).toBe(401)
      }
    })
  })
}
