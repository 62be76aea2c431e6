/**
 * Authenticates a caller from `X-API-Key` and `Authorization: Bearer <JWT>`.
 * A tenant key (`vk_…`) needs a JWT of the same tenant. A platform key (`vp_…`) stands alone: a
 * bearer token sent with it is ignored (not even verified), since the key carries all the authority.
 * 401 cases: missing header, unknown/revoked/wrong key (a rotated key past its grace period), bad or expired token. 403: the token's
 * tenant is not the key's tenant. The key hash is compared in constant time, and an unknown key
 * id still costs one hash so that timing does not reveal which key ids exist.
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { PlatformRepo } from '../../ports/platform-repo.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { VerifyToken } from '../../ports/token-verifier.port.ts'
import type { DomainError, Role } from '../errors.ts'
import { roleAtLeast } from '../errors.ts'
import type { Caller, PlatformPrincipal, Principal } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'
import { keyValidAt } from './api-keys.ts'

export type AuthenticateDeps = {
  readonly tenants: Pick<TenantRepo, 'findCredential'>
  readonly apiKeys: ApiKeyCodec
  readonly verifyToken: VerifyToken
  readonly platforms: Pick<PlatformRepo, 'findCredential'>
  readonly platformKeys: ApiKeyCodec
  /** Now, for keys with an end (a rotated key's grace period). */
  readonly clock: Clock
}

export type Credentials = {
  readonly apiKey: string | undefined
  readonly authorization: string | undefined
}

/** A well-formed but impossible hash, compared against when the key id is unknown. */
const DUMMY_HASH = '0'.repeat(64)

/** The platform of a `vp_…` key, or 401; the same cost whether or not the key id exists. */
async function authenticatePlatform(deps: AuthenticateDeps, apiKey: string): Promise<Result<PlatformPrincipal, DomainError>> {
  const keyId = deps.platformKeys.keyIdOf(apiKey)
  const credential = keyId === null ? null : await deps.platforms.findCredential(keyId)
  const matches = await deps.platformKeys.matches(apiKey, credential?.hash ?? DUMMY_HASH)
  if (!credential || !matches || !keyValidAt(credential, deps.clock())) return err({ code: 'auth.invalid_api_key' })
  return ok({ kind: 'platform', platformId: credential.platformId, role: 'admin', keyId: credential.keyId })
}

export async function authenticate(deps: AuthenticateDeps, creds: Credentials): Promise<Result<Caller, DomainError>> {
  const apiKey = creds.apiKey?.trim()
  if (!apiKey) return err({ code: 'auth.missing_credentials', missing: 'api_key' })
  if (apiKey.startsWith('vp_')) return authenticatePlatform(deps, apiKey)
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(creds.authorization ?? '')?.[1]
  if (!bearer) return err({ code: 'auth.missing_credentials', missing: 'token' })

  const keyId = deps.apiKeys.keyIdOf(apiKey)
  const credential = keyId === null ? null : await deps.tenants.findCredential(keyId)
  const matches = await deps.apiKeys.matches(apiKey, credential?.hash ?? DUMMY_HASH)
  if (!credential || !matches || !keyValidAt(credential, deps.clock())) {
    return err({ code: 'auth.invalid_api_key' })
  }

  const claims = await deps.verifyToken(bearer)
  if (!claims.ok) return claims
  if (claims.value.tenantId !== credential.tenantId) return err({ code: 'auth.tenant_mismatch' })

  return ok({
    kind: 'tenant',
    tenantId: credential.tenantId,
    userId: claims.value.userId,
    role: claims.value.role,
    keyId: credential.keyId,
  })
}

/** 403 unless the caller's role is at least `required` (a platform is admin). */
export function authorize<C extends Caller = Principal>(principal: C, required: Role): Result<C, DomainError> {
  return roleAtLeast(principal.role, required) ? ok(principal) : err({ code: 'auth.insufficient_role', required, actual: principal.role })
}
