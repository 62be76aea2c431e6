/**
 * The long-lived Kafka consumer of Node and Deno, through a REST Proxy's v2 consumer API: ONE
 * consumer instance, created and subscribed once, then `GET …/records?timeout=&max_bytes=` in a
 * loop. The proxy holds each request until records come or the timeout ends (kafka-rest holds it
 * for min(timeout, consumer.request.timeout.ms) unless fetch.min.bytes is set), so an event is
 * handled within about one poll timeout, and an idle topic costs one request per timeout.
 * Each batch is handed over (records.ts: different payments side by side, each payment's events in
 * order) and the positions of the settled records are committed after.
 * Failures:
 * - 404 (40403 "consumer instance not found": the proxy restarted or expired the instance) →
 *   create a new instance, which resumes from the committed offsets;
 * - a `retry` disposition → commit what settled, delete the instance, back off, recreate, so the
 *   record comes again (the old instance's position is already past it);
 * - 5xx, connection errors, timeouts → exponential backoff with jitter (never a busy loop); any
 *   other 4xx also drops the instance; an empty answer that came back early is spaced by idleMs.
 * On abort the poll in flight is abandoned (what it fetched is not committed, so it comes again)
 * and the instance is deleted so the group rebalances at once.
 * Reference: docs.confluent.io/platform/current/kafka-rest/api.html (Consumers v2).
 * @module
 */

import type { HandleInboundEvent } from '../../ports/payment-event-source.port.ts'
import type { PaymentEventStream } from '../../ports/payment-event-stream.port.ts'
import type { KafkaSourceConfig } from './consumer.ts'
import { errorReason, kafkaRestHttp, type Request } from './http.ts'
import { DEFAULT_TOPIC } from './publisher.ts'
import { settleRecords } from './records.ts'
import {
  ConsumerCreated,
  type ConsumerRecord,
  ConsumerRecords,
  consumerInstancePath,
  newConsumerBody,
  V2_JSON,
  V2_RECORDS,
} from './wire.ts'

export type KafkaStreamConfig = Omit<KafkaSourceConfig, 'maxPolls'> & {
  /** Records of different payments handled at once (each payment's stay in order). Default 8. */
  readonly concurrency?: number
  /** Shortest time between two polls when the proxy answers an empty poll early. Default 200 ms. */
  readonly idleMs?: number
  /** First and largest backoff after a failure. Defaults 250 ms and 30 s. */
  readonly backoffMs?: { readonly first: number; readonly max: number }
  /** Waits `ms` or until `signal` aborts (tests record the delays). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>
  readonly random?: () => number
}

type Failure = { readonly ok: false; readonly status: number | null; readonly reason: string }
type Reply = { readonly ok: true; readonly body: string } | Failure

const json = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted || ms <= 0) return resolve()
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })

/** `work`, or `null` as soon as `signal` aborts (the work is abandoned, not cancelled). */
async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | null> {
  if (signal.aborted) return null
  let onAbort = () => {}
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null)
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

export function createKafkaRestStream(config: KafkaStreamConfig): PaymentEventStream {
  const pollTimeoutMs = config.pollTimeoutMs ?? 1000
  const send = kafkaRestHttp({ ...config, timeoutMs: config.timeoutMs ?? pollTimeoutMs + 10_000 })
  const topic = config.topic ?? DEFAULT_TOPIC
  const format = config.format ?? 'binary'
  const maxBytes = config.maxBytes ?? 1_048_576
  const idleMs = config.idleMs ?? 200
  const concurrency = config.concurrency ?? 8
  const backoff = config.backoffMs ?? { first: 250, max: 30_000 }
  const sleep = config.sleep ?? abortableSleep
  const random = config.random ?? Math.random
  const newId = config.newId ?? (() => crypto.randomUUID())
  const log = config.logger
  const group = encodeURIComponent(config.group)
  let running = false

  const call = async (req: Request, expect: readonly number[]): Promise<Reply> => {
    const sent = await send(req)
    if (sent.kind === 'failure') return { ok: false, status: null, reason: sent.reason }
    if (expect.includes(sent.reply.status)) return { ok: true, body: sent.reply.body }
    return { ok: false, status: sent.reply.status, reason: errorReason(sent.reply.status, sent.reply.body) }
  }

  /** Creates and subscribes an instance; its path, or why not. */
  const open = async (): Promise<string | Failure> => {
    const made = await call(
      {
        method: 'POST',
        path: `/consumers/${group}`,
        contentType: V2_JSON,
        accept: V2_JSON,
        body: newConsumerBody(`varco-${newId()}`, format),
      },
      [200],
    )
    if (!made.ok) return made
    const parsed = ConsumerCreated.safeParse(json(made.body))
    if (!parsed.success) return { ok: false, status: 200, reason: 'kafka rest: create consumer: unreadable answer' }
    const path = consumerInstancePath(group, parsed.data.instance_id)
    const sub = await call({ method: 'POST', path: `${path}/subscription`, contentType: V2_JSON, body: { topics: [topic] } }, [200, 204])
    if (sub.ok) return path
    await close(path)
    return sub
  }

  const close = async (path: string) => {
    const r = await call({ method: 'DELETE', path, contentType: V2_JSON }, [200, 204, 404])
    if (!r.ok) log?.warn('kafka consumer instance not deleted; the proxy expires it', { reason: r.reason })
  }

  const poll = async (path: string): Promise<ConsumerRecord[] | Failure> => {
    const r = await call(
      { method: 'GET', path: `${path}/records?timeout=${pollTimeoutMs}&max_bytes=${maxBytes}`, accept: V2_RECORDS[format] },
      [200],
    )
    if (!r.ok) return r
    const parsed = ConsumerRecords.safeParse(json(r.body))
    return parsed.success ? parsed.data : { ok: false, status: 200, reason: 'kafka rest: fetch records: unreadable answer' }
  }

  return {
    name: 'kafka',
    running: () => running,
    async run(handle: HandleInboundEvent, signal: AbortSignal): Promise<void> {
      if (running) throw new Error('kafka stream already running')
      running = true
      let instance: string | null = null
      let failures = 0
      const pause = async (what: string, failure: Failure | null) => {
        failures++
        const ms = Math.min(backoff.max, backoff.first * 2 ** Math.min(failures - 1, 16)) * (0.5 + random() / 2)
        log?.warn(`kafka consumer: ${what}; retrying`, { reason: failure?.reason, delay_ms: Math.round(ms) })
        await sleep(ms, signal)
      }
      const drop = async () => {
        if (instance) await close(instance)
        instance = null
      }
      try {
        while (!signal.aborted) {
          if (!instance) {
            const opened = await unlessAborted(open(), signal)
            if (opened === null) break
            if (typeof opened !== 'string') {
              await pause('cannot create the consumer instance', opened)
              continue
            }
            instance = opened
            log?.info('kafka consumer subscribed', { topic, group: config.group, poll_timeout_ms: pollTimeoutMs })
          }
          const began = Date.now()
          const records = await unlessAborted(poll(instance), signal)
          if (records === null) break
          if (!Array.isArray(records)) {
            if (records.status === 404)
              instance = null // the proxy forgot it (restart, expiry): make another
            else if (records.status !== null && records.status < 500) await drop()
            await pause('fetch records failed', records)
            continue
          }
          failures = 0
          if (records.length === 0) {
            await sleep(idleMs - (Date.now() - began), signal)
            continue
          }
          const stopped = new Set<string>()
          const settled = await settleRecords(records, handle, format, stopped, concurrency)
          if (settled.positions.size > 0) {
            const committed = await call(
              { method: 'POST', path: `${instance}/offsets`, contentType: V2_JSON, body: { offsets: [...settled.positions.values()] } },
              [200, 204],
            )
            // Not committed: the records come again to the next instance; the ingest rules ignore repeats.
            if (!committed.ok) {
              if (committed.status === 404) instance = null
              else await drop()
              await pause('commit failed', committed)
              continue
            }
          }
          if (stopped.size > 0) {
            await drop() // start again from the committed offsets
            await pause('an event will be delivered again', null)
          }
        }
      } finally {
        if (instance) await close(instance)
        running = false
      }
    },
  }
}
