/**
 * produceAdeFiles (core/rtd/produce.ts) on the local-disk RtdFiles: the STPAY oracle sample end to end, encrypted to
 * the test-only cv25519 key and opened again with openpgp; clear chunks without a key; the rejected-rows side file;
 * and a failed file leaves nothing behind.
 * @module
 */

import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as openpgp from 'openpgp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../adapters/crypto/sha256-hasher.ts'
import { createOpenPgpEncryptor } from '../../adapters/pgp/openpgp.ts'
import { fsRtdFiles } from '../../adapters/rtd-files/fs.ts'
import { produceAdeFiles } from '../../core/rtd/produce.ts'
import { memorySpillStore } from '../fakes/rtd-spill.fake.ts'
import { asChunks, INPUT_NAME, row } from './rtd-gen.ts'

const fixtures = new URL('../fixtures/', import.meta.url)
const NAME = 'CSTAR.STPAY.TRNLOG.20261123.105841.001.csv'
const expected = readFileSync(new URL('rtd/ADE.STPAY.TRNLOG.20261123.105841.001.01.csv.expected', fixtures), 'utf8')
  .split('\n')
  .filter(Boolean)
const pub = readFileSync(new URL('pgp/cv25519-test-only.pub.asc', fixtures), 'utf8')
const sec = readFileSync(new URL('pgp/cv25519-test-only.sec.asc', fixtures), 'utf8')

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'varco-rtd-produce-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const deps = () => ({ newHasher: newSha256Hasher, spill: memorySpillStore(), encryptor: createOpenPgpEncryptor(), out: fsRtdFiles(dir) })

async function decrypt(bytes: Uint8Array): Promise<string> {
  const message = await openpgp.readMessage({ binaryMessage: bytes })
  const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: sec })
  const { data } = await openpgp.decrypt({ message, decryptionKeys, format: 'binary' })
  return new TextDecoder().decode(data as Uint8Array)
}

describe('produceAdeFiles', () => {
  it('turns the STPAY sample into encrypted chunks whose clear text is exactly the expected aggregates', async () => {
    const r = await produceAdeFiles(deps(), createReadStream(new URL(`rtd/${NAME}`, fixtures)), {
      inputName: NAME,
      transmissionDate: '2026-11-23',
      publicKey: pub,
      abiToFiscalCode: new Map([['STPAY', 'LU30726739']]),
      maxRowsPerChunk: 250,
      maxKeys: 50,
    })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const s = r.value
    expect(s.files.map((f) => [f.fileName, f.rows])).toEqual([
      ['ADE.STPAY.TRNLOG.20261123.105841.001.01.csv.pgp', 250],
      ['ADE.STPAY.TRNLOG.20261123.105841.001.02.csv.pgp', 250],
      ['ADE.STPAY.TRNLOG.20261123.105841.001.03.csv.pgp', 100],
    ])
    expect([s.rowsRead, s.aggregates, s.rejected, s.rejectedFile, s.encrypted]).toEqual([2717, 600, 0, null, true])
    expect(s.runsSpilled).toBeGreaterThan(0)
    expect(s.inputBytes).toBe(884808)
    expect(s.recipient?.fingerprint).toBe('1BE842ACDEE570EE436531C33500C9B97D0DC02C')
    expect(await fsRtdFiles(dir).list()).toEqual(s.files.map((f) => f.fileName))
    const lines: string[] = []
    for (const f of s.files) {
      const bytes = new Uint8Array(readFileSync(join(dir, f.fileName)))
      expect(bytes.length).toBe(f.size)
      const text = await decrypt(bytes)
      const [head, ...rest] = text.split('\n').filter(Boolean)
      expect(head).toBe(`#sha256sum:${s.inputSha256}`)
      lines.push(...rest)
    }
    expect(lines.sort()).toEqual([...expected].sort())
  })

  it('writes clear chunks without a key, and the rejected rows beside them with line, column and reason', async () => {
    const body = ['# comment', row(), row({ amount: 'x' }), row({ amount: '100' })]
    const r = await produceAdeFiles(deps(), asChunks(body), { inputName: INPUT_NAME, transmissionDate: '2026-12-01', skipLimit: 1 })
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    expect(r.value.files.map((f) => f.fileName)).toEqual([INPUT_NAME.replace('CSTAR.', 'ADE.').replace('.csv', '.01.csv')])
    expect(r.value.rejectedFile).toBe(`${INPUT_NAME}.rejected.csv`)
    const side = readFileSync(join(dir, `${INPUT_NAME}.rejected.csv`), 'utf8').split('\n')
    expect(side[1]).toMatch(/^3;9;total_amount;must be cents[^;]*;12345;00;/)
    const clear = readFileSync(join(dir, r.value.files[0]?.fileName ?? ''), 'utf8').split('\n')
    expect(clear[0]).toBe(`#sha256sum:${r.value.inputSha256}`)
    expect(clear[1]?.split(';').slice(2, 7)).toEqual(['2026-12-01', '2026-11-21', '2', '1350', '978'])
  })

  it('fails the file on a bad row past the skip limit and leaves nothing in the directory', async () => {
    const body = [row(), row({ amount: 'x' }), row({ pan: '' })]
    const r = await produceAdeFiles(deps(), asChunks(body), { inputName: INPUT_NAME, transmissionDate: '2026-12-01', skipLimit: 1 })
    expect(r.ok ? null : r.error).toMatchObject({ code: 'rtd.skip_limit_exceeded', line: 3 })
    expect(await fsRtdFiles(dir).list()).toEqual([])
  })

  it('refuses a bad input name and a key that cannot encrypt before reading anything', async () => {
    let read = false
    const input = (async function* () {
      read = true
      yield row()
    })()
    const bad = await produceAdeFiles(deps(), input, { inputName: '../CSTAR.x.csv', transmissionDate: '2026-12-01' })
    expect(bad.ok ? null : bad.error.code).toBe('rtd.file_name.path')
    const key = await produceAdeFiles(deps(), input, { inputName: INPUT_NAME, transmissionDate: '2026-12-01', publicKey: sec })
    expect(key.ok ? null : key.error.code).toBe('recipient_key.is_private')
    expect(read).toBe(false)
  })
})
