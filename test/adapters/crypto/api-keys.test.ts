import { describe, expect, it } from 'vitest'
import { webCryptoApiKeys } from '../../../adapters/crypto/api-keys.ts'
import { constantTimeEqual } from '../../../adapters/crypto/constant-time.ts'

describe('API keys', () => {
  it('issues distinct keys whose id is public and whose hash matches only the key', async () => {
    const a = await webCryptoApiKeys.issue()
    const b = await webCryptoApiKeys.issue()
    expect(a.plaintext).not.toBe(b.plaintext)
    expect(a.plaintext).toMatch(/^vk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/)
    expect(webCryptoApiKeys.keyIdOf(a.plaintext)).toBe(a.keyId)
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(a.hash).not.toContain(a.plaintext.slice(16))
    expect(await webCryptoApiKeys.matches(a.plaintext, a.hash)).toBe(true)
    expect(await webCryptoApiKeys.matches(b.plaintext, a.hash)).toBe(false)
  })

  it('a key that matched once is still compared with the stored hash on every use (rotated: refused)', async () => {
    const a = await webCryptoApiKeys.issue()
    const rotated = await webCryptoApiKeys.issue()
    expect(await webCryptoApiKeys.matches(a.plaintext, a.hash)).toBe(true)
    expect(await webCryptoApiKeys.matches(a.plaintext, a.hash)).toBe(true)
    expect(await webCryptoApiKeys.matches(a.plaintext, rotated.hash)).toBe(false)
    expect(await webCryptoApiKeys.matches(rotated.plaintext, a.hash)).toBe(false)
    expect(await webCryptoApiKeys.matches(a.plaintext, a.hash)).toBe(true)
  })

  it('parses only well-formed keys', () => {
    expect(webCryptoApiKeys.keyIdOf('vk_0123456789ab_short')).toBeNull()
    expect(webCryptoApiKeys.keyIdOf(`VK_0123456789AB_${'a'.repeat(43)}`)).toBeNull()
    expect(webCryptoApiKeys.keyIdOf('')).toBeNull()
  })

  it('compares in constant time: equal, different, and different lengths', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true)
    expect(constantTimeEqual('abc', 'abd')).toBe(false)
    expect(constantTimeEqual('abc', 'abcd')).toBe(false)
    expect(constantTimeEqual('', '')).toBe(true)
  })
})
