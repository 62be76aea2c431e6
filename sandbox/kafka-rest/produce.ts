/**
 * Kafka REST v3, as Varco produces: `GET /v3/clusters` and `POST /v3/clusters/{id}/topics/{topic}/records`
 * with JSON, STRING or BINARY keys and values, and an optional partition.
 * @module
 */

import { Hono } from 'hono'
import { SANDBOX_KAFKA_REST } from './credentials.ts'
import type { Bytes, KafkaLog } from './log.ts'
import { fromBase64, kafkaError, utf8 } from './wire.ts'

/** A v3 `key` or `value` → its type and bytes, or what is wrong with it. */
function data(d: unknown): { type: string; bytes: Bytes } | string {
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

export function produceApi(kafka: KafkaLog): Hono {
  const app = new Hono()

  app.get('/v3/clusters', (c) =>
    c.json({
      kind: 'KafkaClusterList',
      metadata: { next: null },
      data: [{ kind: 'KafkaCluster', cluster_id: SANDBOX_KAFKA_REST.clusterId }],
    }),
  )

  app.post('/v3/clusters/:cluster/topics/:topic/records', async (c) => {
    if (c.req.param('cluster') !== SANDBOX_KAFKA_REST.clusterId) return kafkaError(c, 404, 404, 'Cluster not found.')
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
    if (p !== undefined && p !== null && (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p >= kafka.partitions)) {
      return kafkaError(c, 404, 40402, 'Partition not found.')
    }
    const topic = c.req.param('topic')
    const timestamp = kafka.clock()
    const at = kafka.put(topic, { key: key.bytes, value: value.bytes, timestamp }, typeof p === 'number' ? p : undefined)
    const size = (x: { type: string; bytes: Bytes }) => (x.bytes ? { type: x.type, size: x.bytes.length } : undefined)
    return c.json({
      error_code: 200,
      cluster_id: SANDBOX_KAFKA_REST.clusterId,
      topic_name: topic,
      partition_id: at.partition,
      offset: at.offset,
      timestamp: timestamp.toISOString(),
      ...(size(key) ? { key: size(key) } : {}),
      ...(size(value) ? { value: size(value) } : {}),
    })
  })

  return app
}
