/**
 * The Opencity payment event v2.0 on the wire (opencity.md §3.1–§3.2): what `POST /payments`, the
 * queue consumer and the Kafka consumer accept, and what Varco emits. Amounts are euros with at most
 * two decimals; times are ISO 8601 with an offset. Unknown extra fields are tolerated (producers add
 * their own), known ones are checked.
 * @module
 */

import { z } from '@hono/zod-openapi'
import { LEGACY_STATUS_NAMES, PAYMENT_STATUSES } from '../core/payment.ts'
import { euros } from './services.ts'

const isoTime = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO 8601 date-time with an offset',
  )
  .openapi({ example: '2026-11-23T13:12:55+01:00' })
const nTime = isoTime.nullable().optional()
const nStr = z.string().nullable().optional()
const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
const linkIn = z.object({ url: z.string().nullable().optional(), last_opened_at: nTime, method: method.optional() }).passthrough()
const checkIn = z
  .object({ url: z.string().nullable().optional(), last_check_at: nTime, next_check_at: nTime, method: method.optional() })
  .passthrough()

/** A payer or debtor: what events carry in, and what Varco answers out (PaymentParty). */
export const PARTY_FIELDS = {
  type: z.enum(['human', 'legal']),
  tax_identification_number: z.string().min(1).max(35),
  name: z.string().min(1).max(140),
  family_name: nStr,
  street_name: nStr,
  building_number: nStr,
  postal_code: nStr,
  town_name: nStr,
  country_subdivision: nStr,
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code')
    .nullable()
    .optional(),
  email: z.string().email().nullable().optional().or(z.literal('')),
}

export const PartySchema = z.object(PARTY_FIELDS).passthrough()

/** Every status accepted on input: the current ones and the legacy ones (mapped, never emitted). */
export const EVENT_STATUSES = [...PAYMENT_STATUSES, ...LEGACY_STATUS_NAMES] as const

export const PaymentEventInSchema = z
  .object({
    id: z.string().uuid(),
    user_id: z.string().uuid().nullable().optional(),
    type: z.enum(['PAGOPA', 'STAMP']),
    tenant_id: z.string().uuid(),
    service_id: z.string().uuid(),
    created_at: isoTime,
    updated_at: isoTime,
    status: z.enum(EVENT_STATUSES),
    reason: z.string().max(140).nullable().optional(),
    remote_id: z.string().nullable().optional(),
    locale: nStr,
    payment: z
      .object({
        transaction_id: nStr,
        paid_at: nTime,
        expire_at: nTime,
        amount: euros.nullable().optional(),
        currency: z.literal('EUR').default('EUR'),
        type: z.enum(['PAGOPA', 'STAMP']).nullable().optional(),
        notice_code: z
          .string()
          .regex(/^\d{18}$/, 'must be 18 digits')
          .nullable()
          .optional(),
        iud: z.string().min(1),
        iuv: nStr,
        receiver: z.object({ tax_identification_number: z.string(), name: z.string() }).passthrough().nullable().optional(),
        due_type: nStr,
        pagopa_category: nStr,
        document: z.object({ id: nStr, ref: nStr, hash: z.string() }).nullable().optional(),
        split: z.array(
          z.object({ code: z.string().min(1), amount: euros.nullable().optional(), meta: z.record(z.string(), z.unknown()).default({}) }),
        ),
      })
      .passthrough(),
    links: z
      .object({
        online_payment_begin: linkIn.optional(),
        online_payment_landing: linkIn.optional(),
        offline_payment: linkIn.optional(),
        receipt: linkIn.optional(),
        notify: z
          .array(z.object({ url: z.string(), method: method.optional(), sent_at: nTime }))
          .nullable()
          .optional(),
        update: checkIn.optional(),
        confirm: checkIn.optional(),
        cancel: checkIn.optional(),
      })
      .passthrough(),
    payer: PartySchema,
    debtor: PartySchema.nullable().optional(),
    event_id: z.string().uuid(),
    event_version: z.union([z.string(), z.number()]),
    event_created_at: isoTime,
    app_id: z.string().min(1),
  })
  .passthrough()
  .openapi('PaymentEvent', { description: 'Opencity payment event, version 2.0.' })

export type PaymentEventIn = z.infer<typeof PaymentEventInSchema>

/** §5.2: only 2.0 (string "2.0", or the number 2 as some producers send). */
export const isVersion2 = (v: unknown): boolean => (typeof v === 'string' || typeof v === 'number') && Number(v) === 2
