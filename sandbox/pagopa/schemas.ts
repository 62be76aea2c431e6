/**
 * What the pagoPA simulator accepts: GPD debt positions (A1) and Checkout carts (A3), and GPD's
 * LocalDateTime. Written independently of adapters/pagopa/wire.ts on purpose, so that the two
 * readings of the spec check each other.
 * @module
 */

import { z } from 'zod'

const TransferIn = z.object({
  idTransfer: z.string(),
  amount: z.number().int().min(1),
  organizationFiscalCode: z.string().nullish(),
  remittanceInformation: z.string().min(1).max(140),
  category: z.string().min(1),
  iban: z
    .string()
    .regex(/^[A-Za-z0-9]{1,35}$/)
    .nullish(),
  postalIban: z
    .string()
    .regex(/^$|^[A-Za-z0-9]{1,35}$/)
    .nullish(),
  stamp: z
    .object({
      hashDocument: z.string().max(72),
      stampType: z.string().length(2),
      provincialResidence: z.string().regex(/^[A-Z]{2}$/),
    })
    .partial()
    .nullish(),
  companyName: z.string().max(140).nullish(),
})

const OptionIn = z.object({
  iuv: z.string().min(1),
  nav: z.string().nullish(),
  amount: z.number().int().min(1),
  description: z.string().min(1).max(140),
  isPartialPayment: z.boolean(),
  dueDate: z.string(),
  retentionDate: z.string().nullish(),
  transfer: z.array(TransferIn).default([]),
})

export const PositionIn = z.object({
  iupd: z.string().min(1),
  type: z.enum(['F', 'G']),
  payStandIn: z.boolean().nullish(),
  fiscalCode: z.string().min(1),
  fullName: z.string().min(1),
  streetName: z.string().nullish(),
  civicNumber: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
  province: z.string().nullish(),
  region: z.string().nullish(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  switchToExpired: z.boolean(),
  companyName: z.string().min(1).max(140),
  officeName: z.string().max(140).nullish(),
  validityDate: z.string().nullish(),
  paymentOption: z.array(OptionIn).min(1),
})

export const CartIn = z.object({
  emailNotice: z.email().nullish(),
  paymentNotices: z
    .array(
      z.object({
        noticeNumber: z.string().length(18),
        fiscalCode: z.string().length(11),
        amount: z.number().int().min(1),
        companyName: z.string().max(140),
        description: z.string().max(140),
      }),
    )
    .min(1),
  returnUrls: z.object({ returnOkUrl: z.url(), returnCancelUrl: z.url(), returnErrorUrl: z.url() }),
  idCart: z.string().nullish(),
  allCCP: z.boolean().nullish(),
})

export type PositionBody = z.infer<typeof PositionIn>
export type OptionBody = z.infer<typeof OptionIn>
export type Transfer = z.infer<typeof TransferIn>
export type CartRequest = z.infer<typeof CartIn>

/** The first issue of a failed parse, as `path: message`. */
export const firstIssue = (error: z.ZodError) => {
  const first = error.issues[0]
  return `${first?.path.join('.') || 'body'}: ${first?.message ?? 'invalid'}`
}

/** GPD LocalDateTime: zone-less means UTC (also accepts an explicit zone, as Jackson does leniently). */
export function parseDate(s: string | null | undefined): Date | null | 'invalid' {
  if (s == null) return null
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return 'invalid'
  const m = /^(.{19})(?:\.(\d+))?(.*)$/.exec(s)
  const d = new Date(`${m?.[1]}.${(m?.[2] ?? '').slice(0, 3).padEnd(3, '0')}${m?.[3] || 'Z'}`)
  return Number.isNaN(d.getTime()) ? 'invalid' : d
}

/** A date as GPD writes a LocalDateTime: UTC, milliseconds, no zone. */
export const out = (d: Date | null) => (d ? d.toISOString().slice(0, 23) : null)
