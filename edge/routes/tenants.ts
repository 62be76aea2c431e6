/** Handlers of the tenant resource: one use-case call each, explicit status codes. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import { formatRome } from '../../core/rome-time.ts'
import type { PagopaSettings, Tenant, TenantFields } from '../../core/tenant.ts'
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
import { DomainFailure, unwrap } from '../failure.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'
import { TENANT_FORM } from './tenant-form.ts'

export function toWireTenant(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    tax_identification_number: t.taxIdentificationNumber,
    IPA_code: t.ipaCode,
    active: t.active,
    pagopa: t.pagopa && {
      segregation_code: t.pagopa.segregationCode,
      aux_digit: t.pagopa.auxDigit,
      iban: t.pagopa.iban,
      postal_account: t.pagopa.postalAccount,
    },
    created_at: formatRome(t.createdAt),
    updated_at: formatRome(t.updatedAt),
  }
}

type WirePagopa = { segregation_code: string; aux_digit: '0' | '1' | '2' | '3'; iban: string | null; postal_account: string | null }

const pagopaFrom = (p: WirePagopa | null): PagopaSettings | null =>
  p && { segregationCode: p.segregation_code, auxDigit: p.aux_digit, iban: p.iban, postalAccount: p.postal_account }

/** POST and PUT carry the whole configuration: an omitted `IPA_code`/`pagopa` is null, an omitted `active` is true. */
function fullFields(body: {
  name: string
  tax_identification_number: string
  IPA_code?: string | null | undefined
  active?: boolean | undefined
  pagopa?: WirePagopa | null | undefined
}): TenantFields {
  return {
    name: body.name,
    taxIdentificationNumber: body.tax_identification_number,
    ipaCode: body.IPA_code ?? null,
    active: body.active ?? true,
    pagopa: pagopaFrom(body.pagopa ?? null),
  }
}

export function tenantRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(tenantSchemaRoute, (c) => c.json(TENANT_FORM, 200))

  app.openapi(listTenantsRoute, async (c) => {
    const items = await listTenants(c.get('deps'), requireRole(c, 'viewer'))
    return c.json({ items: items.map(toWireTenant), total: items.length }, 200)
  })

  app.openapi(createTenantRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    const tenant = unwrap(await configureTenant(deps, principal, { id: body.id, ...fullFields(body) }, deps.clock()))
    c.header('location', `/tenants/${tenant.id}`)
    return c.json(toWireTenant(tenant), 201)
  })

  app.openapi(getTenantRoute, async (c) => {
    const tenant = unwrap(await getTenant(c.get('deps'), requireRole(c, 'viewer'), c.req.valid('param').id))
    return c.json(toWireTenant(tenant), 200)
  })

  app.openapi(replaceTenantRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    if (body.id !== undefined && body.id.toLowerCase() !== id.toLowerCase()) {
      throw new DomainFailure({ code: 'validation', issues: [{ path: 'id', message: 'must equal the id in the path' }] })
    }
    const deps = c.get('deps')
    const tenant = unwrap(await updateTenant(deps, principal, id, fullFields(body), deps.clock()))
    return c.json(toWireTenant(tenant), 200)
  })

  app.openapi(patchTenantRoute, async (c) => {
    const principal = requireRole(c, 'admin')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    const tenant = unwrap(
      await updateTenant(
        deps,
        principal,
        c.req.valid('param').id,
        {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.tax_identification_number !== undefined ? { taxIdentificationNumber: body.tax_identification_number } : {}),
          ...(body.IPA_code !== undefined ? { ipaCode: body.IPA_code } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          ...(body.pagopa !== undefined ? { pagopa: pagopaFrom(body.pagopa) } : {}),
        },
        deps.clock(),
      ),
    )
    return c.json(toWireTenant(tenant), 200)
  })

  app.openapi(deleteTenantRoute, async (c) => {
    const deps = c.get('deps')
    const tenant = unwrap(await deactivateTenant(deps, requireRole(c, 'admin'), c.req.valid('param').id, deps.clock()))
    return c.json(toWireTenant(tenant), 200)
  })

  return app
}
