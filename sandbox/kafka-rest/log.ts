/**
 * The in-memory log behind the Kafka REST simulator: topics of `partitions` partitions (created on
 * first use), records placed by an FNV-1a hash of the key bytes (round robin without a key; not
 * Kafka's murmur2), and the offsets committed per consumer group.
 * @module
 */

import { text, utf8 } from './wire.ts'

export type Bytes = Uint8Array | null
export type Stored = { readonly key: Bytes; readonly value: Bytes; readonly timestamp: Date; readonly seq: number }

export type KafkaSimRecord = {
  readonly topic: string
  readonly partition: number
  readonly offset: number
  /** The key as UTF-8 text (null when absent). */
  readonly key: string | null
  /** The value parsed as JSON, or its UTF-8 text when it is not JSON. */
  readonly value: unknown
  readonly timestamp: Date
}

export type KafkaSimState = {
  /** A topic's records in the order they were produced (across partitions). */
  readonly records: (topic: string) => KafkaSimRecord[]
  /** Appends a record as another producer would (value: JSON-encoded, or raw text/bytes as given). */
  readonly append: (topic: string, key: string | null, value: unknown, encoding?: 'json' | 'raw') => KafkaSimRecord
  /** Committed position of a group (the next offset to read), as Kafka stores it. */
  readonly committed: (group: string, topic: string, partition: number) => number | undefined
  readonly liveInstances: () => number
  /** Forgets every consumer instance, as a restarted proxy does (committed offsets live in Kafka and stay). */
  readonly restartProxy: () => void
}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0
  return h
}

export type KafkaLog = ReturnType<typeof kafkaLog>

export function kafkaLog(partitions: number, clock: () => Date) {
  const topics = new Map<string, Stored[][]>()
  const offsets = new Map<string, number>() // `${group}|${topic}|${partition}` → next offset
  let roundRobin = 0
  let produced = 0
  const waiting = new Set<() => void>()
  /** Resolves on the next record appended anywhere, or after `ms`. */
  const appended = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer)
        waiting.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      waiting.add(done)
    })

  const log = (topic: string) => {
    let t = topics.get(topic)
    if (!t) {
      t = Array.from({ length: partitions }, () => [])
      topics.set(topic, t)
    }
    return t
  }
  const put = (topic: string, record: Omit<Stored, 'seq'>, partition?: number) => {
    const p = partition ?? (record.key ? fnv1a(record.key) % partitions : roundRobin++ % partitions)
    const part = log(topic)[p] as Stored[]
    part.push({ ...record, seq: produced++ })
    for (const wake of [...waiting]) wake()
    return { partition: p, offset: part.length - 1 }
  }
  const view = (topic: string, partition: number, offset: number, r: Omit<Stored, 'seq'>): KafkaSimRecord => {
    let value: unknown = null
    if (r.value) {
      try {
        value = JSON.parse(text(r.value))
      } catch {
        value = text(r.value)
      }
    }
    return { topic, partition, offset, key: r.key ? text(r.key) : null, value, timestamp: r.timestamp }
  }

  return {
    partitions,
    clock,
    offsets,
    log,
    put,
    appended,
    records: (topic: string) =>
      (topics.get(topic) ?? [])
        .flatMap((part, p) => part.map((r, o) => ({ seq: r.seq, record: view(topic, p, o, r) })))
        .sort((a, b) => a.seq - b.seq)
        .map((x) => x.record),
    append: (topic: string, key: string | null, value: unknown, encoding: 'json' | 'raw' = 'json') => {
      const bytes =
        value instanceof Uint8Array ? value : utf8.encode(encoding === 'raw' && typeof value === 'string' ? value : JSON.stringify(value))
      const stored = { key: key === null ? null : utf8.encode(key), value: bytes, timestamp: clock() }
      const at = put(topic, stored)
      return view(topic, at.partition, at.offset, stored)
    },
  }
}
