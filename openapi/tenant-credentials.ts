/**
 * The tenant's own intermediary credentials on the tenant resource (`stripe`, `revolut`, `onpay`):
 * write-only secrets in, `<field>_set` flags out. A string sets a secret, null clears it, an absent
 * or blank field keeps it (a form pre-filled from GET carries no secret, so saving it changes none).
 * @module
 */

import { z } from '@hono/zod-openapi'
import { ONPAY_GATEWAYS, SECRET_FIELDS } from '../core/intermediary-credentials.ts'

const secret = (description: string) => z.string().nullable().optional().openapi({ description, writeOnly: true })

export const StripeCredentialsIn = z
  .object({
    secret_key: secret('Secret (sk_…) or restricted (rk_…) key of the ente’s Stripe account.'),
    webhook_secret: secret('Signing secret (whsec_…) of the account’s webhook endpoint `<public url>/webhooks/stripe`.'),
  })
  .strict()
  .openapi('TenantStripeCredentials')

export const RevolutCredentialsIn = z
  .object({
    api_key: secret('Secret API key of the ente’s Revolut Business merchant account.'),
    webhook_secret: secret('Signing secret of the account’s webhook to `<public url>/webhooks/revolut`.'),
  })
  .strict()
  .openapi('TenantRevolutCredentials')

export const OnpayCredentialsIn = z
  .object({
    api_key: secret('The ente’s OnPay key.'),
    gateway: z
      .enum(ONPAY_GATEWAYS)
      .nullable()
      .optional()
      .openapi({ description: 'The circuit (acquirer): nexi (default), multisafepay or volt.' }),
    gateway_api_key: secret('The circuit’s API key (Volt: client id).'),
    gateway_secret_key: secret('The circuit’s secret key (Nexi, Volt).'),
    gateway_username: secret('Volt only.'),
    gateway_password: secret('Volt only.'),
    gateway_notification_key: secret('Volt only.'),
  })
  .strict()
  .openapi('TenantOnpayCredentials')

/** The credential sections a tenant body may carry. */
export const credentialsIn = {
  stripe: StripeCredentialsIn.optional(),
  revolut: RevolutCredentialsIn.optional(),
  onpay: OnpayCredentialsIn.optional(),
}

const flags = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [`${f}_set`, z.boolean()]))

/** What GET shows: whether each secret is set, never its value. */
export const credentialsOut = {
  stripe: z.object(flags(SECRET_FIELDS.stripe)).openapi('TenantStripeCredentialsView'),
  revolut: z.object(flags(SECRET_FIELDS.revolut)).openapi('TenantRevolutCredentialsView'),
  onpay: z.object({ gateway: z.enum(ONPAY_GATEWAYS).nullable(), ...flags(SECRET_FIELDS.onpay) }).openapi('TenantOnpayCredentialsView'),
}

/** The `<field>_set` flags: a form pre-filled from GET submits them back; they are not input. */
export const credentialFlags = (i: keyof typeof SECRET_FIELDS): string[] => SECRET_FIELDS[i].map((f) => `${f}_set`)

export const exampleCredentialsView = {
  stripe: { secret_key_set: true, webhook_secret_set: true },
  revolut: { api_key_set: false, webhook_secret_set: false },
  onpay: {
    gateway: null,
    api_key_set: false,
    gateway_api_key_set: false,
    gateway_secret_key_set: false,
    gateway_username_set: false,
    gateway_password_set: false,
    gateway_notification_key_set: false,
  },
}
