/**
 * Events out: one channel that delivers Varco's events, payment and SDI (Kafka topic, Cloudflare
 * Queue, signed webhook). The outbox dispatcher calls it once per outbox row and decides what to do with
 * the answer; a publisher never retries by itself and never throws for an expected failure.
 * @module
 */

import type { WireEvent } from '../core/payment-wire.ts'
import type { SdiWireEvent } from '../core/sdi/wire-event.ts'

/** Every event the outboxes deliver: a payment event or an SDI transmission event (`type: 'sdi.transmission.updated'`). */
export type OutboundEvent = WireEvent | SdiWireEvent

/** What became of one delivery attempt. */
export type PublishResult =
  /** The channel accepted the event (Kafka acked it, the queue took it, the receiver answered 2xx). */
  | { readonly kind: 'ok' }
  /** Worth trying again later (outage, timeout, throttling, credentials being fixed). */
  | { readonly kind: 'retryable'; readonly reason: string; readonly retryAfterMs?: number }
  /** The channel refuses this event for good (malformed, too large): retrying cannot help. */
  | { readonly kind: 'permanent'; readonly reason: string }

export interface EventPublisher {
  /** The name outbox rows use for this channel (`kafka`, `webhook`, `queue`). */
  readonly name: string
  /**
   * Delivers one event. `key` is the partition key (the payment's `service_id`, as the Opencity
   * dispatcher keys the `payments` topic; an SDI event's tenant id); channels without keys may ignore it. At-least-once: the
   * same event may be published again after a crash, so receivers dedupe on `event_id`.
   */
  publish(event: OutboundEvent, key: string): Promise<PublishResult>
}
