/**
 * Handlers of the service configuration resource. Euros on the wire, cents inside. Tenant callers
 * and platforms alike (requireCaller): the use cases scope every id to what the caller may act on.
 * @module
 */

import { OpenAPIHono, type z } from '@hono/zod-openapi'
import { type Cents, centsFromEuros, eurosFromCents } from '../../core/money.ts'
import { formatRome } from '../../core/rome-time.ts'
import type { Service, ServiceFields } from '../../core/service.ts'
import { createService, deactivateService, getService, listServices, updateService } from '../../core/use-cases/services.ts'
import {
  createServiceRoute,
  deleteServiceRoute,
  getServiceRoute,
  listServicesRoute,
  patchServiceRoute,
  replaceServiceRoute,
  type ServiceCreateSchema,
  type ServicePatchSchema,
  serviceSchemaRoute,
} from '../../openapi/services.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { requireCaller } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { SERVICE_FORM } from './service-form.ts'

/** The zod schema has already refused amounts with more than two decimals. */
const toCents = (euros: number): Cents => centsFromEuros(euros) as Cents

export function toWireService(s: Service) {
  return {
    id: s.id,
    tenant_id: s.tenant_id,
    payment_type: s.payment_type,
    remote_collection: s.remote_collection,
    amount: eurosFromCents(s.amount),
    reason: s.reason,
    expire_at: s.expire_at,
    receiver: s.receiver,
    collection_data: s.collection_data,
    split: s.split.map((x) => ({ code: x.code, amount: x.amount === null ? 0 : eurosFromCents(x.amount), meta: { ...x.meta } })),
    intermediary: s.intermediary,
    active: s.active,
    created_at: formatRome(s.created_at),
    updated_at: formatRome(s.updated_at),
  }
}

type PatchBody = z.infer<typeof ServicePatchSchema>

function changesFrom(b: PatchBody): Partial<ServiceFields> {
  return {
    ...(b.payment_type !== undefined ? { payment_type: b.payment_type } : {}),
    ...(b.remote_collection !== undefined ? { remote_collection: b.remote_collection } : {}),
    ...(b.amount !== undefined ? { amount: toCents(b.amount) } : {}),
    ...(b.reason !== undefined ? { reason: b.reason } : {}),
    ...(b.expire_at !== undefined ? { expire_at: b.expire_at } : {}),
    ...(b.receiver !== undefined
      ? { receiver: b.receiver && { ...b.receiver, tax_identification_number: b.receiver.tax_identification_number.toUpperCase() } }
      : {}),
    ...(b.collection_data !== undefined ? { collection_data: b.collection_data } : {}),
    ...(b.split !== undefined ? { split: b.split.map((x) => ({ code: x.code, amount: toCents(x.amount), meta: x.meta })) } : {}),
    ...(b.intermediary !== undefined ? { intermediary: b.intermediary } : {}),
    ...(b.active !== undefined ? { active: b.active } : {}),
  }
}

/** POST and PUT carry the whole configuration; omitted optional fields take their defaults. */
function fullFields(b: z.infer<typeof ServiceCreateSchema>): ServiceFields {
  const c = changesFrom(b)
  return {
    payment_type: b.payment_type,
    remote_collection: c.remote_collection ?? null,
    amount: toCents(b.amount),
    reason: b.reason,
    expire_at: b.expire_at,
    receiver: c.receiver ?? null,
    collection_data: b.collection_data,
    split: c.split ?? [],
    intermediary: b.intermediary ?? 'pagopa',
    active: b.active ?? true,
  }
}

export function serviceRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(serviceSchemaRoute, (c) => c.json(SERVICE_FORM, 200))

  app.openapi(listServicesRoute, async (c) => {
    const { tenant_id: tenantId, ...page } = c.req.valid('query')
    const { items, total } = unwrap(await listServices(c.get('deps'), requireCaller(c, 'viewer'), page, tenantId))
    return c.json({ items: items.map(toWireService), total, limit: page.limit, offset: page.offset }, 200)
  })

  app.openapi(createServiceRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const b = c.req.valid('json')
    const deps = c.get('deps')
    const s = unwrap(await createService(deps, principal, { id: b.id, tenantId: b.tenant_id, ...fullFields(b) }, deps.clock()))
    c.header('location', `/services/${s.id}`)
    return c.json(toWireService(s), 201)
  })

  app.openapi(getServiceRoute, async (c) => {
    const s = unwrap(await getService(c.get('deps'), requireCaller(c, 'viewer'), c.req.valid('param').id))
    return c.json(toWireService(s), 200)
  })

  app.openapi(replaceServiceRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const { id } = c.req.valid('param')
    const b = c.req.valid('json')
    if (b.id !== undefined && b.id.toLowerCase() !== id.toLowerCase()) {
      throw new DomainFailure({ code: 'validation', issues: [{ path: 'id', message: 'must equal the id in the path' }] })
    }
    const deps = c.get('deps')
    if (b.tenant_id !== undefined && unwrap(await getService(deps, principal, id)).tenant_id !== b.tenant_id.toLowerCase()) {
      throw new DomainFailure({ code: 'validation', issues: [{ path: 'tenant_id', message: 'must be the service’s tenant' }] })
    }
    return c.json(toWireService(unwrap(await updateService(deps, principal, id, fullFields(b), deps.clock()))), 200)
  })

  app.openapi(patchServiceRoute, async (c) => {
    const principal = requireCaller(c, 'admin')
    const deps = c.get('deps')
    const s = unwrap(await updateService(deps, principal, c.req.valid('param').id, changesFrom(c.req.valid('json')), deps.clock()))
    return c.json(toWireService(s), 200)
  })

  app.openapi(deleteServiceRoute, async (c) => {
    const deps = c.get('deps')
    const s = unwrap(await deactivateService(deps, requireCaller(c, 'admin'), c.req.valid('param').id, deps.clock()))
    return c.json(toWireService(s), 200)
  })

  return app
}
