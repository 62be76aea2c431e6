/**
 * Tenant: one ente or SaaS customer. Its v2 Opencity fields are `id`, `name` and
 * `tax_identification_number` (opencity.md §2.2), plus the v1 `IPA_code` and `active` (soft delete).
 * @module
 */

import type { FieldIssue } from './errors.ts'
import { isValidIban } from './iban.ts'
import { isValidTaxId } from './tax-id.ts'

export type Tenant = {
  readonly id: string
  readonly name: string
  readonly taxIdentificationNumber: string
  /** Codice IPA of the ente (registro indice PA), upper case; null for non-PA tenants. */
  readonly ipaCode: string | null
  /** pagoPA settings of this ente; null means the gateway's defaults (PAGOPA_* variables). */
  readonly pagopa: PagopaSettings | null
  /** false after DELETE: the configuration is kept but disabled. */
  readonly active: boolean
  /** When the platform first POSTed this tenant's configuration; null while only provisioned. */
  readonly configuredAt: Date | null
  readonly createdAt: Date
  readonly updatedAt: Date
  /** The platform that created this tenant (POST /tenants with a platform key); null or absent: the CLI. Never changes. */
  readonly platformId?: string | null
}

/** How this ente issues pagoPA notices (pagopa.md A2) and where its money goes. */
export type PagopaSettings = {
  /** 2-digit segregation code assigned by PagoPA (aux digit 3). */
  readonly segregationCode: string
  readonly auxDigit: '0' | '1' | '2' | '3'
  /** Accredit IBAN used when a payment names no other. */
  readonly iban: string | null
  /** Poste postal account (up to 12 digits), printed as a data matrix on notices; null for none. */
  readonly postalAccount: string | null
}

/** The fields a caller may set. */
export type TenantFields = {
  readonly name: string
  readonly taxIdentificationNumber: string
  readonly ipaCode: string | null
  readonly active: boolean
  readonly pagopa?: PagopaSettings | null
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export const isUuid = (value: string): boolean => UUID.test(value)

/**
 * Semantic checks shared by the CLI and the HTTP API. Field paths are the wire (snake_case) names.
 * @example checkTenantFields({ name: '', ... }) // [{ path: 'name', message: 'must not be empty' }]
 */
export function checkTenantFields(fields: TenantFields): FieldIssue[] {
  const issues: FieldIssue[] = []
  const name = fields.name.trim()
  if (name.length === 0) issues.push({ path: 'name', message: 'must not be empty' })
  if (name.length > 255) issues.push({ path: 'name', message: 'must be at most 255 characters' })
  if (!isValidTaxId(fields.taxIdentificationNumber)) {
    issues.push({
      path: 'tax_identification_number',
      message: 'must be a valid codice fiscale (16 characters) or 11-digit codice fiscale/partita IVA',
    })
  }
  if (fields.ipaCode !== null && !/^[A-Z0-9_]{1,20}$/.test(fields.ipaCode)) {
    issues.push({ path: 'IPA_code', message: 'must be 1-20 upper-case letters, digits or _' })
  }
  const pp = fields.pagopa
  if (pp) {
    if (!/^[0-9]{2}$/.test(pp.segregationCode)) issues.push({ path: 'pagopa.segregation_code', message: 'must be 2 digits' })
    if (pp.iban !== null && !isValidIban(pp.iban)) issues.push({ path: 'pagopa.iban', message: 'must be a valid IBAN (mod-97 check)' })
    if (pp.postalAccount !== null && !/^[0-9]{1,12}$/.test(pp.postalAccount)) {
      issues.push({ path: 'pagopa.postal_account', message: 'must be 1-12 digits' })
    }
    if (fields.taxIdentificationNumber.length !== 11) {
      issues.push({ path: 'tax_identification_number', message: 'a pagoPA creditor needs the 11-digit codice fiscale of the ente' })
    }
  }
  return issues
}

/** Normalises what a caller typed: trimmed name, upper-case tax id. */
export function normaliseTenantFields(fields: TenantFields): TenantFields {
  return {
    ...fields,
    name: fields.name.trim(),
    taxIdentificationNumber: fields.taxIdentificationNumber.trim().toUpperCase(),
    ipaCode: fields.ipaCode === null ? null : fields.ipaCode.trim(),
    ...(fields.pagopa ? { pagopa: { ...fields.pagopa, iban: fields.pagopa.iban?.replace(/\s/g, '').toUpperCase() ?? null } } : {}),
  }
}
