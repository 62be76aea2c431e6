/**
 * zod schemas of the Stripe objects this adapter reads: Checkout Sessions, PaymentIntents, Charges
 * and webhook Events (providers.md §1.2, §1.5). Only the fields read are strict; statuses stay
 * strings so an unknown value maps to 'unknown' instead of failing the parse.
 * Internal to adapters/stripe: index.ts does not re-export them.
 * @module
 */

import { z } from 'zod'
import { isOneOf } from '../shared/wire.ts'

/** Every Checkout Session `status` (Sessions.ts `Status`). */
export const SESSION_STATUSES = ['open', 'complete', 'expired'] as const
export type SessionStatus = (typeof SESSION_STATUSES)[number]

/** Every Checkout Session `payment_status` (Sessions.ts `PaymentStatus`). */
export const SESSION_PAYMENT_STATUSES = ['paid', 'unpaid', 'no_payment_required'] as const
export type SessionPaymentStatus = (typeof SESSION_PAYMENT_STATUSES)[number]

/** Every PaymentIntent `status` (PaymentIntents.ts `Status`). */
export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
] as const
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number]
export const isIntentStatus = isOneOf(PAYMENT_INTENT_STATUSES)

const metadata = z.record(z.string(), z.string()).nullish()

export const Charge = z.object({ id: z.string(), created: z.number().int(), status: z.string().nullish() })
export type Charge = z.infer<typeof Charge>

export const PaymentIntent = z.object({
  id: z.string(),
  status: z.string(),
  created: z.number().int().nullish(),
  metadata,
  latest_charge: z.union([z.string(), Charge]).nullish(),
})
export type PaymentIntent = z.infer<typeof PaymentIntent>

export const Session = z.object({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  status: z.string().nullable(),
  payment_status: z.string(),
  url: z.string().nullish(),
  created: z.number().int().nullish(),
  expires_at: z.number().int().nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  metadata,
  payment_intent: z.union([z.string(), PaymentIntent]).nullish(),
})
export type Session = z.infer<typeof Session>

/** A v1 snapshot event (Events.ts). `data.object` is parsed per event type in map.ts. */
export const Event = z.object({
  id: z.string().min(1),
  object: z.literal('event'),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
})
export type Event = z.infer<typeof Event>
