/**
 * The AdE output of specs/pagopa.md B2.1: aggregates → chunks of at most `maxRows` rows (reference
 * `ACQ_BATCH_WRITER_ADE_SPLIT_THRESHOLD`, 2,000,000), each named `ADE.….<nn>.csv`, starting with
 * `#sha256sum:<input sha256>`, no header, 13 `;`-separated columns. Everything streams: a chunk is an async iterable of
 * lines (without line terminators; write each followed by `\n`), and chunks must be consumed in order, each to its end.
 * @module
 */

import { type AggregateRecord, formatAggregateLine } from './aggregate.ts'
import { utf8 } from './bytes.ts'
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

export type AdeByteChunk = {
  readonly number: number
  readonly fileName: string
  /** The checksum line, then up to maxRows aggregate lines, as UTF-8 pieces each ending with `\n`. */
  readonly bytes: AsyncIterable<Uint8Array>
  /** Aggregate lines given so far by `bytes` (all of the chunk's once it was read to its end). */
  readonly rows: number
}

/**
 * adeChunks over ADE line bytes (RtdAggregation.adeLines, or run-output.ts recordAdeLines of records): pieces of whole
 * `\n`-ended lines, cut into chunks of at most maxRows lines. Same chunks, names and bytes as adeChunks; same rules.
 */
export async function* adeByteChunks(pieces: AsyncIterable<Uint8Array>, opts: AdeOutputOptions): AsyncGenerator<AdeByteChunk> {
  const maxRows = check(opts)
  const it = pieces[Symbol.asyncIterator]()
  const header = utf8.encode(`#sha256sum:${opts.inputSha256}\n`)
  let rest: Uint8Array | null = null
  let done = false
  const pull = async (): Promise<Uint8Array | null> => {
    if (rest) {
      const r = rest
      rest = null
      return r
    }
    while (!done) {
      const n = await it.next()
      if (n.done) done = true
      else if (n.value.length) return n.value
    }
    return null
  }
  let number = 0
  let open = false
  try {
    for (;;) {
      if (open) throw new Error('read each ADE chunk to its end before asking for the next')
      rest = await pull()
      if (rest === null) break
      number++
      open = true
      const chunk = { number, fileName: formatAdeFileName(opts.input, number), rows: 0, bytes: body() }
      async function* body(): AsyncGenerator<Uint8Array> {
        yield header
        while (chunk.rows < maxRows) {
          const p = await pull()
          if (p === null) break
          let rows = chunk.rows
          let cut = p.length
          for (let at = p.indexOf(10); at >= 0; at = p.indexOf(10, at + 1)) {
            if (++rows === maxRows) {
              cut = at + 1
              break
            }
          }
          chunk.rows = rows
          if (cut < p.length) rest = p.subarray(cut)
          yield p.subarray(0, cut)
        }
        open = false
      }
      yield chunk
    }
  } finally {
    if (!done) await it.return?.()
  }
}
