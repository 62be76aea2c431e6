/**
 * Tenant lifecycle: provisioning (CLI, issues the API key), and the Opencity configuration resource
 * (`POST/GET/PUT/PATCH/DELETE /tenants`). A tenant caller only ever sees its own tenant; a platform
 * creates tenants with its own ids and sees those. Any other id reads as not found.
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { DomainError } from '../errors.ts'
import type { Caller } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'
import { checkTenantFields, isUuid, normaliseTenantFields, type Tenant, type TenantFields } from '../tenant.ts'
import { tenantInScope } from './scope.ts'

export type TenantDeps = {
  readonly tenants: TenantRepo
  readonly newId: NewId
}

function validated(fields: TenantFields): Result<TenantFields, DomainError> {
  const normalised = normaliseTenantFields(fields)
  const issues = checkTenantFields(normalised)
  return issues.length > 0 ? err({ code: 'validation', issues }) : ok(normalised)
}

/**
 * Creates a tenant and its first API key. The plaintext key is returned once and never stored.
 * @example provisionTenant(deps, { name: 'Comune di Bugliano', taxIdentificationNumber: '00341620508' }, now)
 */
export async function provisionTenant(
  deps: TenantDeps & { readonly apiKeys: ApiKeyCodec },
  input: { readonly id?: string; readonly name: string; readonly taxIdentificationNumber: string; readonly ipaCode?: string | null },
  now: Date,
): Promise<Result<{ tenant: Tenant; apiKey: string }, DomainError>> {
  const id = input.id ?? deps.newId()
  if (!isUuid(id)) return err({ code: 'validation', issues: [{ path: 'id', message: 'must be a UUID' }] })
  const fields = validated({
    name: input.name,
    taxIdentificationNumber: input.taxIdentificationNumber,
    ipaCode: input.ipaCode ?? null,
    active: true,
  })
  if (!fields.ok) return fields
  const key = await deps.apiKeys.issue()
  const tenant: Tenant = {
    id: id.toLowerCase(),
    ...fields.value,
    pagopa: fields.value.pagopa ?? null,
    configuredAt: null,
    createdAt: now,
    updatedAt: now,
  }
  const created = await deps.tenants.create(tenant, {
    keyId: key.keyId,
    tenantId: tenant.id,
    hash: key.hash,
    createdAt: now,
    revokedAt: null,
  })
  if (!created.ok) return created
  return ok({ tenant, apiKey: key.plaintext })
}

/** The caller's own tenant (or, for a platform, one it created), or not_found for any other id. */
export function getTenant(deps: Pick<TenantDeps, 'tenants'>, principal: Caller, tenantId: string): Promise<Result<Tenant, DomainError>> {
  return tenantInScope(deps, principal, tenantId)
}

/** Lists the tenants visible to the caller: its own, or those the platform created. */
export async function listTenants(deps: Pick<TenantDeps, 'tenants'>, principal: Caller): Promise<Tenant[]> {
  if (principal.kind === 'platform') return deps.tenants.listByPlatform(principal.platformId)
  const own = await deps.tenants.get(principal.tenantId)
  return own ? [own] : []
}

/**
 * POST /tenants by a platform: a new tenant with the platform's own id (generated when absent),
 * configured at once and owned by the platform. Any existing id is a conflict (use PUT/PATCH for
 * the platform's own tenants).
 */
async function createPlatformTenant(
  deps: TenantDeps,
  platformId: string,
  input: { readonly id: string | undefined } & TenantFields,
  now: Date,
): Promise<Result<Tenant, DomainError>> {
  const { id: given, ...rest } = input
  const id = (given ?? deps.newId()).toLowerCase()
  if (!isUuid(id)) return err({ code: 'validation', issues: [{ path: 'id', message: 'must be a UUID' }] })
  const fields = validated(rest)
  if (!fields.ok) return fields
  const tenant: Tenant = {
    id,
    ...fields.value,
    pagopa: fields.value.pagopa ?? null,
    configuredAt: now,
    createdAt: now,
    updatedAt: now,
    platformId,
  }
  const created = await deps.tenants.create(tenant, null)
  return created.ok ? ok(tenant) : created
}

/**
 * POST /tenants. A tenant caller submits the configuration of its provisioned tenant: `id` defaults
 * to the caller's tenant; any other id is refused (403); a second POST is a conflict: use PUT/PATCH.
 * A platform creates a tenant (see createPlatformTenant).
 */
export async function configureTenant(
  deps: TenantDeps,
  principal: Caller,
  input: { readonly id: string | undefined } & TenantFields,
  now: Date,
): Promise<Result<Tenant, DomainError>> {
  if (principal.kind === 'platform') return createPlatformTenant(deps, principal.platformId, input, now)
  const id = (input.id ?? principal.tenantId).toLowerCase()
  if (id !== principal.tenantId) return err({ code: 'auth.tenant_mismatch' })
  const current = await deps.tenants.get(id)
  if (!current) return err({ code: 'not_found', resource: 'tenant', id })
  if (current.configuredAt !== null) {
    return err({
      code: 'conflict',
      resource: 'tenant',
      id,
      detail: 'this tenant is already configured; use PUT or PATCH /tenants/{id} to change it',
    })
  }
  return write(deps, current, { ...input, configuredAt: now }, now)
}

/** PUT (all fields) and PATCH (some fields) of the caller's tenant. */
export async function updateTenant(
  deps: Pick<TenantDeps, 'tenants'>,
  principal: Caller,
  tenantId: string,
  changes: Partial<TenantFields>,
  now: Date,
): Promise<Result<Tenant, DomainError>> {
  const current = await getTenant(deps, principal, tenantId)
  if (!current.ok) return current
  return write(deps, current.value, { ...changes, configuredAt: current.value.configuredAt ?? now }, now)
}

/** DELETE: a soft delete that sets `active=false`; repeating it changes nothing. */
export async function deactivateTenant(
  deps: Pick<TenantDeps, 'tenants'>,
  principal: Caller,
  tenantId: string,
  now: Date,
): Promise<Result<Tenant, DomainError>> {
  const current = await getTenant(deps, principal, tenantId)
  if (!current.ok) return current
  if (!current.value.active) return current
  return write(deps, current.value, { active: false }, now)
}

async function write(
  deps: Pick<TenantDeps, 'tenants'>,
  current: Tenant,
  changes: Partial<TenantFields> & { readonly configuredAt?: Date | null },
  now: Date,
): Promise<Result<Tenant, DomainError>> {
  const fields = validated({
    name: changes.name ?? current.name,
    taxIdentificationNumber: changes.taxIdentificationNumber ?? current.taxIdentificationNumber,
    ipaCode: changes.ipaCode === undefined ? current.ipaCode : changes.ipaCode,
    active: changes.active ?? current.active,
    pagopa: changes.pagopa === undefined ? current.pagopa : changes.pagopa,
  })
  if (!fields.ok) return fields
  // updatedAt must move forward even when two writes land in the same millisecond.
  const updatedAt = new Date(Math.max(now.getTime(), current.updatedAt.getTime() + 1))
  const next: Tenant = {
    ...current,
    ...fields.value,
    pagopa: fields.value.pagopa ?? null,
    configuredAt: changes.configuredAt === undefined ? current.configuredAt : changes.configuredAt,
    updatedAt,
  }
  const saved = await deps.tenants.update(next, current.updatedAt)
  return saved.ok ? ok(next) : saved
}
