/**
 * Stripe webhooks (providers.md §1.5): `Stripe-Signature: t=…,v1=…` is an HMAC-SHA256 of
 * `${t}.${rawBody}` with the endpoint's `whsec_…` secret, checked by the SDK in constant time
 * with WebCrypto; events older than 5 minutes (by the time we received them) are stale. Then the
 * event is parsed into a hint; its id is the dedupe key (a redelivery keeps the id).
 * https://docs.stripe.com/webhooks#verify-events
 * @module
 */

import type { WebhookFailure, WebhookInput } from '../../ports/payment-provider.port.ts'
import { refuseWebhook, type VerifiedWebhook } from '../shared/outcome.ts'
import type { LoadedStripe } from './client.ts'
import { toWebhookHint } from './map.ts'
import { Event } from './wire.ts'

/** Stripe's default tolerance: 300 s. */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/** The signature and age checked, the body read as a Stripe v1 event; or why not. */
export async function verifyStripeEvent(
  { sdk, stripe, crypto }: LoadedStripe,
  secret: string,
  input: WebhookInput,
): Promise<{ readonly ok: true; readonly value: Event } | { readonly ok: false; readonly error: WebhookFailure }> {
  const header = input.headers['stripe-signature']
  if (!header) return refuse('invalid_signature', 'no Stripe-Signature header')
  let event: unknown
  try {
    event = await stripe.webhooks.constructEventAsync(
      input.rawBody,
      header,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
      crypto,
      input.receivedAt.getTime(),
    )
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    // The SDK checks the signature first, then the age: a tolerance error means the signature was good.
    if (/tolerance/i.test(message)) return refuse('stale', `signed more than ${WEBHOOK_TOLERANCE_SECONDS} s before it was received`)
    if (e instanceof sdk.errors.StripeSignatureVerificationError)
      return refuse('invalid_signature', message.split('\n')[0] ?? 'bad signature')
    // A good signature over a body that is not JSON.
    return refuse('malformed', 'the signed body is not a JSON event')
  }
  const parsed = Event.safeParse(event)
  if (!parsed.success) return refuse('malformed', 'the signed body is not a Stripe v1 event')
  return { ok: true, value: parsed.data }
}

const refuse = (kind: WebhookFailure['kind'], reason: string) => ({ ok: false, error: { kind, reason } }) as const

export async function verifyStripeWebhook(stripe: LoadedStripe, secret: string, input: WebhookInput): Promise<VerifiedWebhook> {
  const verified = await verifyStripeEvent(stripe, secret, input)
  if (!verified.ok) return verified
  const hint = toWebhookHint(verified.value)
  return hint.ok ? hint : refuseWebhook('malformed', hint.reason)
}

/**
 * Which payment an (unverified) event body is about: our payment id from the metadata and the
 * Session / PaymentIntent id. Only to pick whose signing secret verifies it; null when unreadable.
 */
export function peekStripeWebhook(rawBody: string): { readonly paymentId: string | null; readonly providerRef: string | null } | null {
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    return null
  }
  const event = Event.safeParse(body)
  const hint = event.success ? toWebhookHint(event.data) : null
  return hint?.ok ? { paymentId: hint.value.paymentId, providerRef: hint.value.providerRef } : null
}
