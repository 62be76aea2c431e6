/**
 * The long-lived Kafka REST consumer against the fake proxy: one instance for many batches, long
 * polls, commits after settling, recovery from a proxy restart (40403), backoff on 5xx and network
 * errors, redelivery after a retry, and a clean stop. No timing assertions: waits are bounded
 * generously, and backoff delays are recorded through the injected sleep.
 */

import { describe, expect, it, vi } from 'vitest'
import { createKafkaRestStream, type KafkaStreamConfig } from '../../../adapters/kafka-rest/index.ts'
import type { InboundDisposition } from '../../../ports/payment-event-source.port.ts'
import { type KafkaRestFake, kafkaRestFake } from '../../fakes/kafka-rest-server.ts'

const GROUP = 'varco-stream'
const WAIT = { timeout: 10_000, interval: 20 }

const n = (b: unknown) => (JSON.parse(b as string) as { n: number }).n

/** Starts a stream on `fake`; `script` answers each body (default: stored). */
function start(fake: KafkaRestFake, over: Partial<KafkaStreamConfig> = {}, script: (n: number) => InboundDisposition = () => 'stored') {
  const seen: number[] = []
  const committedWhenHandled: number[] = []
  const sleeps: number[] = []
  const stream = createKafkaRestStream({
    baseUrl: 'http://kafka.test',
    group: GROUP,
    fetch: fake.fetch,
    pollTimeoutMs: 300,
    random: () => 1,
    sleep: async (ms, signal) => {
      sleeps.push(ms)
      if (!signal.aborted) await new Promise((r) => setTimeout(r, 5))
    },
    ...over,
  })
  const ctrl = new AbortController()
  const done = stream.run(async (body) => {
    seen.push(n(body))
    committedWhenHandled.push(fake.state.committed(GROUP, 'payments', 0) ?? 0)
    return script(n(body))
  }, ctrl.signal)
  const creations = () => fake.requests.filter((q) => q.method === 'POST' && q.path === `/consumers/${GROUP}`).length
  const stop = () => {
    ctrl.abort()
    return done
  }
  return { stream, seen, committedWhenHandled, sleeps, creations, stop }
}

describe('Kafka REST long-lived consumer', () => {
  it('keeps one instance, long-polls, and commits each record only after it is settled', async () => {
    const fake = kafkaRestFake({ partitions: 1, fetchWait: { requestTimeoutMs: 300 } })
    const s = start(fake)
    expect(s.stream.running()).toBe(true)
    fake.state.append('payments', 'svc-1', { n: 0 })
    await vi.waitFor(() => expect(s.seen).toEqual([0]), WAIT)
    fake.state.append('payments', 'svc-1', { n: 1 })
    fake.state.append('payments', 'svc-1', { n: 2 })
    await vi.waitFor(() => expect(s.seen).toEqual([0, 1, 2]), WAIT)
    await vi.waitFor(() => expect(fake.state.committed(GROUP, 'payments', 0)).toBe(3), WAIT)
    // Never committed ahead of the handler: record n was handled while at most n records were committed.
    for (const [i, c] of s.committedWhenHandled.entries()) expect(c).toBeLessThanOrEqual(i)
    await s.stop()
    expect(s.stream.running()).toBe(false)
    expect(s.creations()).toBe(1)
    expect(fake.state.liveInstances()).toBe(0)
    const get = fake.requests.find((q) => q.method === 'GET')
    expect(get?.search).toBe('?timeout=300&max_bytes=1048576')
    expect(get?.headers['accept']).toBe('application/vnd.kafka.binary.v2+json')
    expect(fake.requests.find((q) => q.path.endsWith('/offsets'))?.body).toEqual({
      offsets: [{ topic: 'payments', partition: 0, offset: 0 }],
    })
  })

  it('survives a proxy restart: on 40403 it makes a new instance that resumes from the committed offsets', async () => {
    const fake = kafkaRestFake({ partitions: 1, fetchWait: { requestTimeoutMs: 300 } })
    const s = start(fake)
    fake.state.append('payments', 'svc-1', { n: 0 })
    await vi.waitFor(() => expect(fake.state.committed(GROUP, 'payments', 0)).toBe(1), WAIT)
    fake.state.restartProxy()
    fake.fail({ path: /^\/consumers\//, network: true, times: 2 }) // and it is unreachable for a moment
    fake.state.append('payments', 'svc-1', { n: 1 })
    await vi.waitFor(() => expect(s.seen).toEqual([0, 1]), WAIT)
    await s.stop()
    expect(s.creations()).toBeGreaterThanOrEqual(2)
    expect(fake.requests.some((q) => q.method === 'GET' && q.path.endsWith('/records'))).toBe(true)
    expect(fake.state.liveInstances()).toBe(0)
  })

  it('backs off exponentially on 5xx and connection errors, and spaces polls that come back empty at once', async () => {
    const fake = kafkaRestFake({ partitions: 1 }) // answers every poll at once, as a proxy with a tiny timeout would
    fake.fail({ method: 'POST', path: new RegExp(`^/consumers/${GROUP}$`), network: true })
    fake.fail({ method: 'GET', path: /\/records$/, status: 503, body: { error_code: 50301, message: 'down' }, times: 3 })
    const s = start(fake, { backoffMs: { first: 100, max: 250 }, idleMs: 200 })
    fake.state.append('payments', 'svc-1', { n: 0 })
    await vi.waitFor(() => expect(s.seen).toEqual([0]), WAIT)
    // Failures: create (network), then three 503s: 100, 200, 250 (capped), 250; then idle spacing.
    expect(s.sleeps.slice(0, 4)).toEqual([100, 200, 250, 250])
    await vi.waitFor(() => expect(s.sleeps.length).toBeGreaterThan(8), WAIT)
    await s.stop()
    const gets = fake.requests.filter((q) => q.method === 'GET').length
    // Every poll after the first is preceded by a sleep: no busy loop.
    expect(gets).toBeLessThanOrEqual(s.sleeps.length + 1)
    expect(s.sleeps.slice(4).every((ms) => ms > 0)).toBe(true)
  })

  it('after a retry, commits what settled, drops its instance and gets the record again', async () => {
    const fake = kafkaRestFake({ partitions: 1, fetchWait: { requestTimeoutMs: 300 } })
    let failOnce = true
    const s = start(fake, {}, (x) => {
      if (x === 1 && failOnce) {
        failOnce = false
        return 'retry'
      }
      return 'stored'
    })
    for (let i = 0; i < 3; i++) fake.state.append('payments', 'svc-1', { id: 'pay-1', n: i })
    await vi.waitFor(() => expect(fake.state.committed(GROUP, 'payments', 0)).toBe(3), WAIT)
    await s.stop()
    // 2 (same payment) was held back behind 1 in the first batch; both came again to the second instance.
    expect(s.seen).toEqual([0, 1, 1, 2])
    expect(s.creations()).toBe(2)
    expect(fake.state.liveInstances()).toBe(0)
  })

  it('handles different payments side by side, each payment in order, and commits only a settled run', async () => {
    const fake = kafkaRestFake({ partitions: 1, fetchWait: { requestTimeoutMs: 300, minBytes: 0 } })
    const seen: string[] = []
    let bSeen: () => void = () => {}
    const bArrived = new Promise<void>((resolve) => {
      bSeen = resolve
    })
    const stream = createKafkaRestStream({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, pollTimeoutMs: 300 })
    const ctrl = new AbortController()
    const done = stream.run(async (body) => {
      const v = JSON.parse(body as string) as { id: string; n: number }
      seen.push(`${v.id}${v.n}`)
      if (v.id === 'B') bSeen()
      // A's first event finishes only once B's has started: impossible one by one.
      if (v.id === 'A' && v.n === 1) await bArrived
      return 'stored'
    }, ctrl.signal)
    fake.state.append('payments', 'svc-1', { id: 'A', n: 1 })
    fake.state.append('payments', 'svc-1', { id: 'A', n: 2 })
    fake.state.append('payments', 'svc-1', { id: 'B', n: 1 })
    await vi.waitFor(() => expect(fake.state.committed(GROUP, 'payments', 0)).toBe(3), WAIT)
    ctrl.abort()
    await done
    expect(seen.indexOf('A1')).toBeLessThan(seen.indexOf('A2'))
    expect(seen.indexOf('B1')).toBeLessThan(seen.indexOf('A2'))
  })

  it('stops while a poll is held, deleting its instance', async () => {
    const fake = kafkaRestFake({ partitions: 1, fetchWait: { requestTimeoutMs: 30_000 } })
    const s = start(fake, { pollTimeoutMs: 30_000 })
    await vi.waitFor(() => expect(fake.requests.some((q) => q.method === 'GET')).toBe(true), WAIT)
    await s.stop()
    expect(s.stream.running()).toBe(false)
    expect(fake.state.liveInstances()).toBe(0)
    expect(fake.requests.at(-1)?.method).toBe('DELETE')
  })
})
