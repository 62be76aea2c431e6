/**
 * Spill runs as bytes (ports/rtd-spill.port.ts writeRunBytes / readRunBytes), with the line-based methods as the
 * fallback for a store without them, and the spill line (aggregate.ts encodeSpillLine,
 * `<key>;<count>;<total>;<vat>;<posType>`) read back from its bytes without a string.
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { ByteLineCursor } from './byte-lines.ts'
import { utf8 } from './bytes.ts'
import { runBatches } from './runs.ts'

/** True when the store takes runs as bytes (then the aggregator writes binary records, spill-records.ts). */
export const nativeBytes = (spill: SpillStore): boolean => !!(spill.writeRunBytes && spill.readRunBytes)

/** Writes a run of bytes (binary records or, to a line store, `\n`-ended UTF-8 lines). */
export function writeRunBytes(spill: SpillStore, chunks: Iterable<Uint8Array>): Promise<SpillRunId> {
  if (spill.writeRunBytes && spill.readRunBytes) return spill.writeRunBytes(chunks)
  return spill.writeRun(
    (function* () {
      const c = new ByteLineCursor(Number.POSITIVE_INFINITY, false)
      for (const chunk of chunks) {
        c.push(chunk)
        while (c.next()) yield utf8.decode(c.buf.subarray(c.start, c.end))
      }
      if (c.finish()) yield utf8.decode(c.buf.subarray(c.start, c.end))
    })(),
  )
}

/** A run's lines as `\n`-ended UTF-8 pieces. */
export async function* readRunBytes(spill: SpillStore, id: SpillRunId): AsyncGenerator<Uint8Array> {
  if (spill.writeRunBytes && spill.readRunBytes) {
    yield* spill.readRunBytes(id)
    return
  }
  for await (const batch of runBatches(spill, id)) if (batch.length) yield utf8.encode(`${batch.join('\n')}\n`)
}

/** The parts of the last spill line read by readSpillLine. */
export const spilled = { keyEnd: 0, count: 0, total: 0, vatStart: 0, vatLen: 0, pos: 0 }

const KEY_FIELDS = 7

function corrupt(b: Uint8Array, s: number, e: number): Error {
  return new Error(`corrupt RTD spill line: ${utf8.decode(b.subarray(s, Math.min(e, s + 80)))}`)
}

/** Splits the spill line `b[s, e)` into `spilled`; throws on a line the aggregator did not write. */
export function readSpillLine(b: Uint8Array, s: number, e: number): void {
  let i = s
  for (let n = 0; n < KEY_FIELDS; i++) {
    if (i >= e) throw corrupt(b, s, e)
    if (b[i] === 59) n++
  }
  spilled.keyEnd = i - 1
  const num = () => {
    const from = i
    let v = 0
    for (; i < e && b[i] !== 59; i++) {
      const d = (b[i] as number) - 48
      if (d < 0 || d > 9) throw corrupt(b, s, e)
      v = v * 10 + d
    }
    if (i === from || i >= e || !Number.isSafeInteger(v)) throw corrupt(b, s, e)
    i++
    return v
  }
  spilled.count = num()
  spilled.total = num()
  spilled.vatStart = i
  while (i < e && b[i] !== 59) i++
  if (i >= e || e - i !== 3) throw corrupt(b, s, e)
  spilled.vatLen = i - spilled.vatStart
  const p0 = b[i + 1]
  const p1 = b[i + 2]
  if (p0 === 48 && (p1 === 48 || p1 === 49)) spilled.pos = p1 - 48
  else if (p0 === 57 && p1 === 57) spilled.pos = 99
  else throw corrupt(b, s, e)
}
