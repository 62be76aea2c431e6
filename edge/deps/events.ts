/**
 * Events out (VARCO_PUBLISHERS: kafka, webhook, queue) and in (KAFKA_CONSUME: the cron drain, and
 * the long-lived stream that Node and Deno run when KAFKA_CONSUMER_LOOP is on). Without
 * KAFKA_REST_URL the sandbox's REST Proxy simulator stands in for Kafka (parseConfig refuses that
 * outside the sandbox). The queue publisher needs the PAYMENTS_OUT producer binding.
 * @module
 */

import { createQueuePublisher, isQueueProducer } from '../../adapters/cf-queue/index.ts'
import { createKafkaRestPublisher, createKafkaRestSource, createKafkaRestStream } from '../../adapters/kafka-rest/index.ts'
import { createWebhookPublisher } from '../../adapters/webhook/index.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { EventPublisher } from '../../ports/event-publisher.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { PaymentEventSource } from '../../ports/payment-event-source.port.ts'
import type { PaymentEventStream } from '../../ports/payment-event-stream.port.ts'
import { type Sandbox, sandboxCredentials } from '../../sandbox/index.ts'
import { type Config, ConfigError } from '../env.ts'

export type EventChannels = {
  /** Publisher name (as in VARCO_PUBLISHERS) → its adapter. */
  readonly eventPublishers: Readonly<Record<string, EventPublisher>>
  /** The Kafka `payments` consumer when KAFKA_CONSUME=true, else null. */
  readonly paymentEventSource: PaymentEventSource | null
  /** The long-lived consumer of the same topic and group (started by Node and Deno only), or null. */
  readonly paymentEventStream: PaymentEventStream | null
}

export function eventChannels(
  env: Readonly<Record<string, unknown>>,
  config: Config,
  ctx: {
    readonly sandbox: Sandbox | null
    readonly clock: Clock
    readonly logger: Logger
    readonly publishers: readonly string[]
    /** The sinks' fetch: Node and Deno pass the SSRF-guarded one in production (adapters/outbound/guarded-fetch.ts). */
    readonly sinkFetch?: typeof fetch | undefined
  },
  over: Partial<EventChannels>,
): EventChannels {
  const kafka = {
    baseUrl: config.KAFKA_REST_URL ?? ctx.sandbox?.baseUrlOf('kafka-rest') ?? '',
    username: config.KAFKA_USERNAME,
    password: config.KAFKA_PASSWORD,
    topic: config.KAFKA_TOPIC,
    fetch: ctx.sandbox?.fetch ?? ctx.sinkFetch ?? fetch,
  }
  const consumer = {
    ...kafka,
    group: config.KAFKA_CONSUMER_GROUP,
    format: config.KAFKA_CONSUMER_FORMAT,
    pollTimeoutMs: config.KAFKA_POLL_TIMEOUT_MS,
    logger: ctx.logger,
  }
  const make = (name: string): EventPublisher => {
    switch (name) {
      case 'kafka':
        return createKafkaRestPublisher({
          ...kafka,
          sdiTopic: config.KAFKA_SDI_TOPIC,
          clusterId: config.KAFKA_CLUSTER_ID ?? (config.KAFKA_REST_URL ? undefined : sandboxCredentials.kafkaRest.clusterId),
        })
      case 'webhook':
        return createWebhookPublisher({
          url: config.WEBHOOK_URL ?? '',
          secret: config.WEBHOOK_SECRET ?? '',
          clock: ctx.clock,
          ...(ctx.sinkFetch ? { fetch: ctx.sinkFetch } : {}),
        })
      case 'queue': {
        const binding = env['PAYMENTS_OUT']
        if (!isQueueProducer(binding)) {
          throw new ConfigError('invalid configuration: PAYMENTS_OUT: a Queue producer binding is required when VARCO_PUBLISHERS has queue')
        }
        return createQueuePublisher(binding)
      }
      default:
        throw new ConfigError(`invalid configuration: VARCO_PUBLISHERS: unknown publisher '${name}'`)
    }
  }
  return {
    eventPublishers: over.eventPublishers ?? Object.fromEntries(ctx.publishers.map((n) => [n, make(n)])),
    paymentEventSource:
      over.paymentEventSource !== undefined ? over.paymentEventSource : config.KAFKA_CONSUME ? createKafkaRestSource(consumer) : null,
    paymentEventStream:
      over.paymentEventStream !== undefined
        ? over.paymentEventStream
        : config.KAFKA_CONSUME && config.KAFKA_CONSUMER_LOOP
          ? createKafkaRestStream(consumer)
          : null,
  }
}
