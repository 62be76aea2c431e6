/**
 * The EventPublisher matrix: each channel (Kafka REST, signed webhook, Cloudflare Queue) × the far
 * side it runs against × the cases it skips, with reasons. Read by the Node run
 * (test/contract/event-publisher.contract.test.ts) and the workerd run
 * (test/workerd/event-publisher.contract.test.ts); the real PAYMENTS_OUT queue binding exists only
 * inside workerd, which passes it in. Runtime-neutral: socket set-ups load Node's server when made.
 * @module
 */

import { createQueuePublisher, type QueueProducer } from '../../adapters/cf-queue/index.ts'
import { createKafkaRestPublisher, type KafkaPublisherConfig } from '../../adapters/kafka-rest/index.ts'
import { createWebhookPublisher, type WebhookConfig } from '../../adapters/webhook/index.ts'
import type { WireEvent } from '../../core/payment-wire.ts'
import { FAKE_CLUSTER, kafkaRestFake } from '../fakes/kafka-rest-server.ts'
import { webhookReceiver } from '../fakes/webhook-receiver.ts'
import type { PublisherCase, PublisherHarness } from './event-publisher.contract.ts'
import { runEventPublisherContract } from './event-publisher.contract.ts'
import { BOTH_RUNTIMES, type MatrixRow, type Runtime, rowName, rowsFor } from './matrix.ts'

export type PublisherRow = MatrixRow<PublisherHarness, PublisherCase>

/** A fetch whose connection is refused. */
const refusedFetch = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch
/** A far side that answers after the publisher stopped waiting. */
const LATE_MS = 300
const TIMEOUT_MS = 30
/** Cloudflare Queues' limit on one message (128 KB; Miniflare's broker names it MAX_MESSAGE_SIZE_BYTES). */
export const QUEUE_MESSAGE_LIMIT = 128_000

/** The Kafka REST simulator with injectable faults, in-process or on a socket. */
async function kafkaHarness(socket: boolean): Promise<PublisherHarness> {
  const credentials = { username: 'varco', password: 'kafka-secret' }
  const fake = kafkaRestFake({ credentials })
  const server = socket ? await fake.listen() : null
  const make = (o: Partial<KafkaPublisherConfig> = {}) =>
    createKafkaRestPublisher({
      baseUrl: server?.url ?? 'http://kafka.test',
      clusterId: FAKE_CLUSTER,
      ...credentials,
      ...(server ? {} : { fetch: fake.fetch }),
      ...o,
    })
  const records = /\/records$/
  return {
    publisher: make(),
    name: 'kafka',
    keyed: true,
    // Payment events on `payments`, SDI events on their own `sdi` topic (adapters/kafka-rest/publisher.ts).
    received: async () => [...fake.state.records('payments'), ...fake.state.records('sdi')].map((r) => ({ event: r.value, key: r.key })),
    unreachable: () => (server ? make({ baseUrl: 'http://127.0.0.1:1' }) : make({ fetch: refusedFetch })),
    failNext: () => fake.fail({ path: records, status: 503 }),
    slow: () => {
      fake.fail({ path: records, delayMs: LATE_MS })
      return make({ timeoutMs: TIMEOUT_MS })
    },
    refuse: (e) => {
      fake.fail({ path: records, status: 413, body: { error_code: 41301, message: 'Record too large' } })
      return e
    },
    throttleNext: (seconds) => fake.fail({ path: records, status: 429, headers: { 'retry-after': String(seconds) } }),
    withBadCredentials: () => make({ password: 'not-the-password' }),
    ...(server ? { close: server.close } : {}),
  }
}

const WEBHOOK_SECRET = 'whsec-contract-0123456789abcdef'

/** A receiver that checks every signature, in-process or on a socket. */
async function webhookHarness(socket: boolean): Promise<PublisherHarness> {
  const rx = webhookReceiver(WEBHOOK_SECRET)
  const server = socket ? await rx.listen() : null
  const make = (o: Partial<WebhookConfig> = {}) =>
    createWebhookPublisher({
      url: server ? `${server.url}/hooks/varco` : 'http://receiver.test/hooks/varco',
      secret: WEBHOOK_SECRET,
      ...(server ? {} : { fetch: rx.fetch }),
      ...o,
    })
  return {
    publisher: make(),
    name: 'webhook',
    keyed: true,
    received: async () => rx.deliveries.map((d) => ({ event: d.event, key: d.key })),
    unreachable: () => (server ? make({ url: 'http://127.0.0.1:1/hooks/varco' }) : make({ fetch: refusedFetch })),
    failNext: () => rx.answerNext({ status: 503 }),
    slow: () => {
      rx.answerNext({ status: 204, delayMs: LATE_MS })
      return make({ timeoutMs: TIMEOUT_MS })
    },
    refuse: (e) => {
      rx.answerNext({ status: 413 })
      return e
    },
    throttleNext: (seconds) => rx.answerNext({ status: 429, headers: { 'retry-after': String(seconds) } }),
    // A receiver configured with another secret refuses every signature (401).
    withBadCredentials: () => make({ secret: 'not-the-shared-secret-0000' }),
    ...(server ? { close: server.close } : {}),
  }
}

/** A copy of `e` over the queue's message limit: the one refusal a queue has. */
const oversized = (e: WireEvent): WireEvent => ({ ...e, reason: 'x'.repeat(QUEUE_MESSAGE_LIMIT) })

/** The binding, recording what it accepted (a producer cannot read its queue back). */
function recorded(binding: QueueProducer) {
  const sent: unknown[] = []
  const producer: QueueProducer = {
    async send(body, options) {
      await binding.send(body, options)
      sent.push(JSON.parse(JSON.stringify(body)))
    },
  }
  return { producer, received: async () => sent.map((event) => ({ event, key: null })) }
}

/** A producer binding in memory that keeps Queues' message limit and can be made to fail. */
function fakeQueueBinding() {
  let failure: string | null = null
  const binding: QueueProducer = {
    async send(body) {
      const size = new TextEncoder().encode(JSON.stringify(body)).length
      if (size > QUEUE_MESSAGE_LIMIT) throw new Error(`Queue send failed: message length of ${size} bytes exceeds limit of 128000`)
      const f = failure
      failure = null
      if (f) throw new Error(f)
    },
  }
  return {
    binding,
    failNext: (message: string) => {
      failure = message
    },
  }
}

function queueHarness(binding: QueueProducer, control?: ReturnType<typeof fakeQueueBinding>): PublisherHarness {
  const rec = recorded(binding)
  const down = fakeQueueBinding()
  return {
    publisher: createQueuePublisher(rec.producer),
    name: 'queue',
    keyed: false,
    received: rec.received,
    refuse: oversized,
    ...(control
      ? {
          unreachable: () => {
            down.failNext('Queue is unavailable')
            return createQueuePublisher(down.binding)
          },
          failNext: () => control.failNext('Queue send failed: internal error'),
        }
      : {}),
  }
}

const QUEUE_SKIPS = {
  timeout: { reason: 'send() is a binding call with no client-side deadline: the Workers runtime bounds it, not the publisher' },
  throttled: { reason: 'a Queues producer reports no wait: send() only resolves or rejects' },
  'bad-credentials': { reason: 'a binding carries no credentials: the Workers runtime grants it from wrangler.toml' },
} as const

/** The rows; `bindings.PAYMENTS_OUT` (workerd: the wrangler.toml producer) adds the real queue. */
export function eventPublisherMatrix(bindings: { readonly PAYMENTS_OUT?: QueueProducer } = {}): PublisherRow[] {
  const channels = [
    { subject: 'Kafka REST publisher', farSide: 'Kafka REST simulator with faults', make: kafkaHarness },
    { subject: 'webhook publisher', farSide: 'signature-checking receiver', make: webhookHarness },
  ]
  const rows: PublisherRow[] = channels.flatMap((c): PublisherRow[] => [
    { subject: c.subject, setUp: `${c.farSide} (in-process fetch)`, runtimes: BOTH_RUNTIMES, make: () => c.make(false) },
    { subject: c.subject, setUp: `${c.farSide} on 127.0.0.1`, runtimes: ['node'], make: () => c.make(true) },
  ])
  rows.push({
    subject: 'Cloudflare Queue publisher',
    setUp: 'producer binding in memory with the 128 KB limit',
    runtimes: BOTH_RUNTIMES,
    make: async () => {
      const control = fakeQueueBinding()
      return queueHarness(control.binding, control)
    },
    skip: QUEUE_SKIPS,
  })
  const out = bindings.PAYMENTS_OUT
  if (out) {
    rows.push({
      subject: 'Cloudflare Queue publisher',
      setUp: 'wrangler.toml PAYMENTS_OUT binding (Miniflare queue)',
      runtimes: ['workerd'],
      make: async () => queueHarness(out),
      skip: {
        ...QUEUE_SKIPS,
        unreachable: { reason: 'a local queue binding cannot be made unreachable; the in-memory binding row covers it' },
        outage: { reason: 'a local queue binding cannot be made to fail once; the in-memory binding row covers it' },
        rejected: {
          reason:
            'the local binding of the vitest pool takes a message of any size (2 MB tried), so no refusal can be produced; the in-memory binding row keeps the 128 KB limit',
        },
      },
    })
  }
  return rows
}

export function runEventPublisherMatrix(runtime: Runtime, bindings: { readonly PAYMENTS_OUT?: QueueProducer } = {}): void {
  for (const row of rowsFor(eventPublisherMatrix(bindings), runtime)) {
    runEventPublisherContract({ name: `${rowName(row)} [${runtime}]`, make: row.make, ...(row.skip ? { skip: row.skip } : {}) })
  }
}
