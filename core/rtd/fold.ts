/**
 * The per-row loop of the RTD aggregator (aggregator.ts), shared with the parallel one (adapters/rtd-parallel): numbered
 * lines → comments skipped, rows validated (row.ts), the sender code checked, fake ABIs mapped, and each row folded into
 * the key table under the key budget (a full table is flushed to hash partitions, partition.ts). What to do with a bad
 * row is the caller's (`onBad`: the skip limit lives there); a sender mismatch or an overflowing sum stops the fold.
 * @module
 */

import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import { aggregateKey } from './aggregate.ts'
import { KeyTable } from './key-table.ts'
import type { InputLine } from './lines.ts'
import { Partitioner, type Parts } from './partition.ts'
import { parseRtdRow, type RowProblem } from './row.ts'

/** A bad row: its line, the problem and the raw text (it holds a clear PAN). */
export type BadRow = RowProblem & { readonly line: number; readonly text: string }

export type FoldStop =
  | { readonly code: 'rtd.sender_mismatch'; readonly line: number; readonly expected: string; readonly found: string }
  | { readonly code: 'rtd.sum_overflow'; readonly line: number }

export type RowFolderOptions = {
  readonly senderCode: string
  readonly spill: SpillStore
  readonly maxKeys: number
  readonly abiToFiscalCode?: ReadonlyMap<string, string> | undefined
  /** Called before each `every`-th row is folded. */
  readonly onRow?: { readonly every: number; readonly call: () => void } | undefined
}

const OVERLONG: RowProblem = { column: null, field: null, reason: 'is longer than the longest valid row' }

export class RowFolder {
  readonly table = new KeyTable()
  readonly parts: Parts = []
  readonly partitioner: Partitioner
  lines = 0
  comments = 0
  rowsRead = 0
  peakKeys = 0
  /** Times the full table was flushed to the partitions. */
  spills = 0
  private readonly o: RowFolderOptions

  constructor(o: RowFolderOptions) {
    this.o = o
    this.partitioner = new Partitioner(o.spill, o.maxKeys)
  }

  /**
   * Folds a batch of lines. `onBad` gets each bad row and returns true to stop there (the fold then returns 'stopped');
   * a sender mismatch or sum overflow is returned; null when the whole batch was folded.
   */
  async fold(batch: readonly InputLine[], onBad: (r: BadRow) => boolean | Promise<boolean>): Promise<FoldStop | 'stopped' | null> {
    const { senderCode, abiToFiscalCode: abi, maxKeys, onRow } = this.o
    const map = this.table
    for (const line of batch) {
      this.lines = line.number
      if (!line.overlong && line.text.charCodeAt(0) === 35) {
        this.comments++
        continue
      }
      this.rowsRead++
      if (onRow && this.rowsRead % onRow.every === 0) onRow.call()
      const parsed = line.overlong ? null : parseRtdRow(line.text)
      if (parsed === null || !parsed.ok) {
        if (await onBad({ line: line.number, ...(parsed === null ? OVERLONG : parsed.error), text: line.text })) return 'stopped'
        continue
      }
      const row = parsed.value
      if (row.senderCode !== senderCode)
        return { code: 'rtd.sender_mismatch', line: line.number, expected: senderCode, found: row.senderCode }
      const mapped = abi === undefined ? undefined : abi.get(row.acquirerId)
      const key = aggregateKey(mapped === undefined ? row : { ...row, acquirerId: mapped })
      const slot = map.find(key)
      if (slot >= 0) {
        if (!map.fold(slot, row.amount, row.vat, row.posType)) return { code: 'rtd.sum_overflow', line: line.number }
        continue
      }
      if (map.size >= maxKeys) {
        await this.partitioner.flush(map, 0, this.parts)
        this.spills++
      }
      map.add(key, row.amount, row.vat, row.posType)
      if (map.size > this.peakKeys) this.peakKeys = map.size
    }
    return null
  }
}
