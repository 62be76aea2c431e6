/**
 * The ways to pay a tenant's provider offers (`GET /payment/v2/methods`), as the provider adapter
 * lists them (PaymentProvider.methods()): the one list, also checked when a link names a method.
 * @module
 */

import type { TenantProviderSet } from '../../ports/tenant-providers.port.ts'
import { type DomainError, providerError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { isV2Method, type V2MethodInfo, type V2Provider } from './model.ts'

/** The adapter's methods that payments v2 supports, recommended first. */
export async function offeredMethods(set: TenantProviderSet): Promise<Result<readonly V2MethodInfo[], DomainError>> {
  const listed = await set.methods()
  if (listed.kind !== 'ok') return err(providerError(listed))
  return ok(listed.value.flatMap((m) => (isV2Method(m.id) ? [{ id: m.id, label: m.label, recommended: m.recommended }] : [])))
}

export async function listMethods(
  deps: Pick<PaymentsV2Deps, 'providers'>,
  tenantId: string,
): Promise<Result<{ readonly provider: V2Provider; readonly methods: readonly V2MethodInfo[] }, DomainError>> {
  const set = await deps.providers(tenantId)
  if (!set.ok) return set
  const methods = await offeredMethods(set.value)
  return methods.ok ? ok({ provider: set.value.provider, methods: methods.value }) : methods
}
