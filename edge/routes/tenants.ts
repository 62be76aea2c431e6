/**
 * Handlers of the tenant resource: one use-case call each, explicit status codes; tenant callers and
 * platforms. A body's credential
 * sections (stripe, revolut, onpay) are checked before anything is written, then sealed and stored
 * after the tenant itself (core/use-cases/intermediary-credentials.ts).
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import type { Caller } from '../../core/principal.ts'
import type { Tenant } from '../../core/tenant.ts'
import { applyCredentials, credentialsViews, planCredentials } from '../../core/use-cases/intermediary-credentials.ts'
import { configureTenant, deactivateTenant, getTenant, listTenants, updateTenant } from '../../core/use-cases/tenants.ts'
import {
  createTenantRoute,
  deleteTenantRoute,
  getTenantRoute,
  listTenantsRoute,
  patchTenantRoute,
  replaceTenantRoute,
  tenantSchemaRoute,
} from '../../openapi/tenants.ts'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps/index.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireCaller } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { TENANT_FORM } from './tenant-form.ts'
import { credentialsFrom, fullFields, someFields, toWireTenant } from './tenant-wire.ts'

const credentialDeps = (deps: Deps) => ({
  credentials: deps.intermediaryCredentials,
  secretBox: deps.paymentsV2.secretBox,
  clock: deps.clock,
})

const wire = async (deps: Deps, t: Tenant) => toWireTenant(t, await credentialsViews(credentialDeps(deps), t.id))

/**
 * Runs `write` (the tenant's own change) between checking and storing the body's credentials, so a
 * bad credential writes nothing. The tenant must be visible to the caller before its credentials are read.
 */
async function withCredentials(
  deps: Deps,
  principal: Caller,
  tenantId: string,
  body: Parameters<typeof credentialsFrom>[0],
  write: () => Promise<Tenant>,
  creating = false,
): Promise<Tenant> {
  const input = credentialsFrom(body)
  if (!input) return write()
  // A platform creating a tenant has nothing to see yet; configureTenant decides whether it may.
  if (!creating) unwrap(await getTenant(deps, principal, tenantId))
  const plan = unwrap(await planCredentials(credentialDeps(deps), tenantId, input))
  const tenant = await write()
  await applyCredentials(credentialDeps(deps), plan)
  return tenant
}

export function tenantRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(tenantSchemaRoute, (c) => c.json(TENANT_FORM, 200))

  app.openapi(listTenantsRoute, async (c) => {
    const deps = c.get('deps')
    const items = await listTenants(deps, requireCaller(c, 'viewer'))
    return c.json({ items: await Promise.all(items.map((t) => wire(deps, t))), total: items.length }, 200)
  })

  app.openapi(createTenantRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    // A platform names the new tenant (or Varco does, now, so its credentials can be planned under that id).
    const id = (body.id ?? (principal.kind === 'platform' ? deps.newId() : principal.tenantId)).toLowerCase()
    const tenant = await withCredentials(
      deps,
      principal,
      id,
      body,
      async () => unwrap(await configureTenant(deps, principal, { id, ...fullFields(body) }, deps.clock())),
      principal.kind === 'platform',
    )
    c.header('location', `/tenants/${tenant.id}`)
    return c.json(await wire(deps, tenant), 201)
  })

  app.openapi(getTenantRoute, async (c) => {
    const deps = c.get('deps')
    const tenant = unwrap(await getTenant(deps, requireCaller(c, 'viewer'), c.req.valid('param').id))
    return c.json(await wire(deps, tenant), 200)
  })

  app.openapi(replaceTenantRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    if (body.id !== undefined && body.id.toLowerCase() !== id.toLowerCase()) {
      throw new DomainFailure({ code: 'validation', issues: [{ path: 'id', message: 'must equal the id in the path' }] })
    }
    const deps = c.get('deps')
    const tenant = await withCredentials(deps, principal, id, body, async () =>
      unwrap(await updateTenant(deps, principal, id, fullFields(body), deps.clock())),
    )
    return c.json(await wire(deps, tenant), 200)
  })

  app.openapi(patchTenantRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const body = c.req.valid('json')
    const { id } = c.req.valid('param')
    const deps = c.get('deps')
    const tenant = await withCredentials(deps, principal, id, body, async () =>
      unwrap(await updateTenant(deps, principal, id, someFields(body), deps.clock())),
    )
    return c.json(await wire(deps, tenant), 200)
  })

  app.openapi(deleteTenantRoute, async (c) => {
    const deps = c.get('deps')
    const tenant = unwrap(await deactivateTenant(deps, requireCaller(c, 'admin'), c.req.valid('param').id, deps.clock()))
    return c.json(await wire(deps, tenant), 200)
  })

  return app
}
