/**
 * What both Kafka REST consumers (the cron drain and the long-lived stream) do with fetched
 * records: decode the binary format, hand each record over in order, hold back the rest of a
 * partition after a `retry` (order per key), and say which positions may be committed.
 * @module
 */

import type { HandleInboundEvent, InboundDisposition } from '../../ports/payment-event-source.port.ts'
import type { ConsumerRecord } from './wire.ts'

/** A committed position as the v2 API takes it: the LAST SETTLED record's own offset (the proxy adds 1). */
export type Position = { readonly topic: string; readonly partition: number; readonly offset: number }

/** binary format: base64 of the record bytes → the UTF-8 text (the handler parses the JSON). */
export function decodeBinary(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)))
  } catch {
    return value
  }
}

export type Settled = {
  /** Per `topic:partition`, the last record that may be committed. */
  readonly positions: ReadonlyMap<string, Position>
  readonly counts: Readonly<Record<InboundDisposition, number>>
  /** Records not handled because an earlier one of their partition must be redelivered. */
  readonly heldBack: number
}

/** The payment a record is about (its JSON `id`), so that one payment's events stay in order. */
function paymentOf(body: unknown): string | null {
  try {
    const v = typeof body === 'string' ? JSON.parse(body) : body
    const id = v && typeof v === 'object' ? (v as Record<string, unknown>)['id'] : undefined
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/**
 * Hands `records` to `handle`. `stopped` names the partitions where a record must be redelivered;
 * it is updated, so a caller may carry it across batches. With `concurrency` 1 (the default) the
 * records go one by one in offset order; above 1, records of different payments run side by side
 * (up to that many at once) while each payment's records keep their order. A partition's position
 * is the end of its run of settled records, so nothing after a `retry` is committed.
 */
export async function settleRecords(
  records: readonly ConsumerRecord[],
  handle: HandleInboundEvent,
  format: 'json' | 'binary',
  stopped: Set<string>,
  concurrency = 1,
): Promise<Settled> {
  const counts: Record<InboundDisposition, number> = { stored: 0, ignored: 0, rejected: 0, retry: 0 }
  const outcome = new Map<ConsumerRecord, InboundDisposition | 'held'>()
  const one = async (r: ConsumerRecord, body: unknown) => {
    const tp = `${r.topic}:${r.partition}`
    if (stopped.has(tp)) return outcome.set(r, 'held')
    const disposition = await handle(body).catch((): InboundDisposition => 'retry')
    counts[disposition]++
    if (disposition === 'retry') stopped.add(tp)
    return outcome.set(r, disposition)
  }
  const bodyOf = (r: ConsumerRecord) => (format === 'binary' ? decodeBinary(r.value) : r.value)
  if (concurrency <= 1) {
    for (const r of records) await one(r, bodyOf(r))
  } else {
    const lanes = new Map<string, Promise<unknown>>()
    let free = concurrency
    const queue: Array<() => void> = []
    const slot = (): Promise<void> => {
      if (free === 0) return new Promise<void>((resolve) => queue.push(resolve))
      free--
      return Promise.resolve()
    }
    const release = () => {
      const next = queue.shift()
      if (next) next()
      else free++
    }
    await Promise.all(
      records.map((r) => {
        const body = bodyOf(r)
        const lane = `${r.topic}:${r.partition}:${paymentOf(body) ?? `@${r.offset}`}`
        const task = (lanes.get(lane) ?? Promise.resolve()).then(async () => {
          await slot()
          try {
            await one(r, body)
          } finally {
            release()
          }
        })
        lanes.set(lane, task)
        return task
      }),
    )
  }
  const positions = new Map<string, Position>()
  const blocked = new Set<string>()
  for (const r of [...records].sort((a, b) => a.offset - b.offset)) {
    const tp = `${r.topic}:${r.partition}`
    const d = outcome.get(r)
    if (blocked.has(tp) || d === 'retry' || d === 'held' || d === undefined) blocked.add(tp)
    else positions.set(tp, { topic: r.topic, partition: r.partition, offset: r.offset })
  }
  let heldBack = 0
  for (const d of outcome.values()) if (d === 'held') heldBack++
  return { positions, counts, heldBack }
}
