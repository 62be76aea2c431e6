/**
 * Kafka REST v2 consumers, as Varco consumes: create an instance in a group, subscribe, fetch
 * records (json or binary embedded format), commit offsets (stored as offset + 1, as the proxy
 * does), delete. Like the real proxy, a json-format fetch fails on a record whose key or value is
 * not JSON. Every instance of a group reads all partitions (no rebalancing).
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

/** `emptyPolls`: fetches that come back empty right after a subscription, as while a real group rebalances. */
export function consumersApi(kafka: KafkaLog, emptyPolls = 0): { readonly app: Hono; readonly liveInstances: () => number } {
  const { offsets } = kafka
  const instances = new Map<string, Instance>() // `${group}|${name}`
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
        kafka.log(topic).forEach((part, p) => {
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

  return { app, liveInstances: () => instances.size }
}
