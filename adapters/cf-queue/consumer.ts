/**
 * Events in from a Cloudflare Queue (consumer `varco-payments-in` in wrangler.toml): the Worker's
 * `queue(batch)` handler passes each message body to the inbound handler, in batch order, then
 * acks what is settled (stored, ignored, permanently invalid) and retries only transient failures,
 * with a growing delay. Explicit per-message acks, so one bad message never replays the batch.
 * Bodies may be JSON (the default content type), text or bytes holding JSON.
 * After `max_retries` a message goes to the dead-letter queue when one is configured.
 * @module
 */

import type { HandleInboundEvent, InboundDisposition } from '../../ports/payment-event-source.port.ts'

/** The slice of a Workers `Message` used here. */
export type QueueMessage = {
  readonly id: string
  readonly body: unknown
  readonly attempts?: number
  ack(): void
  retry(options?: { readonly delaySeconds?: number }): void
}

/** The slice of a Workers `MessageBatch` used here. */
export type QueueBatch = { readonly queue: string; readonly messages: readonly QueueMessage[] }

export type QueueReport = { readonly received: number } & Readonly<Record<InboundDisposition, number>>

/** Delay before redelivery after `attempts` tries: 10 s, 20 s, 40 s, … capped at 15 minutes. */
export const retryDelaySeconds = (attempts: number): number => Math.min(900, 10 * 2 ** Math.max(0, attempts - 1))

function decodeBody(body: unknown): unknown {
  if (body instanceof ArrayBuffer) return new TextDecoder().decode(body)
  if (ArrayBuffer.isView(body)) return new TextDecoder().decode(body)
  return body
}

export async function consumeQueueBatch(batch: QueueBatch, handle: HandleInboundEvent): Promise<QueueReport> {
  const counts: Record<InboundDisposition, number> = { stored: 0, ignored: 0, rejected: 0, retry: 0 }
  for (const message of batch.messages) {
    let disposition: InboundDisposition
    try {
      disposition = await handle(decodeBody(message.body))
    } catch {
      disposition = 'retry'
    }
    counts[disposition]++
    if (disposition === 'retry') message.retry({ delaySeconds: retryDelaySeconds(message.attempts ?? 1) })
    else message.ack()
  }
  return { received: batch.messages.length, ...counts }
}
