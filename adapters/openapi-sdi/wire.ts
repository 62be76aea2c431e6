/**
 * zod schemas of the OpenAPI.it payloads this adapter reads (spec fatturapa.md §6; the OAS in
 * openapi/openapi-skills `knowledge/oas/sdi.openapi.json`): the OAuth token, the `{success, message,
 * error, data}` envelope of the SDI API, invoices, notifications, the callback, and the set-up
 * configurations. Strict only where the adapter reads; `marking` and `type` stay strings so unknown
 * values reach map.ts. Internal to adapters/openapi-sdi.
 * @module
 */

import { z } from 'zod'

/** `POST {oauth}/tokens` → `{success, message, data: {token, scopes, expire}}` (`expire`: unix seconds). */
export const TokenAnswer = z.object({
  data: z.object({ token: z.string().min(1), expire: z.number(), scopes: z.array(z.string()).optional() }),
})

/** Every error answer: `error` is a number, or a string ("802"). */
export const ErrorBody = z.object({
  success: z.literal(false).optional(),
  message: z.string().nullish(),
  error: z.union([z.number(), z.string()]).nullish(),
})

/** `POST /invoices` → `{data: {uuid}}`. */
export const SendAnswer = z.object({ data: z.object({ uuid: z.string().min(1) }) })

const DatiGeneraliDocumento = z.object({ numero: z.unknown(), data: z.unknown() }).partial()
const Body = z.object({ dati_generali: z.object({ dati_generali_documento: DatiGeneraliDocumento.nullish() }).nullish() })

export const Invoice = z.object({
  uuid: z.string().min(1),
  created_at: z.string(),
  sdi_file_name: z.string().nullish(),
  sdi_file_id: z.union([z.number(), z.string()]).nullish(),
  marking: z.string().nullish(),
  // OpenAPI.it's JSON of the FatturaPA: one body is an object, several an array (XML → JSON).
  payload: z
    .object({ fattura_elettronica_body: z.union([Body, z.array(Body)]).nullish() })
    .partial()
    .nullish()
    .catch(null),
})
export type Invoice = z.infer<typeof Invoice>

export const InvoiceAnswer = z.object({ data: Invoice })
export const InvoiceList = z.object({ data: z.array(Invoice) })

export const Notification = z.object({
  uuid: z.string().min(1),
  invoice_uuid: z.string().nullish(),
  created_at: z.string().nullish(),
  type: z.string(),
  file_name: z.string().nullish(),
})
export type Notification = z.infer<typeof Notification>

export const NotificationList = z.object({ data: z.array(Notification) })

/** The `customer-notification` callback: `{event, data: {notification}}`. */
export const Callback = z.object({
  event: z.string(),
  data: z.object({ notification: Notification.extend({ invoice_uuid: z.string().min(1) }) }),
})

export const RegistryAnswer = z.object({ data: z.object({ fiscal_id: z.string(), active: z.boolean().nullish() }) })

export const CallbackConfig = z.object({
  event: z.string(),
  url: z.string(),
  auth_header: z.string().nullish(),
  field: z.string().nullish(),
})
export type CallbackConfig = z.infer<typeof CallbackConfig>

export const ApiConfigurationList = z.object({
  data: z.array(z.object({ fiscal_id: z.string().nullish(), callbacks: z.array(CallbackConfig).nullish() })),
})
