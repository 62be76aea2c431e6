/**
 * zod schemas of the pagoPA payloads this adapter sends and reads: GPD v1 debt positions
 * (openapi_external_v1.json, pagopa.md A1.2–A1.3) and Checkout carts v1 (checkout_v1.json, A3.1).
 * Internal to adapters/pagopa: index.ts does not re-export them.
 * @module
 */

import { z } from 'zod'

/** Every GPD v1 debt-position status (A1.2 `status` enum). */
export const GPD_STATUSES = ['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'REPORTED'] as const
export type GpdStatus = (typeof GPD_STATUSES)[number]

const text140 = z.string().min(1).max(140)
const cents = z.number().int().min(1)
/** GPD date-times are Java `LocalDateTime`s: zone-less, UTC (A1.4). */
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/)

const Stamp = z.object({
  hashDocument: z.string().min(1).max(72),
  stampType: z.string().length(2),
  provincialResidence: z.string().regex(/^[A-Z]{2}$/),
})

export const TransferModel = z
  .object({
    idTransfer: z.enum(['1', '2', '3', '4', '5']),
    amount: cents,
    organizationFiscalCode: z.string().optional(),
    remittanceInformation: text140,
    category: z.string().min(1),
    iban: z
      .string()
      .regex(/^[A-Za-z0-9]{1,35}$/)
      .optional(),
    stamp: Stamp.optional(),
    companyName: text140.optional(),
  })
  .refine((t) => (t.iban === undefined) !== (t.stamp === undefined), { message: 'exactly one of iban or stamp' })

export const PaymentOptionModel = z.object({
  iuv: z.string().regex(/^\d{15,17}$/),
  nav: z.string().regex(/^\d{18}$/),
  amount: cents,
  description: text140,
  isPartialPayment: z.boolean(),
  dueDate: localDateTime,
  retentionDate: localDateTime,
  transfer: z.array(TransferModel).min(1).max(5),
})

/** The create body (`PaymentPositionModel`, A1.2). */
export const PaymentPositionModel = z.object({
  iupd: z.string().min(1),
  type: z.enum(['F', 'G']),
  fiscalCode: z.string().min(1),
  fullName: z.string().min(1),
  streetName: z.string().optional(),
  civicNumber: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  province: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  email: z.string().optional(),
  switchToExpired: z.boolean(),
  companyName: text140,
  paymentOption: z.array(PaymentOptionModel).min(1),
})
export type PaymentPositionModel = z.infer<typeof PaymentPositionModel>

const optionalDateTime = z.string().nullish()

/** `PaymentOptionModelResponse` (A1.3): only the fields the adapter reads are strict. */
export const PaymentOptionResponse = z.object({
  nav: z.string(),
  iuv: z.string(),
  amount: z.number().int(),
  description: z.string().nullish(),
  dueDate: optionalDateTime,
  paymentDate: optionalDateTime,
  idReceipt: z.string().nullish(),
  status: z.string().nullish(),
})

/** `PaymentPositionModelBaseResponse` (GET by iupd, A1.3). `status` stays a string: unknown values map to 'unknown'. */
export const PaymentPositionResponse = z.object({
  iupd: z.string(),
  status: z.string(),
  paymentDate: optionalDateTime,
  paymentOption: z.array(PaymentOptionResponse).default([]),
})
export type PaymentPositionResponse = z.infer<typeof PaymentPositionResponse>

/** GPD errors: `ProblemJson {title, status, detail}`; Checkout adds `type` and `instance`. */
export const ProblemJson = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().int().optional(),
  detail: z.string().optional(),
})

/** Checkout `CartRequest` v1 (A3.1). */
export const CartRequest = z.object({
  emailNotice: z.email().optional(),
  paymentNotices: z
    .array(
      z.object({
        noticeNumber: z.string().regex(/^\d{18}$/),
        fiscalCode: z.string().regex(/^\d{11}$/),
        amount: cents,
        companyName: text140,
        description: text140,
      }),
    )
    .min(1)
    .max(5),
  returnUrls: z.object({ returnOkUrl: z.url(), returnCancelUrl: z.url(), returnErrorUrl: z.url() }),
  idCart: z.string().optional(),
})
export type CartRequest = z.infer<typeof CartRequest>
