/**
 * Service configuration use cases. Every call is scoped to what the caller may act on (its tenant,
 * or the tenants a platform created: core/use-cases/scope.ts); the proxy generates the id when none
 * is given and answers conflict on a duplicate (opencity.md §2.2). With a platform key a new service
 * names its tenant (`tenant_id`), as Opencity keeps each service under its tenant.
 * @module
 */

import type { NewId } from '../../ports/id-gen.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { DomainError } from '../errors.ts'
import type { Caller } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'
import { checkServiceFields, type Service, type ServiceFields } from '../service.ts'
import { isUuid } from '../tenant.ts'
import { mayActOn, type ScopeDeps, tenantIdsInScope, tenantInScope } from './scope.ts'

export type ServiceDeps = ScopeDeps & { readonly services: ServiceRepo; readonly newId: NewId }

const invalid = (issues: ReturnType<typeof checkServiceFields>) => err<DomainError>({ code: 'validation', issues })

/** The tenant a new service goes under: the caller's own, or (platform) the `tenant_id` it names. */
async function tenantFor(deps: ServiceDeps, principal: Caller, tenantId: string | undefined): Promise<Result<string, DomainError>> {
  if (tenantId === undefined) {
    return principal.kind === 'tenant'
      ? ok(principal.tenantId)
      : invalid([{ path: 'tenant_id', message: 'is required with a platform key: the tenant this service belongs to' }])
  }
  const tenant = await tenantInScope(deps, principal, tenantId)
  return tenant.ok ? ok(tenant.value.id) : tenant
}

export async function createService(
  deps: ServiceDeps,
  principal: Caller,
  input: { readonly id?: string | undefined; readonly tenantId?: string | undefined } & ServiceFields,
  now: Date,
): Promise<Result<Service, DomainError>> {
  const { id: given, tenantId: named, ...fields } = input
  if (given !== undefined && !isUuid(given)) return invalid([{ path: 'id', message: 'must be a UUID' }])
  const issues = checkServiceFields(fields)
  if (issues.length > 0) return invalid(issues)
  const tenantId = await tenantFor(deps, principal, named)
  if (!tenantId.ok) return tenantId
  const id = (given ?? deps.newId()).toLowerCase()
  // A platform reaches a service by id alone, so its ids are unique across its tenants.
  if (principal.kind === 'platform' && (await getService(deps, principal, id)).ok) {
    return err({ code: 'conflict', resource: 'service', id, detail: 'a service with this id already exists' })
  }
  const service: Service = { ...fields, reason: fields.reason.trim(), id, tenant_id: tenantId.value, created_at: now, updated_at: now }
  const created = await deps.services.create(service)
  return created.ok ? ok(service) : created
}

export async function getService(
  deps: Pick<ServiceDeps, 'services' | 'tenants'>,
  principal: Caller,
  id: string,
): Promise<Result<Service, DomainError>> {
  const notFound = err<DomainError>({ code: 'not_found', resource: 'service', id })
  if (principal.kind === 'tenant') {
    const s = await deps.services.get(principal.tenantId, id.toLowerCase())
    return s ? ok(s) : notFound
  }
  for (const s of await deps.services.withId(id.toLowerCase())) {
    if (await mayActOn(deps, principal, s.tenant_id)) return ok(s)
  }
  return notFound
}

/** The caller's services; `tenantId` narrows a platform's list to one of its tenants (another: not_found). */
export async function listServices(
  deps: Pick<ServiceDeps, 'services' | 'tenants'>,
  principal: Caller,
  page: { limit: number; offset: number },
  tenantId?: string,
): Promise<Result<{ items: Service[]; total: number }, DomainError>> {
  if (tenantId !== undefined) {
    const tenant = await tenantInScope(deps, principal, tenantId)
    return tenant.ok ? ok(await deps.services.list(tenant.value.id, page)) : tenant
  }
  if (principal.kind === 'tenant') return ok(await deps.services.list(principal.tenantId, page))
  return ok(await deps.services.listIn(await tenantIdsInScope(deps, principal), page))
}

/** PUT (all fields) and PATCH (some) of one of the caller's services. */
export async function updateService(
  deps: Pick<ServiceDeps, 'services' | 'tenants'>,
  principal: Caller,
  id: string,
  changes: Partial<ServiceFields>,
  now: Date,
): Promise<Result<Service, DomainError>> {
  const current = await getService(deps, principal, id)
  if (!current.ok) return current
  const next: Service = {
    ...current.value,
    ...changes,
    updated_at: new Date(Math.max(now.getTime(), current.value.updated_at.getTime() + 1)),
  }
  const issues = checkServiceFields(next)
  if (issues.length > 0) return invalid(issues)
  const saved = await deps.services.update(next, current.value.updated_at)
  return saved.ok ? ok(next) : saved
}

/** DELETE: soft delete (`active=false`); repeating it changes nothing. */
export async function deactivateService(deps: Pick<ServiceDeps, 'services' | 'tenants'>, principal: Caller, id: string, now: Date) {
  const current = await getService(deps, principal, id)
  if (!current.ok || !current.value.active) return current
  return updateService(deps, principal, id, { active: false }, now)
}
