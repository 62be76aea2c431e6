/**
 * SecretBox with AES-256-GCM (WebCrypto: Node, Deno, Workers), providers.md §5.1. The stored form is
 * `v1.<key id>.<base64url iv>.<base64url ciphertext+tag>`, with a random 96-bit IV per value and the
 * context (e.g. `tenant:<id>|stripe.api_key`) as additional authenticated data. The seed specified
 * AES-256-CBC; GCM is the authenticated upgrade: a flipped bit or another context fails to open.
 * Keys: `VARCO_ENCRYPTION_KEYS` = `kid:base64(32 bytes)[,kid:…]`, `VARCO_ENCRYPTION_KEY_ID` = the
 * current one; older keys stay listed until every value is re-sealed (`npx varco keys rotate`).
 * @module
 */

import type { SecretBox } from '../../ports/secret-box.port.ts'
import { fromBase64url, toBase64url } from '../shared/base64.ts'
import { parseKidRing } from './key-ring.ts'

const te = new TextEncoder()
const td = new TextDecoder()

/** The key id a sealed value (`v1.<kid>.<iv>.<ct>`) carries, or null for anything else. */
export function sealedKeyId(sealed: string): string | null {
  const [v, kid] = sealed.split('.')
  return v === 'v1' && kid ? kid : null
}

export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError'
}

/** Parses `kid:base64,kid:base64`; each key must be exactly 32 bytes. */
export function parseKeyRing(spec: string): Map<string, Uint8Array> {
  return parseKidRing(
    spec,
    (kid, n) => (n === 32 ? null : `key ${kid} must be 32 bytes (AES-256), not ${n}`),
    (m) => new SecretBoxError(m),
  )
}

export async function createSecretBox(ring: ReadonlyMap<string, Uint8Array>, currentKeyId: string): Promise<SecretBox> {
  if (!ring.has(currentKeyId)) throw new SecretBoxError(`the current key ${currentKeyId} is not in the key ring`)
  const keys = new Map<string, CryptoKey>()
  for (const [kid, raw] of ring) {
    keys.set(kid, await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']))
  }
  return {
    currentKeyId,
    async seal(plaintext, context) {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const key = keys.get(currentKeyId) as CryptoKey
      const ct = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: te.encode(context) }, key, te.encode(plaintext)),
      )
      return `v1.${currentKeyId}.${toBase64url(iv)}.${toBase64url(ct)}`
    },
    async open(sealed, context) {
      const [v, kid, iv, ct, extra] = sealed.split('.')
      if (v !== 'v1' || !kid || !iv || !ct || extra !== undefined)
        throw new SecretBoxError('not a sealed secret (expected v1.<kid>.<iv>.<ct>)')
      const key = keys.get(kid)
      if (!key) throw new SecretBoxError(`sealed with key ${kid}, which is not in the key ring`)
      try {
        const pt = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64url(iv) as BufferSource, additionalData: te.encode(context) },
          key,
          fromBase64url(ct) as BufferSource,
        )
        return td.decode(pt)
      } catch {
        throw new SecretBoxError('the sealed secret does not open: tampered, another context, or the wrong key')
      }
    },
    keyIdOf: sealedKeyId,
  }
}
