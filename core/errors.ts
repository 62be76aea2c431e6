/**
 * Domain errors: a closed, tagged union with stable string codes. The edge maps each code to HTTP
 * exactly once (edge/http-errors.ts); core never knows about status codes.
 * @module
 */

/** One failed field of an input, with a dotted path such as `receiver.tax_identification_number`. */
export type FieldIssue = { readonly path: string; readonly message: string }

export type DomainError =
  | { readonly code: 'validation'; readonly issues: readonly FieldIssue[] }
  | { readonly code: 'auth.missing_credentials'; readonly missing: 'api_key' | 'token' }
  | { readonly code: 'auth.invalid_api_key' }
  | { readonly code: 'auth.invalid_token'; readonly reason: string }
  | { readonly code: 'auth.token_expired' }
  | { readonly code: 'auth.tenant_mismatch' }
  | { readonly code: 'auth.insufficient_role'; readonly required: Role; readonly actual: Role }
  | { readonly code: 'not_found'; readonly resource: string; readonly id: string }
  | { readonly code: 'conflict'; readonly resource: string; readonly id: string; readonly detail: string }
  | { readonly code: 'unavailable'; readonly dependency: string }
  /** A provider webhook that failed verification: bad signature, too old, or unreadable. */
  | { readonly code: 'webhook.rejected'; readonly kind: 'invalid_signature' | 'stale' | 'malformed'; readonly reason: string }
  /** Well-formed but not processable in the current state (e.g. no active service configuration). */
  | { readonly code: 'unprocessable'; readonly detail: string }

export type DomainErrorCode = DomainError['code']

/** Caller roles, lowest first. */
export const ROLES = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** True when `actual` is at least `required` (viewer < operator < admin). */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required)
}

export const validationError = (path: string, message: string): DomainError => ({
  code: 'validation',
  issues: [{ path, message }],
})
