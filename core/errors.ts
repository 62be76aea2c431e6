/**
 * Domain errors of every API: a closed, tagged union with stable string codes. The edge maps each
 * code to HTTP exactly once (edge/http-errors.ts), in the envelope of the API the route belongs to;
 * core never knows about status codes. A new code is one member here and one case there.
 * @module
 */

import type { ValidationIssue } from './fatturapa/issue.ts'
import type { BillingStatus } from './payments-v2/model.ts'

/** One failed field of an input, with a dotted path such as `receiver.tax_identification_number`. */
export type FieldIssue = { readonly path: string; readonly message: string }

/** Why a capability link does not open (core/capability-link.ts). */
export type LinkRefusal = 'missing' | 'malformed' | 'unknown_key' | 'bad_signature' | 'expired'

export type DomainError =
  | { readonly code: 'validation'; readonly issues: readonly FieldIssue[] }
  | { readonly code: 'auth.missing_credentials'; readonly missing: 'api_key' | 'token' }
  | { readonly code: 'auth.invalid_api_key' }
  | { readonly code: 'auth.invalid_token'; readonly reason: string }
  | { readonly code: 'auth.token_expired' }
  | { readonly code: 'auth.tenant_mismatch' }
  /** A capability link without a valid signature, or past its expiry (core/capability-link.ts). */
  | { readonly code: 'auth.invalid_link'; readonly reason: LinkRefusal }
  | { readonly code: 'auth.insufficient_role'; readonly required: Role; readonly actual: Role }
  /** A platform key on a route outside the proxy API (the Agile API needs a tenant key and a JWT). */
  | { readonly code: 'auth.platform_not_allowed' }
  | { readonly code: 'not_found'; readonly resource: string; readonly id: string }
  | { readonly code: 'conflict'; readonly resource: string; readonly id: string; readonly detail: string }
  | { readonly code: 'unavailable'; readonly dependency: string }
  /** A provider webhook that failed verification: bad signature, too old, or unreadable. */
  | { readonly code: 'webhook.rejected'; readonly kind: 'invalid_signature' | 'stale' | 'malformed'; readonly reason: string }
  /** Well-formed but not processable in the current state (e.g. no active service configuration). */
  | { readonly code: 'unprocessable'; readonly detail: string }
  /** The tenant's subscription is suspended or expired. */
  | { readonly code: 'billing.inactive'; readonly status: BillingStatus }
  /** The tenant has not configured a payments provider yet. */
  | { readonly code: 'provider.not_configured' }
  /** The tenant's provider does not offer this method. */
  | { readonly code: 'provider.method_unavailable'; readonly provider: string; readonly method: string }
  /** The provider refused for a business reason. */
  | { readonly code: 'provider.declined'; readonly reason: string }
  /** The provider refused our request as malformed. */
  | { readonly code: 'provider.invalid_request'; readonly reason: string }
  /** The tenant's provider credentials were refused. */
  | { readonly code: 'provider.auth'; readonly reason: string }
  /** The provider is down or rate limiting; nothing happened, retry later. */
  | { readonly code: 'provider.unavailable'; readonly reason: string }
  /** A stored secret does not open (tampered, or sealed with a key no longer in the ring). */
  | { readonly code: 'secrets.unreadable' }
  /** A FatturaPA file that SDI would discard (or that is not one): every finding, nothing sent or stored. */
  | { readonly code: 'invoice.invalid'; readonly issues: readonly ValidationIssue[] }
  /** An upload larger than the stated limit: nothing kept. */
  | { readonly code: 'too_large'; readonly what: string; readonly limitBytes: number }

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

/**
 * A provider's failed Outcome as a domain error. `unknown` (the effect may have happened) is
 * normally not an error (callers answer 202 and reconcile); where a caller cannot wait, it is
 * treated as the provider being unavailable.
 */
export function providerError(o: {
  readonly kind: 'declined' | 'invalid_request' | 'auth' | 'retryable' | 'unknown'
  readonly reason: string
}): DomainError {
  switch (o.kind) {
    case 'declined':
      return { code: 'provider.declined', reason: o.reason }
    case 'invalid_request':
      return { code: 'provider.invalid_request', reason: o.reason }
    case 'auth':
      return { code: 'provider.auth', reason: o.reason }
    case 'retryable':
    case 'unknown':
      return { code: 'provider.unavailable', reason: o.reason }
  }
}
