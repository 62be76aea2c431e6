/**
 * Example webhooks: `X-Example-Signature: t=<ms>,v1=<hex>` where v1 is HMAC-SHA256 of `<t>.<raw body>`.
 * Verified on the exact bytes (WebCrypto verify: constant time), then freshness, then parsing.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import { hmacSha256Key } from '../shared/hash.ts'
import { fromHex } from '../shared/hex.ts'
import { refuseWebhook, type VerifiedWebhook } from '../shared/outcome.ts'
import { readJson } from '../shared/wire.ts'
import { hintOf } from './map.ts'
import { WebhookEvent } from './wire.ts'

export const SIGNATURE_HEADER = 'x-example-signature'
export const TOLERANCE_MS = 5 * 60 * 1000

export async function verifyExampleWebhook(input: WebhookInput, secret: string): Promise<VerifiedWebhook> {
  const header = input.headers[SIGNATURE_HEADER]
  if (!header) return refuseWebhook('invalid_signature', `missing ${SIGNATURE_HEADER}`)
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]))
  const t = parts['t'] ?? ''
  const mac = fromHex(parts['v1'] ?? '')
  if (!/^\d{1,16}$/.test(t) || mac === null) return refuseWebhook('malformed', 'signature header is not t=<ms>,v1=<hex>')
  const key = await hmacSha256Key(secret, 'verify')
  if (!(await crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`${t}.${input.rawBody}`)))) {
    return refuseWebhook('invalid_signature', 'signature mismatch')
  }
  if (Math.abs(input.receivedAt.getTime() - Number(t)) > TOLERANCE_MS)
    return refuseWebhook('stale', 'timestamp outside the 5 min tolerance')
  const event = readJson(input.rawBody, WebhookEvent, (issues) => (issues === null ? 'body is not JSON' : 'not a payment event'))
  if (event.kind !== 'ok') return refuseWebhook('malformed', event.reason)
  const e = event.value
  return {
    ok: true,
    value: { dedupeKey: `example:${e.id}`, providerRef: e.payment_id, paymentId: e.reference ?? null, hint: hintOf(e.type) },
  }
}
