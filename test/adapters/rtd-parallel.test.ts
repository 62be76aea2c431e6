/**
 * The parallel RTD aggregator (adapters/rtd-parallel) against the single-threaded core aggregateRtd: the same output
 * lines in the same order, the same counts and sha256, the same rejected rows (absolute line numbers, line order) and
 * the same error (lowest failing line) — on the pagoPA oracle sample and on generated files whose bad rows, CRLF line
 * ends and comments fall on block boundaries (tiny blocks, so there are hundreds of them, through a few reused buffers),
 * and with a budget so small that the partitions are split again at the end.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { createParallelRtdAggregator, type RtdAggregate } from '../../adapters/rtd-parallel/aggregate.ts'
import { aggregateRtd, type RejectedRow, type RtdAggregateOptions } from '../../core/rtd/aggregator.ts'
import { parseCstarFileName, type RtdFileName } from '../../core/rtd/file-name.ts'
import { generateRows, INPUT, row } from '../core/rtd-gen.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'

const parallel = (blockBytes: number) => createParallelRtdAggregator({ workers: 2, blockBytes, minParallelBytes: 0 })

async function* pieces(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}

async function run(aggregate: RtdAggregate, bytes: Uint8Array, over: Partial<RtdAggregateOptions> = {}, name = INPUT) {
  const rejected: RejectedRow[] = []
  const r = await aggregate(pieces(bytes, 7_777), {
    fileName: name,
    newHasher: newSha256Hasher,
    spill: memorySpillStore(),
    onRejected: (x) => {
      rejected.push(x)
    },
    ...over,
  })
  if (!r.ok) return { error: r.error, rejected }
  const records = []
  for await (const rec of r.value.records()) records.push(rec)
  await r.value.dispose()
  const { inputSha256, lines, comments, rowsRead, rejected: n, aggregates } = r.value
  return { summary: { inputSha256, lines, comments, rowsRead, rejected: n, aggregates }, records, rejected }
}

async function same(bytes: Uint8Array, over: Partial<RtdAggregateOptions> = {}, blockBytes = 4096, name = INPUT) {
  const single = await run(aggregateRtd, bytes, over, name)
  const multi = await run(parallel(blockBytes), bytes, over, name)
  expect(multi).toEqual(single)
  return single
}

const text = (lines: string[], eol = '\n') => new TextEncoder().encode(lines.map((l) => `${l}${eol}`).join(''))

describe('parallel RTD aggregator', () => {
  it('gives the oracle sample exactly as single-threaded (35,506 rows, in memory and over the key budget)', {
    timeout: 180_000,
  }, async () => {
    const dir = join(process.cwd(), 'test/fixtures/rtd')
    const name = 'CSTAR.12345.TRNLOG.20261123.105837.001.csv'
    const bytes = gunzipSync(readFileSync(join(dir, `${name}.gz`)))
    const fileName = (parseCstarFileName(name) as { ok: true; value: RtdFileName }).value
    const s = await same(bytes, {}, 64 * 1024, fileName)
    expect(s.summary?.aggregates).toBe(4000)
    await same(bytes, { maxKeys: 300 }, 64 * 1024, fileName)
  })

  it('keeps rejected rows, comments and CRLF on block boundaries in line order with absolute line numbers', {
    timeout: 180_000,
  }, async () => {
    const rows = generateRows(6_000, 1_500, 5)
    const lines = rows.flatMap((r, i) => (i % 97 === 0 ? ['# comment', r] : i % 131 === 0 ? [row({ bin: '12' }), r] : [r]))
    for (const eol of ['\n', '\r\n', '\r']) {
      const s = await same(text(lines, eol), { skipLimit: 1_000, maxKeys: 400 }, 2_000)
      expect(s.rejected.length).toBeGreaterThan(40)
      expect(s.summary?.comments).toBeGreaterThan(60)
    }
  })

  it('fails at the same first line: skip limit, sender mismatch, empty file, overlong line', { timeout: 180_000 }, async () => {
    const rows = generateRows(3_000, 800, 9)
    const bad = [...rows]
    bad.splice(2_500, 0, row({ sender: '99999' }))
    bad.splice(1_200, 0, row({ amount: 'x' }), row({ amount: 'y' }))
    const s1 = await same(text(bad), { skipLimit: 1 }, 1_500)
    expect(s1.error).toMatchObject({ code: 'rtd.skip_limit_exceeded', line: 1_202 })
    const s2 = await same(text(bad), { skipLimit: 5 }, 1_500)
    expect(s2.error).toMatchObject({ code: 'rtd.sender_mismatch', line: 2_503 })
    expect(s2.rejected.map((r) => r.line)).toEqual([1_201, 1_202])
    expect((await same(text(['# only a comment']))).error).toEqual({ code: 'rtd.empty_file' })
    const long = [...rows.slice(0, 100), 'x'.repeat(70_000), ...rows.slice(100, 200)]
    const s3 = await same(text(long), { skipLimit: 3, maxLineChars: 2_100 }, 1_024)
    expect(s3.rejected.map((r) => [r.line, r.reason])).toEqual([[101, 'is longer than the longest valid row']])
  })

  it('splits a partition again when half the budget cannot hold it, and keeps a file far larger than its buffers', {
    timeout: 180_000,
  }, async () => {
    // 2,000 keys in 32 level-0 partitions (≈ 62 each) against 20 keys a worker: every partition is split at level 1;
    // 1,000 blocks of 600 bytes pass through the 5 reused buffers
    const rows = generateRows(5_000, 2_000, 11)
    const s = await same(text(rows), { maxKeys: 40 }, 600)
    expect(s.summary?.aggregates).toBeGreaterThan(1_500)
  })

  it('keeps a leading BOM out of the first row only, and reads a last line without a line end', async () => {
    const rows = generateRows(500, 100, 2)
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...text(rows).slice(0, -1)])
    const s = await same(bytes, {}, 700)
    expect(s.summary?.rowsRead).toBe(500)
  })
})
