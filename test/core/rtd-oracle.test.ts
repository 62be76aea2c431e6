/**
 * Oracle test (issue 13 point 6): pagoPA's cstar-cli made `CSTAR.12345.TRNLOG.20261123.105837.001.csv` (35,506 rows,
 * dirty VAT and POS groups, mixed offsets) and the 4,000 aggregates it expects. produceAdeFiles on the gunzipped
 * stream must give exactly those rows (as sorted sets, `#` lines aside) and a checksum line equal to the sha256 of
 * the input bytes: with the defaults, cut into three chunks by a lowered threshold, and in a run that spills to disk.
 * @module
 */

import { createHash } from 'node:crypto'
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createGunzip, gunzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../../adapters/pgp/openpgp.ts'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import { produceAdeFiles } from '../../core/rtd/produce.ts'

const DIR = join(process.cwd(), 'test/fixtures/rtd')
const NAME = 'CSTAR.12345.TRNLOG.20261123.105837.001.csv'
const INPUT_GZ = join(DIR, `${NAME}.gz`)
/** `sha256sum` of the original file in ../shared/rtd/cstar-samples/, before it was gzipped. */
const SAMPLE_SHA256 = '86d0e93332246541f9048edf9acb98f5fbcc43e0168e505d87d8741e6f876f8e'
const EXPECTED = gunzipSync(readFileSync(join(DIR, 'ADE.12345.TRNLOG.20261123.105837.001.01.csv.expected.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .sort()

let out = ''
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'varco-rtd-oracle-'))
})
afterEach(() => rmSync(out, { recursive: true, force: true }))

async function produce(over: { maxRowsPerChunk?: number; maxKeys?: number }) {
  const spill = await createFsSpillStore()
  try {
    const deps = { newHasher: newSha256Hasher, spill, encryptor: createOpenPgpEncryptor(), out: fsRtdFiles(out) }
    const r = await produceAdeFiles(deps, createReadStream(INPUT_GZ).pipe(createGunzip()), {
      inputName: NAME,
      transmissionDate: '2026-11-23',
      ...over,
    })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const chunks = r.value.files.map((f) => {
      const [head, ...rows] = readFileSync(join(out, f.fileName), 'utf8').split('\n').filter(Boolean)
      return { name: f.fileName, head, rows }
    })
    return { summary: r.value, chunks, rows: chunks.flatMap((c) => c.rows).sort() }
  } finally {
    await spill.close()
  }
}

describe('oracle: cstar-cli sample 12345 (4,000 aggregates)', () => {
  const inputBytes = gunzipSync(readFileSync(INPUT_GZ))

  it('the fixture is the sample: same sha256 as the original', () => {
    expect(createHash('sha256').update(inputBytes).digest('hex')).toBe(SAMPLE_SHA256)
    expect(EXPECTED).toHaveLength(4000)
  })

  it('default settings: one chunk, exactly the expected rows, checksum of the input', async () => {
    const { summary, chunks, rows } = await produce({})
    expect([summary.rowsRead, summary.comments, summary.rejected, summary.aggregates, summary.runsSpilled]).toEqual([35506, 1, 0, 4000, 0])
    expect(summary.inputBytes).toBe(inputBytes.length)
    expect(chunks.map((c) => c.name)).toEqual(['ADE.12345.TRNLOG.20261123.105837.001.01.csv'])
    expect(chunks[0]?.head).toBe(`#sha256sum:${SAMPLE_SHA256}`)
    expect(rows).toEqual(EXPECTED)
  })

  it('maxRowsPerChunk 1,500: chunks .01/.02/.03 of 1,500, 1,500 and 1,000 rows, together the expected set', async () => {
    const { chunks, rows } = await produce({ maxRowsPerChunk: 1500 })
    expect(chunks.map((c) => [c.name, c.rows.length])).toEqual([
      ['ADE.12345.TRNLOG.20261123.105837.001.01.csv', 1500],
      ['ADE.12345.TRNLOG.20261123.105837.001.02.csv', 1500],
      ['ADE.12345.TRNLOG.20261123.105837.001.03.csv', 1000],
    ])
    for (const c of chunks) expect(c.head).toBe(`#sha256sum:${SAMPLE_SHA256}`)
    expect(rows).toEqual(EXPECTED)
  })

  it('maxKeys 300: the run spills to disk and merges back to the same rows', async () => {
    const { summary, chunks, rows } = await produce({ maxKeys: 300, maxRowsPerChunk: 1500 })
    expect(summary.runsSpilled).toBeGreaterThan(10)
    expect(summary.peakKeys).toBe(300)
    expect(chunks).toHaveLength(3)
    expect(chunks.every((c) => c.head === `#sha256sum:${SAMPLE_SHA256}`)).toBe(true)
    expect(rows).toEqual(EXPECTED)
  })
})
