/**
 * K-way merge of sorted spill runs (lines written by encodeSpillLine, ascending by key): a binary heap holds one head
 * line per run, so memory is one read batch per run whatever the run sizes. Lines are compared by their key prefix and
 * passed through as written; only equal keys, from one run or several, are decoded and combined with mergeInto. A sum or
 * count leaving the safe-integer range throws RtdSumOverflow, which mergeAll turns into a returned error. mergeAll
 * merges at most `fanIn` runs at a time, so open runs (file handles) stay bounded too. Runs are read in batches when
 * the store offers readRunBatches, else line by line.
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { err, ok, type Result } from '../result.ts'
import { type AggregateValue, decodeSpillLine, encodeSpillLine, mergeInto } from './aggregate.ts'

export class RtdSumOverflow extends Error {
  override readonly name = 'RtdSumOverflow'
}

type Batches = AsyncIterator<readonly string[]>
type Head = { key: string; line: string; batch: readonly string[]; at: number; it: Batches }

/** The key part of a spill line: everything before its 7th `;`. */
function keyOf(line: string): string {
  let at = -1
  for (let i = 0; i < 7; i++) {
    at = line.indexOf(';', at + 1)
    if (at < 0) throw new Error(`corrupt RTD spill line: ${line.slice(0, 80)}`)
  }
  return line.slice(0, at)
}

function siftDown(heap: Head[], i: number): void {
  const n = heap.length
  const item = heap[i] as Head
  for (;;) {
    const l = 2 * i + 1
    if (l >= n) break
    const r = l + 1
    const m = r < n && (heap[r] as Head).key < (heap[l] as Head).key ? r : l
    if (!((heap[m] as Head).key < item.key)) break
    heap[i] = heap[m] as Head
    i = m
  }
  heap[i] = item
}

/** Moves `head` to its run's next line; false at the end of the run. */
async function advance(head: Head): Promise<boolean> {
  while (++head.at >= head.batch.length) {
    const next = await head.it.next()
    if (next.done) return false
    head.batch = next.value
    head.at = -1
  }
  head.line = head.batch[head.at] as string
  head.key = keyOf(head.line)
  return true
}

async function* oneLineBatches(lines: AsyncIterable<string>): AsyncGenerator<readonly string[]> {
  for await (const line of lines) yield [line]
}

/** Merges sorted runs of spill lines into one ascending stream of spill lines with distinct keys, counted in `out`. */
export async function* mergeSortedLines(
  runs: readonly AsyncIterable<readonly string[]>[],
  out: { lines: number } = { lines: 0 },
): AsyncGenerator<string> {
  const heap: Head[] = []
  const iterators = runs.map((r) => r[Symbol.asyncIterator]())
  try {
    for (const it of iterators) {
      const head: Head = { key: '', line: '', batch: [], at: -1, it }
      if (await advance(head)) heap.push(head)
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i)
    let key: string | null = null
    let line = ''
    let value: AggregateValue | null = null
    while (heap.length > 0) {
      const top = heap[0] as Head
      if (key === top.key) {
        value ??= decodeSpillLine(line).value
        if (!mergeInto(value, decodeSpillLine(top.line).value)) throw new RtdSumOverflow(`sum overflow merging runs`)
      } else {
        if (key !== null) {
          out.lines++
          yield value ? encodeSpillLine(key, value) : line
        }
        key = top.key
        line = top.line
        value = null
      }
      let more = true
      if (top.at + 1 < top.batch.length) {
        top.line = top.batch[++top.at] as string
        top.key = keyOf(top.line)
      } else more = await advance(top)
      if (!more) {
        const last = heap.pop() as Head
        if (heap.length > 0) heap[0] = last
      }
      if (heap.length > 0) siftDown(heap, 0)
    }
    if (key !== null) {
      out.lines++
      yield value ? encodeSpillLine(key, value) : line
    }
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()))
  }
}

/** Merges sorted runs into one ascending stream of distinct keys with combined values. */
export async function* mergeSortedRuns(runs: readonly AsyncIterable<string>[]): AsyncGenerator<{ key: string; value: AggregateValue }> {
  for await (const line of mergeSortedLines(runs.map(oneLineBatches))) yield decodeSpillLine(line)
}

/**
 * Merges stored runs in passes of `fanIn` into one run, deleting the merged ones; `runs` is left holding the ids not yet
 * deleted. An overflowing sum ends it with err(null).
 */
export async function mergeAll(
  runs: SpillRunId[],
  spill: SpillStore,
  fanIn: number,
): Promise<Result<{ run: SpillRunId; aggregates: number }, null>> {
  if (!Number.isInteger(fanIn) || fanIn < 2) throw new RangeError('mergeFanIn must be an integer >= 2')
  const read = (id: SpillRunId) => spill.readRunBatches?.(id) ?? oneLineBatches(spill.readRun(id))
  let aggregates = 0
  while (runs.length > 1) {
    const batch = runs.splice(0, fanIn)
    const count = { lines: 0 }
    try {
      runs.push(await spill.writeRun(mergeSortedLines(batch.map(read), count)))
    } catch (e) {
      await Promise.all(batch.map((id) => spill.deleteRun(id)))
      if (e instanceof RtdSumOverflow) return err(null)
      throw e
    }
    await Promise.all(batch.map((id) => spill.deleteRun(id)))
    aggregates = count.lines
  }
  return ok({ run: runs[0] as SpillRunId, aggregates })
}
