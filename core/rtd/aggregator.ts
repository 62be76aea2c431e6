/**
 * The streaming RTD aggregator (issue 13 points 1 and 3): input chunks → validated rows → B2.1 aggregates, with the
 * sha256 of the whole input. Behaves like the reference batch: `#` lines are comments; one bad row fails the file unless
 * `skipLimit` allows more (rejected rows go to `onRejected` with line, column and reason); a row whose sender code is not
 * the file name's fails the file whatever the skip limit; fake ABIs in acquirer_id become fiscal codes through the map.
 * Memory: at most `maxKeys` keys are held; past that the held aggregates are written to the SpillStore split into hash
 * partitions, and at the end each partition is folded on its own (partition.ts). Output order is ascending (hash, key)
 * either way, so a spilled aggregation and an in-memory one give identical output.
 * @module
 */

import type { NewHasher } from '../../ports/hasher.port.ts'
import type { SpillRunId, SpillStore } from '../../ports/rtd-spill.port.ts'
import { err, ok, type Result } from '../result.ts'
import { type AggregateRecord, toRecord } from './aggregate.ts'
import type { RtdFileName } from './file-name.ts'
import { type BadRow, RowFolder } from './fold.ts'
import { foldInput } from './fold-input.ts'
import { hashOrder, RtdSumOverflow } from './partition.ts'
import type { RtdColumn } from './row.ts'
import { runAdeLines, runRecords, tableAdeLines } from './run-output.ts'

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
  /** Distinct keys held in memory before spilling (default DEFAULT_MAX_KEYS). */
  readonly maxKeys?: number
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
  /** Times the full key table was written out while reading (0 when everything fit in memory). */
  readonly runsSpilled: number
  /** The aggregates in ascending (hash, key) order (partition.ts). Read once (this or adeLines). */
  records(): AsyncIterable<AggregateRecord>
  /**
   * Optional: the same aggregates as ADE lines (aggregate.ts formatAggregateLine, UTF-8, each ended by `\n`) in pieces
   * of whole lines, written from bytes without a record or a string per aggregate. Read once (this or records).
   */
  adeLines?(transmissionDate: string): AsyncIterable<Uint8Array>
  /** Deletes the final runs, if any. The caller still closes the SpillStore it passed in. */
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

/** An aggregateRtd: the core one, or one with the same contract (adapters/rtd-parallel runs it on worker threads). */
export type RtdAggregate = (
  chunks: AsyncIterable<Uint8Array | string>,
  opts: RtdAggregateOptions,
) => Promise<Result<RtdAggregation, RtdAggregateError>>

/** Keys held in memory by default: about 100 MB of heap (≈ 200 bytes a key with its aggregate). */
export const DEFAULT_MAX_KEYS = 500_000

/** Reads, validates and aggregates one RTD input file. */
export async function aggregateRtd(
  chunks: AsyncIterable<Uint8Array | string>,
  opts: RtdAggregateOptions,
): Promise<Result<RtdAggregation, RtdAggregateError>> {
  const maxKeys = opts.maxKeys ?? DEFAULT_MAX_KEYS
  const skipLimit = opts.skipLimit ?? 0
  const every = opts.progressEvery ?? 100_000
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new RangeError('maxKeys must be a positive integer')
  const hasher = opts.newHasher()
  const counter = { bytes: 0 }
  let rejected = 0
  let stop: RtdAggregateError | null = null
  const progress = () =>
    opts.onProgress?.({ rowsRead: f.rowsRead, bytesRead: counter.bytes, keysHeld: f.table.size, runsSpilled: f.spills })
  const f = new RowFolder({
    senderCode: opts.fileName.senderCode,
    spill: opts.spill,
    maxKeys,
    abiToFiscalCode: opts.abiToFiscalCode,
    onRow: opts.onProgress ? { every, call: progress } : undefined,
  })
  const { table: map, parts, partitioner } = f
  const fail = async (e: RtdAggregateError) => {
    await partitioner.deleteAll()
    return err(e)
  }
  const onBad = async (r: BadRow) => {
    rejected++
    if (rejected > skipLimit) {
      stop = { code: 'rtd.skip_limit_exceeded', skipLimit, line: r.line, column: r.column, field: r.field, reason: r.reason }
      return true
    }
    await opts.onRejected?.(r)
    return false
  }

  const r = await foldInput(chunks, f, onBad, { hasher, counter, maxLineChars: opts.maxLineChars })
  if (r === 'stopped' && stop) return fail(stop)
  if (r !== null && r !== 'stopped') return fail(r)
  progress()
  const { lines, comments, rowsRead, peakKeys, spills } = f
  if (rowsRead === 0) return fail({ code: 'rtd.empty_file' })
  const inputSha256 = hasher.hexDigest()
  const base = { inputSha256, lines, comments, rowsRead, rejected, peakKeys, runsSpilled: spills }

  if (spills === 0) {
    return ok({
      ...base,
      aggregates: map.size,
      async *records() {
        for (const i of hashOrder(map)) yield toRecord(map.keyString(i), map.valueAt(i))
      },
      async *adeLines(transmissionDate) {
        yield* tableAdeLines(map, hashOrder(map), transmissionDate)
      },
      dispose: async () => map.clear(),
    })
  }

  await partitioner.flush(map, 0, parts)
  const out: SpillRunId[] = []
  let aggregates: number
  try {
    aggregates = await partitioner.finish(parts, 0, out, map)
  } catch (e) {
    if (e instanceof RtdSumOverflow) return fail({ code: 'rtd.sum_overflow', line: null })
    await partitioner.deleteAll()
    throw e
  }
  return ok({
    ...base,
    peakKeys: Math.max(peakKeys, partitioner.peakKeys),
    aggregates,
    async *records() {
      for (const run of out) yield* runRecords(opts.spill, run)
    },
    adeLines: (transmissionDate) => runAdeLines(opts.spill, out, transmissionDate),
    dispose: () => partitioner.deleteAll(),
  })
}
