/**
 * Tenant storage. The tenant id is the isolation scope: no method returns another tenant's data
 * unless it is given that tenant's id, and the HTTP layer only ever passes the caller's own id.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Result } from '../core/result.ts'
import type { Tenant } from '../core/tenant.ts'

/** A stored API key: its public id and a SHA-256 hash of the whole key; the key itself is never stored. */
export type ApiKeyCredential = {
  readonly keyId: string
  readonly tenantId: string
  readonly hash: string
  readonly createdAt: Date
  readonly revokedAt: Date | null
  /** The end of a rotated key's grace period (absent or null: none). */
  readonly expiresAt?: Date | null
}

export interface TenantRepo {
  /**
   * Inserts a tenant and its first credential atomically (none for a tenant a platform creates: the
   * platform's key acts for it). `conflict` when the id exists. `platformId` is stored once, never updated.
   */
  create(tenant: Tenant, credential: ApiKeyCredential | null): Promise<Result<void, DomainError>>
  /** The tenant with this id, active or not; null when absent. */
  get(tenantId: string): Promise<Tenant | null>
  /** The tenants this platform created, oldest first. */
  listByPlatform(platformId: string): Promise<Tenant[]>
  /**
   * Writes the tenant if its stored `updatedAt` still equals `expectedUpdatedAt` (optimistic lock).
   * `conflict` when another writer got there first; `not_found` when it is gone.
   */
  update(tenant: Tenant, expectedUpdatedAt: Date): Promise<Result<void, DomainError>>
  /** Looks a credential up by its public key id (the part before the secret). */
  findCredential(keyId: string): Promise<ApiKeyCredential | null>
}
