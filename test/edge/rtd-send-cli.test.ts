/**
 * `varco rtd send|report|acks` in-process, against the gateway's deps and the pagoPA simulator: a directory of ADE
 * files made for the simulator's key is sent once (a second run skips what the manifest records; without the manifest
 * pagoPA's 409 makes it "already there", never a second blob), the file report is printed and applied, the ADEACK files
 * are stored, written to --out and confirmed; usage errors.
 * @module
 */

import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../../adapters/pgp/openpgp.ts'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { produceAdeFiles } from '../../core/rtd/produce.ts'
import { rtdSendCommand } from '../../edge/rtd-send-cli.ts'
import { RtdUsageError } from '../../edge/rtd-usage.ts'
import { sandboxCredentials } from '../../sandbox/index.ts'
import { makeHarness } from '../contract/route-harness.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'varco-rtd-send-'))
  dirs.push(d)
  return d
}

const NAME = 'CSTAR.STPAY.TRNLOG.20261123.105841.001.csv'
const SAMPLE = new URL(`../fixtures/rtd/${NAME}`, import.meta.url)

async function setup() {
  const h = await makeHarness({ dbUrl: ':memory:' })
  const t = await h.tenant()
  const key = await (
    await h.app.request('/sandbox/rtd/rtd/csv-transaction/publickey', {
      headers: { 'ocp-apim-subscription-key': sandboxCredentials.rtd.subscriptionKey },
    })
  ).text()
  const dir = temp()
  const made = await produceAdeFiles(
    { newHasher: newSha256Hasher, spill: memorySpillStore(), encryptor: createOpenPgpEncryptor(), out: fsRtdFiles(dir) },
    createReadStream(SAMPLE),
    {
      inputName: NAME,
      transmissionDate: '2026-11-23',
      publicKey: key,
      maxRowsPerChunk: 250,
      abiToFiscalCode: new Map([['STPAY', 'LU30726739']]),
    },
  )
  if (!made.ok) throw new Error(made.error.code)
  const lines: { out: string[]; err: string[] } = { out: [], err: [] }
  const out = { stdout: (l: string) => lines.out.push(l), stderr: (l: string) => lines.err.push(l) }
  const run = async (sub: string, ...args: string[]) => {
    lines.out.length = 0
    lines.err.length = 0
    const code = await rtdSendCommand(sub, args, h.deps.rtd, h.deps.ready, out)
    return { code, json: lines.out.length ? JSON.parse(lines.out.join('\n')) : null, err: lines.err.join('\n') }
  }
  const state = async () =>
    (await (await h.app.request('/sandbox/rtd/_control/state')).json()) as { stored: number; files: Array<{ name: string }> }
  return { h, t, dir, run, state, files: made.value.files }
}

describe('varco rtd send | report | acks', () => {
  it('sends each file once, reads the report, and stores, writes and confirms the ADEACK files', async () => {
    const s = await setup()
    const first = await s.run('send', s.dir, '--tenant', s.t.id)
    expect(first.code, first.err).toBe(0)
    expect(first.json.files.map((f: { status: string }) => f.status)).toEqual(['uploaded', 'uploaded', 'uploaded'])
    expect((await s.state()).stored).toBe(3)
    const manifest = JSON.parse(readFileSync(join(s.dir, 'varco-sent.json'), 'utf8'))
    expect(Object.keys(manifest).sort()).toEqual(s.files.map((f) => f.fileName))

    const again = await s.run('send', s.dir, '--tenant', s.t.id)
    expect(again.json.files.every((f: { status: string }) => f.status.startsWith('skipped'))).toBe(true)
    rmSync(join(s.dir, 'varco-sent.json'))
    const lost = await s.run('send', s.dir, '--tenant', s.t.id)
    expect(lost.json.files.map((f: { status: string }) => f.status)).toEqual(['already_there', 'already_there', 'already_there'])
    expect((await s.state()).stored).toBe(3)

    const report = await s.run('report', '--tenant', s.t.id)
    expect(report.code).toBe(0)
    expect(report.json.files).toHaveLength(3)
    expect(report.json.files[0]).toMatchObject({ status: 'validated', summary: { originSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } })

    await s.h.app.request(`/sandbox/rtd/_control/files/${s.files[0]?.fileName}/ade-answer`, { method: 'POST', body: '{}' })
    const acksDir = temp()
    const acks = await s.run('acks', '--tenant', s.t.id, '--out', acksDir)
    expect(acks.code, acks.err).toBe(0)
    expect(acks.json).toMatchObject({ counts: { acks_stored: 1, acks_confirmed: 1 }, acks: [{ rows: 1, warnings: 1, confirmed: true }] })
    const written = readdirSync(acksDir)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/^ADEACK\.99999\./)
    expect(readFileSync(join(acksDir, written[0] ?? ''), 'utf8')).toMatch(/;4;1302\n$/)
    const twice = await s.run('acks', '--tenant', s.t.id)
    expect(twice.json.counts.acks_stored ?? 0).toBe(0)
  })

  it('usage errors: unknown command, no tenant, no directory, a directory without .pgp files', async () => {
    const s = await setup()
    await expect(s.run('bogus', '--tenant', s.t.id)).rejects.toBeInstanceOf(RtdUsageError)
    await expect(s.run('send', s.dir)).rejects.toThrow('--tenant is required')
    await expect(s.run('send', '--tenant', s.t.id)).rejects.toThrow('rtd send takes one <dir>')
    const empty = await s.run('send', temp(), '--tenant', s.t.id)
    expect(empty.code).toBe(1)
    expect(empty.err).toContain('no ADE.….csv.pgp files')
  })
})
