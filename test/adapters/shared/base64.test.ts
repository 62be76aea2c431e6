import { describe, expect, it } from 'vitest'
import { fromBase64, fromBase64url, toBase64, toBase64url } from '../../../adapters/shared/base64.ts'

describe('base64', () => {
  it('round-trips bytes larger than one conversion chunk, as Node encodes them', () => {
    const bytes = Uint8Array.from({ length: 100_001 }, (_, i) => (i * 31) % 256)
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'))
    expect(fromBase64(toBase64(bytes))).toEqual(bytes)
  })

  it('writes base64url without padding and reads it back; the standard reader refuses url-safe text', () => {
    const bytes = Uint8Array.from([251, 255, 191, 0, 1])
    expect(toBase64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'))
    expect(fromBase64url(toBase64url(bytes))).toEqual(bytes)
    expect(() => fromBase64('-_8')).toThrow()
  })
})
