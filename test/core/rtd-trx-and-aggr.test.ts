/**
 * The trx_and_aggr generator (rtd-trx-and-aggr.ts) against produceAdeFiles, end to end with the REAL GnuPG: a file of
 * about 40,000 rows (reversals, dirty VAT / POS groups, fake ABIs, comments, bad rows under the skip limit) is
 * aggregated with a lowered chunk threshold and a spilling run, encrypted to the test-only cv25519 key and to an RSA
 * 3072 key made by gpg; `gpg --decrypt` of every chunk gives `#sha256sum:` = `sha256sum` of the input, and the union
 * of the rows equals the generator's expected set exactly. The rejected-rows file lists the bad rows with their line,
 * column and field; one bad row too many fails the file at that row and leaves nothing behind.
 * @module
 */

import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../../adapters/pgp/openpgp.ts'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { createFsSpillStore } from '../../adapters/rtd-spill/fs.ts'
import { type ProduceOptions, produceAdeFiles } from '../../core/rtd/produce.ts'
import { type Gpg, tempGpg } from '../adapters/pgp/gpg.ts'
import { requireTool } from '../setup/tools.ts'
import { INPUT_NAME } from './rtd-gen.ts'
import { gpgOpenChunks, sha256sumOf, TEST_ONLY_PUBLIC, TEST_ONLY_SECRET } from './rtd-gpg.ts'
import { trxAndAggr } from './rtd-trx-and-aggr.ts'

const DATE = '2026-11-23'
const gen = trxAndAggr({ groups: 8000, avgTrx: 5, seed: 13, transmissionDate: DATE, comments: 7, badRows: 24 })
const BAD = gen.rejections.length

let dir = ''
let input = ''
let sha = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'varco-rtd-gen-'))
  input = join(dir, INPUT_NAME)
  writeFileSync(input, `${gen.lines.join('\n')}\n`)
  sha = sha256sumOf(input)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function produce(outName: string, over: Partial<ProduceOptions>) {
  const spill = await createFsSpillStore()
  const out = join(dir, outName)
  try {
    const deps = { newHasher: newSha256Hasher, spill, encryptor: createOpenPgpEncryptor(), out: fsRtdFiles(out) }
    const opts = { inputName: INPUT_NAME, transmissionDate: DATE, abiToFiscalCode: gen.abiMap, skipLimit: BAD, ...over }
    return { out, result: await produceAdeFiles(deps, createReadStream(input), opts) }
  } finally {
    await spill.close()
  }
}

describe('trx_and_aggr generator', () => {
  it('makes every kind of group the aggregator must handle, and its expected rows account for every valid row', () => {
    expect(gen.validRows).toBeGreaterThan(30_000)
    expect(gen.expected).toHaveLength(8000)
    for (const k of Object.values(gen.kinds)) expect(k).toBeGreaterThan(50)
    const counted = gen.expected.reduce((n, l) => n + Number(l.split(';')[4]), 0)
    expect(counted).toBe(gen.validRows)
    expect(new Set(gen.rejections.map((r) => r.field)).size).toBe(8)
  })

  it('one bad row more than the skip limit fails the file at that row, and nothing is left', async () => {
    const { out, result } = await produce('strict', { skipLimit: BAD - 1, maxKeys: 1000 })
    const last = gen.rejections[BAD - 1]
    expect(result.ok ? null : result.error).toEqual({
      code: 'rtd.skip_limit_exceeded',
      skipLimit: BAD - 1,
      line: last?.line,
      column: last?.column,
      field: last?.field,
      reason: expect.any(String),
    })
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([])
  })
})

describe('trx_and_aggr → produceAdeFiles → gpg --decrypt', { timeout: 60_000 }, () => {
  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  let rsaPublic = ''
  beforeAll(() => {
    if (gpgPath === '') return
    gpg = tempGpg(gpgPath)
    gpg.run(['--batch', '--import'], TEST_ONLY_SECRET)
    const uid = 'RTD RSA test-only <rtd-rsa@varco.invalid>'
    gpg.addKey(gpg.genKey(uid, 'rsa3072'), 'rsa3072', 'encr')
    rsaPublic = gpg.exportPublic(uid)
  }, 60_000)
  afterAll(() => gpg?.dispose())

  const cases = [
    { key: 'cv25519', publicKey: () => TEST_ONLY_PUBLIC, gpgSays: '255-bit ECDH key', maxKeys: 1000, maxRowsPerChunk: 3000, chunks: 3 },
    { key: 'rsa3072', publicKey: () => rsaPublic, gpgSays: '3072-bit RSA key', maxKeys: 500_000, maxRowsPerChunk: 5000, chunks: 2 },
  ]
  for (const c of cases) {
    it.skipIf(gpgPath === '')(`${c.key}: ${c.chunks} chunks, rows = the expected set, checksum = sha256sum of the input`, async () => {
      const { out, result } = await produce(c.key, { publicKey: c.publicKey(), maxKeys: c.maxKeys, maxRowsPerChunk: c.maxRowsPerChunk })
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      const s = result.value
      expect([s.rowsRead, s.comments, s.rejected, s.aggregates]).toEqual([gen.validRows + BAD, gen.comments, BAD, gen.expected.length])
      if (c.maxKeys < gen.expected.length) expect(s.runsSpilled).toBeGreaterThan(0)
      else expect(s.runsSpilled).toBe(0)
      const names = s.files.map((f) => f.fileName)
      expect(names).toEqual(
        Array.from({ length: c.chunks }, (_, i) => INPUT_NAME.replace('CSTAR.', 'ADE.').replace('.csv', `.0${i + 1}.csv.pgp`)),
      )
      const opened = await gpgOpenChunks(gpg, out, names)
      for (const o of opened) {
        expect(o.head).toBe(`#sha256sum:${sha}`)
        expect(o.gpgSays).toContain(c.gpgSays)
      }
      expect(opened.map((o) => o.rows.length)).toEqual(s.files.map((f) => f.rows))
      expect(opened.flatMap((o) => o.rows).sort()).toEqual(gen.expected)

      const side = readFileSync(join(out, `${INPUT_NAME}.rejected.csv`), 'utf8')
        .split('\n')
        .filter(Boolean)
      expect(side[0]).toBe('#line;column;field;reason;row')
      const listed = side.slice(1).map((l) => {
        const [line, column, field, , ...row] = l.split(';')
        return {
          line: Number(line),
          column: column === '' ? null : Number(column),
          field: field === '' ? null : field,
          text: row.join(';'),
        }
      })
      expect(listed).toEqual(gen.rejections)
    })
  }
})
