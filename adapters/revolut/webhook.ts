/**
 * Revolut webhooks (providers.md §2.5): `Revolut-Signature: v1=<hex>[,v1=<hex>…]` is
 * HMAC-SHA256(signing secret, `v1.{Revolut-Request-Timestamp}.{raw body}`); the timestamp is in
 * milliseconds and must be within 5 minutes of now. While a secret is being rotated Revolut sends one
 * signature per valid secret; one match is enough. Comparison is WebCrypto `verify` (constant time).
 * https://developer.revolut.com/docs/guides/accept-payments/tutorials/work-with-webhooks/verify-the-payload-signature
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import { hmacSha256Key } from '../shared/hash.ts'
import { fromHex } from '../shared/hex.ts'
import { refuseWebhook, type VerifiedWebhook } from '../shared/outcome.ts'
import { readJson } from '../shared/wire.ts'
import { hintOf } from './map.ts'
import { WebhookOrderEvent } from './wire.ts'

export const SIGNATURE_HEADER = 'revolut-signature'
export const TIMESTAMP_HEADER = 'revolut-request-timestamp'
/** "within a 5-minute time tolerance of the current universal time" (§2.5). */
export const TOLERANCE_MS = 5 * 60 * 1000

const encoder = new TextEncoder()

/** Every well-formed `v1=` MAC in the header (other versions and junk are ignored). */
export function signaturesOf(header: string): Uint8Array<ArrayBuffer>[] {
  return header
    .split(',')
    .map((s) => s.trim())
    .map((s) => (/^v1=[0-9a-fA-F]{64}$/.test(s) ? fromHex(s.slice(3)) : null))
    .filter((mac) => mac !== null)
}

/** True when one of `signatures` is the MAC of `v1.{timestamp}.{rawBody}` under one of `secrets`. */
async function anyMatches(secrets: readonly string[], signatures: readonly Uint8Array<ArrayBuffer>[], timestamp: string, rawBody: string) {
  const message = encoder.encode(`v1.${timestamp}.${rawBody}`)
  let matched = false
  for (const secret of secrets) {
    const key = await hmacSha256Key(secret, 'verify')
    // No early exit: every candidate is checked, so timing does not reveal which one matched.
    for (const sig of signatures) if (await crypto.subtle.verify('HMAC', key, sig, message)) matched = true
  }
  return matched
}

/**
 * The dedupe key. Revolut sends no event id, and its retries (3, ten minutes apart) must carry a new
 * timestamp to pass the 5-minute tolerance, so a key with the timestamp would treat every retry as
 * new. Order-level events happen at most once per order (and incremental authorisations carry their
 * own reference), so `order_id + event (+ ext ref)` identifies the event across retries. Payment-attempt
 * events (`ORDER_PAYMENT_*`) legitimately repeat, one per attempt, so they add the timestamp: at worst a
 * retried attempt event is processed twice, which is harmless because the status is re-read.
 */
export function dedupeKeyOf(event: WebhookOrderEvent, timestamp: string): string {
  const parts = ['revolut', event.order_id, event.event]
  if (event.incremental_authorisation_ext_reference) parts.push(event.incremental_authorisation_ext_reference)
  if (event.event.startsWith('ORDER_PAYMENT_')) parts.push(timestamp)
  return parts.join(':')
}

/** Verifies on the exact bytes received, then checks freshness, then parses (providers.md §5.5 order). */
export async function verifyRevolutWebhook(
  input: WebhookInput,
  secrets: readonly string[],
  toleranceMs: number = TOLERANCE_MS,
): Promise<VerifiedWebhook> {
  const header = input.headers[SIGNATURE_HEADER]
  const timestamp = input.headers[TIMESTAMP_HEADER]
  if (!header) return refuseWebhook('invalid_signature', `missing ${SIGNATURE_HEADER}`)
  if (!timestamp || !/^\d{1,16}$/.test(timestamp)) return refuseWebhook('malformed', `missing or non-numeric ${TIMESTAMP_HEADER}`)
  const signatures = signaturesOf(header)
  if (signatures.length === 0) return refuseWebhook('invalid_signature', 'no v1 signature')
  if (secrets.length === 0) return refuseWebhook('invalid_signature', 'no signing secret configured')
  if (!(await anyMatches(secrets, signatures, timestamp, input.rawBody))) return refuseWebhook('invalid_signature', 'signature mismatch')
  if (Math.abs(input.receivedAt.getTime() - Number(timestamp)) > toleranceMs) {
    return refuseWebhook('stale', `timestamp outside the ${toleranceMs / 1000} s tolerance`)
  }
  const body = readJson(input.rawBody, WebhookOrderEvent, (issues) =>
    issues === null ? 'body is not JSON' : 'not an order event (needs event and order_id)',
  )
  if (body.kind !== 'ok') return refuseWebhook('malformed', body.reason)
  const event = body.value
  return {
    ok: true,
    value: {
      dedupeKey: dedupeKeyOf(event, timestamp),
      providerRef: event.order_id,
      paymentId: event.merchant_order_ext_ref ?? null,
      hint: hintOf(event.event),
    },
  }
}

/**
 * Which payment an (unverified) event body is about: the order id and our merchant reference.
 * Only to pick whose signing secret verifies it; null when unreadable.
 */
export function peekRevolutWebhook(rawBody: string): { readonly paymentId: string | null; readonly providerRef: string | null } | null {
  const body = readJson(rawBody, WebhookOrderEvent, () => 'not an order event')
  return body.kind === 'ok' ? { paymentId: body.value.merchant_order_ext_ref ?? null, providerRef: body.value.order_id } : null
}
