/**
 * Kafka REST v2 consumers, as Varco consumes: create an instance in a group, subscribe, fetch
 * records (json or binary embedded format), commit offsets (stored as offset + 1, as the proxy
 * does), delete. Like the real proxy, a json-format fetch fails on a record whose key or value is
 * not JSON. Every instance of a group reads all partitions (no rebalancing). With a FetchWait, a
 * records request is held as the real proxy holds it (long poll); without, it answers at once.
 * @module
 */

import { type Context, Hono } from 'hono'
import type { Bytes, KafkaLog, Stored } from './log.ts'
import { kafkaError, text, toBase64 } from './wire.ts'

type Instance = {
  readonly group: string
  readonly name: string
  readonly format: 'json' | 'binary'
  readonly reset: 'earliest' | 'latest'
  topics: string[]
  positions: Map<string, number>
  emptyPollsLeft: number
}

const V2 = /^application\/(vnd\.kafka\.v2\+json|json)/

/** How a records request is held, as the proxy's consumer.request.timeout.ms and fetch.min.bytes settings do. */
export type FetchWait = {
  /** consumer.request.timeout.ms: the longest a records request is held (its `timeout` may shorten it). */
  readonly requestTimeoutMs: number
  /**
   * fetch.min.bytes: answer as soon as more than this many bytes are collected. -1, Confluent's
   * default, holds every request for its whole timeout unless max_bytes fills.
   */
  readonly minBytes?: number
}

type Read = {
  out: Array<{ topic: string; key: unknown; value: unknown; partition: number; offset: number }>
  moved: Map<string, number>
  bytes: number
}

/** `emptyPolls`: fetches that come back empty right after a subscription, as while a real group rebalances. */
export function consumersApi(
  kafka: KafkaLog,
  emptyPolls = 0,
  wait?: FetchWait,
): { readonly app: Hono; readonly liveInstances: () => number; readonly restart: () => void } {
  const { offsets } = kafka
  const instances = new Map<string, Instance>() // `${group}|${name}`
  /** The records after an instance's positions, up to max_bytes (at least one); positions are not moved. */
  const collect = (inst: Instance, maxBytes: number): Read => {
    const read: Read = { out: [], moved: new Map(), bytes: 0 }
    for (const topic of inst.topics) {
      kafka.log(topic).forEach((part, p) => {
        let pos = inst.positions.get(`${topic}|${p}`) ?? 0
        while (pos < part.length && (read.out.length === 0 || read.bytes < maxBytes)) {
          const r = part[pos] as Stored
          read.bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0)
          const decode = (b: Bytes) => (b === null ? null : inst.format === 'binary' ? toBase64(b) : JSON.parse(text(b)))
          read.out.push({ topic, key: decode(r.key), value: decode(r.value), partition: p, offset: pos })
          pos++
        }
        read.moved.set(`${topic}|${p}`, pos)
      })
    }
    return read
  }
  const app = new Hono()
  const instanceOf = (c: Context) => instances.get(`${c.req.param('group')}|${c.req.param('instance')}`)
  const notFound = (c: Context) => kafkaError(c, 404, 40403, 'Consumer instance not found.')

  app.post('/consumers/:group', async (c) => {
    if (!V2.test(c.req.header('content-type') ?? '')) return kafkaError(c, 415, 415, 'Unsupported Media Type')
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>
    const group = c.req.param('group')
    const name = typeof body['name'] === 'string' && body['name'] !== '' ? body['name'] : `rest-consumer-${crypto.randomUUID()}`
    const format = body['format'] ?? 'binary'
    if (format !== 'json' && format !== 'binary') return kafkaError(c, 400, 40001, `Unsupported format ${String(format)}.`)
    if (instances.has(`${group}|${name}`)) {
      return kafkaError(c, 409, 40902, 'Consumer with specified consumer ID already exists in the specified consumer group.')
    }
    const reset = body['auto.offset.reset'] === 'earliest' ? 'earliest' : 'latest'
    instances.set(`${group}|${name}`, { group, name, format, reset, topics: [], positions: new Map(), emptyPollsLeft: 0 })
    const base = new URL(c.req.url)
    return c.json({ instance_id: name, base_uri: `${base.origin}${base.pathname.replace(/\/+$/, '')}/instances/${name}` })
  })

  app.post('/consumers/:group/instances/:instance/subscription', async (c) => {
    const inst = instanceOf(c)
    if (!inst) return notFound(c)
    const body = (await c.req.json().catch(() => ({}))) as { topics?: unknown }
    if (!Array.isArray(body.topics) || !body.topics.every((t) => typeof t === 'string')) {
      return kafkaError(c, 400, 40001, 'topics must be a list of topic names.')
    }
    inst.topics = body.topics as string[]
    inst.positions = new Map()
    for (const topic of inst.topics) {
      kafka.log(topic).forEach((part, p) => {
        const committed = offsets.get(`${inst.group}|${topic}|${p}`)
        inst.positions.set(`${topic}|${p}`, committed ?? (inst.reset === 'earliest' ? 0 : part.length))
      })
    }
    inst.emptyPollsLeft = emptyPolls
    return c.body(null, 204)
  })

  app.get('/consumers/:group/instances/:instance/records', async (c) => {
    const inst = instanceOf(c)
    if (!inst) return notFound(c)
    const accept = c.req.header('accept') ?? ''
    if (!accept.includes(`application/vnd.kafka.${inst.format}.v2+json`)) {
      return kafkaError(c, 406, 40601, `The requested embedded data format does not match the deserializer for this consumer instance`)
    }
    if (inst.topics.length === 0) return kafkaError(c, 409, 40903, 'Illegal state: consumer is not subscribed to any topics.')
    if (inst.emptyPollsLeft > 0) {
      inst.emptyPollsLeft--
      return c.json([])
    }
    const maxBytes = Number(c.req.query('max_bytes') ?? 67_108_864)
    // Held like kafka-rest's read task: until the timeout, or max_bytes, or more than fetch.min.bytes.
    const asked = Number(c.req.query('timeout') ?? 0)
    const holdMs = wait ? (asked > 0 ? Math.min(asked, wait.requestTimeoutMs) : wait.requestTimeoutMs) : 0
    const minBytes = wait?.minBytes ?? -1
    const until = Date.now() + holdMs
    for (;;) {
      let read: ReturnType<typeof collect>
      try {
        read = collect(inst, maxBytes)
      } catch (e) {
        // The real proxy's JSON deserializer fails the whole fetch, and the position does not move.
        return kafkaError(
          c,
          500,
          50002,
          `Kafka error: Error deserializing key/value as JSON: ${e instanceof Error ? e.message : String(e)}`,
        )
      }
      const left = until - Date.now()
      const full = read.bytes >= maxBytes || (minBytes >= 0 && read.bytes > minBytes)
      // A restarted proxy has forgotten the instance whose request it was holding.
      if (instances.get(`${inst.group}|${inst.name}`) !== inst) return notFound(c)
      if (full || left <= 0) {
        for (const [k, v] of read.moved) inst.positions.set(k, v)
        return c.json(read.out)
      }
      await kafka.appended(left)
    }
  })

  app.post('/consumers/:group/instances/:instance/offsets', async (c) => {
    const inst = instanceOf(c)
    if (!inst) return notFound(c)
    const body = (await c.req.json().catch(() => null)) as { offsets?: unknown } | null
    if (body === null || body.offsets === undefined) {
      for (const [k, pos] of inst.positions) {
        const [topic, p] = k.split('|')
        offsets.set(`${inst.group}|${topic}|${p}`, pos)
      }
      return c.body(null, 200)
    }
    if (!Array.isArray(body.offsets)) return kafkaError(c, 400, 40001, 'offsets must be a list.')
    for (const o of body.offsets as Array<{ topic?: unknown; partition?: unknown; offset?: unknown }>) {
      if (typeof o.topic !== 'string' || typeof o.partition !== 'number' || typeof o.offset !== 'number') {
        return kafkaError(c, 400, 40001, 'each offset needs topic, partition and offset.')
      }
      offsets.set(`${inst.group}|${o.topic}|${o.partition}`, o.offset + 1)
    }
    return c.body(null, 200)
  })

  app.delete('/consumers/:group/instances/:instance', (c) => {
    if (!instances.delete(`${c.req.param('group')}|${c.req.param('instance')}`)) return notFound(c)
    return c.body(null, 204)
  })

  return { app, liveInstances: () => instances.size, restart: () => instances.clear() }
}
