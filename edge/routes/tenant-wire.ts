/** The tenant resource on the wire: the domain tenant and its credential flags out, fields and credential changes in. @module */

import type { z } from '@hono/zod-openapi'
import { formatRome } from '../../core/rome-time.ts'
import type { PagopaSettings, Tenant, TenantFields } from '../../core/tenant.ts'
import type { CredentialsInput, credentialsViews } from '../../core/use-cases/intermediary-credentials.ts'
import type { TenantPatchSchema } from '../../openapi/tenants.ts'

export type CredentialsViews = Awaited<ReturnType<typeof credentialsViews>>

export function toWireTenant(t: Tenant, credentials: CredentialsViews) {
  return {
    id: t.id,
    name: t.name,
    tax_identification_number: t.taxIdentificationNumber,
    IPA_code: t.ipaCode,
    active: t.active,
    pagopa: t.pagopa && {
      segregation_code: t.pagopa.segregationCode,
      aux_digit: t.pagopa.auxDigit,
      iban: t.pagopa.iban,
      postal_account: t.pagopa.postalAccount,
    },
    stripe: credentials.stripe as Record<string, boolean>,
    revolut: credentials.revolut as Record<string, boolean>,
    onpay: credentials.onpay as { gateway: 'nexi' | 'multisafepay' | 'volt' | null } & Record<string, boolean>,
    created_at: formatRome(t.createdAt),
    updated_at: formatRome(t.updatedAt),
  }
}

type Body = z.infer<typeof TenantPatchSchema>
type WirePagopa = NonNullable<Body['pagopa']>

const pagopaFrom = (p: WirePagopa | null): PagopaSettings | null =>
  p && { segregationCode: p.segregation_code, auxDigit: p.aux_digit, iban: p.iban, postalAccount: p.postal_account }

/** POST and PUT carry the whole configuration: an omitted `IPA_code`/`pagopa` is null, an omitted `active` is true. */
export function fullFields(body: Body & { name: string; tax_identification_number: string }): TenantFields {
  return {
    name: body.name,
    taxIdentificationNumber: body.tax_identification_number,
    ipaCode: body.IPA_code ?? null,
    active: body.active ?? true,
    pagopa: pagopaFrom(body.pagopa ?? null),
  }
}

/** PATCH: only the fields given. */
export function someFields(body: Body): Partial<TenantFields> {
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.tax_identification_number !== undefined ? { taxIdentificationNumber: body.tax_identification_number } : {}),
    ...(body.IPA_code !== undefined ? { ipaCode: body.IPA_code } : {}),
    ...(body.active !== undefined ? { active: body.active } : {}),
    ...(body.pagopa !== undefined ? { pagopa: pagopaFrom(body.pagopa) } : {}),
  }
}

/** The credential sections of any tenant body (absent sections change nothing, whatever the method). */
export function credentialsFrom(body: Pick<Body, 'stripe' | 'revolut' | 'onpay'>): CredentialsInput | null {
  const out: CredentialsInput = {
    ...(body.stripe ? { stripe: body.stripe } : {}),
    ...(body.revolut ? { revolut: body.revolut } : {}),
    ...(body.onpay ? { onpay: body.onpay } : {}),
  }
  return Object.keys(out).length > 0 ? out : null
}
