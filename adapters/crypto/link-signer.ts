/**
 * LinkSigner with HMAC-SHA256 over core's `linkMessage`. Keys: `VARCO_LINK_KEYS` =
 * `kid:base64(32–64 bytes)[,kid:…]`; new links are signed with the current kid, and a link opens
 * while its kid is in the ring. node:crypto's synchronous HMAC (Node, Deno, Workers with
 * nodejs_compat), as api-keys.ts does: WebCrypto's is a threadpool round trip on Node, and a payment
 * creation signs several links. Verification compares MACs with `timingSafeEqual` (constant time);
 * a signature must be the canonical base64url of 32 bytes.
 * @module
 */

import { Buffer } from 'node:buffer'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { linkMessage } from '../../core/capability-link.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
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

/** The length of the canonical base64url (no padding) of a 32-byte MAC. */
const SIG_LENGTH = 43

export async function createLinkSigner(ring: ReadonlyMap<string, Uint8Array>, currentKeyId: string): Promise<LinkSigner> {
  if (!ring.has(currentKeyId)) throw new LinkKeyError(`the current key ${currentKeyId} is not in the key ring`)
  const keys = new Map<string, Uint8Array>(ring)
  // node:crypto's own base64url (RFC 4648 §5, no padding): about 1.3 µs a signature, against 4.6 µs through
  // btoa and three replacements (issue 15; a creation signs four links).
  const mac = (key: Uint8Array, message: string): string => createHmac('sha256', key).update(message).digest('base64url')
  return {
    async sign(path, exp) {
      return { exp, kid: currentKeyId, sig: mac(keys.get(currentKeyId) as Uint8Array, linkMessage(path, exp, currentKeyId)) }
    },
    async verify(path, s) {
      const key = keys.get(s.kid)
      if (!key) return 'unknown_key'
      // The expected signature is canonical, so equal strings are equal MACs and any other spelling of the same bytes
      // (padding, the unused low bits of the last character) is refused. Compared as bytes in constant time; a
      // signature of another byte length (non-ASCII characters included) is refused before.
      const given = Buffer.from(s.sig, 'utf8')
      if (given.length !== SIG_LENGTH) return 'bad_signature'
      return timingSafeEqual(Buffer.from(mac(key, linkMessage(path, s.exp, s.kid)), 'utf8'), given) ? 'valid' : 'bad_signature'
    },
  }
}
