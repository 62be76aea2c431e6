/**
 * The openpgp FileEncryptor inside workerd (no gpg there): a lazily generated 4 MB input is encrypted to
 * the TEST-ONLY curve25519 fixture key while it is read, and openpgp decrypts it back with the fixture's
 * secret key to the same bytes. Node's suite checks the same adapter against the real gpg.
 * @module
 */

import * as openpgp from 'openpgp'
import { describe, expect, it } from 'vitest'
import { createOpenPgpEncryptor } from '../../adapters/pgp/openpgp.ts'
import { TEST_ONLY_FINGERPRINT, TEST_ONLY_PUBLIC_KEY, TEST_ONLY_SECRET_KEY } from './fixtures/pgp-keys.ts'

const MB = 1024 * 1024

/** Deterministic bytes: byte i is (i * 31 + (i >> 8)) & 255. */
const byteAt = (i: number) => (i * 31 + (i >> 8)) & 255

function lazyInput(total: number, chunk = 64 * 1024) {
  let produced = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const size = Math.min(chunk, total - produced)
        controller.enqueue(Uint8Array.from({ length: size }, (_, k) => byteAt(produced + k)))
        produced += size
        if (produced >= total) controller.close()
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => produced }
}

async function collect(stream: ReadableStream<Uint8Array>, onChunk: () => void = () => {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  let length = 0
  for await (const part of stream) {
    onChunk()
    parts.push(part)
    length += part.length
  }
  const out = new Uint8Array(length)
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

describe('openpgp FileEncryptor inside workerd', () => {
  it('describes the fixture key', async () => {
    const info = await createOpenPgpEncryptor().checkRecipientKey(TEST_ONLY_PUBLIC_KEY)
    if (!info.ok) throw new Error(info.error.code)
    expect(info.value.fingerprint).toBe(TEST_ONLY_FINGERPRINT)
    expect([info.value.algorithm, info.value.encryptionAlgorithm]).toEqual(['ed25519', 'cv25519'])
  })

  it('refuses the secret key as a recipient', async () => {
    const checked = await createOpenPgpEncryptor().checkRecipientKey(TEST_ONLY_SECRET_KEY)
    expect(checked.ok ? 'accepted' : checked.error.code).toBe('recipient_key.is_private')
  })

  for (const compression of ['none', 'zip'] as const) {
    it(`compression ${compression}: streams 4 MB and decrypts back to the same bytes`, async () => {
      const total = 4 * MB
      const input = lazyInput(total)
      const sealed = await createOpenPgpEncryptor({ compression }).encrypt(input.stream, TEST_ONLY_PUBLIC_KEY, {
        fileName: 'ADE.12345.TRNLOG.20240601.031500.001.01.csv',
      })
      if (!sealed.ok) throw new Error(sealed.error.code)
      let firstOutputAt = -1
      const encrypted = await collect(sealed.value, () => {
        if (firstOutputAt < 0) firstOutputAt = input.pulled()
      })
      expect(firstOutputAt).toBeGreaterThan(0)
      expect(firstOutputAt).toBeLessThan(total) // output began before the input was read to the end

      const decryptionKeys = await openpgp.readPrivateKey({ armoredKey: TEST_ONLY_SECRET_KEY })
      const message = await openpgp.readMessage({ binaryMessage: encrypted })
      const { data, filename } = await openpgp.decrypt({ message, decryptionKeys, format: 'binary' })
      expect(filename).toBe('ADE.12345.TRNLOG.20240601.031500.001.01.csv')
      expect(data.length).toBe(total)
      let firstBad = -1
      for (let i = 0; i < total && firstBad < 0; i++) if (data[i] !== byteAt(i)) firstBad = i
      expect(firstBad).toBe(-1)
    })
  }
})
