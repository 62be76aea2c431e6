/**
 * Events out to Kafka through a Confluent REST Proxy, API v3 (also Confluent Cloud's Kafka REST):
 * `POST {base}/v3/clusters/{cluster_id}/topics/{topic}/records` with
 * `{"key":{"type":"STRING","data":<service_id>},"value":{"type":"JSON","data":<event>}}`. SDI events
 * (`type: sdi.transmission.updated`, keyed by tenant id) go to their own topic (`sdi` by default),
 * so consumers of the payments topic, Varco's own included, never see them.
 * The STRING key is the raw UTF-8 bytes of the service id, so the proxy's default partitioner puts
 * a service's events on one partition, as the Opencity dispatcher's native producer does.
 * When no cluster id is configured it is discovered once with `GET /v3/clusters` (first cluster).
 * Reference: docs.confluent.io/platform/current/kafka-rest/api.html (Records v3).
 * @module
 */

import { SDI_EVENT_TYPE } from '../../core/sdi/wire-event.ts'
import type { EventPublisher, PublishResult } from '../../ports/event-publisher.port.ts'
import { errorReason, type KafkaRestConfig, kafkaRestHttp, produceFailure } from './http.ts'
import { ClusterList, ProduceReport } from './wire.ts'

export type KafkaPublisherConfig = KafkaRestConfig & {
  /** v3 cluster id; discovered from `GET /v3/clusters` when absent. */
  readonly clusterId?: string | undefined
  /** Default `payments` (opencity.md §5.1). */
  readonly topic?: string | undefined
  /** Topic of SDI events; default `sdi`. */
  readonly sdiTopic?: string | undefined
  /** Publisher name in outbox rows; default `kafka`. */
  readonly name?: string
}

export const DEFAULT_TOPIC = 'payments'
export const DEFAULT_SDI_TOPIC = 'sdi'

export function createKafkaRestPublisher(config: KafkaPublisherConfig): EventPublisher {
  const send = kafkaRestHttp(config)
  const topicOf = (event: { readonly type: unknown }) =>
    event.type === SDI_EVENT_TYPE ? (config.sdiTopic ?? DEFAULT_SDI_TOPIC) : (config.topic ?? DEFAULT_TOPIC)
  let cluster: Promise<string | PublishResult> | null = config.clusterId ? Promise.resolve(config.clusterId) : null

  const discover = async (): Promise<string | PublishResult> => {
    const sent = await send({ method: 'GET', path: '/v3/clusters' })
    if (sent.kind === 'failure') return { kind: 'retryable', reason: sent.reason }
    if (sent.reply.status !== 200) return { kind: 'retryable', reason: errorReason(sent.reply.status, sent.reply.body) }
    try {
      const first = ClusterList.parse(JSON.parse(sent.reply.body)).data[0]
      if (first) return first.cluster_id
    } catch {
      // fall through
    }
    return { kind: 'retryable', reason: 'kafka rest: GET /v3/clusters listed no cluster' }
  }

  return {
    name: config.name ?? 'kafka',
    async publish(event, key) {
      cluster ??= discover()
      const clusterId = await cluster
      if (typeof clusterId !== 'string') {
        cluster = null // try discovery again next time
        return clusterId
      }
      const sent = await send({
        method: 'POST',
        path: `/v3/clusters/${encodeURIComponent(clusterId)}/topics/${encodeURIComponent(topicOf(event))}/records`,
        body: { key: { type: 'STRING', data: key }, value: { type: 'JSON', data: event } },
      })
      if (sent.kind === 'failure') return { kind: 'retryable', reason: sent.reason }
      const { status, body } = sent.reply
      const retryAfter = sent.reply.headers.get('retry-after')
      if (status < 200 || status > 299) return produceFailure(status, errorReason(status, body), retryAfter)
      let report: ReturnType<typeof ProduceReport.parse> = {}
      try {
        report = ProduceReport.parse(JSON.parse(body))
      } catch {
        // A 2xx without a readable report: the proxy accepted the record.
      }
      if (report.error_code !== undefined && report.error_code !== 200) {
        return produceFailure(report.error_code, errorReason(report.error_code, body), retryAfter)
      }
      return { kind: 'ok' }
    },
  }
}
