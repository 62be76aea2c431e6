import { describe, expect, it } from 'vitest'
import { consumeQueueBatch, createQueuePublisher, type QueueMessage, retryDelaySeconds } from '../../../adapters/cf-queue/index.ts'
import { eventToWire } from '../../../core/payment-wire.ts'
import type { InboundDisposition } from '../../../ports/payment-event-source.port.ts'
import { aPayment } from '../../fakes/payment.fake.ts'

const event = () =>
  eventToWire({
    ...aPayment({ status: 'PAYMENT_PENDING' }),
    event_id: crypto.randomUUID(),
    event_version: '2.0',
    event_created_at: new Date('2026-11-23T10:00:00Z'),
    app_id: 'varco:test',
  })

function message(id: string, body: unknown, attempts = 1) {
  const m = {
    id,
    body,
    attempts,
    outcome: null as null | 'ack' | { retry: number | undefined },
    ack() {
      m.outcome = 'ack'
    },
    retry(o?: { delaySeconds?: number }) {
      m.outcome = { retry: o?.delaySeconds }
    },
  }
  return m satisfies QueueMessage
}

describe('Cloudflare Queue publisher', () => {
  it('sends the event itself as a JSON message', async () => {
    const sent: Array<{ body: unknown; options: unknown }> = []
    const q = createQueuePublisher({ send: async (body, options) => void sent.push({ body, options }) })
    const e = event()
    expect(q.name).toBe('queue')
    expect(await q.publish(e, 'svc')).toEqual({ kind: 'ok' })
    expect(sent).toEqual([{ body: e, options: { contentType: 'json' } }])
  })

  it('a failed send is retryable, except a message that is too large', async () => {
    const down = createQueuePublisher({ send: async () => Promise.reject(new Error('Queue is unavailable')) })
    expect(await down.publish(event(), 'svc')).toEqual({ kind: 'retryable', reason: 'queue: Queue is unavailable' })
    const big = createQueuePublisher({ send: async () => Promise.reject(new Error('Queue send failed: message too large')) })
    expect((await big.publish(event(), 'svc')).kind).toBe('permanent')
  })
})

describe('Cloudflare Queue consumer', () => {
  it('acks settled messages and retries only transient failures, with a growing delay', async () => {
    const script: Record<string, InboundDisposition> = { a: 'stored', b: 'ignored', c: 'rejected', d: 'retry' }
    const msgs = ['a', 'b', 'c', 'd'].map((id) => message(id, { id }, id === 'd' ? 3 : 1))
    const seen: unknown[] = []
    const report = await consumeQueueBatch({ queue: 'q', messages: msgs }, async (body) => {
      seen.push(body)
      return script[(body as { id: string }).id] as InboundDisposition
    })
    expect(seen).toEqual([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }])
    expect(msgs.map((m) => m.outcome)).toEqual(['ack', 'ack', 'ack', { retry: 40 }])
    expect(report).toEqual({ received: 4, stored: 1, ignored: 1, rejected: 1, retry: 1 })
  })

  it('retries a message whose handler throws, and passes text and bytes bodies as text', async () => {
    const msgs = [message('t', '{"x":1}'), message('b', new TextEncoder().encode('{"y":2}').buffer), message('boom', {})]
    const seen: unknown[] = []
    await consumeQueueBatch({ queue: 'q', messages: msgs }, async (body) => {
      if (typeof body === 'object') throw new Error('database down')
      seen.push(body)
      return 'stored'
    })
    expect(seen).toEqual(['{"x":1}', '{"y":2}'])
    expect(msgs.map((m) => m.outcome)).toEqual(['ack', 'ack', { retry: 10 }])
  })

  it('handles different payments concurrently and one payment’s messages in batch order', async () => {
    const msgs = [message('1', { id: 'p1', n: 1 }), message('2', JSON.stringify({ id: 'p2', n: 1 })), message('3', { id: 'p1', n: 2 })]
    const log: string[] = []
    let releaseP1: () => void = () => {}
    const p1Held = new Promise<void>((r) => {
      releaseP1 = r
    })
    const report = await consumeQueueBatch({ queue: 'q', messages: msgs }, async (body) => {
      const b = (typeof body === 'string' ? JSON.parse(body) : body) as { id: string; n: number }
      log.push(`start ${b.id}.${b.n}`)
      // p1's first message waits until p2 has started: only possible if they run concurrently.
      if (b.id === 'p1' && b.n === 1) await p1Held
      if (b.id === 'p2') releaseP1()
      log.push(`end ${b.id}.${b.n}`)
      return 'stored'
    })
    expect(log).toEqual(['start p1.1', 'start p2.1', 'end p2.1', 'end p1.1', 'start p1.2', 'end p1.2'])
    expect(msgs.map((m) => m.outcome)).toEqual(['ack', 'ack', 'ack'])
    expect(report).toMatchObject({ received: 3, stored: 3 })
  })

  it('backs off 10 s, 20 s, 40 s … up to 15 minutes', () => {
    expect([1, 2, 3, 4, 8, 20].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 900, 900])
  })
})
