/**
 * LinkSigner with HMAC-SHA256 (WebCrypto: Node, Deno, Workers) over core's `linkMessage`. Keys:
 * `VARCO_LINK_KEYS` = `kid:base64(32–64 bytes)[,kid:…]`; new links are signed with the current kid,
 * and a link opens while its kid is in the ring. Verification is `crypto.subtle.verify`, which
 * compares MACs in constant time; a signature must be the canonical base64url of 32 bytes.
 * @module
 */

import { linkMessage } from '../../core/capability-link.ts'
import type { LinkSigner } from '../../ports/link-signer.port.ts'
import { fromBase64url, toBase64url } from '../shared/base64.ts'
import { parseKidRing } from './key-ring.ts'

const te = new TextEncoder()

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
  const keys = new Map<string, CryptoKey>()
  for (const [kid, raw] of ring) {
    const algorithm = { name: 'HMAC', hash: 'SHA-256' }
    keys.set(kid, await crypto.subtle.importKey('raw', raw as BufferSource, algorithm, false, ['sign', 'verify']))
  }
  return {
    async sign(path, exp) {
      const key = keys.get(currentKeyId) as CryptoKey
      const mac = await crypto.subtle.sign('HMAC', key, te.encode(linkMessage(path, exp, currentKeyId)))
      return { exp, kid: currentKeyId, sig: toBase64url(new Uint8Array(mac)) }
    },
    async verify(path, s) {
      const key = keys.get(s.kid)
      if (!key) return 'unknown_key'
      const mac = macBytes(s.sig)
      if (!mac) return 'bad_signature'
      const good = await crypto.subtle.verify('HMAC', key, mac as BufferSource, te.encode(linkMessage(path, s.exp, s.kid)))
      return good ? 'valid' : 'bad_signature'
    },
  }
}
