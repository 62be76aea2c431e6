/**
 * The full zod schema of a stored payment document (JSON with ISO times and integer cents). The
 * hot path decodes rows with the trusted mapper in ./payment-codec.ts; this schema checks any row
 * that mapper finds malformed (so a corrupt row fails loudly with zod's issues) and, in the tests,
 * that both readings agree.
 * @module
 */

import { z } from 'zod'
import type { Cents } from '../../core/money.ts'
import { PAYMENT_STATUSES, type Payment } from '../../core/payment.ts'

const date = z.string().transform((s) => new Date(s))
const nDate = date.nullable()
const cents = z
  .number()
  .int()
  .nonnegative()
  .transform((v) => v as Cents)
const method = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
const str = z.string().nullable().optional()

const Party = z.object({
  type: z.enum(['human', 'legal']),
  tax_identification_number: z.string(),
  name: z.string(),
  family_name: str,
  street_name: str,
  building_number: str,
  postal_code: str,
  town_name: str,
  country_subdivision: str,
  country: str,
  email: str,
})
const Link = z.object({ url: z.string().nullable(), last_opened_at: nDate, method })
const Check = z.object({ url: z.string().nullable(), last_check_at: nDate, next_check_at: nDate, method })

export const StoredPaymentDoc = z.object({
  id: z.string(),
  user_id: z.string().nullable(),
  type: z.enum(['PAGOPA', 'STAMP']),
  tenant_id: z.string(),
  service_id: z.string(),
  created_at: date,
  updated_at: date,
  status: z.enum(PAYMENT_STATUSES),
  reason: z.string().nullable(),
  remote_id: z.string().nullable(),
  locale: z.string().nullable(),
  payment: z.object({
    transaction_id: z.string().nullable(),
    paid_at: nDate,
    expire_at: nDate,
    amount: cents.nullable(),
    currency: z.literal('EUR'),
    type: z.enum(['PAGOPA', 'STAMP']).nullable(),
    notice_code: z.string().nullable(),
    iud: z.string(),
    iuv: z.string().nullable(),
    receiver: z
      .object({
        tax_identification_number: z.string(),
        name: z.string(),
        iban: str,
        address: str,
        building_number: str,
        postal_code: str,
        town_name: str,
        country_subdivision: str,
        country: str,
      })
      .nullable(),
    due_type: z.string().nullable(),
    pagopa_category: z.string().nullable(),
    document: z.object({ id: z.string().nullable(), ref: z.string().nullable(), hash: z.string() }).nullable(),
    split: z.array(z.object({ code: z.string(), amount: cents.nullable(), meta: z.record(z.string(), z.unknown()) })),
  }),
  links: z.object({
    online_payment_begin: Link,
    online_payment_landing: Link,
    offline_payment: Link,
    receipt: Link,
    notify: z.array(z.object({ url: z.string(), method, sent_at: nDate })),
    update: Check,
    confirm: Check,
    cancel: Check,
  }),
  payer: Party,
  debtor: Party.nullable(),
})

/** The schema's reading of a stored document: throws a ZodError on anything malformed. */
export function decodePaymentChecked(doc: string): Payment {
  return StoredPaymentDoc.parse(JSON.parse(doc)) as Payment
}
