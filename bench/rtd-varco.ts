/**
 * Child process of `npm run bench:rtd`: `node bench/rtd-varco.ts <input.csv> <outDir> [pgp] [workers=<n>]`. Runs Varco's
 * real path on one CSTAR file: fs read stream → the parallel aggregator of adapters/rtd-parallel on 2 worker threads
 * (the `varco` row; workers=1: the single-threaded core aggregateRtd, `varco-1t`) (sha256, validation, key budget, hash partitions spilled to a temp dir) → adeByteChunks (ADE lines written from bytes) → chunk files in outDir, plain or (with `pgp`) encrypted with openpgp to the test-only key.
 * Prints one result line (see rtd-child.ts) with its own peak RSS.
 * @module
 */

import { once } from 'node:events'
import { createReadStream, createWriteStream, readFileSync, type WriteStream } from 'node:fs'
import { basename, join } from 'node:path'
import { Writable } from 'node:stream'
import { newSha256Hasher } from '../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../adapters/pgp/openpgp.ts'
import { createParallelRtdAggregator } from '../adapters/rtd-parallel/aggregate.ts'
import { createFsSpillStore } from '../adapters/rtd-spill/fs.ts'
import { aggregateRtd } from '../core/rtd/aggregator.ts'
import { parseCstarFileName } from '../core/rtd/file-name.ts'
import { adeByteChunks } from '../core/rtd/output.ts'
import { recordAdeLines } from '../core/rtd/run-output.ts'
import { printResult, rssSampler } from './rtd-child.ts'

const [input, outDir] = process.argv.slice(2)
if (!input || !outDir) throw new Error('usage: rtd-varco.ts <input.csv> <outDir> [pgp] [workers=<n>]')
const pgp = process.argv.includes('pgp')
const name = parseCstarFileName(basename(input))
if (!name.ok) throw new Error(`not a CSTAR file name: ${input}`)
const publicKey = pgp ? readFileSync(new URL('../test/fixtures/pgp/cv25519-test-only.pub.asc', import.meta.url), 'utf8') : ''
const encryptor = createOpenPgpEncryptor()
/** `workers=<n>` argument: worker threads (default 2, the `varco` row; 1 = the single-threaded core aggregateRtd). */
const workers = Number(process.argv.find((a) => a.startsWith('workers='))?.slice(8) ?? 2)
/** BENCH_RTD_MAX_KEYS: the key budget (default 200,000, below both bench inputs' key counts: both spill). */
const maxKeys = Number(process.env['BENCH_RTD_MAX_KEYS'] ?? 200_000)
const aggregate = workers > 1 ? createParallelRtdAggregator({ workers }) : aggregateRtd

async function writeAll(out: WriteStream, pieces: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0
  for await (const piece of pieces) {
    bytes += piece.length
    if (!out.write(piece)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return bytes
}

function byteStream(pieces: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = pieces[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    async cancel() {
      await it.return?.()
    },
  })
}

const sampler = rssSampler()
const started = performance.now()
const spill = await createFsSpillStore()
try {
  const result = await aggregate(createReadStream(input, { highWaterMark: 1 << 20 }), {
    fileName: name.value,
    newHasher: newSha256Hasher,
    spill,
    maxKeys,
  })
  if (!result.ok) throw new Error(`aggregation failed: ${JSON.stringify(result.error)}`)
  const agg = result.value
  let outputBytes = 0
  const opts = { input: name.value, inputSha256: agg.inputSha256, transmissionDate: '2026-11-23' }
  const lines = agg.adeLines ? agg.adeLines(opts.transmissionDate) : recordAdeLines(agg.records(), opts.transmissionDate)
  for await (const chunk of adeByteChunks(lines, opts)) {
    if (!pgp) {
      outputBytes += await writeAll(createWriteStream(join(outDir, chunk.fileName)), chunk.bytes)
      continue
    }
    const sealed = await encryptor.encrypt(byteStream(chunk.bytes), publicKey, { fileName: chunk.fileName })
    if (!sealed.ok) throw new Error(sealed.error.code)
    const out = createWriteStream(join(outDir, `${chunk.fileName}.pgp`))
    await sealed.value.pipeTo(Writable.toWeb(out) as WritableStream<Uint8Array>)
    outputBytes += out.bytesWritten
  }
  await agg.dispose()
  const seconds = (performance.now() - started) / 1000
  const note = `${workers > 1 ? `${workers} worker threads` : 'one thread'}, ${agg.runsSpilled} table spills, peak ${agg.peakKeys} keys held`
  printResult({
    engine: `varco${workers === 2 ? '' : `-${workers}t`}${pgp ? '+pgp' : ''}`,
    seconds,
    peakRssBytes: sampler.stop(),
    aggregates: agg.aggregates,
    rows: agg.rowsRead,
    outputBytes,
    note,
  })
} finally {
  await spill.close()
}
