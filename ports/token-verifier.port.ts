/**
 * Bearer token (JWT) verification with pinned algorithms and a mandatory expiry.
 * @module
 */
import type { Role } from '../core/errors.ts'
import type { Result } from '../core/result.ts'

export type TokenClaims = {
  readonly userId: string
  readonly tenantId: string
  readonly role: Role
  readonly expiresAt: Date
}

export type TokenError = { readonly code: 'auth.invalid_token'; readonly reason: string } | { readonly code: 'auth.token_expired' }

export type VerifyToken = (token: string) => Promise<Result<TokenClaims, TokenError>>
