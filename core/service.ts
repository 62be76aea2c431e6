/**
 * A payment service configuration (Opencity configuration API v2, opencity.md §2.2): what a payment
 * of this service costs, why, for how long, to whom, under which pagoPA taxonomy code, and through
 * which intermediary. Scoped to one tenant.
 * @module
 */

import type { FieldIssue } from './errors.ts'
import type { Cents } from './money.ts'
import type { PaymentType, Split } from './payment.ts'
import { isValidTaxId } from './tax-id.ts'

/** Intermediaries a service can use. The providers issue adds stripe, revolut and onpay. */
export const INTERMEDIARIES = ['pagopa', 'stripe', 'revolut', 'onpay'] as const
export type Intermediary = (typeof INTERMEDIARIES)[number]

export type Service = {
  readonly id: string
  readonly tenant_id: string
  readonly payment_type: PaymentType
  readonly remote_collection: { readonly id: string; readonly type: string } | null
  readonly amount: Cents
  readonly reason: string
  /** Days a payment stays payable after creation. */
  readonly expire_at: number
  readonly receiver: { readonly tax_identification_number: string; readonly name: string } | null
  /** pagoPA taxonomy code (tassonomia dei servizi di incasso), e.g. `9/0101108TS/`. */
  readonly collection_data: string
  readonly split: readonly Split[]
  readonly intermediary: Intermediary
  readonly active: boolean
  readonly created_at: Date
  readonly updated_at: Date
}

export type ServiceFields = Omit<Service, 'id' | 'tenant_id' | 'created_at' | 'updated_at'>

/** `9/` + EC type (2) + macro-area (2) + service type (3) + legal reason + `/`; SANP also allows 6/, 7/, 8/. */
export const TAXONOMY = /^[6-9]\/[0-9]{7}(IM|TS|SP|SA|AP)\/$/

export function checkServiceFields(f: ServiceFields): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (f.amount <= 0) issues.push({ path: 'amount', message: 'must be greater than 0' })
  const reason = f.reason.trim()
  if (reason.length === 0 || reason.length > 255) issues.push({ path: 'reason', message: 'must be 1-255 characters' })
  if (!Number.isInteger(f.expire_at) || f.expire_at <= 0) issues.push({ path: 'expire_at', message: 'must be a positive number of days' })
  if (!TAXONOMY.test(f.collection_data)) {
    issues.push({ path: 'collection_data', message: 'must be a pagoPA taxonomy code such as 9/0101108TS/' })
  }
  if (f.receiver) {
    if (!isValidTaxId(f.receiver.tax_identification_number)) {
      issues.push({ path: 'receiver.tax_identification_number', message: 'must be a valid codice fiscale or partita IVA' })
    }
    const name = f.receiver.name.trim()
    if (name.length === 0 || name.length > 255) issues.push({ path: 'receiver.name', message: 'must be 1-255 characters' })
  }
  if (f.split.length > 0) {
    if (f.split.some((s) => s.amount === null)) issues.push({ path: 'split', message: 'every split needs an amount' })
    else {
      const sum = f.split.reduce((a, s) => a + (s.amount as number), 0)
      if (sum !== f.amount) issues.push({ path: 'split', message: `splits add up to ${sum / 100}, not to the amount ${f.amount / 100}` })
    }
    if (new Set(f.split.map((s) => s.code)).size !== f.split.length) issues.push({ path: 'split', message: 'split codes must be unique' })
  }
  return issues
}
