/**
 * The webhook deliveries Stripe would make: each event as the JSON body Stripe POSTs, with its
 * `Stripe-Signature` header (`t=…,v1=HMAC-SHA256(secret, "t.payload")`).
 * @module
 */

import { hmacSha256Hex } from '../shared/hmac.ts'
import { SIM_API_VERSION } from './api.ts'
import { webhookSecretOf } from './credentials.ts'
import type { SimEvent } from './state.ts'

export type SignedEvent = { readonly id: string; readonly type: string; readonly payload: string; readonly header: string }

/** `Stripe-Signature` for `payload` signed at `timestamp` (unix seconds): `t=…,v1=HMAC-SHA256(secret, "t.payload")`. */
export async function signStripePayload(payload: string, secret: string, timestamp: number): Promise<string> {
  return `t=${timestamp},v1=${await hmacSha256Hex(secret, `${timestamp}.${payload}`)}`
}

/** The `event` object Stripe sends for `e`, as the JSON text of the POST body. */
export const eventPayload = (e: SimEvent): string =>
  JSON.stringify(
    {
      id: e.id,
      object: 'event',
      api_version: SIM_API_VERSION,
      created: e.created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: e.type,
      data: { object: e.object },
    },
    null,
    2,
  )

/** The events, each as the `event` object Stripe sends, signed at `t` with its account's webhook secret. */
export function signEvents(events: readonly SimEvent[], t: number): Promise<SignedEvent[]> {
  return Promise.all(
    events.map(async (e) => {
      const payload = eventPayload(e)
      return { id: e.id, type: e.type, payload, header: await signStripePayload(payload, webhookSecretOf(e.account), t) }
    }),
  )
}
