/**
 * Events out to a Cloudflare Queue (producer binding PAYMENTS_OUT in wrangler.toml): each event is
 * sent as a JSON message body, the same wire event as on Kafka. Queues have no keys or per-key
 * order, so `key` is not carried; consumers dedupe on `event_id` and order by `updated_at`.
 * @module
 */

import type { EventPublisher } from '../../ports/event-publisher.port.ts'

/** The slice of a Workers Queue producer binding (`env.PAYMENTS_OUT`) used here. */
export type QueueProducer = {
  send(body: unknown, options?: { readonly contentType?: 'json' | 'text' | 'bytes' | 'v8' }): Promise<void>
}

export const isQueueProducer = (v: unknown): v is QueueProducer =>
  typeof v === 'object' && v !== null && typeof (v as { send?: unknown }).send === 'function'

export function createQueuePublisher(queue: QueueProducer, name = 'queue'): EventPublisher {
  return {
    name,
    async publish(event) {
      try {
        await queue.send(event, { contentType: 'json' })
        return { kind: 'ok' }
      } catch (e) {
        const reason = `queue: ${e instanceof Error ? e.message : String(e)}`
        // A message over the size limit will never fit; anything else (outage, throttling) may pass later.
        return /too large|exceeds|maximum/i.test(reason) ? { kind: 'permanent', reason } : { kind: 'retryable', reason }
      }
    },
  }
}
