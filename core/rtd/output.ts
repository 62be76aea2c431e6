/**
 * The AdE output of specs/pagopa.md B2.1: aggregates → chunks of at most `maxRows` rows (reference
 * `ACQ_BATCH_WRITER_ADE_SPLIT_THRESHOLD`, 2,000,000), each named `ADE.….<nn>.csv`, starting with
 * `#sha256sum:<input sha256>`, no header, 13 `;`-separated columns. Everything streams: a chunk is an async iterable of
 * lines (without line terminators; write each followed by `\n`), and chunks must be consumed in order, each to its end.
 * @module
 */

import { type AggregateRecord, formatAggregateLine } from './aggregate.ts'
import { formatAdeFileName, MAX_CHUNKS, type RtdFileName } from './file-name.ts'

export const DEFAULT_MAX_ROWS_PER_CHUNK = 2_000_000

export type AdeOutputOptions = {
  readonly input: RtdFileName
  /** Lower-case hex sha256 of the whole input file (RtdAggregation.inputSha256). */
  readonly inputSha256: string
  /** The run's date, `yyyy-mm-dd`, written as Transmission_date on every row. */
  readonly transmissionDate: string
  readonly maxRows?: number
}

export type AdeChunk = {
  /** 1-based chunk number, the `<nn>` of the name. */
  readonly number: number
  /** `ADE.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.<nn>.csv` (append `.pgp` once encrypted). */
  readonly fileName: string
  /** The checksum line, then up to maxRows aggregate lines. */
  readonly lines: AsyncIterable<string>
}

function check(opts: AdeOutputOptions): number {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS_PER_CHUNK
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError('maxRows must be a positive integer')
  if (!/^[0-9a-f]{64}$/.test(opts.inputSha256)) throw new RangeError('inputSha256 must be 64 lower-case hex digits')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.transmissionDate)) throw new RangeError('transmissionDate must be yyyy-mm-dd')
  return maxRows
}

/** How many chunks `aggregates` rows make (0 for none), and whether that fits the two-digit chunk number. */
export function chunkCount(aggregates: number, maxRows = DEFAULT_MAX_ROWS_PER_CHUNK): { readonly chunks: number; readonly fits: boolean } {
  const chunks = Math.ceil(aggregates / maxRows)
  return { chunks, fits: chunks <= MAX_CHUNKS }
}

/** The names the chunks of `aggregates` rows will have, known before writing (e.g. to check none was sent before). */
export function adeFileNames(input: RtdFileName, aggregates: number, maxRows = DEFAULT_MAX_ROWS_PER_CHUNK): string[] {
  const { chunks } = chunkCount(aggregates, maxRows)
  return Array.from({ length: chunks }, (_, i) => formatAdeFileName(input, i + 1))
}

/**
 * Splits `records` into chunks. No records → no chunks. Throws RangeError past chunk 99 (check chunkCount first) and
 * Error if a chunk is requested before the previous one was read to its end.
 */
export async function* adeChunks(records: AsyncIterable<AggregateRecord>, opts: AdeOutputOptions): AsyncGenerator<AdeChunk> {
  const maxRows = check(opts)
  const it = records[Symbol.asyncIterator]()
  const header = `#sha256sum:${opts.inputSha256}`
  let next = await it.next()
  let number = 0
  let open = false
  try {
    while (!next.done) {
      if (open) throw new Error('read each ADE chunk to its end before asking for the next')
      number++
      const fileName = formatAdeFileName(opts.input, number)
      open = true
      async function* lines(): AsyncGenerator<string> {
        yield header
        let rows = 0
        while (!next.done && rows < maxRows) {
          yield formatAggregateLine(next.value, opts.transmissionDate)
          rows++
          next = await it.next()
        }
        open = false
      }
      yield { number, fileName, lines: lines() }
    }
    if (open) throw new Error('read each ADE chunk to its end before asking for the next')
  } finally {
    if (!next.done) await it.return?.()
  }
}
