/**
 * Service configuration use cases. Every call is scoped to the caller's tenant; the proxy generates
 * the id when none is given and answers conflict on a duplicate (opencity.md §2.2).
 * @module
 */

import type { NewId } from '../../ports/id-gen.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { DomainError } from '../errors.ts'
import type { Principal } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'
import { checkServiceFields, type Service, type ServiceFields } from '../service.ts'
import { isUuid } from '../tenant.ts'

export type ServiceDeps = { readonly services: ServiceRepo; readonly newId: NewId }

const invalid = (issues: ReturnType<typeof checkServiceFields>) => err<DomainError>({ code: 'validation', issues })

export async function createService(
  deps: ServiceDeps,
  principal: Principal,
  input: { readonly id?: string | undefined } & ServiceFields,
  now: Date,
): Promise<Result<Service, DomainError>> {
  const { id: given, ...fields } = input
  if (given !== undefined && !isUuid(given)) return invalid([{ path: 'id', message: 'must be a UUID' }])
  const issues = checkServiceFields(fields)
  if (issues.length > 0) return invalid(issues)
  const service: Service = {
    ...fields,
    reason: fields.reason.trim(),
    id: (given ?? deps.newId()).toLowerCase(),
    tenant_id: principal.tenantId,
    created_at: now,
    updated_at: now,
  }
  const created = await deps.services.create(service)
  return created.ok ? ok(service) : created
}

export async function getService(
  deps: Pick<ServiceDeps, 'services'>,
  principal: Principal,
  id: string,
): Promise<Result<Service, DomainError>> {
  const s = await deps.services.get(principal.tenantId, id.toLowerCase())
  return s ? ok(s) : err({ code: 'not_found', resource: 'service', id })
}

export function listServices(deps: Pick<ServiceDeps, 'services'>, principal: Principal, page: { limit: number; offset: number }) {
  return deps.services.list(principal.tenantId, page)
}

/** PUT (all fields) and PATCH (some) of one of the caller's services. */
export async function updateService(
  deps: Pick<ServiceDeps, 'services'>,
  principal: Principal,
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
export async function deactivateService(deps: Pick<ServiceDeps, 'services'>, principal: Principal, id: string, now: Date) {
  const current = await getService(deps, principal, id)
  if (!current.ok || !current.value.active) return current
  return updateService(deps, principal, id, { active: false }, now)
}
