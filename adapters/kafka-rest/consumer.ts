/**
 * Events in from Kafka through a Confluent REST Proxy. API v3 cannot consume, so this uses the v2
 * consumer API, one short-lived consumer instance per run (stateless, fits a cron Worker):
 * 1. `POST /consumers/{group}` `{"name", "format": "json"|"binary", "auto.offset.reset": "earliest",
 *    "auto.commit.enable": "false"}` (Content-Type `application/vnd.kafka.v2+json`);
 * 2. `POST …/instances/{name}/subscription` `{"topics": [topic]}`;
 * 3. `GET …/records?timeout=&max_bytes=` (Accept `application/vnd.kafka.binary.v2+json`, or the
 *    json type) until the budget is used or a poll comes back empty (the first polls of a new
 *    instance are often empty while the group rebalances);
 * 4. after handling each fetched batch, `POST …/offsets` `{"offsets":[{topic, partition, offset}]}`
 *    with the offset of the LAST SETTLED record: the proxy commits `offset + 1` itself
 *    (kafka-rest KafkaConsumerState.commitOffsets);
 * 5. `DELETE …/instances/{name}`, always, so the next run resumes from the committed offsets and
 *    whatever was fetched but not settled is delivered again.
 * Instance URLs are built from the configured base URL, not from `base_uri`, which names the
 * proxy's internal host; behind a load balancer, route one run's requests to one proxy (sticky).
 * Format `binary` is the default: with `json` the proxy deserialises key AND value as JSON and
 * fails the whole fetch on a record whose key is a plain string, such as a service id produced with
 * a STRING key by Varco or the Opencity dispatcher (kafka-rest JsonKafkaConsumerState), and then
 * on every run. With `binary` Varco gets the raw value bytes, and a value that is not JSON is
 * counted as invalid and skipped. `json` suits topics whose keys and values are all JSON.
 * Reference: docs.confluent.io/platform/current/kafka-rest/api.html (Consumers v2).
 * @module
 */

import type { Logger } from '../../ports/logger.port.ts'
import type { DrainReport, HandleInboundEvent, InboundDisposition, PaymentEventSource } from '../../ports/payment-event-source.port.ts'
import { errorReason, type KafkaRestConfig, kafkaRestHttp, type Request } from './http.ts'
import { DEFAULT_TOPIC } from './publisher.ts'
import { decodeBinary } from './records.ts'
import {
  ConsumerCreated,
  type ConsumerRecord,
  ConsumerRecords,
  consumerInstancePath,
  newConsumerBody,
  V2_JSON,
  V2_RECORDS,
} from './wire.ts'

export type KafkaSourceConfig = KafkaRestConfig & {
  /** Consumer group; offsets are kept per group. */
  readonly group: string
  /** Default `payments`. */
  readonly topic?: string | undefined
  /** Embedded format of the records; default `binary` (see above). */
  readonly format?: 'json' | 'binary'
  /** `timeout` of each records request, ms (the proxy caps it at consumer.request.timeout.ms). Default 1000. */
  readonly pollTimeoutMs?: number
  /** Records requests per run before giving up on an empty topic. Default 10. */
  readonly maxPolls?: number
  /** `max_bytes` of each records request. Default 1 MiB. */
  readonly maxBytes?: number
  readonly newId?: () => string
  readonly logger?: Logger
}

class SourceError extends Error {
  override readonly name = 'KafkaSourceError'
}

export function createKafkaRestSource(config: KafkaSourceConfig): PaymentEventSource {
  const send = kafkaRestHttp(config)
  const topic = config.topic ?? DEFAULT_TOPIC
  const format = config.format ?? 'binary'
  const pollTimeoutMs = config.pollTimeoutMs ?? 1000
  const maxPolls = config.maxPolls ?? 10
  const maxBytes = config.maxBytes ?? 1_048_576
  const newId = config.newId ?? (() => crypto.randomUUID())
  const group = encodeURIComponent(config.group)

  const call = async (req: Request, expect: number[], what: string): Promise<string> => {
    const sent = await send(req)
    if (sent.kind === 'failure') throw new SourceError(`${what}: ${sent.reason}`)
    if (!expect.includes(sent.reply.status)) throw new SourceError(`${what}: ${errorReason(sent.reply.status, sent.reply.body)}`)
    return sent.reply.body
  }

  return {
    name: 'kafka',
    async drain(handle: HandleInboundEvent, max: number): Promise<DrainReport> {
      const counts: Record<InboundDisposition, number> = { stored: 0, ignored: 0, rejected: 0, retry: 0 }
      let received = 0
      let heldBack = 0
      let committed = 0

      const created = ConsumerCreated.parse(
        JSON.parse(
          await call(
            {
              method: 'POST',
              path: `/consumers/${group}`,
              contentType: V2_JSON,
              accept: V2_JSON,
              body: newConsumerBody(`varco-${newId()}`, format),
            },
            [200],
            'create consumer',
          ),
        ),
      )
      const instance = consumerInstancePath(group, created.instance_id)
      try {
        await call(
          { method: 'POST', path: `${instance}/subscription`, contentType: V2_JSON, body: { topics: [topic] } },
          [200, 204],
          'subscribe',
        )
        // Partitions where a record must be redelivered: nothing after it is handled this run.
        const stopped = new Set<string>()
        for (let poll = 0; poll < maxPolls && received < max; poll++) {
          const records: ConsumerRecord[] = ConsumerRecords.parse(
            JSON.parse(
              await call(
                {
                  method: 'GET',
                  path: `${instance}/records?timeout=${pollTimeoutMs}&max_bytes=${maxBytes}`,
                  accept: V2_RECORDS[format],
                },
                [200],
                'fetch records',
              ),
            ),
          )
          if (records.length === 0) {
            if (received > 0) break
            continue
          }
          const settled = new Map<string, { topic: string; partition: number; offset: number }>()
          for (const r of records) {
            if (received >= max) break // the rest stays uncommitted and comes again next run
            received++
            const tp = `${r.topic}:${r.partition}`
            if (stopped.has(tp)) {
              heldBack++
              continue
            }
            const disposition = await handle(format === 'binary' ? decodeBinary(r.value) : r.value).catch((): InboundDisposition => 'retry')
            counts[disposition]++
            if (disposition === 'retry') stopped.add(tp)
            else settled.set(tp, { topic: r.topic, partition: r.partition, offset: r.offset })
          }
          if (settled.size > 0) {
            // The proxy commits offset + 1: pass the last settled record's own offset.
            await call(
              { method: 'POST', path: `${instance}/offsets`, contentType: V2_JSON, body: { offsets: [...settled.values()] } },
              [200, 204],
              'commit offsets',
            )
            committed += records.filter((r) => {
              const s = settled.get(`${r.topic}:${r.partition}`)
              return s !== undefined && r.offset <= s.offset
            }).length
          }
        }
      } finally {
        const sent = await send({ method: 'DELETE', path: instance, contentType: V2_JSON })
        if (sent.kind === 'failure' || (sent.reply.status !== 204 && sent.reply.status !== 200)) {
          config.logger?.warn('kafka consumer instance not deleted; the proxy expires it', {
            instance: created.instance_id,
            reason: sent.kind === 'failure' ? sent.reason : errorReason(sent.reply.status, sent.reply.body),
          })
        }
      }
      const { stored, ignored, rejected } = counts
      return { received, stored, ignored, rejected, retried: counts.retry + heldBack, committed }
    },
  }
}
