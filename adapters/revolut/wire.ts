/**
 * zod schemas of the Revolut Merchant API payloads this adapter sends and reads (`Order-Creation-v7`,
 * `Order-v7`, the simplified list items, the error body and `Webhook-Order-Event`; providers.md §2.2–2.5).
 * Internal to adapters/revolut: index.ts does not re-export them. State and event stay strings so
 * unknown values reach map.ts and become `unknown` / `other` instead of parse errors.
 * @module
 */

import { z } from 'zod'
import { isOneOf } from '../shared/wire.ts'

/** Every documented order state (`Order-State`, §2.4). */
export const ORDER_STATES = ['pending', 'processing', 'authorised', 'completed', 'cancelled', 'failed'] as const
export type OrderState = (typeof ORDER_STATES)[number]
export const isOrderState = isOneOf(ORDER_STATES)

/** `POST /api/orders` body: only the fields Varco sends. */
export const OrderCreation = z.object({
  amount: z.number().int().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  description: z.string().min(1).max(1024).optional(),
  customer: z.object({ email: z.email() }).optional(),
  merchant_order_data: z.object({ reference: z.string().min(1) }),
  redirect_url: z.url().max(2000).optional(),
  metadata: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z\d_]{0,39}$/), z.string().max(500)).optional(),
})
export type OrderCreation = z.infer<typeof OrderCreation>

export const Payment = z.object({
  id: z.string(),
  state: z.string(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
})

/** `Order-v7` (create and retrieve): strict only where the adapter reads. */
export const Order = z.object({
  id: z.string().min(1),
  state: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  checkout_url: z.string().nullish(),
  redirect_url: z.string().nullish(),
  merchant_order_data: z.object({ reference: z.string().nullish() }).nullish(),
  payments: z.array(Payment).nullish(),
})
export type Order = z.infer<typeof Order>

/** `GET /api/orders` answers an array of simplified orders. */
export const OrderList = z.array(
  z.object({
    id: z.string().min(1),
    state: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    created_at: z.string().nullish(),
    merchant_order_data: z.object({ reference: z.string().nullish() }).nullish(),
  }),
)
export type OrderList = z.infer<typeof OrderList>

/** `{ code, message, timestamp }` (§2.3). */
export const ErrorBody = z.object({ code: z.string().optional(), message: z.string().optional() })

/** `Webhook-Order-Event`: required `event`, `order_id` (§2.5). */
export const WebhookOrderEvent = z.object({
  event: z.string().min(1),
  order_id: z.string().min(1),
  merchant_order_ext_ref: z.string().nullish(),
  incremental_authorisation_ext_reference: z.string().nullish(),
})
export type WebhookOrderEvent = z.infer<typeof WebhookOrderEvent>
