/**
 * LinkSigner with HMAC-SHA256 over core's `linkMessage`. Keys: `VARCO_LINK_KEYS` =
 * `kid:base64(32–64 bytes)[,kid:…]`; new links are signed with the current kid, and a link opens
 * while its kid is in the ring. node:crypto's synchronous HMAC (Node, Deno, Workers with
 * nodejs_compat), as api-keys.ts does: WebCrypto's is a threadpool round trip on Node, and a payment
 * creation signs several links. Verification compares MACs with `timingSafeEqual` (constant time);
 * a signature must be the canonical base64url of 32 bytes.
 * @module
 */

import { createHmac, timingSafeEqual } from 'node:crypto'
import { linkMessage } from '../../core/capability-link.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import { fromBase64url, toBase64url } from '../shared/base64.ts'
import { parseKidRing } from './key-ring.ts'

export class LinkKeyError extends Error {
  override readonly name = 'LinkKeyError'
}

/** Parses `kid:base64,kid:base64`; each key must have 32 to 64 bytes. */
export function parseLinkKeyRing(spec: string): Map<string, Uint8Array> {
  return parseKidRing(
    spec,
    (kid, n) => (n >= 32 && n <= 64 ? null : `key ${kid} must have 32 to 64 bytes, not ${n}`),
    (m) => new LinkKeyError(m),
  )
}

/** The 32 MAC bytes of a canonical base64url signature, or null. */
function macBytes(sig: string): Uint8Array | null {
  try {
    const raw = fromBase64url(sig)
    return raw.length === 32 && toBase64url(raw) === sig ? raw : null
  } catch {
    return null
  }
}

export async function createLinkSigner(ring: ReadonlyMap<string, Uint8Array>, currentKeyId: string): Promise<LinkSigner> {
  if (!ring.has(currentKeyId)) throw new LinkKeyError(`the current key ${currentKeyId} is not in the key ring`)
  const keys = new Map<string, Uint8Array>(ring)
  const hmac = (key: Uint8Array, message: string) => new Uint8Array(createHmac('sha256', key).update(message).digest())
  return {
    async sign(path, exp) {
      const mac = hmac(keys.get(currentKeyId) as Uint8Array, linkMessage(path, exp, currentKeyId))
      return { exp, kid: currentKeyId, sig: toBase64url(mac) }
    },
    async verify(path, s) {
      const key = keys.get(s.kid)
      if (!key) return 'unknown_key'
      const mac = macBytes(s.sig)
      if (!mac) return 'bad_signature'
      return timingSafeEqual(hmac(key, linkMessage(path, s.exp, s.kid)), mac) ? 'valid' : 'bad_signature'
    },
  }
}
