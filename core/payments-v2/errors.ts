/**
 * Errors of the payments v2 API: the shared domain errors plus the provider and billing outcomes
 * that only this API has. edge/routes/payment-v2-errors.ts maps each code to HTTP once.
 * @module
 */

import type { DomainError } from '../errors.ts'
import type { BillingStatus, V2Method, V2Provider } from './model.ts'

export type PaymentsV2Error =
  | DomainError
  /** The tenant's subscription is suspended or expired (402). */
  | { readonly code: 'billing.inactive'; readonly status: BillingStatus }
  /** The tenant has not configured a payments provider yet (409). */
  | { readonly code: 'provider.not_configured' }
  /** The tenant's provider does not offer this method (400). */
  | { readonly code: 'provider.method_unavailable'; readonly provider: V2Provider; readonly method: V2Method }
  /** The provider refused for a business reason (422). */
  | { readonly code: 'provider.declined'; readonly reason: string }
  /** The provider refused our request as malformed (422). */
  | { readonly code: 'provider.invalid_request'; readonly reason: string }
  /** The tenant's provider credentials were refused (502). */
  | { readonly code: 'provider.auth'; readonly reason: string }
  /** The provider is down or rate limiting; nothing happened, retry later (503). */
  | { readonly code: 'provider.unavailable'; readonly reason: string }
  /** A stored secret does not open (tampered, or sealed with a key no longer in the ring) (500). */
  | { readonly code: 'secrets.unreadable' }

/** A provider failure outcome → the error of this API (`unknown` is not an error: callers answer 202). */
export function providerError(o: {
  readonly kind: 'declined' | 'invalid_request' | 'auth' | 'retryable'
  readonly reason: string
}): PaymentsV2Error {
  switch (o.kind) {
    case 'declined':
      return { code: 'provider.declined', reason: o.reason }
    case 'invalid_request':
      return { code: 'provider.invalid_request', reason: o.reason }
    case 'auth':
      return { code: 'provider.auth', reason: o.reason }
    case 'retryable':
      return { code: 'provider.unavailable', reason: o.reason }
  }
}
