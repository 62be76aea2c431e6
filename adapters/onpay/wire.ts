/**
 * zod schemas of OnPay's answers (manual v1.8): JSON bodies whose booleans and ints the manual's
 * examples send as strings (`"success":"true"`, `"orderAmount":"15000"`), so both forms parse.
 * Errors come in `error` (get_link) or `errors` (the other calls). Internal to adapters/onpay.
 * @module
 */

import { z } from 'zod'

/** `boolean` in the tables, `"true"`/`"false"` in the examples. */
export const Flag = z
  .union([z.boolean(), z.enum(['true', 'false', 'TRUE', 'FALSE', '1', '0']), z.literal(1), z.literal(0)])
  .transform((v) => v === true || v === 1 || (typeof v === 'string' && ['true', '1'].includes(v.toLowerCase())))

/** `int` in the tables, a numeric string in the examples. */
export const Int = z.union([z.number().int(), z.string().regex(/^-?\d+$/)]).transform((v) => Number(v))

const text = z.string().nullish()
/** An error text (`error` / `errors`), which some PHP back ends send as an array of strings. */
const errorText = z.union([z.string(), z.array(z.string()).transform((a) => a.join('; '))]).nullish()

const envelope = { success: Flag.optional(), error: errorText, errors: errorText }

/** 1. Richiesta link – DATI OUTPUT. */
export const LinkResponse = z.object({
  ...envelope,
  success: Flag,
  extId: z.union([z.string(), z.number()]).transform(String).nullish(),
  orderId: z.union([z.string(), z.number()]).transform(String).nullish(),
  link: text,
})
export type LinkResponse = z.infer<typeof LinkResponse>

/** 2. Richiesta Notifiche – JSON notifications (only `extId` and `status` are required to be usable). */
export const Notification = z.object({
  extId: z.union([z.string(), z.number()]).transform(String),
  gateway: text,
  status: z.string(),
  orderAmount: Int.nullish(),
  orderCurrency: text,
  notification_date: text,
  validation_date: text,
  payment_type: Int.nullish(),
})
export type Notification = z.infer<typeof Notification>

export const NotificationsResponse = z.object({
  ...envelope,
  success: Flag,
  notifications: z.array(Notification).nullish(),
})
export type NotificationsResponse = z.infer<typeof NotificationsResponse>

/** 4. Lista metodi di pagamento – JSON payment_method_list. */
export const PaymentMethodEntry = z.object({
  code_number: Int,
  code_description: z.string(),
  code_number_merged: Int.nullish(),
})
export type PaymentMethodEntry = z.infer<typeof PaymentMethodEntry>

export const PaymentMethodsResponse = z.object({
  ...envelope,
  success: Flag,
  payment_method_list: z.array(PaymentMethodEntry).nullish(),
})

/** 3. Lista utenti: the table names the flag `status`, the example `success`. */
export const UsersResponse = z.object({
  ...envelope,
  status: Flag.optional(),
  userslist: z
    .array(
      z.object({
        gateway: z.string(),
        gatewayApiKey: text,
        gatewaySecretKey: text,
        gatewayUsername: text,
        gatewayPassword: text,
        nrlink: Int.nullish(),
        datafirstlink: text,
        datalastlink: text,
        nrlink_paid: Int.nullish(),
        amount_paid: Int.nullish(),
      }),
    )
    .nullish(),
})

/** 5. Attivazione chiave di produzione. */
export const OnpayKeyResponse = z.object({ ...envelope, success: Flag, onpaykey: text })
