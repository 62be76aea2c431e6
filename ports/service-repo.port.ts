/** Service configurations, always within one tenant (the key is tenant id + service id). @module */

import type { DomainError } from '../core/errors.ts'
import type { Result } from '../core/result.ts'
import type { Service } from '../core/service.ts'

export interface ServiceRepo {
  /** `conflict` when this tenant already has a service with this id. */
  create(service: Service): Promise<Result<void, DomainError>>
  get(tenantId: string, serviceId: string): Promise<Service | null>
  list(tenantId: string, page: { readonly limit: number; readonly offset: number }): Promise<{ items: Service[]; total: number }>
  /** The services of any of these tenants (a platform's), in the order of `list`. */
  listIn(
    tenantIds: readonly string[],
    page: { readonly limit: number; readonly offset: number },
  ): Promise<{ items: Service[]; total: number }>
  /** Every tenant's service with this id (the caller then keeps those in its scope). */
  withId(serviceId: string): Promise<Service[]>
  /** Optimistic: `conflict` if the stored updated_at is not `expectedUpdatedAt`, `not_found` if gone. */
  update(service: Service, expectedUpdatedAt: Date): Promise<Result<void, DomainError>>
}
