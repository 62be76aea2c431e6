/**
 * Decorators that put the hot reads of authentication and of `GET /tenants/{id}` behind a
 * ReadCache (./read-cache.ts): tenant API keys and tenant rows, platform keys, a tenant's
 * intermediary credentials, and a service by id (read by every payment event ingested). Key
 * rotation and revocation (ApiKeyStore) write through the same path. Every write through them
 * empties the cache first and after, so a key revoked (or a tenant or service changed) in this
 * process is refused (or seen) by the very next request.
 * @module
 */

import type { ApiKeyStore } from '../../ports/api-key-store.port.ts'
import type { IntermediaryCredentialsRepo } from '../../ports/intermediary-credentials-repo.port.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'
import type { ServiceRepo } from '../../ports/service-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { ReadCache } from './read-cache.ts'

/** Runs a write with the cache emptied before (no reader keeps the old row) and after (no racing read is kept). */
async function writing<T>(cache: ReadCache, write: () => Promise<T>): Promise<T> {
  cache.invalidate()
  try {
    return await write()
  } finally {
    cache.invalidate()
  }
}

export function cachedTenantRepo(inner: TenantRepo, cache: ReadCache): TenantRepo {
  if (cache.ttlMs === 0) return inner
  return {
    ...inner,
    create: (tenant, credential) => writing(cache, () => inner.create(tenant, credential)),
    update: (tenant, expected) => writing(cache, () => inner.update(tenant, expected)),
    get: (id) => cache.get('tenant', id, () => inner.get(id)),
    findCredential: (keyId) => cache.get('api_key', keyId, () => inner.findCredential(keyId)),
  }
}

export function cachedPlatformRepo(inner: PlatformRepo, cache: ReadCache): PlatformRepo {
  if (cache.ttlMs === 0) return inner
  return {
    ...inner,
    create: (platform, credential) => writing(cache, () => inner.create(platform, credential)),
    revoke: (platformId, at) => writing(cache, () => inner.revoke(platformId, at)),
    findCredential: (keyId) => cache.get('platform_key', keyId, () => inner.findCredential(keyId)),
  }
}

/** `get` cached (each ingest reads its service); lists always read the database. */
export function cachedServiceRepo(inner: ServiceRepo, cache: ReadCache): ServiceRepo {
  if (cache.ttlMs === 0) return inner
  return {
    ...inner,
    create: (service) => writing(cache, () => inner.create(service)),
    update: (service, expected) => writing(cache, () => inner.update(service, expected)),
    get: (tenantId, serviceId) => cache.get('service', `${tenantId}\u0000${serviceId}`, () => inner.get(tenantId, serviceId)),
  }
}

export function cachedIntermediaryCredentials(inner: IntermediaryCredentialsRepo, cache: ReadCache): IntermediaryCredentialsRepo {
  if (cache.ttlMs === 0) return inner
  return {
    ...inner,
    put: (write) => writing(cache, () => inner.put(write)),
    reseal: (tenantId, intermediary, expectedVersion, sealed) =>
      writing(cache, () => inner.reseal(tenantId, intermediary, expectedVersion, sealed)),
    list: (tenantId) => cache.get('intermediary_credentials', tenantId, () => inner.list(tenantId)),
  }
}

/** Key rotation and revocation: writes only, each emptying the cache (a revoked key is refused by the next request here). */
export function cachedApiKeyStore(inner: ApiKeyStore, cache: ReadCache): ApiKeyStore {
  if (cache.ttlMs === 0) return inner
  return {
    ...inner,
    rotate: (ownerId, key, retireAt) => writing(cache, () => inner.rotate(ownerId, key, retireAt)),
    revoke: (ownerId, keyId, at) => writing(cache, () => inner.revoke(ownerId, keyId, at)),
  }
}
