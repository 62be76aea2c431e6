/**
 * The outbox dispatcher: delivers Varco's payment events, and SDI transmission events when an SDI
 * outbox is given, to every configured publisher (at-least-once). Each due row is claimed with a
 * lease, published, then marked delivered; a retryable failure backs off exponentially with
 * `last_error`, a permanent one parks the row. A crash between publish and mark leaves the row
 * claimed until the lease ends, and then it is published again: receivers dedupe on `event_id`.
 * Events of one payment (one transmission) go out in order per publisher, because an outbox only
 * offers the oldest undelivered event of each. Each outbox gets its own `max` per run, so neither
 * starves the other. Runs every minute from cron, and for one payment right after ingestion wrote
 * its events.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { EventPublisher, PublishResult } from '../../ports/event-publisher.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { OutboxRepo } from '../../ports/outbox.port.ts'
import type { Job } from '../job.ts'

export type DispatchDeps = {
  readonly outbox: OutboxRepo
  /** SDI transmission events (their own outbox, same port), delivered after the payment events of each run. */
  readonly sdiOutbox?: OutboxRepo
  /** Publisher name (as in outbox rows and VARCO_PUBLISHERS) → its adapter. */
  readonly eventPublishers: Readonly<Record<string, EventPublisher>>
  readonly clock: Clock
  readonly logger: Logger
}

export type DispatchCounts = {
  delivered: number
  retried: number
  parked: number
  /** Rows another dispatcher claimed first. */
  skipped: number
}

export const DISPATCH_BATCH = 50
export const DISPATCH_MAX_PER_RUN = 200
/** How long a claimed row stays hidden: longer than any publisher's timeout. */
export const LEASE_MS = 60_000
export const BACKOFF_BASE_MS = 30_000
export const BACKOFF_MAX_MS = 3_600_000

/** Delay before attempt `attempts + 1`, after `attempts` failed ones: 30 s, 1 min, 2 min, … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1))
}

async function attempt(publisher: EventPublisher | undefined, entry: { event: Parameters<EventPublisher['publish']>[0]; key: string }) {
  if (!publisher) return { kind: 'retryable', reason: 'no such publisher is configured' } satisfies PublishResult
  try {
    return await publisher.publish(entry.event, entry.key)
  } catch (e) {
    // A publisher should not throw; if one does, the event is not lost.
    return { kind: 'retryable', reason: `publisher threw: ${e instanceof Error ? e.message : String(e)}` } satisfies PublishResult
  }
}

/** Delivers due outbox rows (all, or one payment's) until none is due or `max` were handled; then the SDI outbox's, when there is one. */
export async function dispatchOutbox(
  deps: DispatchDeps,
  now: Date,
  options: { readonly paymentId?: string; readonly max?: number; readonly batch?: number } = {},
): Promise<DispatchCounts> {
  const counts: DispatchCounts = { delivered: 0, retried: 0, parked: 0, skipped: 0 }
  await drain(deps, deps.outbox, 'payment_id', now, options, counts)
  // A payment id names nothing in the SDI outbox: a run for one payment stays in the payments outbox.
  if (deps.sdiOutbox && options.paymentId === undefined) await drain(deps, deps.sdiOutbox, 'transmission_id', now, options, counts)
  return counts
}

/** One outbox, up to `max` rows; `subject` names the entries' `paymentId` in logs. */
async function drain(
  deps: DispatchDeps,
  outbox: OutboxRepo,
  subject: 'payment_id' | 'transmission_id',
  now: Date,
  options: { readonly paymentId?: string; readonly max?: number; readonly batch?: number },
  counts: DispatchCounts,
): Promise<void> {
  const max = options.max ?? DISPATCH_MAX_PER_RUN
  let handled = 0
  while (handled < max) {
    const due = await outbox.due(now, Math.min(options.batch ?? DISPATCH_BATCH, max - handled), options.paymentId)
    if (due.length === 0) break
    for (const entry of due) {
      handled++
      // Every row handled here leaves the due set (delivered, leased, backed off or parked), so the loop ends.
      if (!(await outbox.claim(entry.id, now, new Date(deps.clock().getTime() + LEASE_MS)))) {
        counts.skipped++
        continue
      }
      const fields = { outbox_id: entry.id, event_id: entry.eventId, [subject]: entry.paymentId, publisher: entry.publisher }
      const result = await attempt(deps.eventPublishers[entry.publisher], entry)
      switch (result.kind) {
        case 'ok':
          await outbox.markDelivered(entry.id, deps.clock())
          counts.delivered++
          deps.logger.debug('event published', fields)
          break
        case 'retryable': {
          const attempts = entry.attempts + 1
          const delay = Math.max(backoffMs(attempts), result.retryAfterMs ?? 0)
          await outbox.retryLater(entry.id, new Date(deps.clock().getTime() + delay), result.reason)
          counts.retried++
          deps.logger.warn('event not published; will retry', { ...fields, attempts, retry_in_ms: delay, reason: result.reason })
          break
        }
        case 'permanent':
          await outbox.park(entry.id, result.reason)
          counts.parked++
          deps.logger.error('event refused for good; parked', { ...fields, reason: result.reason })
          break
      }
    }
  }
}

export const dispatchOutboxJob: Job<DispatchDeps> = {
  name: 'dispatch-outbox',
  description: `Publishes due outbox events (payments, then SDI) in order per payment or transmission (at most ${DISPATCH_MAX_PER_RUN} of each a run), backing off on failures.`,
  async run(deps, now) {
    return { counts: await dispatchOutbox(deps, now) }
  },
}
