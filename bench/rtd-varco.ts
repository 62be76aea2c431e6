/**
 * Child process of `npm run bench:rtd`: `node bench/rtd-varco.ts <input.csv> <outDir> [pgp] [workers=<n>]`. Runs Varco's
 * real path on one CSTAR file: fs read stream → aggregateRtd, or with workers=n the parallel aggregator of
 * adapters/rtd-parallel (sha256, validation, key budget, hash partitions spilled to a temp dir) → adeChunks → chunk files in outDir, plain or (with `pgp`) encrypted with openpgp to the test-only key.
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
import { adeChunks } from '../core/rtd/output.ts'
import { printResult, rssSampler } from './rtd-child.ts'

const [input, outDir] = process.argv.slice(2)
if (!input || !outDir) throw new Error('usage: rtd-varco.ts <input.csv> <outDir> [pgp] [workers=<n>]')
const pgp = process.argv.includes('pgp')
const name = parseCstarFileName(basename(input))
if (!name.ok) throw new Error(`not a CSTAR file name: ${input}`)
const publicKey = pgp ? readFileSync(new URL('../test/fixtures/pgp/cv25519-test-only.pub.asc', import.meta.url), 'utf8') : ''
const encryptor = createOpenPgpEncryptor()
/** `workers=<n>` argument: worker threads (default 1 = the single-threaded core aggregateRtd). */
const workers = Number(process.argv.find((a) => a.startsWith('workers='))?.slice(8) ?? 1)
/** BENCH_RTD_MAX_KEYS: the key budget (default 200,000, below both bench inputs' key counts: both spill). */
const maxKeys = Number(process.env['BENCH_RTD_MAX_KEYS'] ?? 200_000)
const aggregate = workers > 1 ? createParallelRtdAggregator({ workers }) : aggregateRtd

async function writeAll(out: WriteStream, lines: AsyncIterable<string>): Promise<number> {
  let buf = ''
  let bytes = 0
  for await (const line of lines) {
    buf += `${line}\n`
    if (buf.length >= 262_144) {
      bytes += buf.length
      if (!out.write(buf)) await once(out, 'drain')
      buf = ''
    }
  }
  bytes += buf.length
  out.end(buf)
  await once(out, 'finish')
  return bytes
}

function byteStream(lines: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const it = lines[Symbol.asyncIterator]()
  const enc = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let buf = ''
      while (buf.length < 65_536) {
        const next = await it.next()
        if (next.done) break
        buf += `${next.value}\n`
      }
      if (buf) controller.enqueue(enc.encode(buf))
      else controller.close()
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
  for await (const chunk of adeChunks(agg.records(), opts)) {
    if (!pgp) {
      outputBytes += await writeAll(createWriteStream(join(outDir, chunk.fileName)), chunk.lines)
      continue
    }
    const sealed = await encryptor.encrypt(byteStream(chunk.lines), publicKey, { fileName: chunk.fileName })
    if (!sealed.ok) throw new Error(sealed.error.code)
    const out = createWriteStream(join(outDir, `${chunk.fileName}.pgp`))
    await sealed.value.pipeTo(Writable.toWeb(out) as WritableStream<Uint8Array>)
    outputBytes += out.bytesWritten
  }
  await agg.dispose()
  const seconds = (performance.now() - started) / 1000
  const note = `${workers > 1 ? `${workers} worker threads` : 'one thread'}, ${agg.runsSpilled} table spills, peak ${agg.peakKeys} keys held`
  printResult({
    engine: `varco${workers > 1 ? `-${workers}t` : ''}${pgp ? '+pgp' : ''}`,
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
