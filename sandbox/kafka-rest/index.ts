/**
 * Kafka REST Proxy simulator, mounted at `/sandbox/kafka-rest`: the slice of Confluent kafka-rest
 * that Varco speaks, over an in-memory log. v3: `GET /v3/clusters`, `POST /v3/clusters/{id}/topics/
 * {topic}/records` (JSON, STRING and BINARY key/value). v2 consumers: create, subscribe, fetch
 * records (json or binary embedded format), commit offsets (stored as offset + 1, as the proxy
 * does), delete. Like the real proxy, a json-format fetch fails on a record whose key or value is
 * not JSON. Simplifications: every instance of a group reads all partitions (no rebalancing), and
 * partitions are chosen by an FNV-1a hash of the key bytes, not Kafka's murmur2.
 * `GET /inspect/topics/{topic}` lists a topic's records for people and tests.
 * @module
 */

import { type Context, Hono } from 'hono'
import type { Simulator } from '../types.ts'

export const SANDBOX_KAFKA_CLUSTER = 'varco-sandbox'

type Bytes = Uint8Array | null
type Stored = { readonly key: Bytes; readonly value: Bytes; readonly timestamp: Date; readonly seq: number }

export type KafkaSimRecord = {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  /** The key as UTF-8 text (null when absent). */
  readonly key: string | null
  /** The value parsed as JSON, or its UTF-8 text when it is not JSON. */
  readonly value: unknown
  readonly timestamp: Date
}

export type KafkaSimOptions = {
  readonly partitions?: number
  /** When set, every request needs this Basic auth. */
  readonly credentials?: { readonly username: string; readonly password: string }
  /** Fetches that come back empty right after a subscription, as while a real group rebalances. */
  readonly emptyPolls?: number
  readonly clock?: () => Date
}

export type KafkaSimState = {
  /** A topic's records in the order they were produced (across partitions). */
  readonly records: (topic: string) => KafkaSimRecord[]
  /** Appends a record as another producer would (value: JSON-encoded, or raw text/bytes as given). */
  readonly append: (topic: string, key: string | null, value: unknown, encoding?: 'json' | 'raw') => KafkaSimRecord
  /** Committed position of a group (the next offset to read), as Kafka stores it. */
  readonly committed: (group: string, topic: string, partition: number) => number | undefined
  readonly liveInstances: () => number
}

type Instance = {
  readonly group: string
  readonly name: string
  readonly format: 'json' | 'binary'
  readonly reset: 'earliest' | 'latest'
  topics: string[]
  positions: Map<string, number>
  emptyPollsLeft: number
}

const utf8 = new TextEncoder()
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const toBase64 = (b: Uint8Array) => btoa(Array.from(b, (x) => String.fromCharCode(x)).join(''))
const fromBase64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0))

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

const kafkaError = (c: Context, status: 400 | 401 | 404 | 406 | 409 | 415 | 500, code: number, message: string) =>
  c.json({ error_code: code, message }, status)

export function kafkaRestSimulator(options: KafkaSimOptions = {}): Simulator & { readonly state: KafkaSimState } {
  const partitions = options.partitions ?? 3
  const clock = options.clock ?? (() => new Date())
  const topics = new Map<string, Stored[][]>()
  const offsets = new Map<string, number>() // `${group}|${topic}|${partition}` → next offset
  const instances = new Map<string, Instance>() // `${group}|${name}`
  let roundRobin = 0
  let produced = 0

  const log = (topic: string) => {
    let t = topics.get(topic)
    if (!t) {
      t = Array.from({ length: partitions }, () => [])
      topics.set(topic, t)
    }
    return t
  }
  const put = (topic: string, record: Omit<Stored, 'seq'>, partition?: number) => {
    const p = partition ?? (record.key ? fnv1a(record.key) % partitions : roundRobin++ % partitions)
    const part = log(topic)[p] as Stored[]
    part.push({ ...record, seq: produced++ })
    return { partition: p, offset: part.length - 1 }
  }
  const view = (topic: string, partition: number, offset: number, r: Omit<Stored, 'seq'>): KafkaSimRecord => {
    let value: unknown = null
    if (r.value) {
      try {
        value = JSON.parse(text(r.value))
      } catch {
        value = text(r.value)
      }
    }
    return { topic, partition, offset, key: r.key ? text(r.key) : null, value, timestamp: r.timestamp }
  }

  const state: KafkaSimState = {
    records: (topic) =>
      (topics.get(topic) ?? [])
        .flatMap((part, p) => part.map((r, o) => ({ seq: r.seq, record: view(topic, p, o, r) })))
        .sort((a, b) => a.seq - b.seq)
        .map((x) => x.record),
    append: (topic, key, value, encoding = 'json') => {
      const bytes =
        value instanceof Uint8Array ? value : utf8.encode(encoding === 'raw' && typeof value === 'string' ? value : JSON.stringify(value))
      const stored = { key: key === null ? null : utf8.encode(key), value: bytes, timestamp: clock() }
      const at = put(topic, stored)
      return view(topic, at.partition, at.offset, stored)
    },
    committed: (group, topic, partition) => offsets.get(`${group}|${topic}|${partition}`),
    liveInstances: () => instances.size,
  }

  const app = new Hono()

  app.use(async (c, next) => {
    if (!options.credentials || c.req.path.endsWith('/') || c.req.path.includes('/inspect/')) return next()
    const want = `Basic ${toBase64(utf8.encode(`${options.credentials.username}:${options.credentials.password}`))}`
    if (c.req.header('authorization') !== want) return kafkaError(c, 401, 40101, 'Unauthorized')
    return next()
  })

  app.get('/', (c) =>
    c.html(
      '<!doctype html><title>Kafka REST simulator</title><h1>Kafka REST Proxy simulator</h1>' +
        `<p>Cluster <code>${SANDBOX_KAFKA_CLUSTER}</code>. Produce: <code>POST v3/clusters/${SANDBOX_KAFKA_CLUSTER}/topics/payments/records</code>. ` +
        'Records of a topic: <a href="inspect/topics/payments">inspect/topics/payments</a>.</p>',
    ),
  )

  app.get('/inspect/topics/:topic', (c) => c.json({ topic: c.req.param('topic'), records: state.records(c.req.param('topic')) }))

  // ---- v3 ----

  app.get('/v3/clusters', (c) =>
    c.json({ kind: 'KafkaClusterList', metadata: { next: null }, data: [{ kind: 'KafkaCluster', cluster_id: SANDBOX_KAFKA_CLUSTER }] }),
  )

  const data = (d: unknown): { type: string; bytes: Bytes } | string => {
    if (d === undefined || d === null) return { type: 'NONE', bytes: null }
    if (typeof d !== 'object') return 'key and value must be objects'
    const { type, data: payload } = d as { type?: unknown; data?: unknown }
    const t = typeof type === 'string' ? type.toUpperCase() : 'JSON'
    if (payload === undefined || payload === null) return { type: t, bytes: null }
    if (t === 'JSON') return { type: t, bytes: utf8.encode(JSON.stringify(payload)) }
    if (t === 'STRING') return typeof payload === 'string' ? { type: t, bytes: utf8.encode(payload) } : 'STRING data must be a string'
    if (t === 'BINARY') {
      try {
        return typeof payload === 'string' ? { type: t, bytes: fromBase64(payload) } : 'BINARY data must be base64'
      } catch {
        return 'BINARY data must be base64'
      }
    }
    return `unsupported type ${t}`
  }

  app.post('/v3/clusters/:cluster/topics/:topic/records', async (c) => {
    if (c.req.param('cluster') !== SANDBOX_KAFKA_CLUSTER) return kafkaError(c, 404, 404, 'Cluster not found.')
    let body: { key?: unknown; value?: unknown; partition_id?: unknown }
    try {
      body = (await c.req.json()) as typeof body
    } catch {
      return kafkaError(c, 400, 400, 'Request body is not JSON.')
    }
    if (typeof body !== 'object' || body === null) return kafkaError(c, 400, 400, 'Request body must be an object.')
    const key = data(body.key)
    const value = data(body.value)
    if (typeof key === 'string') return kafkaError(c, 400, 400, key)
    if (typeof value === 'string') return kafkaError(c, 400, 400, value)
    const p = body.partition_id
    if (p !== undefined && p !== null && (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= partitions)) {
      return kafkaError(c, 404, 40402, 'Partition not found.')
    }
    const topic = c.req.param('topic')
    const timestamp = clock()
    const at = put(topic, { key: key.bytes, value: value.bytes, timestamp }, typeof p === 'number' ? p : undefined)
    const size = (x: { type: string; bytes: Bytes }) => (x.bytes ? { type: x.type, size: x.bytes.length } : undefined)
    return c.json({
      error_code: 200,
      cluster_id: SANDBOX_KAFKA_CLUSTER,
      topic_name: topic,
      partition_id: at.partition,
      offset: at.offset,
      timestamp: timestamp.toISOString(),
      ...(size(key) ? { key: size(key) } : {}),
      ...(size(value) ? { value: size(value) } : {}),
    })
  })

  // ---- v2 consumers ----

  const V2 = /^application\/(vnd\.kafka\.v2\+json|json)/
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
      log(topic).forEach((part, p) => {
        const committed = offsets.get(`${inst.group}|${topic}|${p}`)
        inst.positions.set(`${topic}|${p}`, committed ?? (inst.reset === 'earliest' ? 0 : part.length))
      })
    }
    inst.emptyPollsLeft = options.emptyPolls ?? 0
    return c.body(null, 204)
  })

  app.get('/consumers/:group/instances/:instance/records', (c) => {
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
    const out: Array<{ topic: string; key: unknown; value: unknown; partition: number; offset: number }> = []
    const moved = new Map<string, number>()
    let bytes = 0
    try {
      for (const topic of inst.topics) {
        log(topic).forEach((part, p) => {
          let pos = inst.positions.get(`${topic}|${p}`) ?? 0
          while (pos < part.length && (out.length === 0 || bytes < maxBytes)) {
            const r = part[pos] as Stored
            bytes += (r.key?.length ?? 0) + (r.value?.length ?? 0)
            const decode = (b: Bytes) => (b === null ? null : inst.format === 'binary' ? toBase64(b) : JSON.parse(text(b)))
            out.push({ topic, key: decode(r.key), value: decode(r.value), partition: p, offset: pos })
            pos++
          }
          moved.set(`${topic}|${p}`, pos)
        })
      }
    } catch (e) {
      // The real proxy's JSON deserializer fails the whole fetch, and the position does not move.
      return kafkaError(c, 500, 50002, `Kafka error: Error deserializing key/value as JSON: ${e instanceof Error ? e.message : String(e)}`)
    }
    for (const [k, v] of moved) inst.positions.set(k, v)
    return c.json(out)
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

  return {
    name: 'kafka-rest',
    description:
      'Kafka REST Proxy (v3 produce, v2 consumers) over an in-memory log: where the kafka publisher and consumer go in the sandbox.',
    app,
    state,
  }
}
