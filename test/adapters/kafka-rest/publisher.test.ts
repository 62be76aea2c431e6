import { describe, expect, it } from 'vitest'
import { createKafkaRestPublisher } from '../../../adapters/kafka-rest/index.ts'
import { eventToWire } from '../../../core/payment-wire.ts'
import { FAKE_CLUSTER, kafkaRestFake } from '../../fakes/kafka-rest-server.ts'
import { aPayment } from '../../fakes/payment.fake.ts'

const event = (over: Parameters<typeof aPayment>[0] = {}) =>
  eventToWire({
    ...aPayment({ status: 'PAYMENT_PENDING', ...over }),
    event_id: crypto.randomUUID(),
    event_version: '2.0',
    event_created_at: new Date('2026-11-23T10:00:01Z'),
    app_id: 'varco:test',
  })

const SERVICE = '68dada78-2398-4a11-b80a-98aaede3371c'
const RECORDS = `/v3/clusters/${FAKE_CLUSTER}/topics/payments/records`

describe('Kafka REST v3 publisher', () => {
  it('produces the event as a JSON value keyed by the service id (STRING), to topic payments', async () => {
    const fake = kafkaRestFake()
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test/', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    const e = event()
    expect(await kafka.publish(e, SERVICE)).toEqual({ kind: 'ok' })
    const [req] = fake.requests
    expect(req).toMatchObject({ method: 'POST', path: RECORDS, headers: { 'content-type': 'application/json' } })
    expect(req?.body).toEqual({ key: { type: 'STRING', data: SERVICE }, value: { type: 'JSON', data: e } })
    expect(req?.headers['authorization']).toBeUndefined()
    expect(fake.state.records('payments')).toMatchObject([{ key: SERVICE, value: e }])
  })

  it('sends SDI events to their own topic (sdi, or the configured one), never to payments', async () => {
    const fake = kafkaRestFake()
    const sdi = { event_id: crypto.randomUUID(), type: 'sdi.transmission.updated' as const, stato: 'RC' }
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    expect(await kafka.publish(sdi, 'tenant-1')).toEqual({ kind: 'ok' })
    const custom = createKafkaRestPublisher({
      baseUrl: 'http://kafka.test',
      clusterId: FAKE_CLUSTER,
      fetch: fake.fetch,
      sdiTopic: 'fatture',
    })
    expect(await custom.publish(sdi, 'tenant-1')).toEqual({ kind: 'ok' })
    expect(fake.state.records('sdi')).toMatchObject([{ key: 'tenant-1', value: sdi }])
    expect(fake.state.records('fatture')).toHaveLength(1)
    expect(fake.state.records('payments')).toHaveLength(0)
  })

  it('keeps one service on one partition, as a native producer keyed by service_id would', async () => {
    const fake = kafkaRestFake({ partitions: 6 })
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    for (let i = 0; i < 5; i++) await kafka.publish(event({ id: crypto.randomUUID() }), SERVICE)
    expect(new Set(fake.state.records('payments').map((r) => r.partition)).size).toBe(1)
  })

  it('discovers the cluster id once with GET /v3/clusters, and honours a configured topic', async () => {
    const fake = kafkaRestFake()
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', topic: 'payments-test', fetch: fake.fetch })
    expect(await kafka.publish(event(), SERVICE)).toEqual({ kind: 'ok' })
    expect(await kafka.publish(event(), SERVICE)).toEqual({ kind: 'ok' })
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /v3/clusters',
      `POST /v3/clusters/${FAKE_CLUSTER}/topics/payments-test/records`,
      `POST /v3/clusters/${FAKE_CLUSTER}/topics/payments-test/records`,
    ])
    expect(fake.state.records('payments-test')).toHaveLength(2)
  })

  it('retries discovery after it failed', async () => {
    const fake = kafkaRestFake()
    fake.fail({ path: /^\/v3\/clusters$/, status: 503 })
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', fetch: fake.fetch })
    expect(await kafka.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', reason: expect.stringContaining('HTTP 503') })
    expect(await kafka.publish(event(), SERVICE)).toEqual({ kind: 'ok' })
  })

  it('sends Basic auth when a username is configured, and a 401 is retryable (credentials can be fixed)', async () => {
    const fake = kafkaRestFake({ credentials: { username: 'varco', password: 'pässword' } })
    const good = createKafkaRestPublisher({
      baseUrl: 'http://kafka.test',
      clusterId: FAKE_CLUSTER,
      username: 'varco',
      password: 'pässword',
      fetch: fake.fetch,
    })
    expect(await good.publish(event(), SERVICE)).toEqual({ kind: 'ok' })
    expect(fake.requests[0]?.headers['authorization']).toMatch(/^Basic /)
    const bad = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    expect(await bad.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', reason: expect.stringContaining('HTTP 401 (40101)') })
  })

  it.each([
    [400, 'permanent'],
    [413, 'permanent'],
    [422, 'permanent'],
    [404, 'retryable'],
    [403, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
  ])('maps HTTP %i to %s', async (status, kind) => {
    const fake = kafkaRestFake()
    fake.fail({ path: /\/records$/, status, body: { error_code: status * 100 + 1, message: 'nope' } })
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    expect(await kafka.publish(event(), SERVICE)).toMatchObject({ kind, reason: `kafka rest: HTTP ${status} (${status * 100 + 1}) nope` })
  })

  it('reads a failed delivery report inside a 200, and honours Retry-After on 429', async () => {
    const fake = kafkaRestFake()
    fake.fail({ path: /\/records$/, status: 200, body: { error_code: 50002, message: 'Kafka error' } })
    fake.fail({ path: /\/records$/, status: 429, headers: { 'retry-after': '7' } })
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    expect(await kafka.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', reason: expect.stringContaining('50002') })
    expect(await kafka.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', retryAfterMs: 7000 })
    expect(fake.state.records('payments')).toHaveLength(0)
  })

  it('treats network errors and timeouts as retryable', async () => {
    const fake = kafkaRestFake()
    fake.fail({ path: /\/records$/, network: true })
    const kafka = createKafkaRestPublisher({ baseUrl: 'http://kafka.test', clusterId: FAKE_CLUSTER, fetch: fake.fetch })
    expect(await kafka.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', reason: 'kafka rest: fetch failed' })
    const hanging = createKafkaRestPublisher({
      baseUrl: 'http://kafka.test',
      clusterId: FAKE_CLUSTER,
      timeoutMs: 30,
      fetch: () => new Promise<Response>(() => {}),
    })
    expect(await hanging.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', reason: 'kafka rest: no answer within 30 ms' })
  })

  it('works over a real socket on 127.0.0.1', async () => {
    const fake = kafkaRestFake()
    const server = await fake.listen()
    try {
      const kafka = createKafkaRestPublisher({ baseUrl: server.url })
      expect(await kafka.publish(event(), SERVICE)).toEqual({ kind: 'ok' })
      expect(fake.state.records('payments')).toHaveLength(1)
    } finally {
      await server.close()
    }
  })
})
