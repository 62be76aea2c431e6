/**
 * ApiKeyCodec with WebCrypto (Node, Deno and Workers): `vk_<12 hex key id>_<43 char base64url secret>`,
 * 256 bits of entropy, stored as SHA-256 hex. A fast hash is right for random keys of this size
 * (no dictionary to attack), and keeps the authenticated request path cheap.
 * @module
 */

import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import { constantTimeEqual } from './constant-time.ts'

const KEY = /^vk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/

function base64url(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}

export const webCryptoApiKeys: ApiKeyCodec = {
  async issue() {
    const keyId = hex(crypto.getRandomValues(new Uint8Array(6)))
    const plaintext = `vk_${keyId}_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`
    return { plaintext, keyId, hash: await sha256Hex(plaintext) }
  },
  keyIdOf(presented) {
    return KEY.exec(presented)?.[1] ?? null
  },
  async matches(presented, hash) {
    return constantTimeEqual(await sha256Hex(presented), hash)
  },
}
