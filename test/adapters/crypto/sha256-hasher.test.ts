import { describe, expect, it } from 'vitest'
import { newSha256Hasher } from '../../../adapters/crypto/sha256-hasher.ts'

describe('incremental SHA-256 hasher', () => {
  it('gives the FIPS 180-2 digests, whatever the pieces', () => {
    const empty = newSha256Hasher()
    expect(empty.hexDigest()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    const abc = newSha256Hasher()
    for (const b of new TextEncoder().encode('abc')) abc.update(Uint8Array.of(b))
    expect(abc.hexDigest()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('gives each caller a fresh hasher', () => {
    const a = newSha256Hasher()
    a.update(new TextEncoder().encode('abc'))
    expect(newSha256Hasher().hexDigest()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})
