/**
 * One CSTAR input file → the ADE files to send (issue 13 points 1–2): aggregate it (aggregator.ts), cut the aggregates
 * into chunks (output.ts), encrypt each chunk for pagoPA's key and write it to an RtdFiles directory as
 * `ADE.….<nn>.csv.pgp`, streaming end to end. Without a key the chunks are written in clear as `ADE.….<nn>.csv` (local
 * runs and tests). Rejected rows (with a skip limit) go to `<input>.rejected.csv` beside them: `line;column;field;reason;row`.
 * The same use case serves the CLI (`varco rtd aggregate`) and the server's processing job.
 * @module
 */

import type { FileEncryptor, RecipientKeyError, RecipientKeyInfo } from '../../ports/file-encryptor.port.ts'
import type { NewHasher } from '../../ports/hasher.port.ts'
import type { RtdFiles } from '../../ports/rtd-files.port.ts'
import type { SpillStore } from '../../ports/rtd-spill.port.ts'
import { err, ok, type Result } from '../result.ts'
import { aggregateRtd, type RejectedRow, type RtdAggregate, type RtdAggregateError, type RtdProgress } from './aggregator.ts'
import { parseCstarFileName, type RtdFileNameError } from './file-name.ts'
import { adeByteChunks, chunkCount, DEFAULT_MAX_ROWS_PER_CHUNK } from './output.ts'
import { recordAdeLines } from './run-output.ts'

export type ProduceDeps = {
  readonly newHasher: NewHasher
  readonly spill: SpillStore
  readonly encryptor: FileEncryptor
  /** Where the ADE files and the rejected-rows file are written. */
  readonly out: RtdFiles
  /** The aggregator (default aggregateRtd, single-threaded; the CLI and the Node server may pass the parallel one). */
  readonly aggregate?: RtdAggregate
}

export type ProduceOptions = {
  /** `CSTAR.<sender>.TRNLOG.<yyyymmdd>.<hhmmss>.<nnn>.csv`. */
  readonly inputName: string
  /** The run's date, `yyyy-mm-dd`: Transmission_date of every row. */
  readonly transmissionDate: string
  /** pagoPA's armored public key; absent: plain `.csv` chunks. */
  readonly publicKey?: string
  readonly expectedFingerprint?: string
  readonly abiToFiscalCode?: ReadonlyMap<string, string>
  readonly skipLimit?: number
  readonly maxKeys?: number
  readonly maxRowsPerChunk?: number
  readonly onProgress?: (p: RtdProgress) => void
  readonly progressEvery?: number
}

export type ProducedFile = {
  /** 1-based chunk number. */
  readonly number: number
  /** The file written (and to upload): `ADE.….<nn>.csv.pgp`, or `.csv` without a key. */
  readonly fileName: string
  /** Aggregate rows in the chunk (the checksum line not counted). */
  readonly rows: number
  readonly size: number
  readonly sha256: string
}

export type ProduceSummary = {
  readonly inputName: string
  readonly senderCode: string
  readonly inputSha256: string
  readonly inputBytes: number
  readonly rowsRead: number
  readonly comments: number
  readonly rejected: number
  readonly aggregates: number
  readonly peakKeys: number
  readonly runsSpilled: number
  readonly transmissionDate: string
  readonly encrypted: boolean
  readonly recipient: RecipientKeyInfo | null
  readonly files: readonly ProducedFile[]
  /** `<input>.rejected.csv` when rows were rejected, else null. */
  readonly rejectedFile: string | null
}

export type ProduceError =
  | RtdAggregateError
  | RtdFileNameError
  | RecipientKeyError
  | { readonly code: 'rtd.too_many_chunks'; readonly aggregates: number; readonly maxRowsPerChunk: number }

/** Byte pieces → a stream (pulled one piece at a time). */
function toStream(pieces: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = pieces[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const n = await it.next()
      if (n.done) controller.close()
      else controller.enqueue(n.value)
    },
    async cancel() {
      await it.return?.()
    },
  })
}

/** A side file fed row by row while the input is read; started on the first rejected row. */
function rejectedSink(out: RtdFiles, name: string) {
  const encoder = new TextEncoder()
  let writer: WritableStreamDefaultWriter<Uint8Array> | null = null
  let written: Promise<unknown> | null = null
  const clean = (s: string | null) => (s ?? '').replace(/[;\r\n]/g, ' ')
  return {
    async add(r: RejectedRow) {
      if (!writer) {
        const pipe = new TransformStream<Uint8Array, Uint8Array>()
        writer = pipe.writable.getWriter()
        written = out.write(name, pipe.readable)
        written.catch(() => {})
        await writer.write(encoder.encode('#line;column;field;reason;row\n'))
      }
      await writer.write(encoder.encode(`${r.line};${r.column ?? ''};${clean(r.field)};${clean(r.reason)};${r.text}\n`))
    },
    async finish(): Promise<string | null> {
      if (!writer) return null
      await writer.close()
      await written
      return name
    },
    async abort() {
      if (!writer) return
      await writer.abort(new Error('aggregation failed')).catch(() => {})
      await written?.catch(() => {})
      await out.remove(name)
    },
  }
}

/** Aggregates `input` and writes its ADE files to `deps.out`. On an error nothing is left in `deps.out` by this call. */
export async function produceAdeFiles(
  deps: ProduceDeps,
  input: AsyncIterable<Uint8Array | string>,
  opts: ProduceOptions,
): Promise<Result<ProduceSummary, ProduceError>> {
  const name = parseCstarFileName(opts.inputName)
  if (!name.ok) return name
  let recipient: RecipientKeyInfo | null = null
  if (opts.publicKey !== undefined) {
    const key = await deps.encryptor.checkRecipientKey(
      opts.publicKey,
      opts.expectedFingerprint ? { expectedFingerprint: opts.expectedFingerprint } : {},
    )
    if (!key.ok) return key
    recipient = key.value
  }
  const maxRows = opts.maxRowsPerChunk ?? DEFAULT_MAX_ROWS_PER_CHUNK
  const rejected = rejectedSink(deps.out, `${opts.inputName}.rejected.csv`)
  const counter = { bytes: 0 }
  const agg = await (deps.aggregate ?? aggregateRtd)(input, {
    fileName: name.value,
    newHasher: deps.newHasher,
    spill: deps.spill,
    onRejected: (r) => rejected.add(r),
    onProgress: (p) => {
      counter.bytes = p.bytesRead
      opts.onProgress?.(p)
    },
    ...(opts.abiToFiscalCode ? { abiToFiscalCode: opts.abiToFiscalCode } : {}),
    ...(opts.skipLimit !== undefined ? { skipLimit: opts.skipLimit } : {}),
    ...(opts.maxKeys !== undefined ? { maxKeys: opts.maxKeys } : {}),
    ...(opts.progressEvery !== undefined ? { progressEvery: opts.progressEvery } : {}),
  })
  if (!agg.ok) {
    await rejected.abort()
    return agg
  }
  const a = agg.value
  const files: ProducedFile[] = []
  try {
    if (!chunkCount(a.aggregates, maxRows).fits) {
      await rejected.abort()
      return err({ code: 'rtd.too_many_chunks', aggregates: a.aggregates, maxRowsPerChunk: maxRows })
    }
    const rejectedFile = await rejected.finish()
    const lines = a.adeLines ? a.adeLines(opts.transmissionDate) : recordAdeLines(a.records(), opts.transmissionDate)
    const chunks = adeByteChunks(lines, {
      input: name.value,
      inputSha256: a.inputSha256,
      transmissionDate: opts.transmissionDate,
      maxRows,
    })
    for await (const chunk of chunks) {
      const plain = toStream(chunk.bytes)
      let bytes = plain
      let fileName = chunk.fileName
      if (opts.publicKey !== undefined) {
        const sealed = await deps.encryptor.encrypt(plain, opts.publicKey, { fileName: chunk.fileName })
        if (!sealed.ok) throw new Error(`recipient key refused after it was checked: ${sealed.error.code}`)
        bytes = sealed.value
        fileName = `${chunk.fileName}.pgp`
      }
      const written = await deps.out.write(fileName, bytes)
      files.push({ number: chunk.number, fileName, rows: chunk.rows, ...written })
    }
    return ok({
      inputName: opts.inputName,
      senderCode: name.value.senderCode,
      inputSha256: a.inputSha256,
      inputBytes: counter.bytes,
      rowsRead: a.rowsRead,
      comments: a.comments,
      rejected: a.rejected,
      aggregates: a.aggregates,
      peakKeys: a.peakKeys,
      runsSpilled: a.runsSpilled,
      transmissionDate: opts.transmissionDate,
      encrypted: opts.publicKey !== undefined,
      recipient,
      files,
      rejectedFile,
    })
  } catch (e) {
    await Promise.all(files.map((f) => deps.out.remove(f.fileName)))
    await rejected.abort()
    throw e
  } finally {
    await a.dispose()
  }
}
