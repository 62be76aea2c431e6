/**
 * The streaming RTD aggregator (issue 13 points 1 and 3): input chunks → validated rows → B2.1 aggregates, with the
 * sha256 of the whole input. Behaves like the reference batch: `#` lines are comments; one bad row fails the file unless
 * `skipLimit` allows more (rejected rows go to `onRejected` with line, column and reason); a row whose sender code is not
 * the file name's fails the file whatever the skip limit; fake ABIs in acquirer_id become fiscal codes through the map.
 * Memory: at most `maxKeys` keys are held; past that the held keys are written as a sorted run to the SpillStore, and
 * at the end the runs are merged (at most `mergeFanIn` at a time) into one sorted run. Output order is ascending key
 * order either way, so a spilled run and an in-memory one give identical output.
 * @module
 */

import type { NewHasher } from '../../ports/hasher.port.ts'
import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { err, ok, type Result } from '../result.ts'
import { type AggregateRecord, aggregateKey, decodeSpillLine, toRecord } from './aggregate.ts'
import type { RtdFileName } from './file-name.ts'
import { KeyTable } from './key-table.ts'
import { readLineBatches } from './lines.ts'
import { mergeAll } from './merge.ts'
import { parseRtdRow, type RtdColumn } from './row.ts'

export type RejectedRow = {
  readonly line: number
  readonly column: number | null
  readonly field: RtdColumn | null
  readonly reason: string
  /** The raw line (it holds a clear PAN: write it only where the input file itself may live). */
  readonly text: string
}

export type RtdProgress = { readonly rowsRead: number; readonly bytesRead: number; readonly keysHeld: number; readonly runsSpilled: number }

export type RtdAggregateOptions = {
  /** The parsed input name; every row's sender code must equal its sender. */
  readonly fileName: RtdFileName
  readonly newHasher: NewHasher
  readonly spill: SpillStore
  /** `GET /rtd/abi-to-fiscalcode/conversion-map`: fake ABI → fiscal code, applied to acquirer_id. */
  readonly abiToFiscalCode?: ReadonlyMap<string, string>
  /** Bad rows tolerated before the file fails (reference `ACQ_BATCH_INPUT_SKIP_LIMIT`, default 0). */
  readonly skipLimit?: number
  readonly onRejected?: (row: RejectedRow) => void | Promise<void>
  /** Distinct keys held in memory before spilling (default 500,000). */
  readonly maxKeys?: number
  /** Runs merged at once (default 64). */
  readonly mergeFanIn?: number
  readonly maxLineChars?: number
  readonly onProgress?: (p: RtdProgress) => void
  /** Rows between two onProgress calls (default 100,000); a last call comes at the end of the input. */
  readonly progressEvery?: number
}

export type RtdAggregation = {
  /** Lower-case hex sha256 of every input byte. */
  readonly inputSha256: string
  readonly lines: number
  readonly comments: number
  /** Data rows (non-comment lines), valid or not. */
  readonly rowsRead: number
  readonly rejected: number
  readonly aggregates: number
  /** Most keys held in memory at once; never above maxKeys. */
  readonly peakKeys: number
  /** Runs written while reading (0 when everything fit in memory). */
  readonly runsSpilled: number
  /** The aggregates in ascending key order. Read once. */
  records(): AsyncIterable<AggregateRecord>
  /** Deletes the final run, if any. The caller still closes the SpillStore it passed in. */
  dispose(): Promise<void>
}

export type RtdAggregateError =
  | { readonly code: 'rtd.empty_file' }
  | {
      readonly code: 'rtd.skip_limit_exceeded'
      readonly skipLimit: number
      readonly line: number
      readonly column: number | null
      readonly field: RtdColumn | null
      readonly reason: string
    }
  | { readonly code: 'rtd.sender_mismatch'; readonly line: number; readonly expected: string; readonly found: string }
  | { readonly code: 'rtd.sum_overflow'; readonly line: number | null }

/** Reads, validates and aggregates one RTD input file. */
export async function aggregateRtd(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: RtdAggregateOptions,
): Promise<Result<RtdAggregation, RtdAggregateError>> {
  const maxKeys = opts.maxKeys ?? 500_000
  const skipLimit = opts.skipLimit ?? 0
  const every = opts.progressEvery ?? 100_000
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer')
  const hasher = opts.newHasher()
  const counter = { bytes: 0 }
  const map = new KeyTable()
  const runs: SpillRunId[] = []
  let lines = 0
  let comments = 0
  let rowsRead = 0
  let rejected = 0
  let peakKeys = 0
  const progress = () => opts.onProgress?.({ rowsRead, bytesRead: counter.bytes, keysHeld: map.size, runsSpilled: runs.length })
  const fail = async (e: RtdAggregateError) => {
    await Promise.all(runs.map((id) => opts.spill.deleteRun(id)))
    return err(e)
  }

  const abi = opts.abiToFiscalCode
  const lineOpts = { hasher, counter, ...(opts.maxLineChars ? { maxLineChars: opts.maxLineChars } : {}) }
  for await (const batch of readLineBatches(chunks, lineOpts)) {
    for (const line of batch) {
      lines = line.number
      if (!line.overlong && line.text.charCodeAt(0) === 35) {
        comments++
        continue
      }
      rowsRead++
      if (rowsRead % every === 0) progress()
      const parsed = line.overlong
        ? err({ column: null, field: null, reason: 'is longer than the longest valid row' })
        : parseRtdRow(line.text)
      if (!parsed.ok) {
        rejected++
        const p = parsed.error
        if (rejected > skipLimit) return fail({ code: 'rtd.skip_limit_exceeded', skipLimit, line: line.number, ...p })
        await opts.onRejected?.({ line: line.number, ...p, text: line.text })
        continue
      }
      const row = parsed.value
      if (row.senderCode !== opts.fileName.senderCode) {
        return fail({ code: 'rtd.sender_mismatch', line: line.number, expected: opts.fileName.senderCode, found: row.senderCode })
      }
      const mapped = abi === undefined ? undefined : abi.get(row.acquirerId)
      const key = aggregateKey(mapped === undefined ? row : { ...row, acquirerId: mapped })
      const slot = map.find(key)
      if (slot >= 0) {
        if (!map.fold(slot, row.amount, row.vat, row.posType)) return fail({ code: 'rtd.sum_overflow', line: line.number })
        continue
      }
      if (map.size >= maxKeys) {
        runs.push(await opts.spill.writeRun(map.spillLines()))
        map.clear()
      }
      map.add(key, row.amount, row.vat, row.posType)
      if (map.size > peakKeys) peakKeys = map.size
    }
  }
  progress()
  if (rowsRead === 0) return fail({ code: 'rtd.empty_file' })
  const inputSha256 = hasher.hexDigest()
  const base = { inputSha256, lines, comments, rowsRead, rejected, peakKeys, runsSpilled: runs.length }

  if (runs.length === 0) {
    const keys = map.sortedKeys()
    return ok({
      ...base,
      aggregates: keys.length,
      async *records() {
        for (const k of keys) yield toRecord(k, map.value(k))
      },
      dispose: async () => map.clear(),
    })
  }

  runs.push(await opts.spill.writeRun(map.spillLines()))
  map.clear()
  const merged = await mergeAll(runs, opts.spill, opts.mergeFanIn ?? 64)
  if (!merged.ok) return fail({ code: 'rtd.sum_overflow', line: null })
  const { run, aggregates } = merged.value
  return ok({
    ...base,
    aggregates,
    async *records() {
      for await (const l of opts.spill.readRun(run)) {
        const { key, value } = decodeSpillLine(l)
        yield toRecord(key, value)
      }
    },
    dispose: () => opts.spill.deleteRun(run),
  })
}
