/**
 * ApiKeyCodec: `<prefix>_<12 hex key id>_<43 char base64url secret>`, 256 bits of entropy, stored as
 * SHA-256 hex. A fast hash is right for random keys of this size (no dictionary to attack). It uses
 * node:crypto's synchronous hash (Node, Deno, Workers with nodejs_compat): WebCrypto's digest is
 * async and, on Node, a threadpool round trip (~55 µs) on every authenticated request. Tenant keys
 * are `vk_…` (`webCryptoApiKeys`), platform keys `vp_…` (`platformApiKeys`): the prefix tells them apart.
 * The digest of a key that matched is kept (bounded), so a client reusing its key is not hashed
 * again; the comparison with the stored hash still runs, in constant time, on every use, so a
 * revoked or rotated key is refused as before. Keys that did not match are never kept.
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

/** Digests of keys that matched, kept per codec; the oldest go first beyond this many. */
const DIGESTS_MAX = 10_000

/** A codec of keys that start with `<prefix>_`; `keyIdOf` is null for any other prefix. */
export function apiKeyCodec(prefix: 'vk' | 'vp'): ApiKeyCodec {
  const shape = new RegExp(`^${prefix}_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$`)
  const digests = new Map<string, string>()
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
      const known = digests.get(presented)
      const digest = known ?? sha256Hex(presented)
      const match = constantTimeEqual(digest, hash)
      if (match && known === undefined) {
        if (digests.size >= DIGESTS_MAX) digests.delete(digests.keys().next().value as string)
        digests.set(presented, digest)
      }
      return match
    },
  }
}

/** Tenant API keys: `vk_…`. */
export const webCryptoApiKeys: ApiKeyCodec = apiKeyCodec('vk')

/** Platform keys: `vp_…`. */
export const platformApiKeys: ApiKeyCodec = apiKeyCodec('vp')
