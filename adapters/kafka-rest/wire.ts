/**
 * Kafka REST Proxy payloads (Confluent kafka-rest): v3 produce and cluster list, v2 consumer
 * instances and records. Only the fields Varco reads; unknown fields pass.
 * @module
 */

import { z } from 'zod'

/** Any error answer: `{"error_code": 40403, "message": "..."}` (v2 and v3). */
export const ErrorBody = z.object({ error_code: z.number().int(), message: z.string().nullish() })

/** `GET /v3/clusters`: a KafkaClusterList. */
export const ClusterList = z.object({ data: z.array(z.object({ cluster_id: z.string().min(1) })) })

/**
 * `POST /v3/clusters/{cluster_id}/topics/{topic}/records` answer (a delivery report). Its
 * `error_code` is 200 on success; a failed record can come back as HTTP 200 with another code.
 */
export const ProduceReport = z.object({
  error_code: z.number().int().optional(),
  message: z.string().nullish(),
  partition_id: z.number().int().optional(),
  offset: z.number().int().optional(),
})

/**
 * `POST /consumers/{group}` body: a named instance that starts at the earliest offset and commits only
 * when told (after its records are settled).
 */
export const newConsumerBody = (name: string, format: 'json' | 'binary') => ({
  name,
  format,
  'auto.offset.reset': 'earliest',
  'auto.commit.enable': 'false',
})

/** The path of a consumer instance the proxy created. */
export const consumerInstancePath = (group: string, instanceId: string): string =>
  `/consumers/${group}/instances/${encodeURIComponent(instanceId)}`

/** `POST /consumers/{group}` answer. */
export const ConsumerCreated = z.object({ instance_id: z.string().min(1), base_uri: z.string().optional() })

/** One record of `GET …/records` (v2). `value` is the JSON value (json format) or base64 (binary format). */
export const ConsumerRecord = z.object({
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  key: z.unknown().optional(),
  value: z.unknown().optional(),
})
export const ConsumerRecords = z.array(ConsumerRecord)
export type ConsumerRecord = z.infer<typeof ConsumerRecord>

export const V2_JSON = 'application/vnd.kafka.v2+json'
export const V2_RECORDS = { json: 'application/vnd.kafka.json.v2+json', binary: 'application/vnd.kafka.binary.v2+json' } as const
