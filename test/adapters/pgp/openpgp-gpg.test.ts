/**
 * The openpgp FileEncryptor against the real GnuPG: keys made by `gpg --quick-gen-key` (rsa3072 primary
 * plus `--quick-add-key … rsa3072 encr`, and future-default = ed25519 + cv25519), files encrypted by the adapter, `gpg --decrypt` gives the same
 * bytes back, with and without ZIP compression, for an empty file too.
 * @module
 */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenPgpEncryptor } from '../../../adapters/pgp/openpgp.ts'
import { requireTool } from '../../setup/tools.ts'
import { type Gpg, tempGpg } from './gpg.ts'
import { streamOf, streamToFile } from './streams.ts'

const KEYS = [
  // gpg 2.2 makes only a sign+certify primary when ALGO is given, so the RSA key gets its encryption subkey apart.
  {
    uid: 'RTD RSA test-only <rtd-rsa@varco.invalid>',
    algo: 'rsa3072',
    subkey: 'rsa3072',
    primary: 'rsa3072',
    enc: 'rsa3072',
    gpgSays: '3072-bit RSA key',
  },
  {
    uid: 'RTD 25519 test-only <rtd-25519@varco.invalid>',
    algo: 'future-default',
    subkey: null,
    primary: 'ed25519',
    enc: 'cv25519',
    gpgSays: '255-bit ECDH key',
  },
] as const

/** Every byte value, CSV text and a line without trailing newline: the bytes must survive exactly. */
function samplePlain(): Uint8Array {
  const text = new TextEncoder().encode('#sha256sum:abc\n12345;00;2024-06-01;2024-05-31;3;12000;EUR\nlast line')
  const all = Uint8Array.from({ length: 256 }, (_, i) => i)
  const out = new Uint8Array(text.length + all.length * 40)
  out.set(text)
  for (let i = 0; i < 40; i++) out.set(all, text.length + i * 256)
  return out
}

describe('openpgp FileEncryptor → gpg --decrypt', () => {
  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  const fingerprints = new Map<string, string>()

  beforeAll(() => {
    if (gpgPath === '') return
    gpg = tempGpg(gpgPath)
    for (const k of KEYS) {
      const fpr = gpg.genKey(k.uid, k.algo)
      if (k.subkey) gpg.addKey(fpr, k.subkey, 'encr')
      fingerprints.set(k.uid, fpr)
    }
  }, 60_000)
  afterAll(() => gpg?.dispose())

  for (const k of KEYS) {
    it.skipIf(gpgPath === '')(`describes a ${k.algo} key as gpg does`, async () => {
      const info = await createOpenPgpEncryptor().checkRecipientKey(gpg.exportPublic(k.uid))
      expect(info.ok).toBe(true)
      if (!info.ok) return
      expect(info.value.fingerprint).toBe(fingerprints.get(k.uid))
      expect(info.value.algorithm).toBe(k.primary)
      expect(info.value.encryptionAlgorithm).toBe(k.enc)
      expect(info.value.userIds).toEqual([k.uid])
      expect(info.value.expiresAt).toBeNull()
      const colons = gpg.run(['--with-colons', '--list-keys', k.uid])
      expect(colons).toContain(`:${info.value.encryptionKeyFingerprint}:`)
    })

    for (const compression of ['zip', 'none'] as const) {
      it.skipIf(gpgPath === '')(`${k.algo}, compression ${compression}: gpg decrypts the exact bytes`, async () => {
        const plain = samplePlain()
        const pgp = createOpenPgpEncryptor({ compression })
        const sealed = await pgp.encrypt(streamOf(plain), gpg.exportPublic(k.uid), {
          fileName: 'ADE.12345.TRNLOG.20240601.031500.001.01.csv',
        })
        expect(sealed.ok).toBe(true)
        if (!sealed.ok) return
        const file = join(gpg.home, `out-${k.algo}-${compression}.csv.pgp`)
        await streamToFile(sealed.value, file)
        const bytes = readFileSync(file)
        // Binary, not armored: an OpenPGP packet header (bit 7 set), never "-----BEGIN".
        expect((bytes[0] ?? 0) & 0x80).toBe(0x80)
        expect(bytes.subarray(0, 5).toString('latin1')).not.toBe('-----')
        const said = await gpg.decryptFile(file, `${file}.out`)
        expect(said).toContain(k.gpgSays)
        expect(new Uint8Array(readFileSync(`${file}.out`))).toEqual(plain)
        const packets = gpg.run(['--list-packets', file])
        expect(packets).toContain(compression === 'zip' ? 'compressed packet: algo=1' : 'literal data packet')
        if (compression === 'none') expect(packets).not.toContain('compressed packet')
        expect(packets).toContain('ADE.12345.TRNLOG.20240601.031500.001.01.csv')
      })
    }

    it.skipIf(gpgPath === '')(`${k.algo}: an empty file round-trips`, async () => {
      const sealed = await createOpenPgpEncryptor().encrypt(streamOf(new Uint8Array(0)), gpg.exportPublic(k.uid))
      if (!sealed.ok) throw new Error(sealed.error.code)
      const file = join(gpg.home, `empty-${k.algo}.pgp`)
      await streamToFile(sealed.value, file)
      await gpg.decryptFile(file, `${file}.out`)
      expect(readFileSync(`${file}.out`).length).toBe(0)
    })
  }
})
