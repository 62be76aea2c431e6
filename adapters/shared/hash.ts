/**
 * SHA-256 and HMAC-SHA256 keys, the same on Node, Deno and Workers. Used where a value must be
 * derived from our ids (IUV bases, OnPay extIds) and where webhooks and tokens are signed or
 * verified. The digest is node:crypto's synchronous one (Workers with nodejs_compat), as in
 * crypto/api-keys.ts: WebCrypto's is a threadpool round trip on Node, on every payment creation.
 * @module
 */

import { createHash } from 'node:crypto'

const encoder = new TextEncoder()

/** SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(createHash('sha256').update(text, 'utf8').digest())
}

/** An HMAC-SHA256 key from the UTF-8 bytes of `secret`, for one usage. */
export function hmacSha256Key(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage])
}
