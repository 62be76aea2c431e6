/**
 * Base64 on bytes with the WebCrypto-era globals (btoa/atob), the same on Node, Deno and Workers.
 * Large inputs are converted in chunks (String.fromCharCode's argument limit).
 * @module
 */

const CHUNK = 0x8000

/** Standard base64 (with padding) of `bytes`. */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

/** Base64url without padding (RFC 4648 §5) of `bytes`. */
export function toBase64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The bytes of standard base64. @throws DOMException on invalid input. */
export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0))
}

/** The bytes of base64url (padding optional). @throws DOMException on invalid input. */
export function fromBase64url(text: string): Uint8Array {
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'))
}
