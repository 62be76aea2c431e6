/**
 * ApiKeyCodec: `vk_<12 hex key id>_<43 char base64url secret>`, 256 bits of entropy, stored as
 * SHA-256 hex. A fast hash is right for random keys of this size (no dictionary to attack). It uses
 * node:crypto's synchronous hash (Node, Deno, Workers with nodejs_compat): WebCrypto's digest is
 * async and, on Node, a threadpool round trip (~55 µs) on every authenticated request.
 * @module
 */

import { createHash } from 'node:crypto'
import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import { toBase64url } from '../shared/base64.ts'
import { toHex } from '../shared/hex.ts'
import { constantTimeEqual } from './constant-time.ts'

const KEY = /^vk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export const webCryptoApiKeys: ApiKeyCodec = {
  async issue() {
    const keyId = toHex(crypto.getRandomValues(new Uint8Array(6)))
    const plaintext = `vk_${keyId}_${toBase64url(crypto.getRandomValues(new Uint8Array(32)))}`
    return { plaintext, keyId, hash: sha256Hex(plaintext) }
  },
  keyIdOf(presented) {
    return KEY.exec(presented)?.[1] ?? null
  },
  async matches(presented, hash) {
    return constantTimeEqual(sha256Hex(presented), hash)
  },
}
