/**
 * The per-row loop of the RTD aggregator (aggregator.ts), shared with the parallel one (adapters/rtd-parallel): lines →
 * comments skipped, rows validated (row.ts), the sender code checked, fake ABIs mapped, and each row folded into the
 * key table under the key budget (a full table is flushed to hash partitions, partition.ts). Lines come as bytes
 * (foldChunk / foldEnd over a ByteLineCursor: a row byte-row.ts accepts is folded without a string or an object; any
 * other line is decoded and takes the string path) or as decoded lines (fold). What to do with a bad row is the
 * caller's (`onBad`: the skip limit lives there); a sender mismatch or an overflowing sum stops the fold.
 * @module
 */

import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import { AbiBytes, type KeyBuilder, keyOfRow } from './abi-bytes.ts'
import { aggregateKey } from './aggregate.ts'
import type { ByteLineCursor } from './byte-lines.ts'
import { FIELD, scanned, scanRowBytes } from './byte-row.ts'
import { keyHashBytes, utf8 } from './bytes.ts'
import { KeyTable, posCode } from './key-table.ts'
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
  /** Hash bits of the level-0 partitions (Partitioner topBits; default 4). */
  readonly partitionBits?: number | undefined
  readonly abiToFiscalCode?: ReadonlyMap<string, string> | undefined
  /** Called before each `every`-th row is folded. */
  readonly onRow?: { readonly every: number; readonly call: () => void } | undefined
}

export type OnBad = (r: BadRow) => boolean | Promise<boolean>
export type FoldResult = FoldStop | 'stopped' | null

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
  private readonly sender: Uint8Array
  private readonly abi: AbiBytes | null
  private readonly key: KeyBuilder = { buf: new Uint8Array(4096), len: 0 }
  private vat = new Uint8Array(256)

  constructor(o: RowFolderOptions) {
    this.o = o
    this.partitioner = new Partitioner(o.spill, o.maxKeys, o.partitionBits)
    this.sender = utf8.encode(o.senderCode)
    this.abi = o.abiToFiscalCode ? new AbiBytes(o.abiToFiscalCode) : null
  }

  /** Folds the lines the cursor's current chunk completes. */
  async foldChunk(c: ByteLineCursor, onBad: OnBad): Promise<FoldResult> {
    const { onRow } = this.o
    while (c.next()) {
      const b = c.buf
      const s = c.start
      const e = c.end
      this.lines = c.number
      if (!c.overlong && b[s] === 35) {
        this.comments++
        continue
      }
      this.rowsRead++
      if (onRow && this.rowsRead % onRow.every === 0) onRow.call()
      if (c.overlong || !scanRowBytes(b, s, e)) {
        const r = await this.slow(c.overlong ? null : utf8.decode(b.subarray(s, e)), c.number, onBad)
        if (r !== null) return r
        continue
      }
      const f0 = FIELD[0] as number
      const f1 = FIELD[1] as number
      if (f1 - f0 - 1 !== this.sender.length || !same(b, f0 + 1, this.sender)) {
        return { code: 'rtd.sender_mismatch', line: c.number, expected: this.o.senderCode, found: utf8.decode(b.subarray(f0 + 1, f1)) }
      }
      const hash = keyOfRow(this.key, b, this.abi)
      const v = (FIELD[16] as number) + 1
      const pos = b[(FIELD[17] as number) + 2] === 48 ? 0 : 1
      const put = this.put(hash, b, v, (FIELD[17] as number) - v, pos, scanned.amount, c.number)
      const r = put instanceof Promise ? await put : put
      if (r !== null) return r
    }
    return null
  }

  /** After the last chunk: folds the cursor's unterminated last line, if any. */
  async foldEnd(c: ByteLineCursor, onBad: OnBad): Promise<FoldResult> {
    if (!c.finish()) return null
    const line: InputLine = {
      number: c.number,
      text: c.overlong ? '' : utf8.decode(c.buf.subarray(c.start, c.end)),
      overlong: c.overlong,
    }
    return this.fold([line], onBad)
  }

  /** Folds decoded lines (string input, or lines cut elsewhere). */
  async fold(batch: readonly InputLine[], onBad: OnBad): Promise<FoldResult> {
    const { onRow } = this.o
    for (const line of batch) {
      this.lines = line.number
      if (!line.overlong && line.text.charCodeAt(0) === 35) {
        this.comments++
        continue
      }
      this.rowsRead++
      if (onRow && this.rowsRead % onRow.every === 0) onRow.call()
      const r = await this.slow(line.overlong ? null : line.text, line.number, onBad)
      if (r !== null) return r
    }
    return null
  }

  /** One data line by the rules of row.ts (null text: overlong). */
  private async slow(text: string | null, line: number, onBad: OnBad): Promise<FoldResult> {
    const parsed = text === null ? null : parseRtdRow(text)
    if (parsed === null || !parsed.ok) {
      return (await onBad({ line, ...(parsed === null ? OVERLONG : parsed.error), text: text ?? '' })) ? 'stopped' : null
    }
    const row = parsed.value
    const { senderCode, abiToFiscalCode: abi } = this.o
    if (row.senderCode !== senderCode) return { code: 'rtd.sender_mismatch', line, expected: senderCode, found: row.senderCode }
    const mapped = abi === undefined ? undefined : abi.get(row.acquirerId)
    const key = aggregateKey(mapped === undefined ? row : { ...row, acquirerId: mapped })
    let n = utf8.encodeInto(key, this.key.buf)
    if (n < 0) {
      this.key.buf = new Uint8Array(key.length * 3)
      n = utf8.encodeInto(key, this.key.buf)
    }
    this.key.len = n
    if (row.vat.length * 3 > this.vat.length) this.vat = new Uint8Array(row.vat.length * 3)
    const vl = utf8.encodeInto(row.vat, this.vat)
    const r = this.put(keyHashBytes(this.key.buf, 0, n), this.vat, 0, vl, posCode(row.posType), row.amount, line)
    return r instanceof Promise ? await r : r
  }

  /** Folds the key in `this.key` (the VAT in `vat[vs, vs + vl)`); a promise only when the table must be flushed first. */
  private put(
    hash: number,
    vat: Uint8Array,
    vs: number,
    vl: number,
    pos: number,
    amount: number,
    line: number,
  ): FoldStop | null | Promise<FoldStop | null> {
    const k = this.key
    const t = this.table
    const slot = t.find(hash, k.buf, 0, k.len)
    if (slot >= 0) return t.fold(slot, amount, vat, vs, vl, pos) ? null : { code: 'rtd.sum_overflow', line }
    if (t.size >= this.o.maxKeys) {
      return (async () => {
        await this.partitioner.flush(t, 0, this.parts)
        this.spills++
        this.insert(hash, vat, vs, vl, pos, amount)
        return null
      })()
    }
    this.insert(hash, vat, vs, vl, pos, amount)
    return null
  }

  private insert(hash: number, vat: Uint8Array, vs: number, vl: number, pos: number, amount: number): void {
    const t = this.table
    t.add(hash, this.key.buf, 0, this.key.len, amount, vat, vs, vl, pos)
    if (t.size > this.peakKeys) this.peakKeys = t.size
  }
}

function same(b: Uint8Array, at: number, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false
  return true
}
