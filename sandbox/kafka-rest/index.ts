/**
 * Kafka REST Proxy simulator, mounted at `/sandbox/kafka-rest`: the slice of Confluent kafka-rest
 * that Varco speaks, over an in-memory log (log.ts). v3 produce (produce.ts) and v2 consumers
 * (consumers.ts); `GET /inspect/topics/{topic}` lists a topic's records for people and tests.
 * @module
 */

import { Hono } from 'hono'
import type { Simulator } from '../types.ts'
import { consumersApi, type FetchWait } from './consumers.ts'
import { SANDBOX_KAFKA_REST } from './credentials.ts'
import { type KafkaSimState, kafkaLog } from './log.ts'
import { produceApi } from './produce.ts'
import { kafkaError, toBase64, utf8 } from './wire.ts'

export type { FetchWait } from './consumers.ts'
export { SANDBOX_KAFKA_REST } from './credentials.ts'
export type { KafkaSimRecord, KafkaSimState } from './log.ts'

export type KafkaSimOptions = {
  readonly partitions?: number
  /** When set, every request needs this Basic auth. */
  readonly credentials?: { readonly username: string; readonly password: string }
  /** Fetches that come back empty right after a subscription, as while a real group rebalances. */
  readonly emptyPolls?: number
  /** Hold records requests as a real proxy does (long poll); default: answer at once. */
  readonly fetchWait?: FetchWait
  readonly clock?: () => Date
}

export function kafkaRestSimulator(options: KafkaSimOptions = {}): Simulator & { readonly state: KafkaSimState } {
  const kafka = kafkaLog(options.partitions ?? 3, options.clock ?? (() => new Date()))
  const consumers = consumersApi(kafka, options.emptyPolls, options.fetchWait)
  const state: KafkaSimState = {
    records: kafka.records,
    append: kafka.append,
    committed: (group, topic, partition) => kafka.offsets.get(`${group}|${topic}|${partition}`),
    liveInstances: consumers.liveInstances,
    restartProxy: consumers.restart,
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
        `<p>Cluster <code>${SANDBOX_KAFKA_REST.clusterId}</code>. Produce: <code>POST v3/clusters/${SANDBOX_KAFKA_REST.clusterId}/topics/payments/records</code>. ` +
        'Records of a topic: <a href="inspect/topics/payments">inspect/topics/payments</a>.</p>',
    ),
  )

  app.get('/inspect/topics/:topic', (c) => c.json({ topic: c.req.param('topic'), records: state.records(c.req.param('topic')) }))

  app.route('/', produceApi(kafka))
  app.route('/', consumers.app)

  return {
    name: 'kafka-rest',
    description:
      'Kafka REST Proxy (v3 produce, v2 consumers) over an in-memory log: where the kafka publisher and consumer go in the sandbox.',
    app,
    state,
  }
}
