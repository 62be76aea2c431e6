/**
 * Hash partitioning under the aggregator's key budget (issue 13 points 3 and 7). When the key table is full its
 * aggregates are written, unsorted, as one run per partition (16 partitions by the top 4 bits of a 32-bit hash of the
 * key) and the table starts again empty. At the end each partition's runs are read back and folded in a table of its own
 * (mergeInto rules); a partition that still outgrows the budget is split again by the next 4 bits of the hash, and so on.
 * Each finished partition is written as one run sorted by (hash, key). So the output order is ascending (hash, key):
 * the same whatever the budget, the spills or the order the rows came in, which makes in-memory, spilled and parallel
 * aggregation give identical output. No run is sorted while reading and nothing is merged k-way: every spilled line is
 * written once, read once and folded by a hash lookup. Keys sharing all 32 hash bits cannot be split further and are
 * held together even past the budget (needs more than maxKeys such keys: not a real risk).
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { decodeSpillLine } from './aggregate.ts'
import { KeyTable } from './key-table.ts'

const BITS = 4
export const FAN_OUT = 1 << BITS
const LEVELS = 32 / BITS
const PACK = 2 ** 21

export class RtdSumOverflow extends Error {
  override readonly name = 'RtdSumOverflow'
}

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer so that the top bits are well mixed. Unsigned 32-bit. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** The partition of a hash at `level` (0 = top 4 bits). */
export function partitionOf(hash: number, level: number): number {
  return (hash >>> (32 - BITS * (level + 1))) & (FAN_OUT - 1)
}

/** The indexes of `keys` in ascending (hash, key) order. */
export function hashOrder(keys: readonly string[]): Uint32Array {
  const n = keys.length
  const hashes = new Uint32Array(n)
  for (let i = 0; i < n; i++) hashes[i] = keyHash(keys[i] as string)
  let order: Uint32Array
  if (n <= PACK) {
    // hash and index packed in one exact double: a numeric typed-array sort, no comparator calls
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = (hashes[i] as number) * PACK + i
    packed.sort()
    order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACK
  } else {
    order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => (hashes[a] as number) - (hashes[b] as number))
  }
  for (let i = 0; i < n; ) {
    const h = hashes[order[i] as number]
    let j = i + 1
    while (j < n && hashes[order[j] as number] === h) j++
    if (j - i > 1)
      order.set(
        [...order.subarray(i, j)].sort((a, b) => ((keys[a] as string) < (keys[b] as string) ? -1 : 1)),
        i,
      )
    i = j
  }
  return order
}

/** The table's aggregates as spill lines in (hash, key) order. */
export function* orderedLines(table: KeyTable): Generator<string> {
  const keys = table.keyList()
  for (const i of hashOrder(keys)) yield table.lineAt(i, keys[i] as string)
}

/** Runs of each partition of one level, indexed by partition. */
export type Parts = SpillRunId[][]

/** A run's lines in arrays (readRunBatches when the store has it). */
export function runBatches(spill: SpillStore, id: SpillRunId): AsyncIterable<readonly string[]> {
  if (spill.readRunBatches) return spill.readRunBatches(id)
  return (async function* () {
    let batch: string[] = []
    for await (const line of spill.readRun(id)) {
      batch.push(line)
      if (batch.length >= 4096) {
        yield batch
        batch = []
      }
    }
    if (batch.length) yield batch
  })()
}

/** The runs of one aggregation: it knows every run still stored, so a failure can delete them all. */
export class Partitioner {
  private readonly live = new Set<SpillRunId>()
  private readonly spill: SpillStore
  private readonly maxKeys: number
  peakKeys = 0

  constructor(spill: SpillStore, maxKeys: number) {
    this.spill = spill
    this.maxKeys = maxKeys
  }

  async write(lines: Iterable<string>): Promise<SpillRunId> {
    const id = await this.spill.writeRun(lines)
    this.live.add(id)
    return id
  }

  async delete(id: SpillRunId): Promise<void> {
    this.live.delete(id)
    await this.spill.deleteRun(id)
  }

  /** Deletes every run still stored. */
  async deleteAll(): Promise<void> {
    const ids = [...this.live]
    this.live.clear()
    await Promise.all(ids.map((id) => this.spill.deleteRun(id)))
  }

  /** Writes the table's aggregates into `parts` by their partition at `level` (a run per non-empty one); empties it. */
  async flush(table: KeyTable, level: number, parts: Parts): Promise<void> {
    const keys = table.keyList()
    const part = new Uint8Array(keys.length)
    const sizes = new Uint32Array(FAN_OUT)
    for (let i = 0; i < keys.length; i++) {
      const p = partitionOf(keyHash(keys[i] as string), level)
      part[i] = p
      sizes[p] = (sizes[p] as number) + 1
    }
    function* linesOf(p: number) {
      for (let i = 0; i < keys.length; i++) if (part[i] === p) yield table.lineAt(i, keys[i] as string)
    }
    for (let p = 0; p < FAN_OUT; p++) {
      if (sizes[p] === 0) continue
      const id = await this.write(linesOf(p))
      const runs = parts[p]
      if (runs) runs.push(id)
      else parts[p] = [id]
    }
    table.clear()
  }

  /**
   * Folds each partition of `parts` (at `level`) in partition order and appends its final run, sorted by (hash, key),
   * to `out`; deletes the runs read. Returns the number of aggregates. Throws RtdSumOverflow.
   */
  async finish(parts: Parts, level: number, out: SpillRunId[]): Promise<number> {
    let aggregates = 0
    const splittable = level + 1 < LEVELS
    for (let p = 0; p < FAN_OUT; p++) {
      const runs = parts[p]
      if (!runs) continue
      const table = new KeyTable()
      let sub: Parts | null = null
      for (const id of runs) {
        for await (const batch of runBatches(this.spill, id)) {
          for (const line of batch) {
            const { key, value: v } = decodeSpillLine(line)
            const slot = table.find(key)
            if (slot >= 0) {
              if (!table.fold(slot, v.totalAmount, v.vat, v.posType, v.count)) throw new RtdSumOverflow('sum overflow merging runs')
              continue
            }
            if (table.size >= this.maxKeys && splittable) {
              sub ??= []
              await this.flush(table, level + 1, sub)
            }
            table.add(key, v.totalAmount, v.vat, v.posType, v.count)
            if (table.size > this.peakKeys) this.peakKeys = table.size
          }
        }
        await this.delete(id)
      }
      if (sub) {
        await this.flush(table, level + 1, sub)
        aggregates += await this.finish(sub, level + 1, out)
      } else {
        aggregates += table.size
        out.push(await this.write(orderedLines(table)))
      }
    }
    return aggregates
  }
}
