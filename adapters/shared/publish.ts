/**
 * What a failed event delivery means for the outbox dispatcher, the same for every publisher: a
 * refusal of the event itself is `permanent`; anything else is retried, after the receiver's
 * `Retry-After` (in seconds, at most an hour) when it gave one.
 * @module
 */

import type { PublishResult } from '../../ports/event-publisher.port.ts'

/** Longest wait a `Retry-After` can ask for. */
const MAX_RETRY_AFTER_SECONDS = 3600

export function publishFailure(reason: string, permanent: boolean, retryAfter: string | null): PublishResult {
  if (permanent) return { kind: 'permanent', reason }
  const seconds = retryAfter !== null ? Number(retryAfter) : Number.NaN
  return Number.isFinite(seconds) && seconds > 0
    ? { kind: 'retryable', reason, retryAfterMs: Math.min(seconds, MAX_RETRY_AFTER_SECONDS) * 1000 }
    : { kind: 'retryable', reason }
}
