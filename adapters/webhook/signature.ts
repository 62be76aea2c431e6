/**
 * Signed webhooks: `Varco-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, where the MAC is
 * computed with the shared WEBHOOK_SECRET over the bytes `"<t>.<raw request body>"`.
 *
 * How a receiver verifies a delivery (what `verifyWebhookSignature` does):
 * 1. Keep the raw body exactly as received; do not re-serialise parsed JSON.
 * 2. Split the header on `,` into `key=value` pairs; take `t` and every `v1` (several `v1` values
 *    may appear while a secret is rotated; one match is enough).
 * 3. Refuse when `t` is more than 5 minutes away from the receiver's clock (replay protection).
 * 4. Compute HMAC-SHA256(secret, `${t}.${body}`), hex-encode it, and compare it with `v1` in
 *    constant time (here: WebCrypto `verify`).
 * 5. Deliveries are at-least-once: deduplicate on the body's `event_id` (also sent as
 *    `Varco-Event-Id`).
 * Example (shell): `printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET"`.
 * @module
 */

import { hmacSha256Key } from '../shared/hash.ts'
import { fromHex, toHex } from '../shared/hex.ts'

export const SIGNATURE_HEADER = 'Varco-Signature'
export const DEFAULT_TOLERANCE_SECONDS = 300

const encoder = new TextEncoder()

function signedBytes(timestamp: number, body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  const head = encoder.encode(`${timestamp}.`)
  const tail = typeof body === 'string' ? encoder.encode(body) : body
  const out = new Uint8Array(head.length + tail.length)
  out.set(head, 0)
  out.set(tail, head.length)
  return out
}

/** The header value for `body` sent at `now`. */
export async function signWebhook(secret: string, body: string, now: Date): Promise<string> {
  const t = Math.floor(now.getTime() / 1000)
  const mac = await crypto.subtle.sign('HMAC', await hmacSha256Key(secret, 'sign'), signedBytes(t, body))
  return `t=${t},v1=${toHex(mac)}`
}

/** True when `header` signs `body` with `secret`, within `toleranceSeconds` of `now`. */
export async function verifyWebhookSignature(input: {
  readonly secret: string
  readonly header: string | null | undefined
  readonly body: string | Uint8Array
  readonly now?: Date
  readonly toleranceSeconds?: number
}): Promise<boolean> {
  if (!input.header) return false
  let t: number | null = null
  const candidates: string[] = []
  for (const part of input.header.split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    const k = part.slice(0, eq).trim()
    const v = part.slice(eq + 1).trim()
    if (k === 't' && /^\d{1,12}$/.test(v)) t = Number(v)
    else if (k === 'v1') candidates.push(v)
  }
  if (t === null || candidates.length === 0) return false
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000)
  if (Math.abs(now - t) > (input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false
  const key = await hmacSha256Key(input.secret, 'verify')
  const data = signedBytes(t, input.body)
  for (const c of candidates) {
    const mac = fromHex(c)
    if (mac && mac.length === 32 && (await crypto.subtle.verify('HMAC', key, mac, data))) return true
  }
  return false
}
