/**
 * ApiKeyCodec: `<prefix>_<12 hex key id>_<43 char base64url secret>`, 256 bits of entropy, stored as
 * SHA-256 hex. A fast hash is right for random keys of this size (no dictionary to attack). It uses
 * node:crypto's synchronous hash (Node, Deno, Workers with nodejs_compat): WebCrypto's digest is
 * async and, on Node, a threadpool round trip (~55 µs) on every authenticated request. Tenant keys
 * are `vk_…` (`webCryptoApiKeys`), platform keys `vp_…` (`platformApiKeys`): the prefix tells them apart.
 * @module
 */

import { createHash } from 'node:crypto'
import type { ApiKeyCodec } from '../../ports/api-key-codec.port.ts'
import { toBase64url } from '../shared/base64.ts'
import { toHex } from '../shared/hex.ts'
import { constantTimeEqual } from './constant-time.ts'

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** A codec of keys that start with `<prefix>_`; `keyIdOf` is null for any other prefix. */
export function apiKeyCodec(prefix: 'vk' | 'vp'): ApiKeyCodec {
  const shape = new RegExp(`^${prefix}_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$`)
  return {
    async issue() {
      const keyId = toHex(crypto.getRandomValues(new Uint8Array(6)))
      const plaintext = `${prefix}_${keyId}_${toBase64url(crypto.getRandomValues(new Uint8Array(32)))}`
      return { plaintext, keyId, hash: sha256Hex(plaintext) }
    },
    keyIdOf(presented) {
      return shape.exec(presented)?.[1] ?? null
    },
    async matches(presented, hash) {
      return constantTimeEqual(sha256Hex(presented), hash)
    },
  }
}

/** Tenant API keys: `vk_…`. */
export const webCryptoApiKeys: ApiKeyCodec = apiKeyCodec('vk')

/** Platform keys: `vp_…`. */
export const platformApiKeys: ApiKeyCodec = apiKeyCodec('vp')
