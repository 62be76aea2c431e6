/**
 * What a caller may act on, on the proxy API. A tenant caller: its own tenant. A platform: the
 * tenants it created (and their services, payments, imports). Anything else reads as not found,
 * never as forbidden, so that ids do not leak.
 * @module
 */

import type { PaymentRepo, StoredPayment } from '../../ports/payment-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { DomainError } from '../errors.ts'
import type { Caller } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'
import type { Tenant } from '../tenant.ts'

export type ScopeDeps = { readonly tenants: Pick<TenantRepo, 'get' | 'listByPlatform'> }

/** True when `tenant` is the caller's own (tenant) or one it created (platform). */
export function owns(caller: Caller, tenant: Pick<Tenant, 'id' | 'platformId'>): boolean {
  return caller.kind === 'tenant' ? tenant.id === caller.tenantId : tenant.platformId === caller.platformId
}

/** The tenant with this id, if the caller may act on it; otherwise `not_found`. */
export async function tenantInScope(deps: ScopeDeps, caller: Caller, tenantId: string): Promise<Result<Tenant, DomainError>> {
  const id = tenantId.toLowerCase()
  const notFound = err<DomainError>({ code: 'not_found', resource: 'tenant', id: tenantId })
  if (caller.kind === 'tenant' && id !== caller.tenantId) return notFound
  const tenant = await deps.tenants.get(id)
  return tenant && owns(caller, tenant) ? ok(tenant) : notFound
}

/** True when a resource of `tenantId` is in the caller's scope (one read for a platform, none for a tenant). */
export async function mayActOn(deps: ScopeDeps, caller: Caller, tenantId: string): Promise<boolean> {
  if (caller.kind === 'tenant') return tenantId === caller.tenantId
  return (await tenantInScope(deps, caller, tenantId)).ok
}

/** The ids of the tenants the caller may act on. */
export async function tenantIdsInScope(deps: ScopeDeps, caller: Caller): Promise<string[]> {
  if (caller.kind === 'tenant') return [caller.tenantId]
  return (await deps.tenants.listByPlatform(caller.platformId)).map((t) => t.id)
}

/** A payment the caller may act on (by id alone for a platform), or null. */
export async function paymentInScope(
  deps: ScopeDeps & { readonly payments: Pick<PaymentRepo, 'get' | 'getForCitizen'> },
  caller: Caller,
  paymentId: string,
): Promise<StoredPayment | null> {
  const id = paymentId.toLowerCase()
  if (caller.kind === 'tenant') return deps.payments.get(caller.tenantId, id)
  const stored = await deps.payments.getForCitizen(id)
  return stored && (await mayActOn(deps, caller, stored.payment.tenant_id)) ? stored : null
}

/** The tenant of an import the caller may act on, or null. */
export async function importTenantInScope(
  deps: ScopeDeps & { readonly imports: { tenantOf(importId: string): Promise<string | null> } },
  caller: Caller,
  importId: string,
): Promise<string | null> {
  const id = importId.toLowerCase()
  if (caller.kind === 'tenant') return caller.tenantId
  const tenantId = await deps.imports.tenantOf(id)
  return tenantId !== null && (await mayActOn(deps, caller, tenantId)) ? tenantId : null
}
