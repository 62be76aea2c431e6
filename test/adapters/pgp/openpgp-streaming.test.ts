/**
 * The openpgp FileEncryptor streams: a 20 MB input generated lazily (nothing exists before it is
 * pulled) is encrypted while it is read, never held whole: output starts after a small part of the input,
 * keeps coming every few hundred KB, and the input read ahead of the output stays bounded.
 * `gpg --decrypt` of the result hashes to the input's sha256.
 * @module
 */

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpenPgpEncryptor } from '../../../adapters/pgp/openpgp.ts'
import { requireTool } from '../../setup/tools.ts'
import { type Gpg, tempGpg } from './gpg.ts'
import { lazyCsv, streamToFile } from './streams.ts'

const MB = 1024 * 1024
const TOTAL = 20 * MB
const UID = 'RTD stream test-only <rtd-stream@varco.invalid>'

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

describe('openpgp FileEncryptor streaming (20 MB, lazily generated)', () => {
  const gpgPath = requireTool('gpg', 'gnupg')
  let gpg: Gpg
  let publicKey = ''

  beforeAll(() => {
    if (gpgPath === '') return
    gpg = tempGpg(gpgPath)
    gpg.genKey(UID, 'future-default')
    publicKey = gpg.exportPublic(UID)
  }, 60_000)
  afterAll(() => gpg?.dispose())

  // Uncompressed only: ZIP goes through the platform CompressionStream, which in Node does not hold
  // back a source that never yields (see adapters/pgp/openpgp.ts); so ZIP is opt-in and not bounded.
  it.skipIf(gpgPath === '')(
    'output flows while the input is read; gpg decrypts to the same sha256',
    async () => {
      const input = lazyCsv(TOTAL)
      const sealed = await createOpenPgpEncryptor().encrypt(input.stream, publicKey)
      if (!sealed.ok) throw new Error(sealed.error.code)
      expect(input.pulled()).toBeLessThan(MB) // nothing read up front beyond a few pieces

      let outBytes = 0
      let firstOutputAtPulled = -1
      let chunksBeforeEnd = 0
      let maxAhead = 0 // input pulled minus output produced
      let maxGap = 0 // input pulled between two output chunks
      let lastPulled = 0
      const file = join(gpg.home, 'big.pgp')
      await streamToFile(sealed.value, file, (bytes) => {
        const pulled = input.pulled()
        if (firstOutputAtPulled < 0) firstOutputAtPulled = pulled
        if (!input.ended()) chunksBeforeEnd++
        outBytes += bytes.length
        maxAhead = Math.max(maxAhead, pulled - outBytes)
        maxGap = Math.max(maxGap, pulled - lastPulled)
        lastPulled = pulled
      })

      expect(input.ended()).toBe(true)
      expect(firstOutputAtPulled).toBeGreaterThan(0)
      expect(firstOutputAtPulled).toBeLessThan(2 * MB)
      expect(chunksBeforeEnd).toBeGreaterThan(20)
      expect(maxGap).toBeLessThan(2 * MB)
      expect(maxAhead).toBeLessThan(2 * MB)
      expect(outBytes).toBeGreaterThan(TOTAL)

      await gpg.decryptFile(file, `${file}.out`)
      expect(await sha256File(`${file}.out`)).toBe(input.sha256())
    },
    120_000,
  )

  it.skipIf(gpgPath === '')('cancelling the encrypted stream stops reading the input', async () => {
    let cancelled = false
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulled += 64 * 1024
          controller.enqueue(new Uint8Array(64 * 1024).fill(65))
        },
        cancel() {
          cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    const sealed = await createOpenPgpEncryptor({ compression: 'none' }).encrypt(endless, publicKey)
    if (!sealed.ok) throw new Error(sealed.error.code)
    const reader = sealed.value.getReader()
    let got = 0
    while (got < 3 * MB) got += (await reader.read()).value?.length ?? 0
    await reader.cancel('enough')
    await new Promise((r) => setTimeout(r, 50))
    const after = pulled
    await new Promise((r) => setTimeout(r, 50))
    expect(cancelled).toBe(true)
    expect(pulled).toBe(after)
  })
})
