import { describe, expect, it } from 'vitest'
import { createSecretBox, parseKeyRing } from '../../adapters/crypto/secret-box.ts'

describe('SecretBox inside workerd', () => {
  it('seals, opens, and rejects another context', async () => {
    const box = await createSecretBox(parseKeyRing(`k1:${btoa(String.fromCharCode(...new Uint8Array(32).fill(7)))}`), 'k1')
    const sealed = await box.seal('sk_live_workerd', 'tenant:a|stripe.api_key')
    expect(await box.open(sealed, 'tenant:a|stripe.api_key')).toBe('sk_live_workerd')
    await expect(box.open(sealed, 'tenant:b|stripe.api_key')).rejects.toThrow()
  })
})
