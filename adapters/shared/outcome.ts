/**
 * The Outcome helpers every provider adapter uses (providers.md §4.6): the failure half of an
 * Outcome, `ok`/`invalid` constructors, a lookup that may find nothing, and the shape of the
 * HTTP status → failure kind mapping (the status lists themselves stay with each provider), and
 * the answer of a webhook check.
 * @module
 */

import type { Outcome, WebhookFailure, WebhookHint } from '../../ports/payment-provider.port.ts'

/** An Outcome that is not `ok`: what every provider call may answer instead of a value. */
export type Failure = Exclude<Outcome<never>, { readonly kind: 'ok' }>

/** A read by id: the value, nothing there, or a failure. */
export type Found<T> = Outcome<T> | { readonly kind: 'not_found' }

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value })

export const invalid = (reason: string): Failure => ({ kind: 'invalid_request', reason })

/** `kind === 'ok'` and `'not_found'` aside, what is left of a Found is a Failure. */
export const isFailure = <T>(r: Found<T>): r is Failure => r.kind !== 'ok' && r.kind !== 'not_found'

/**
 * A provider's reading of HTTP error statuses, beyond the common ones: which mean "refused for a
 * business reason" (`declined`) and which are worth retrying besides every 5xx (`retryable`).
 */
export type StatusTable = { readonly declined?: readonly number[]; readonly retryable?: readonly number[] }

/**
 * An HTTP status that is not the answer the caller handles → Outcome kind: 401/403 `auth`, then the
 * provider's `declined` and `retryable` lists (5xx is always `retryable`), any other 4xx
 * `invalid_request`, and anything else (a 1xx–3xx nobody expected) `unknown`.
 */
export function statusFailure(status: number, reason: string, table: StatusTable): Failure {
  if (status === 401 || status === 403) return { kind: 'auth', reason }
  if (table.declined?.includes(status)) return { kind: 'declined', reason }
  if (table.retryable?.includes(status) || status >= 500) return { kind: 'retryable', reason }
  if (status >= 400) return { kind: 'invalid_request', reason }
  return { kind: 'unknown', reason: `unexpected ${reason}` }
}

/** What `verifyWebhook` answers (ports/payment-provider.port.ts): a hint to re-read, or why the delivery is refused. */
export type VerifiedWebhook = { readonly ok: true; readonly value: WebhookHint } | { readonly ok: false; readonly error: WebhookFailure }

export const refuseWebhook = (kind: WebhookFailure['kind'], reason: string): VerifiedWebhook => ({ ok: false, error: { kind, reason } })
