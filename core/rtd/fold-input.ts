/**
 * The input loop of aggregateRtd: chunks → hasher and byte counter → RowFolder. Byte chunks go through a
 * ByteLineCursor (fold.ts foldChunk); an input that starts with a string chunk is decoded text and goes through
 * lines.ts instead, as before (do not mix the two kinds: a string chunk among bytes is encoded to UTF-8).
 * @module
 */

import type { Hasher } from '../../ports/hasher.port.ts'
import { ByteLineCursor } from './byte-lines.ts'
import type { FoldResult, OnBad, RowFolder } from './fold.ts'
import { DEFAULT_MAX_LINE_CHARS, readLineBatches } from './lines.ts'

export type FoldInputOptions = {
  readonly hasher: Hasher
  readonly counter: { bytes: number }
  readonly maxLineChars?: number | undefined
}

/** Folds every line of `chunks`; stops at the first non-null fold result and returns it. */
export async function foldInput(
  chunks: AsyncIterable<Uint8Array | string>,
  f: RowFolder,
  onBad: OnBad,
  o: FoldInputOptions,
): Promise<FoldResult> {
  const it = chunks[Symbol.asyncIterator]()
  const first = await it.next()
  const rest: AsyncIterable<Uint8Array | string> = {
    [Symbol.asyncIterator]: () => {
      let head: IteratorResult<Uint8Array | string> | null = first
      return {
        next: () => {
          const h = head
          head = null
          return h ? Promise.resolve(h) : it.next()
        },
        return: async (v?: unknown) => (await it.return?.(v)) ?? { done: true, value: undefined },
      }
    },
  }
  const max = o.maxLineChars || DEFAULT_MAX_LINE_CHARS
  if (!first.done && typeof first.value === 'string') {
    for await (const batch of readLineBatches(rest, { hasher: o.hasher, counter: o.counter, maxLineChars: max })) {
      const s = await f.fold(batch, onBad)
      if (s !== null) return s
    }
    return null
  }
  const encoder = new TextEncoder()
  const c = new ByteLineCursor(max)
  for await (const chunk of rest) {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk
    o.hasher.update(bytes)
    o.counter.bytes += bytes.length
    c.push(bytes)
    const s = await f.foldChunk(c, onBad)
    if (s !== null) return s
  }
  return f.foldEnd(c, onBad)
}
