/**
 * SHA-256 and HMAC-SHA256 keys with WebCrypto, the same on Node, Deno and Workers. Used where a
 * value must be derived from our ids (IUV bases, OnPay extIds) and where webhooks and tokens are
 * signed or verified.
 * @module
 */

const encoder = new TextEncoder()

/** SHA-256 of the UTF-8 bytes of `text`. */
export async function sha256(text: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
}

/** An HMAC-SHA256 key from the UTF-8 bytes of `secret`, for one usage. */
export function hmacSha256Key(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage])
}
