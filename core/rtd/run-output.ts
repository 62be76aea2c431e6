/**
 * The aggregator's output read back from its final runs or its key table: as AggregateRecords (records()), or as ADE
 * line bytes (adeLines(): ade-bytes.ts, no record or string per aggregate), in pieces of whole lines of about 256 KiB.
 * Also the ADE lines of any records (for an aggregation that only offers records()).
 * @module
 */

import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { writeAdeLine } from './ade-bytes.ts'
import { type AggregateRecord, DIRTY_POS_TYPE, DIRTY_VAT, formatAggregateLine, type PosType, toRecord } from './aggregate.ts'
import { ByteWriter, utf8 } from './bytes.ts'
import type { KeyTable } from './key-table.ts'
import { nativeBytes, readRunBytes } from './spill-bytes.ts'
import { spillCursor } from './spill-records.ts'

const PIECE = 1 << 18
const POS: readonly PosType[] = ['00', '01']

/** The records of a run, in order. */
export async function* runRecords(spill: SpillStore, id: SpillRunId): AsyncGenerator<AggregateRecord> {
  const c = spillCursor(nativeBytes(spill))
  for await (const chunk of readRunBytes(spill, id)) {
    c.push(chunk)
    const batch: AggregateRecord[] = []
    while (c.next()) {
      const b = c.buf
      const vat = c.vatLen < 0 ? DIRTY_VAT : c.vatLen === 0 ? '' : utf8.decode(b.subarray(c.vatStart, c.vatStart + c.vatLen))
      const posType = c.pos === 99 ? DIRTY_POS_TYPE : (POS[c.pos] as PosType)
      const key = utf8.decode(b.subarray(c.keyStart, c.keyStart + c.keyLen))
      batch.push(toRecord(key, { count: c.count, totalAmount: c.total, vat, posType }))
    }
    yield* batch
  }
  c.end()
}

const dateField = (transmissionDate: string) => utf8.encode(`${transmissionDate};`)

/** The ADE lines of the runs, in order. */
export async function* runAdeLines(spill: SpillStore, ids: readonly SpillRunId[], transmissionDate: string): AsyncGenerator<Uint8Array> {
  const tdate = dateField(transmissionDate)
  const w = new ByteWriter(PIECE + 4096)
  for (const id of ids) {
    const c = spillCursor(nativeBytes(spill))
    for await (const chunk of readRunBytes(spill, id)) {
      c.push(chunk)
      while (c.next()) {
        writeAdeLine(w, tdate, c.buf, c.keyStart, c.keyLen, c.count, c.total, c.buf, c.vatStart, c.vatLen, c.pos)
        if (w.length >= PIECE) yield w.take()
      }
    }
    c.end()
  }
  if (w.length) yield w.take()
}

/** The ADE lines of the table's `slots`, in that order. */
export function* tableAdeLines(table: KeyTable, slots: Iterable<number>, transmissionDate: string): Generator<Uint8Array> {
  const tdate = dateField(transmissionDate)
  const w = new ByteWriter(PIECE + 4096)
  for (const s of slots) {
    table.writeAde(s, w, tdate)
    if (w.length >= PIECE) yield w.take()
  }
  if (w.length) yield w.take()
}

/** The ADE lines of `records` (formatAggregateLine, UTF-8). */
export async function* recordAdeLines(records: AsyncIterable<AggregateRecord>, transmissionDate: string): AsyncGenerator<Uint8Array> {
  let batch = ''
  for await (const r of records) {
    batch += `${formatAggregateLine(r, transmissionDate)}\n`
    if (batch.length >= 65_536) {
      yield utf8.encode(batch)
      batch = ''
    }
  }
  if (batch) yield utf8.encode(batch)
}
