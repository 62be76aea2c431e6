/**
 * Authenticates a caller from `X-API-Key` and `Authorization: Bearer <JWT>`.
 * 401 cases: missing header, unknown/revoked/wrong key, bad or expired token. 403: the token's
 * tenant is not the key's tenant. The key hash is compared in constant time, and an unknown key
 * id still costs one hash so that timing does not reveal which key ids exist.
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import type { TenantRepo } from '../../ports/tenant-repo.port.ts'
import type { VerifyToken } from '../../ports/token-verifier.port.ts'
import type { DomainError, Role } from '../errors.ts'
import { roleAtLeast } from '../errors.ts'
import type { Principal } from '../principal.ts'
import { err, ok, type Result } from '../result.ts'

export type AuthenticateDeps = {
  readonly tenants: Pick<TenantRepo, 'findCredential'>
  readonly apiKeys: ApiKeyCodec
  readonly verifyToken: VerifyToken
}

export type Credentials = {
  readonly apiKey: string | undefined
  readonly authorization: string | undefined
}

/** A well-formed but impossible hash, compared against when the key id is unknown. */
const DUMMY_HASH = '0'.repeat(64)

export async function authenticate(deps: AuthenticateDeps, creds: Credentials): Promise<Result<Principal, DomainError>> {
  const apiKey = creds.apiKey?.trim()
  if (!apiKey) return err({ code: 'auth.missing_credentials', missing: 'api_key' })
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(creds.authorization ?? '')?.[1]
  if (!bearer) return err({ code: 'auth.missing_credentials', missing: 'token' })

  const keyId = deps.apiKeys.keyIdOf(apiKey)
  const credential = keyId === null ? null : await deps.tenants.findCredential(keyId)
  const matches = await deps.apiKeys.matches(apiKey, credential?.hash ?? DUMMY_HASH)
  if (!credential || !matches || credential.revokedAt !== null) {
    return err({ code: 'auth.invalid_api_key' })
  }

  const claims = await deps.verifyToken(bearer)
  if (!claims.ok) return claims
  if (claims.value.tenantId !== credential.tenantId) return err({ code: 'auth.tenant_mismatch' })

  return ok({
    tenantId: credential.tenantId,
    userId: claims.value.userId,
    role: claims.value.role,
    keyId: credential.keyId,
  })
}

/** 403 unless the caller's role is at least `required`. */
export function authorize(principal: Principal, required: Role): Result<Principal, DomainError> {
  return roleAtLeast(principal.role, required) ? ok(principal) : err({ code: 'auth.insufficient_role', required, actual: principal.role })
}
