/**
 * The order webhooks Revolut would send (providers.md §2.5): the JSON body, and its
 * `Revolut-Signature` (`v1=` + hex HMAC-SHA256 of `v1.{timestamp}.{body}`, one per secret during a
 * rotation) with `Revolut-Request-Timestamp`.
 * @module
 */

import { hmacSha256Hex } from '../shared/hmac.ts'
import type { SimOrder } from './state.ts'

export type RevolutWebhookDelivery = { readonly payload: string; readonly headers: Readonly<Record<string, string>> }

/** `v1=` + hex HMAC-SHA256(secret, `v1.{timestamp}.{body}`), as Revolut signs (§2.5). */
export async function signRevolutWebhook(secret: string, timestamp: string, body: string): Promise<string> {
  return `v1=${await hmacSha256Hex(secret, `v1.${timestamp}.${body}`)}`
}

/** The signed delivery of `event` for order `o`, signed at `at` with every secret. */
export async function webhookDelivery(o: SimOrder, event: string, at: Date, secrets: readonly string[]): Promise<RevolutWebhookDelivery> {
  const payload = JSON.stringify({ event, order_id: o.id, ...(o.reference ? { merchant_order_ext_ref: o.reference } : {}) })
  const timestamp = String(at.getTime())
  const signatures = await Promise.all(secrets.map((s) => signRevolutWebhook(s, timestamp, payload)))
  return {
    payload,
    headers: { 'content-type': 'application/json', 'revolut-request-timestamp': timestamp, 'revolut-signature': signatures.join(',') },
  }
}
