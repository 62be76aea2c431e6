/**
 * Kafka consumption from cron (opencity.md §5.1–5.2): each run drains a bounded batch of the
 * `payments` topic through the configured source and ingests every event like `POST /payments`.
 * Offsets are committed only after the events are stored, so a crash means redelivery, and
 * redelivered events are ignored by the ingest rules. Does nothing when no source is configured,
 * and stands aside while the long-lived consumer of Node and Deno runs in the same process (two
 * consumers of one group in one process would only split the partitions and race on commits);
 * it is the path on Workers and the fallback when that loop is off.
 * @module
 */

import type { HandleInboundEvent, PaymentEventSource } from '../../ports/payment-event-source.port.ts'
import type { Job } from '../job.ts'

export type ConsumeKafkaDeps = {
  /** Null when Kafka consumption is off (KAFKA_CONSUME=false). */
  readonly source: PaymentEventSource | null
  readonly handle: HandleInboundEvent
  /** Messages per run. */
  readonly max: number
  /** True while a long-lived consumer of this process consumes the topic. */
  readonly streaming: boolean
}

export const consumeKafka: Job<ConsumeKafkaDeps> = {
  name: 'consume-kafka',
  description: 'Ingests payment events from the Kafka `payments` topic (bounded batch, offsets committed after storing).',
  async run(deps) {
    if (!deps.source) return { counts: { received: 0 } }
    if (deps.streaming) return { counts: { received: 0, live_consumer: 1 } }
    const r = await deps.source.drain(deps.handle, deps.max)
    return {
      counts: {
        received: r.received,
        stored: r.stored,
        ignored: r.ignored,
        rejected: r.rejected,
        retried: r.retried,
        committed: r.committed,
      },
    }
  },
}
