/**
 * K-way merge of sorted spill runs (lines written by encodeSpillLine, ascending by key): a binary heap holds one head
 * line per run, so memory is one line per run whatever the run sizes. Equal keys, from one run or several, are
 * combined with mergeInto; a sum or count leaving the safe-integer range throws RtdSumOverflow, which mergeAll turns
 * into a returned error. mergeAll merges at most `fanIn` runs at a time, so open runs (file handles) stay bounded too.
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { err, ok, type Result } from '../result.ts'
import { type AggregateValue, decodeSpillLine, encodeSpillLine, mergeInto } from './aggregate.ts'

export class RtdSumOverflow extends Error {
  override readonly name = 'RtdSumOverflow'
}

type Head = { key: string; value: AggregateValue; it: AsyncIterator<string> }

function less(a: Head, b: Head): boolean {
  return a.key < b.key
}

function siftDown(heap: Head[], i: number): void {
  const n = heap.length
  for (;;) {
    const l = 2 * i + 1
    const r = l + 1
    let m = i
    if (l < n && less(heap[l] as Head, heap[m] as Head)) m = l
    if (r < n && less(heap[r] as Head, heap[m] as Head)) m = r
    if (m === i) return
    ;[heap[i], heap[m]] = [heap[m] as Head, heap[i] as Head]
    i = m
  }
}

function siftUp(heap: Head[], i: number): void {
  while (i > 0) {
    const p = (i - 1) >> 1
    if (!less(heap[i] as Head, heap[p] as Head)) return
    ;[heap[i], heap[p]] = [heap[p] as Head, heap[i] as Head]
    i = p
  }
}

async function advance(it: AsyncIterator<string>): Promise<Head | null> {
  const next = await it.next()
  if (next.done) return null
  const { key, value } = decodeSpillLine(next.value)
  return { key, value, it }
}

/** Merges sorted runs into one ascending stream of distinct keys with combined values. */
export async function* mergeSortedRuns(runs: readonly AsyncIterable<string>[]): AsyncGenerator<{ key: string; value: AggregateValue }> {
  const heap: Head[] = []
  const iterators = runs.map((r) => r[Symbol.asyncIterator]())
  try {
    for (const it of iterators) {
      const head = await advance(it)
      if (head) {
        heap.push(head)
        siftUp(heap, heap.length - 1)
      }
    }
    let current: { key: string; value: AggregateValue } | null = null
    while (heap.length > 0) {
      const top = heap[0] as Head
      if (current && current.key === top.key) {
        if (!mergeInto(current.value, top.value)) throw new RtdSumOverflow(`sum overflow merging runs`)
      } else {
        if (current) yield current
        current = { key: top.key, value: { ...top.value } }
      }
      const next = await advance(top.it)
      if (next) heap[0] = next
      else {
        const last = heap.pop() as Head
        if (heap.length > 0) heap[0] = last
      }
      if (heap.length > 0) siftDown(heap, 0)
    }
    if (current) yield current
  } finally {
    await Promise.all(iterators.map((it) => it.return?.()))
  }
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
  let aggregates = 0
  while (runs.length > 1) {
    const batch = runs.splice(0, fanIn)
    let count = 0
    async function* lines(): AsyncGenerator<string> {
      for await (const { key, value } of mergeSortedRuns(batch.map((id) => spill.readRun(id)))) {
        count++
        yield encodeSpillLine(key, value)
      }
    }
    try {
      runs.push(await spill.writeRun(lines()))
    } catch (e) {
      await Promise.all(batch.map((id) => spill.deleteRun(id)))
      if (e instanceof RtdSumOverflow) return err(null)
      throw e
    }
    await Promise.all(batch.map((id) => spill.deleteRun(id)))
    aggregates = count
  }
  return ok({ run: runs[0] as SpillRunId, aggregates })
}
