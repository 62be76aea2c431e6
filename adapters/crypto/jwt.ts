/**
 * JWT verification (VerifyToken) and signing for the CLI, with jose. Algorithms are pinned per key
 * source: HS256 with `JWT_SECRET`; RS256/EdDSA with keys from `JWT_JWKS_URL`. `exp` is required.
 * Claims: `user_id`, `tenant_id`, `role` (viewer | operator | admin).
 * @module
 */

import * as jose from 'jose'
import { ROLES } from '../../core/errors.ts'
import { err, ok } from '../../core/result.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { TokenClaims, VerifyToken } from '../../ports/token-verifier.port.ts'
import { hmacSha256Key } from '../shared/hash.ts'

export type JwtConfig = {
  readonly secret?: string | undefined
  readonly jwksUrl?: string | undefined
  readonly issuer?: string | undefined
  readonly audience?: string | undefined
  readonly clock: Clock
  /** Used to fetch the JWKS; defaults to global fetch. */
  readonly fetch?: typeof fetch
}

const HMAC_ALGS = ['HS256']
/** Verified tokens kept in memory, so a client reusing its token skips the signature check. */
const TOKEN_CACHE_MAX = 10_000
const JWKS_ALGS = ['RS256', 'EdDSA']
const CLOCK_TOLERANCE_S = 5

function claimsOf(payload: jose.JWTPayload): TokenClaims | string {
  const { user_id: userId, tenant_id: tenantId, role, exp } = payload as Record<string, unknown>
  if (typeof userId !== 'string' || userId.length === 0) return 'user_id claim missing'
  if (typeof tenantId !== 'string' || tenantId.length === 0) return 'tenant_id claim missing'
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return 'role claim must be viewer, operator or admin'
  if (typeof exp !== 'number') return 'exp claim missing'
  return { userId, tenantId: tenantId.toLowerCase(), role: role as TokenClaims['role'], expiresAt: new Date(exp * 1000) }
}

/**
 * Verification is cached per exact token string (bounded, oldest evicted first). A cached token is
 * still checked against the clock on every use, so expiry behaves exactly as without the cache;
 * failures are never cached. The HMAC key is imported once, not per request.
 */
export function createJwtVerifier(config: JwtConfig): VerifyToken {
  const secret: Promise<CryptoKey> | null = config.secret ? hmacSha256Key(config.secret, 'verify') : null
  const verified = new Map<string, TokenClaims>()
  const jwks = config.jwksUrl
    ? jose.createRemoteJWKSet(new URL(config.jwksUrl), {
        ...(config.fetch ? { [jose.customFetch]: config.fetch } : {}),
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      })
    : null

  return async (token) => {
    const hit = verified.get(token)
    if (hit) {
      if (hit.expiresAt.getTime() + CLOCK_TOLERANCE_S * 1000 > config.clock().getTime()) return ok(hit)
      verified.delete(token)
      return err({ code: 'auth.token_expired' })
    }
    let alg: string | undefined
    try {
      alg = jose.decodeProtectedHeader(token).alg
    } catch {
      return err({ code: 'auth.invalid_token', reason: 'malformed token' })
    }
    const options: jose.JWTVerifyOptions = {
      currentDate: config.clock(),
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp'],
      ...(config.issuer ? { issuer: config.issuer } : {}),
      ...(config.audience ? { audience: config.audience } : {}),
    }
    try {
      let payload: jose.JWTPayload
      if (alg && HMAC_ALGS.includes(alg) && secret) {
        payload = (await jose.jwtVerify(token, await secret, { ...options, algorithms: HMAC_ALGS })).payload
      } else if (alg && JWKS_ALGS.includes(alg) && jwks) {
        payload = (await jose.jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGS })).payload
      } else {
        return err({ code: 'auth.invalid_token', reason: `algorithm ${alg ?? 'none'} is not accepted` })
      }
      const claims = claimsOf(payload)
      if (typeof claims === 'string') return err({ code: 'auth.invalid_token', reason: claims })
      if (verified.size >= TOKEN_CACHE_MAX) verified.delete(verified.keys().next().value as string)
      verified.set(token, claims)
      return ok(claims)
    } catch (e) {
      if (e instanceof jose.errors.JWTExpired) return err({ code: 'auth.token_expired' })
      if (e instanceof jose.errors.JOSEError) return err({ code: 'auth.invalid_token', reason: e.code })
      throw e
    }
  }
}

/** Parses a TTL such as `90s`, `15m`, `1h`, `7d` into seconds; null when malformed. */
export function parseTtl(ttl: string): number | null {
  const m = /^(\d+)([smhd])$/.exec(ttl.trim())
  if (!m) return null
  const n = Number(m[1])
  const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd']
  return n > 0 ? n * unit : null
}

/** Signs an HS256 token with the gateway's claims (used by `varco token` and tests). */
export async function signToken(input: {
  readonly secret: string
  readonly tenantId: string
  readonly userId: string
  readonly role: TokenClaims['role']
  readonly ttlSeconds: number
  readonly now: Date
  readonly issuer?: string | undefined
  readonly audience?: string | undefined
}): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000)
  let jwt = new jose.SignJWT({ user_id: input.userId, tenant_id: input.tenantId, role: input.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.ttlSeconds)
    .setSubject(input.userId)
  if (input.issuer) jwt = jwt.setIssuer(input.issuer)
  if (input.audience) jwt = jwt.setAudience(input.audience)
  return jwt.sign(new TextEncoder().encode(input.secret))
}
