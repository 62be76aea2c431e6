import { describe, expect, it } from 'vitest'
import { createKafkaRestSource } from '../../../adapters/kafka-rest/index.ts'
import type { InboundDisposition } from '../../../ports/payment-event-source.port.ts'
import { kafkaRestFake } from '../../fakes/kafka-rest-server.ts'

const GROUP = 'varco-test'

/** A handler that records bodies and answers from a script (default: stored). */
function recorder(script: (body: unknown) => InboundDisposition = () => 'stored') {
  const seen: unknown[] = []
  const handle = async (body: unknown) => {
    seen.push(body)
    return script(body)
  }
  return { seen, handle }
}

const parsed = (b: unknown) => (typeof b === 'string' ? JSON.parse(b) : b) as { n: number }

describe('Kafka REST v2 consumer source', () => {
  it('hands over every record in order, commits the last settled offsets and deletes its instance', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    for (let n = 0; n < 3; n++) fake.state.append('payments', 'svc-1', { n })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 3 })
    const r = recorder()
    const report = await source.drain(r.handle, 100)
    expect(r.seen.map((b) => parsed(b).n)).toEqual([0, 1, 2])
    expect(report).toEqual({ received: 3, stored: 3, ignored: 0, rejected: 0, retried: 0, committed: 3 })
    // The proxy stores offset + 1: the next record to read.
    expect(fake.state.committed(GROUP, 'payments', 0)).toBe(3)
    expect(fake.state.liveInstances()).toBe(0)
    const calls = fake.requests.map((q) => `${q.method} ${q.path.replace(/instances\/[^/]+/, 'instances/I')}`)
    expect(calls).toEqual([
      `POST /consumers/${GROUP}`,
      `POST /consumers/${GROUP}/instances/I/subscription`,
      `GET /consumers/${GROUP}/instances/I/records`,
      `POST /consumers/${GROUP}/instances/I/offsets`,
      `GET /consumers/${GROUP}/instances/I/records`,
      `DELETE /consumers/${GROUP}/instances/I`,
    ])
    expect(fake.requests[0]).toMatchObject({
      headers: { 'content-type': 'application/vnd.kafka.v2+json' },
      body: { format: 'binary', 'auto.offset.reset': 'earliest', 'auto.commit.enable': 'false' },
    })
    expect(fake.requests[2]?.headers['accept']).toBe('application/vnd.kafka.binary.v2+json')
    expect(fake.requests[3]?.body).toEqual({ offsets: [{ topic: 'payments', partition: 0, offset: 2 }] })

    // The next run starts after the committed offsets.
    fake.state.append('payments', 'svc-1', { n: 3 })
    const again = recorder()
    await source.drain(again.handle, 100)
    expect(again.seen.map((b) => parsed(b).n)).toEqual([3])
  })

  it('keeps polling through the empty answers of a rebalancing group', async () => {
    const fake = kafkaRestFake({ emptyPolls: 2 })
    fake.state.append('payments', 'svc-1', { n: 0 })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 5 })
    const r = recorder()
    expect((await source.drain(r.handle, 10)).received).toBe(1)
  })

  it('gives up after maxPolls on an empty topic, still deleting the instance', async () => {
    const fake = kafkaRestFake()
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 3 })
    expect(await source.drain(recorder().handle, 10)).toMatchObject({ received: 0, committed: 0 })
    expect(fake.requests.filter((q) => q.method === 'GET')).toHaveLength(3)
    expect(fake.state.liveInstances()).toBe(0)
  })

  it('after a retry, holds back the rest of that partition (order per key) but not the other partitions', async () => {
    const fake = kafkaRestFake({ partitions: 2 })
    // Find two keys on different partitions.
    const a = fake.state.append('payments', 'key-a', { n: 0 })
    let bKey = 'key-b'
    for (let i = 0; fake.state.append('scratch', bKey, {}).partition === a.partition; i++) bKey = `key-b${i}`
    fake.state.append('payments', 'key-a', { n: 1 })
    fake.state.append('payments', 'key-a', { n: 2 })
    fake.state.append('payments', bKey, { n: 10 })
    fake.state.append('payments', bKey, { n: 11 })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 2 })

    const first = recorder((b) => (parsed(b).n === 1 ? 'retry' : 'stored'))
    const report = await source.drain(first.handle, 100)
    expect(first.seen.map((b) => parsed(b).n).sort((x, y) => x - y)).toEqual([0, 1, 10, 11])
    expect(report).toMatchObject({ received: 5, stored: 3, retried: 2, committed: 3 })
    expect(fake.state.committed(GROUP, 'payments', a.partition)).toBe(1)

    const second = recorder()
    await source.drain(second.handle, 100)
    expect(second.seen.map((b) => parsed(b).n)).toEqual([1, 2])
  })

  it('settles ignored and rejected records (committed, never redelivered)', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    for (let n = 0; n < 3; n++) fake.state.append('payments', 'k', { n })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 2 })
    const r = recorder((b) => (['ignored', 'rejected', 'stored'] as const)[parsed(b).n] ?? 'stored')
    expect(await source.drain(r.handle, 10)).toMatchObject({ stored: 1, ignored: 1, rejected: 1, committed: 3 })
    expect(fake.state.committed(GROUP, 'payments', 0)).toBe(3)
  })

  it('stops at the budget and leaves the rest, uncommitted, for the next run', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    for (let n = 0; n < 5; n++) fake.state.append('payments', 'k', { n })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 2 })
    const first = recorder()
    expect(await source.drain(first.handle, 2)).toMatchObject({ received: 2, committed: 2 })
    const second = recorder()
    await source.drain(second.handle, 10)
    expect(second.seen.map((b) => parsed(b).n)).toEqual([2, 3, 4])
  })

  it('binary format: hands over the UTF-8 text of any value, even one that is not JSON', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    fake.state.append('payments', '68dada78-2398-4a11-b80a-98aaede3371c', 'not json at all', 'raw')
    fake.state.append('payments', '68dada78-2398-4a11-b80a-98aaede3371c', { n: 1, città: 'Bugliano' })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 2 })
    const r = recorder()
    await source.drain(r.handle, 10)
    expect(r.seen[0]).toBe('not json at all')
    expect(JSON.parse(r.seen[1] as string)).toEqual({ n: 1, città: 'Bugliano' })
  })

  it('json format: gets parsed values, but the proxy fails the fetch on a plain-string key (why binary is the default)', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    fake.state.append('payments', '"json-key"', { n: 0 })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, format: 'json', fetch: fake.fetch, maxPolls: 2 })
    const r = recorder()
    await source.drain(r.handle, 10)
    expect(r.seen).toEqual([{ n: 0 }])
    expect(fake.requests[2]?.headers['accept']).toBe('application/vnd.kafka.json.v2+json')

    fake.state.append('payments', '68dada78-2398-4a11-b80a-98aaede3371c', { n: 1 })
    await expect(source.drain(recorder().handle, 10)).rejects.toThrow(/fetch records: kafka rest: HTTP 500 \(50002\)/)
    expect(fake.state.liveInstances()).toBe(0)
  })

  it('throws when the proxy is unreachable or refuses, keeping what was committed and deleting the instance', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    fake.fail({ method: 'POST', path: /^\/consumers\/[^/]+$/, network: true })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 3 })
    await expect(source.drain(recorder().handle, 10)).rejects.toThrow('create consumer: kafka rest: fetch failed')

    fake.state.append('payments', 'k', { n: 0 })
    fake.fail({ method: 'GET', path: /\/records$/, status: 500 })
    await expect(source.drain(recorder().handle, 10)).rejects.toThrow(/fetch records: kafka rest: HTTP 500/)
    expect(fake.state.liveInstances()).toBe(0)
    expect(fake.state.committed(GROUP, 'payments', 0)).toBeUndefined()
  })

  it('does not commit when the handler throws (redelivered next run)', async () => {
    const fake = kafkaRestFake({ partitions: 1 })
    fake.state.append('payments', 'k', { n: 0 })
    const source = createKafkaRestSource({ baseUrl: 'http://kafka.test', group: GROUP, fetch: fake.fetch, maxPolls: 2 })
    const report = await source.drain(async () => {
      throw new Error('boom')
    }, 10)
    expect(report).toMatchObject({ received: 1, retried: 1, committed: 0 })
    expect(fake.state.committed(GROUP, 'payments', 0)).toBeUndefined()
  })

  it('works over a real socket with Basic auth', async () => {
    const fake = kafkaRestFake({ partitions: 1, credentials: { username: 'u', password: 'p' } })
    fake.state.append('payments', 'k', { n: 7 })
    const server = await fake.listen()
    try {
      const source = createKafkaRestSource({ baseUrl: server.url, group: GROUP, username: 'u', password: 'p', maxPolls: 2 })
      const r = recorder()
      expect(await source.drain(r.handle, 10)).toMatchObject({ received: 1, committed: 1 })
      expect(parsed(r.seen[0]).n).toBe(7)
    } finally {
      await server.close()
    }
  })
})
