/**
 * Events through Kafka, end to end on Node: the real app and deps (embedded libSQL, pagoPA
 * simulator) talking to a fake Kafka REST Proxy on 127.0.0.1. Out: a CREATION_PENDING event in →
 * outbox → dispatcher → the PAYMENT_PENDING event on `payments`, keyed by service_id. In: the
 * per-minute cron consumes the topic like POST /payments.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSchedule } from '../../edge/cron.ts'
import { kafkaRestFake } from '../fakes/kafka-rest-server.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

const EVERY_MINUTE = '* * * * *'
type Json = Record<string, unknown>

const fake = kafkaRestFake()
let kafkaUrl = ''
let close: () => Promise<void> = async () => {}
beforeAll(async () => {
  const server = await fake.listen()
  kafkaUrl = server.url
  close = server.close
})
afterAll(() => close())

/** A gateway publishing to (and consuming from) its own topic of the shared fake. */
async function gateway(env: Record<string, string> = {}) {
  const topic = `payments-${crypto.randomUUID().slice(0, 8)}`
  const h = await harness({}, { VARCO_PUBLISHERS: 'kafka', KAFKA_REST_URL: kafkaUrl, KAFKA_TOPIC: topic, ...env })
  const t = await h.tenant()
  const admin = { key: t.key, token: await h.token(t.id) }
  const op = { key: t.key, token: await h.token(t.id, 'operator') }
  const svc = await h.call('POST', '/services', {
    ...admin,
    body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
  })
  const serviceId = svc.json['id'] as string
  const records = () => fake.state.records(topic)
  const outbox = async (paymentId: string) =>
    (
      await h.deps.db.execute({
        sql: `SELECT o.publisher, o.attempts, o.delivered_at, o.last_error FROM outbox o JOIN payment_events e ON e.event_id = o.event_id
              WHERE e.payment_id = ? ORDER BY o.id`,
        args: [paymentId],
      })
    ).rows
  const dispatchRun = (runs: Awaited<ReturnType<typeof runSchedule>>) => runs.find((r) => r.job === 'dispatch-outbox')
  return { h, op, topic, tenantId: t.id, serviceId, records, outbox, dispatchRun }
}

describe('events out: POST /payments → outbox → Kafka', () => {
  it('delivers the PAYMENT_PENDING event keyed by service_id, with a fresh event_id, right after the write', async () => {
    const g = await gateway()
    const ev = creationEvent(g.tenantId, g.serviceId)
    const r = await g.h.call('POST', '/payments', { ...g.op, body: ev })
    expect(r.status).toBe(201)

    const history = (await g.h.call('GET', `/payments/${ev.id}/events`, g.op)).json['items'] as Json[]
    expect(history.map((e) => e['status'])).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING'])
    const records = g.records()
    expect(records).toHaveLength(1)
    const rec = records[0] as (typeof records)[number]
    expect(rec.key).toBe(g.serviceId)
    expect(rec.value).toEqual(history[1])
    expect(rec.value).toMatchObject({
      id: ev.id,
      status: 'PAYMENT_PENDING',
      event_version: '2.0',
      app_id: expect.stringMatching(/^varco:/),
    })
    expect((rec.value as Json)['event_id']).not.toBe(ev.event_id)
    expect(await g.outbox(ev.id)).toMatchObject([{ publisher: 'kafka', attempts: 1, delivered_at: expect.any(Number), last_error: null }])

    // Already delivered: the per-minute dispatcher has nothing left to do.
    expect(g.dispatchRun(await runSchedule(g.h.deps, EVERY_MINUTE))).toMatchObject({ outcome: 'ok', counts: { delivered: 0 } })
    expect(g.records()).toHaveLength(1)
  })

  it('with VARCO_DISPATCH_ON_WRITE=false the event waits for the per-minute dispatcher, shown on /status', async () => {
    const g = await gateway({ VARCO_DISPATCH_ON_WRITE: 'false' })
    const ev = creationEvent(g.tenantId, g.serviceId)
    await g.h.call('POST', '/payments', { ...g.op, body: ev })
    expect(g.records()).toHaveLength(0)
    expect(await g.outbox(ev.id)).toMatchObject([{ attempts: 0, delivered_at: null }])

    const runs = await runSchedule(g.h.deps, EVERY_MINUTE)
    expect(runs.map((r) => r.job)).toEqual([
      'poll-payments',
      'reconcile-payments-v2',
      'reconcile-sdi',
      'reconcile-billing',
      'reconcile-rtd',
      'consume-kafka',
      'dispatch-outbox',
      'process-rtd',
    ])
    expect(g.dispatchRun(runs)).toMatchObject({ outcome: 'ok', counts: { delivered: 1, retried: 0 } })
    expect(g.records().map((x) => (x.value as Json)['status'])).toEqual(['PAYMENT_PENDING'])
    const status = (await g.h.call('GET', '/status')).json as { cron: Array<{ job: string; schedule: string; last_run: Json | null }> }
    expect(status.cron.find((c) => c.job === 'dispatch-outbox')).toMatchObject({ schedule: EVERY_MINUTE, last_run: { outcome: 'ok' } })
  })

  it('keeps the event when Kafka is down (last_error, backoff), and the cron delivers it later', async () => {
    const g = await gateway()
    fake.fail({
      method: 'POST',
      path: new RegExp(`/topics/${g.topic}/records$`),
      status: 503,
      body: { error_code: 50301, message: 'down' },
    })
    const ev = creationEvent(g.tenantId, g.serviceId)
    expect((await g.h.call('POST', '/payments', { ...g.op, body: ev })).status).toBe(201)
    expect(g.records()).toHaveLength(0)
    expect(await g.outbox(ev.id)).toMatchObject([{ attempts: 1, delivered_at: null, last_error: 'kafka rest: HTTP 503 (50301) down' }])

    expect(g.dispatchRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ delivered: 0 }) // backing off
    g.h.clock.advance(30_000)
    expect(g.dispatchRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ delivered: 1 })
    expect(g.records()).toHaveLength(1)
  })

  it('in the sandbox without KAFKA_REST_URL, publishes to the Kafka REST simulator', async () => {
    const h = await harness({}, { VARCO_PUBLISHERS: 'kafka' })
    const t = await h.tenant()
    const svc = await h.call('POST', '/services', {
      key: t.key,
      token: await h.token(t.id),
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    const ev = creationEvent(t.id, svc.json['id'] as string)
    await h.call('POST', '/payments', { key: t.key, token: await h.token(t.id, 'operator'), body: ev })
    const topic = (await h.call('GET', '/sandbox/kafka-rest/inspect/topics/payments')).json as { records: Json[] }
    expect(topic.records).toMatchObject([{ key: svc.json['id'], value: { id: ev.id, status: 'PAYMENT_PENDING' } }])
  })
})

describe('events in: the payments topic → consume-kafka → ingest', () => {
  const consumer = { KAFKA_CONSUME: 'true' }
  const consumeRun = (runs: Awaited<ReturnType<typeof runSchedule>>) => runs.find((r) => r.job === 'consume-kafka')

  it('stores a new payment, creates it at pagoPA, publishes PAYMENT_PENDING, and then ignores its own event', async () => {
    const g = await gateway({ ...consumer, KAFKA_CONSUMER_GROUP: `g-${crypto.randomUUID()}` })
    const ev = creationEvent(g.tenantId, g.serviceId)
    fake.state.append(g.topic, g.serviceId, ev) // as the Opencity dispatcher produces it

    // The PAYMENT_PENDING it publishes (right after the write) lands on the same topic, is read back
    // in the same run and ignored as Varco's own event.
    const runs = await runSchedule(g.h.deps, EVERY_MINUTE)
    expect(consumeRun(runs)).toMatchObject({ outcome: 'ok', counts: { received: 2, stored: 1, ignored: 1, committed: 2 } })
    expect((await g.h.call('GET', `/payments/${ev.id}`, g.op)).json).toMatchObject({ status: 'PAYMENT_PENDING' })
    expect(g.records().map((r) => (r.value as Json)['status'])).toEqual(['CREATION_PENDING', 'PAYMENT_PENDING'])

    // A replay of the dispatcher's event is ignored too; nothing new is published.
    fake.state.append(g.topic, g.serviceId, ev)
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ received: 1, ignored: 1, committed: 1 })
    expect(g.records()).toHaveLength(3)
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ received: 0 })
  })

  it('drops invalid events (counted in oc_payment_validation_errors_total{source="kafka"}), ignores other versions and other tenants', async () => {
    const g = await gateway({ ...consumer, KAFKA_CONSUMER_GROUP: `g-${crypto.randomUUID()}` })
    fake.state.append(g.topic, g.serviceId, creationEvent(g.tenantId, g.serviceId, { payer: { name: 'Mario' } }))
    fake.state.append(g.topic, g.serviceId, '{"truncated": ', 'raw')
    fake.state.append(g.topic, g.serviceId, creationEvent(g.tenantId, g.serviceId, { event_version: '1.0' }))
    fake.state.append(g.topic, 'other', creationEvent(crypto.randomUUID(), crypto.randomUUID()))

    const run = consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))
    expect(run?.counts).toEqual({ received: 4, stored: 0, ignored: 2, rejected: 2, retried: 0, committed: 4 })
    const metrics = (await g.h.call('GET', '/metrics')).text
    expect(metrics).toMatch(/oc_payment_validation_errors_total\{[^}]*source="kafka",reason="schema"\} 1/)
    expect(metrics).toMatch(/oc_payment_validation_errors_total\{[^}]*source="kafka",reason="json"\} 1/)
    expect(metrics).toMatch(/oc_payment_validation_errors_total\{[^}]*source="kafka",reason="version"\} 1/)
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ received: 0 })
  })

  it('does not commit an event that hit a transient failure, and stores it on the next run', async () => {
    const g = await gateway({ ...consumer, KAFKA_CONSUMER_GROUP: `g-${crypto.randomUUID()}` })
    const ev = creationEvent(g.tenantId, g.serviceId)
    fake.state.append(g.topic, g.serviceId, ev)
    const repo = g.h.deps.payments as { seenInbound: (id: string) => Promise<boolean> }
    const real = repo.seenInbound
    repo.seenInbound = async () => {
      throw new Error('database connection reset')
    }
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({ received: 1, retried: 1, committed: 0 })
    repo.seenInbound = real
    // Redelivered and stored; its own PAYMENT_PENDING comes back in the same run and is ignored.
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))?.counts).toMatchObject({
      received: 2,
      stored: 1,
      ignored: 1,
      committed: 2,
    })
    expect((await g.h.call('GET', `/payments/${ev.id}`, g.op)).json).toMatchObject({ status: 'PAYMENT_PENDING' })
  })

  it('records the run as an error when the proxy is unreachable, without losing anything', async () => {
    const g = await gateway({ ...consumer, KAFKA_REST_URL: 'http://127.0.0.1:1' })
    expect(consumeRun(await runSchedule(g.h.deps, EVERY_MINUTE))).toMatchObject({
      outcome: 'error',
      error: expect.stringContaining('create consumer'),
    })
  })
})
