/**
 * The one flow of every incoming webhook or callback (STYLE §15, §22): a webhook is a verified hint.
 * 1. verify the signature on the raw body, before anything is parsed or read;
 * 2. dedupe on the inbox key (source, scope, the sender's event id): a replay acts no more;
 * 3. find the subject (a payment, a mandate, …) by our id or the sender's reference;
 * 4. re-read it at its source of truth and apply what that says, forward only, and store it;
 * 5. record the delivery, then answer 2xx.
 * The delivery is recorded only after the result is stored: a crash in between makes the sender
 * retry, and re-reading is idempotent. A step 4 that fails is not recorded either, so the sender's
 * retry re-reads. Each API supplies its own find and apply steps (payments v1 and v2 today; SDI
 * callbacks and billing webhooks next).
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { WebhookFailure, WebhookHint, WebhookInput } from '../../ports/payment-provider.port.ts'
import type { InboxKey, WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'

export type VerifiedHintDeps = {
  readonly inbox: WebhookInbox
  readonly clock: Clock
  readonly logger: Logger
}

/** The per-API steps of one webhook endpoint, over subjects of type S and verified hints of type H. */
export type HintSteps<S, H extends { readonly dedupeKey: string } = WebhookHint> = {
  /** Where deliveries of this endpoint are deduped (the dedupe key comes from the verified hint). */
  readonly inbox: Omit<InboxKey, 'dedupeKey'>
  /** Checks the signature (and freshness) on the raw body, then parses it. */
  verify(input: WebhookInput): Promise<{ readonly ok: true; readonly value: H } | { readonly ok: false; readonly error: WebhookFailure }>
  /** The subject the hint is about, as stored; null when it is not known here. */
  find(hint: H): Promise<S | null>
  /** Re-reads the subject at its source of truth, applies what it finds forward-only and stores it. */
  apply(subject: S): Promise<Result<S, DomainError>>
  /** The id recorded with the delivery. */
  idOf(subject: S): string
}

export type HintOutcome<S> =
  /** Re-read and applied: the subject as stored now. */
  | { readonly outcome: 'applied'; readonly subject: S }
  /** Already processed: the subject as stored (null if it was not known here). */
  | { readonly outcome: 'duplicate'; readonly subject: S | null }
  /** Verified, but about nothing known here: recorded and acknowledged. */
  | { readonly outcome: 'unknown'; readonly subject: null }

export async function receiveVerifiedHint<S, H extends { readonly dedupeKey: string } = WebhookHint>(
  deps: VerifiedHintDeps,
  steps: HintSteps<S, H>,
  input: WebhookInput,
): Promise<Result<HintOutcome<S>, DomainError>> {
  const verified = await steps.verify(input)
  if (!verified.ok) return err({ code: 'webhook.rejected', kind: verified.error.kind, reason: verified.error.reason })
  const hint = verified.value
  const key: InboxKey = { ...steps.inbox, dedupeKey: hint.dedupeKey }

  const seen = await deps.inbox.seen(key)
  const subject = await steps.find(hint)
  if (seen) return ok({ outcome: 'duplicate', subject })
  const now = deps.clock()
  if (subject === null) {
    await deps.inbox.record(key, null, now)
    deps.logger.info('webhook about nothing known here; acknowledged', { source: key.source, scope: key.scope, dedupe_key: key.dedupeKey })
    return ok({ outcome: 'unknown', subject: null })
  }
  const applied = await steps.apply(subject)
  if (!applied.ok) return applied
  await deps.inbox.record(key, steps.idOf(applied.value), now)
  return ok({ outcome: 'applied', subject: applied.value })
}
