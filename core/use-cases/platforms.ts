/**
 * Platform lifecycle (CLI): `provisionPlatform` issues the platform key (shown once, only its hash
 * stored); `revokePlatform` stops its keys at once (every request reads the credential afresh).
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'
import type { DomainError } from '../errors.ts'
import type { Platform } from '../platform.ts'
import { err, ok, type Result } from '../result.ts'
import { isUuid } from '../tenant.ts'

export type PlatformDeps = { readonly platforms: PlatformRepo; readonly platformKeys: ApiKeyCodec; readonly newId: NewId }

/** @example provisionPlatform(deps, { name: 'Opencity Italia' }, now) // { platform, apiKey: 'vp_…' } */
export async function provisionPlatform(
  deps: PlatformDeps,
  input: { readonly name: string },
  now: Date,
): Promise<Result<{ platform: Platform; apiKey: string }, DomainError>> {
  const name = input.name.trim()
  if (name.length === 0 || name.length > 255) {
    return err({ code: 'validation', issues: [{ path: 'name', message: 'must be 1-255 characters' }] })
  }
  const platform: Platform = { id: deps.newId().toLowerCase(), name, createdAt: now, revokedAt: null }
  const key = await deps.platformKeys.issue()
  const created = await deps.platforms.create(platform, {
    keyId: key.keyId,
    platformId: platform.id,
    hash: key.hash,
    createdAt: now,
    revokedAt: null,
  })
  return created.ok ? ok({ platform, apiKey: key.plaintext }) : created
}

/** Revokes the platform and its keys; its tenants and their data stay. Idempotent. */
export async function revokePlatform(
  deps: Pick<PlatformDeps, 'platforms'>,
  platformId: string,
  now: Date,
): Promise<Result<Platform, DomainError>> {
  const id = platformId.toLowerCase()
  const notFound = err<DomainError>({ code: 'not_found', resource: 'platform', id: platformId })
  if (!isUuid(id) || !(await deps.platforms.revoke(id, now))) return notFound
  const platform = await deps.platforms.get(id)
  return platform ? ok(platform) : notFound
}
