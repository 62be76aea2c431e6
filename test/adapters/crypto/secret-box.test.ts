import { describe, expect, it } from 'vitest'
import { createSecretBox, parseKeyRing, SecretBoxError } from '../../../adapters/crypto/secret-box.ts'

const key = (byte: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)))
const ring = parseKeyRing(`k2025:${key(1)},k2026:${key(2)}`)
const ctx = 'tenant:60e35f02-1509-408c-b101-3b1a28109329|stripe.api_key'

describe('SecretBox (AES-256-GCM)', () => {
  it('seals and opens, with a fresh IV every time, and never shows the secret', async () => {
    const box = await createSecretBox(ring, 'k2026')
    const a = await box.seal('sk_live_abc123', ctx)
    const b = await box.seal('sk_live_abc123', ctx)
    expect(a).toMatch(/^v1\.k2026\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('sk_live')
    expect(await box.open(a, ctx)).toBe('sk_live_abc123')
    expect(box.keyIdOf(a)).toBe('k2026')
  })

  it('fails loudly on a tampered value, another context, or an unknown key', async () => {
    const box = await createSecretBox(ring, 'k2026')
    const sealed = await box.seal('whsec_xyz', ctx)
    const parts = sealed.split('.')
    const ct = parts[3] as string
    const flipped = `${parts.slice(0, 3).join('.')}.${ct[0] === 'A' ? 'B' : 'A'}${ct.slice(1)}`
    await expect(box.open(flipped, ctx)).rejects.toThrow(SecretBoxError)
    await expect(box.open(sealed, 'tenant:another|stripe.api_key')).rejects.toThrow(SecretBoxError)
    await expect(box.open(sealed.replace('v1.k2026.', 'v1.k1999.'), ctx)).rejects.toThrow(/not in the key ring/)
    await expect(box.open('sk_live_plaintext', ctx)).rejects.toThrow(/not a sealed secret/)
  })

  it('opens values of an older key after a rotation, and seals new ones with the current key', async () => {
    const old = await createSecretBox(ring, 'k2025')
    const sealedOld = await old.seal('rk_live_1', ctx)
    const rotated = await createSecretBox(ring, 'k2026')
    expect(await rotated.open(sealedOld, ctx)).toBe('rk_live_1')
    expect(rotated.keyIdOf(await rotated.seal('rk_live_1', ctx))).toBe('k2026')
  })

  it('refuses malformed key rings and a current key outside the ring', async () => {
    expect(() => parseKeyRing('nokey')).toThrow(SecretBoxError)
    expect(() => parseKeyRing(`k1:${btoa('short')}`)).toThrow(/32 bytes/)
    await expect(createSecretBox(ring, 'k2030')).rejects.toThrow(/not in the key ring/)
  })
})
