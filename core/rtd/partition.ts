/**
 * Hash partitioning under the aggregator's key budget (issue 13 points 3 and 7). When the key table is full its
 * aggregates are written, unsorted, as one run per partition (16 partitions by the top 4 bits of a 32-bit hash of the
 * key) and the table starts again empty. At the end each partition's runs are read back and folded in a table of its own
 * (mergeInto rules); a partition that still outgrows the budget is split again by the next 4 bits of the hash, and so on.
 * Each finished partition is written as one run sorted by (hash, key). So the output order is ascending (hash, key):
 * the same whatever the budget, the spills or the order the rows came in, which makes in-memory, spilled and parallel
 * aggregation give identical output. No run is sorted while reading and nothing is merged k-way: every spilled line is
 * written once, read once and folded by a hash lookup. Runs are written and read as bytes (spill-bytes.ts). Keys
 * sharing all 32 hash bits cannot be split further and are held together even past the budget (needs more than
 * maxKeys such keys: not a real risk).
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { ByteWriter } from './bytes.ts'
import { KeyTable } from './key-table.ts'
import { nativeBytes, readRunBytes, writeRunBytes } from './spill-bytes.ts'
import { spillCursor } from './spill-records.ts'

export { keyHash } from './bytes.ts'
export { runBatches } from './runs.ts'

const BITS = 4
export const FAN_OUT = 1 << BITS
const PACK = 2 ** 21
const PIECE = 1 << 18

export class RtdSumOverflow extends Error {
  override readonly name = 'RtdSumOverflow'
}

/** The partition of a hash at `level` (0 = top 4 bits). */
export function partitionOf(hash: number, level: number): number {
  return (hash >>> (32 - BITS * (level + 1))) & (FAN_OUT - 1)
}

/** The table's slots in ascending (hash, key) order (keys compared as strings, by UTF-16 code units). */
export function hashOrder(table: KeyTable): Uint32Array {
  const n = table.size
  let order: Uint32Array
  if (n <= PACK) {
    // hash and index packed in one exact double: a numeric typed-array sort, no comparator calls
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = table.hashAt(i) * PACK + i
    packed.sort()
    order = new Uint32Array(n)
    for (let i = 0; i < n; i++) order[i] = (packed[i] as number) % PACK
  } else {
    order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => table.hashAt(a) - table.hashAt(b))
  }
  for (let i = 0; i < n; ) {
    const h = table.hashAt(order[i] as number)
    let j = i + 1
    while (j < n && table.hashAt(order[j] as number) === h) j++
    if (j - i > 1) {
      const keys = new Map([...order.subarray(i, j)].map((s) => [s, table.keyString(s)]))
      order.set(
        [...order.subarray(i, j)].sort((a, b) => ((keys.get(a) as string) < (keys.get(b) as string) ? -1 : 1)),
        i,
      )
    }
    i = j
  }
  return order
}

/** The spill records (binary) or lines of `slots` of `table`, in pieces of about 256 KiB. */
function* linesOf(table: KeyTable, slots: Iterable<number>, binary: boolean): Generator<Uint8Array> {
  const w = new ByteWriter(PIECE + 4096)
  for (const s of slots) {
    if (binary) table.writeRecord(s, w)
    else table.writeLine(s, w)
    if (w.length >= PIECE) yield w.take()
  }
  if (w.length) yield w.take()
}

/** Runs of each partition of one level, indexed by partition. */
export type Parts = SpillRunId[][]

/** The runs of one aggregation: it knows every run still stored, so a failure can delete them all. */
export class Partitioner {
  private readonly live = new Set<SpillRunId>()
  private readonly spill: SpillStore
  private readonly maxKeys: number
  /** Bits of the hash that pick a partition at level 0 (4 more at each level below). */
  private readonly topBits: number
  /** Runs in binary records (spill-records.ts) when the store takes bytes, else text lines. */
  readonly binary: boolean
  peakKeys = 0

  /**
   * `topBits` (default 4, 16 partitions): the level-0 fan-out is 2^topBits. The output order does not depend on it (a
   * partition is a contiguous range of hashes); the parallel aggregator uses more so that each worker's half budget
   * still holds a whole partition at the end.
   */
  constructor(spill: SpillStore, maxKeys: number, topBits = BITS) {
    this.spill = spill
    this.maxKeys = maxKeys
    this.topBits = topBits
    this.binary = nativeBytes(spill)
    this.writers = Array.from({ length: Math.max(FAN_OUT, 1 << topBits) }, () => new ByteWriter(1 << 16))
  }

  /** Partitions at `level`. */
  fanOut(level: number): number {
    return level === 0 ? 1 << this.topBits : FAN_OUT
  }

  /** The partition of `hash` at `level`. */
  private part(hash: number, level: number): number {
    return level === 0 ? hash >>> (32 - this.topBits) : (hash >>> (32 - this.topBits - BITS * level)) & (FAN_OUT - 1)
  }

  async write(chunks: Iterable<Uint8Array>): Promise<SpillRunId> {
    const id = await writeRunBytes(this.spill, chunks)
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

  /** One writer per partition, reused by every flush (a flush writes its runs before it returns). */
  private readonly writers: ByteWriter[]

  /**
   * Writes the table's aggregates into `parts` by their partition at `level` (a run per non-empty one); empties it.
   * One pass over the slots in order (the arena is read front to back), each aggregate appended to its partition's writer.
   */
  async flush(table: KeyTable, level: number, parts: Parts): Promise<void> {
    const ws = this.writers
    for (let i = 0; i < table.size; i++) {
      const w = ws[this.part(table.hashAt(i), level)] as ByteWriter
      if (this.binary) table.writeRecord(i, w)
      else table.writeLine(i, w)
    }
    table.clear()
    try {
      for (let p = 0, n = this.fanOut(level); p < n; p++) {
        const w = ws[p] as ByteWriter
        if (w.at === 0) continue
        const id = await this.write([w.buf.subarray(0, w.at)])
        w.at = 0
        const runs = parts[p]
        if (runs) runs.push(id)
        else parts[p] = [id]
      }
    } finally {
      for (const w of ws) w.at = 0
    }
  }

  /**
   * Folds each partition of `parts` (at `level`) in partition order and appends its final run, sorted by (hash, key),
   * to `out`; deletes the runs read. Returns the number of aggregates. Throws RtdSumOverflow. `table` is the table to
   * fold in (e.g. the reader's own, empty after its last flush: it is already grown); it is left holding the last partition.
   */
  async finish(parts: Parts, level: number, out: SpillRunId[], table = new KeyTable()): Promise<number> {
    let aggregates = 0
    const splittable = this.topBits + BITS * (level + 1) <= 32
    for (let p = 0, n = this.fanOut(level); p < n; p++) {
      const runs = parts[p]
      if (!runs) continue
      table.clear()
      let sub: Parts | null = null
      for (const id of runs) {
        const c = spillCursor(this.binary)
        for await (const chunk of readRunBytes(this.spill, id)) {
          c.push(chunk)
          while (c.next()) {
            const b = c.buf
            const slot = table.find(c.hash, b, c.keyStart, c.keyLen)
            if (slot >= 0) {
              if (!table.fold(slot, c.total, b, c.vatStart, c.vatLen, c.pos, c.count)) throw new RtdSumOverflow('sum overflow merging runs')
              continue
            }
            if (table.size >= this.maxKeys && splittable) {
              sub ??= []
              await this.flush(table, level + 1, sub)
            }
            table.add(c.hash, b, c.keyStart, c.keyLen, c.total, b, c.vatStart, c.vatLen, c.pos, c.count)
            if (table.size > this.peakKeys) this.peakKeys = table.size
          }
        }
        c.end()
        await this.delete(id)
      }
      if (sub) {
        await this.flush(table, level + 1, sub)
        aggregates += await this.finish(sub, level + 1, out, table)
      } else {
        aggregates += table.size
        out.push(await this.write(linesOf(table, hashOrder(table), this.binary)))
      }
    }
    return aggregates
  }
}
