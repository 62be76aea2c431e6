/**
 * Events in from a Cloudflare Queue (consumer `varco-payments-in` in wrangler.toml): the Worker's
 * `queue(batch)` handler passes each message body to the inbound handler, then acks what is settled
 * (stored, ignored, permanently invalid) and retries only transient failures, with a growing delay.
 * Explicit per-message acks, so one bad message never replays the batch. Messages about different
 * payments are handled concurrently (a batch costs about one event's time, not ten); messages about
 * the same payment (the body's `id`) keep their batch order.
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

/** The payment a message is about (the event's `id`), or null: messages with one key run in order. */
function keyOf(body: unknown): string | null {
  let value = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      return null
    }
  }
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id
  return null
}

export async function consumeQueueBatch(batch: QueueBatch, handle: HandleInboundEvent): Promise<QueueReport> {
  const counts: Record<InboundDisposition, number> = { stored: 0, ignored: 0, rejected: 0, retry: 0 }
  const settle = async (message: QueueMessage, body: unknown) => {
    let disposition: InboundDisposition
    try {
      disposition = await handle(body)
    } catch {
      disposition = 'retry'
    }
    counts[disposition]++
    if (disposition === 'retry') message.retry({ delaySeconds: retryDelaySeconds(message.attempts ?? 1) })
    else message.ack()
  }
  // One lane per payment, in batch order; lanes run concurrently.
  const lanes = new Map<string, Array<{ message: QueueMessage; body: unknown }>>()
  batch.messages.forEach((message, i) => {
    const body = decodeBody(message.body)
    const key = keyOf(body) ?? `#${i}`
    const lane = lanes.get(key)
    if (lane) lane.push({ message, body })
    else lanes.set(key, [{ message, body }])
  })
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const { message, body } of lane) await settle(message, body)
    }),
  )
  return { received: batch.messages.length, ...counts }
}
