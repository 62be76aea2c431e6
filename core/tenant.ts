/**
 * Tenant: one ente or SaaS customer. Its v2 Opencity fields are `id`, `name` and
 * `tax_identification_number` (opencity.md §2.2), plus the v1 `IPA_code` and `active` (soft delete).
 * @module
 */

import type { FieldIssue } from './errors.ts'
import { isValidTaxId } from './tax-id.ts'

export type Tenant = {
  readonly id: string
  readonly name: string
  readonly taxIdentificationNumber: string
  /** Codice IPA of the ente (registro indice PA), upper case; null for non-PA tenants. */
  readonly ipaCode: string | null
  /** false after DELETE: the configuration is kept but disabled. */
  readonly active: boolean
  /** When the platform first POSTed this tenant's configuration; null while only provisioned. */
  readonly configuredAt: Date | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

/** The fields a caller may set. */
export type TenantFields = {
  readonly name: string
  readonly taxIdentificationNumber: string
  readonly ipaCode: string | null
  readonly active: boolean
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
    issues.push({ path: 'ipa_code', message: 'must be 1-20 upper-case letters, digits or _' })
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
  }
}
