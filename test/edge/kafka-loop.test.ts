/**
 * The long-lived Kafka consumer of Node and Deno (edge/local/kafka-loop.ts) with the real deps
 * (embedded libSQL, pagoPA simulator) and a fake REST Proxy on 127.0.0.1 that holds polls as
 * Confluent's does (consumer.request.timeout.ms 1000, fetch.min.bytes unset). No cron runs here, so
 * an event reaching PAYMENT_PENDING proves the loop; while it runs the cron job stands aside, and
 * once it is stopped the cron consumes again (the fallback).
 */

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runSchedule } from '../../edge/cron.ts'
import { startKafkaLoop } from '../../edge/local/kafka-loop.ts'
import { kafkaRestFake } from '../fakes/kafka-rest-server.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

type Json = Record<string, unknown>
const fake = kafkaRestFake({ fetchWait: { requestTimeoutMs: 1000 } })
let kafkaUrl = ''
let close: () => Promise<void> = async () => {}
beforeAll(async () => {
  const server = await fake.listen()
  kafkaUrl = server.url
  close = server.close
})
afterAll(() => close())

const consumeRun = (runs: Awaited<ReturnType<typeof runSchedule>>) => runs.find((r) => r.job === 'consume-kafka')

describe('long-lived Kafka consumer (Node, Deno)', () => {
  it('turns an event into PAYMENT_PENDING on the topic without the cron, and hands back to the cron once stopped', async () => {
    const topic = `payments-${crypto.randomUUID().slice(0, 8)}`
    const group = `g-${crypto.randomUUID()}`
    const h = await harness(
      {},
      { VARCO_PUBLISHERS: 'kafka', KAFKA_REST_URL: kafkaUrl, KAFKA_TOPIC: topic, KAFKA_CONSUME: 'true', KAFKA_CONSUMER_GROUP: group },
    )
    const t = await h.tenant()
    const svc = await h.call('POST', '/services', {
      key: t.key,
      token: await h.token(t.id),
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    const serviceId = svc.json['id'] as string
    const statuses = () => fake.state.records(topic).map((r) => [(r.value as Json)['id'], (r.value as Json)['status']])

    const loop = startKafkaLoop(h.deps)
    expect(loop).not.toBeNull()
    try {
      const ev = creationEvent(t.id, serviceId)
      fake.state.append(topic, serviceId, ev) // as the Opencity dispatcher produces it
      await vi.waitFor(() => expect(statuses()).toContainEqual([ev.id, 'PAYMENT_PENDING']), { timeout: 15_000, interval: 20 })

      // One process, one consumer: the cron's run stands aside while the loop consumes.
      expect(consumeRun(await runSchedule(h.deps, '* * * * *'))).toMatchObject({
        outcome: 'ok',
        counts: { received: 0, live_consumer: 1 },
      })
    } finally {
      await loop?.stop()
    }
    expect(h.deps.paymentEventStream?.running()).toBe(false)
    expect(fake.state.liveInstances()).toBe(0)

    // Stopped: the cron drains the topic again (nothing of the loop's is left uncommitted).
    const next = creationEvent(t.id, serviceId)
    fake.state.append(topic, serviceId, next)
    const run = consumeRun(await runSchedule(h.deps, '* * * * *'))
    expect(run).toMatchObject({ outcome: 'ok', counts: { stored: 1 } })
    expect(statuses()).toContainEqual([next.id, 'PAYMENT_PENDING'])
  }, 60_000)

  it('is not started when KAFKA_CONSUMER_LOOP=false (the cron consumes)', async () => {
    const h = await harness({}, { KAFKA_REST_URL: kafkaUrl, KAFKA_CONSUME: 'true', KAFKA_CONSUMER_LOOP: 'false' })
    expect(h.deps.paymentEventSource).not.toBeNull()
    expect(startKafkaLoop(h.deps)).toBeNull()
  })
})
