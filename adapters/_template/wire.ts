/**
 * zod schemas of the Example API payloads this adapter sends and reads. Internal to the adapter.
 * @module
 */

import { z } from 'zod'
import { isOneOf } from '../shared/wire.ts'

/** Every documented payment status. */
export const STATUSES = ['open', 'processing', 'succeeded', 'canceled', 'expired'] as const
export type ExampleStatus = (typeof STATUSES)[number]
export const isExampleStatus = isOneOf(STATUSES)

/** `POST /v1/payments` body: only the fields Varco sends. */
export const PaymentCreation = z.object({
  amount: z.number().int().min(1),
  currency: z.literal('EUR'),
  description: z.string().min(1).max(255),
  reference: z.string().min(1),
  return_url: z.url().optional(),
})
export type PaymentCreation = z.infer<typeof PaymentCreation>

export const ExamplePayment = z.object({
  id: z.string().min(1),
  status: z.string(),
  amount: z.number().int(),
  checkout_url: z.string().nullable(),
  paid_at: z.string().nullable(),
  transaction_id: z.string().nullable(),
})
export type ExamplePayment = z.infer<typeof ExamplePayment>

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) })

export const WebhookEvent = z.object({
  id: z.string().min(1),
  type: z.string(),
  payment_id: z.string().min(1),
  reference: z.string().optional(),
})
export type WebhookEvent = z.infer<typeof WebhookEvent>
