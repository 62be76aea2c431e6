/**
 * Platform storage: platforms and their keys (only hashes). Tenants name their platform
 * (`TenantRepo.listByPlatform`).
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Platform, PlatformCredential } from '../core/platform.ts'
import type { Result } from '../core/result.ts'

export interface PlatformRepo {
  /** Inserts a platform and its first key atomically. `conflict` when the id exists. */
  create(platform: Platform, credential: PlatformCredential): Promise<Result<void, DomainError>>
  get(platformId: string): Promise<Platform | null>
  /** The key with this public id; `revokedAt` is set when the key or its platform is revoked. */
  findCredential(keyId: string): Promise<PlatformCredential | null>
  /** Revokes the platform and all its keys; false when there is no such platform. Idempotent. */
  revoke(platformId: string, at: Date): Promise<boolean>
}
