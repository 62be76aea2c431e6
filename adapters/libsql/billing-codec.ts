/**
 * Rows of `billing_subscriptions` (with the tenant's `billing_status`) and `billing_packages`
 * (migration 11) ↔ the billing domain types. Times are INTEGER ms. Rows pass through zod on the way
 * in, so a corrupt row fails loudly instead of leaking into the domain.
 * @module
 */

import { z } from 'zod'
import { type BillingCustomer, type BillingPackage, isPackageNumber, type Subscription } from '../../core/billing/model.ts'
import { BILLING_STATUSES } from '../../core/payments-v2/model.ts'
import { date, ms, nullableDate } from './columns.ts'

/** Reads a subscription: `s` is billing_subscriptions, `t` the tenant. */
export const SUBSCRIPTION_SELECT = 's.tenant_id, s.id, t.billing_status, s.started_at, s.trial_ends_at, s.updated_at, s.customer_json'
export const SUBSCRIPTION_FROM = 'billing_subscriptions s JOIN tenants t ON t.id = s.tenant_id'

const SubscriptionRow = z.object({
  tenant_id: z.string(),
  id: z.string(),
  billing_status: z.enum(BILLING_STATUSES),
  started_at: date,
  trial_ends_at: date,
  updated_at: date,
})

const nullable = z.string().nullable()
const CustomerJson = z.object({
  denominazione: nullable,
  nome: nullable,
  cognome: nullable,
  partitaIva: nullable,
  codiceFiscale: nullable,
  indirizzo: z.string(),
  cap: z.string(),
  comune: z.string(),
  provincia: nullable,
  nazione: z.string(),
  codiceDestinatario: nullable,
  pec: nullable,
  email: nullable,
})

/** The tenant's invoicing data stored with its subscription (`customer_json`), or null. */
export function toCustomer(row: unknown): BillingCustomer | null {
  const raw = z.object({ customer_json: z.string().nullish() }).parse(row).customer_json
  return raw ? CustomerJson.parse(JSON.parse(raw)) : null
}

export function toSubscription(row: unknown): Subscription {
  const r = SubscriptionRow.parse(row)
  return {
    tenantId: r.tenant_id,
    id: r.id,
    status: r.billing_status,
    startedAt: r.started_at,
    trialEndsAt: r.trial_ends_at,
    updatedAt: r.updated_at,
  }
}

export const PACKAGE_COLUMNS = [
  'tenant_id',
  'number',
  'status',
  'price_cents',
  'checkout_session_id',
  'paid_at',
  'paid_via',
  'payment_ref',
  'invoice_state',
  'fattura_numero',
  'fattura_xml',
  'fattura_hash',
  'fattura_file_name',
  'fattura_at',
  'invoice_error',
  'sdi_id',
  'version',
  'updated_at',
].join(', ')

const PackageRow = z.object({
  tenant_id: z.string(),
  number: ms.refine(isPackageNumber, 'package number out of 1..8'),
  status: z.enum(['due', 'processing', 'paid']),
  price_cents: ms,
  checkout_session_id: z.string().nullable(),
  paid_at: nullableDate,
  paid_via: z.enum(['card', 'sepa_debit', 'bonifico']).nullable(),
  payment_ref: z.string().nullable(),
  invoice_state: z.enum(['none', 'issued', 'failed']),
  fattura_numero: z.string().nullable(),
  fattura_xml: z.string().nullable(),
  fattura_hash: z.string().nullable(),
  fattura_file_name: z.string().nullable(),
  fattura_at: nullableDate,
  invoice_error: z.string().nullable(),
  sdi_id: z.string().nullable(),
  version: ms,
  updated_at: date,
})

export function toPackage(row: unknown): BillingPackage {
  const r = PackageRow.parse(row)
  return {
    tenantId: r.tenant_id,
    number: r.number,
    status: r.status,
    priceCents: r.price_cents,
    checkoutSessionId: r.checkout_session_id,
    paidAt: r.paid_at,
    paidVia: r.paid_via,
    paymentRef: r.payment_ref,
    invoiceState: r.invoice_state,
    fatturaNumero: r.fattura_numero,
    fatturaXml: r.fattura_xml,
    fatturaHash: r.fattura_hash,
    fatturaFileName: r.fattura_file_name,
    fatturaAt: r.fattura_at,
    invoiceError: r.invoice_error,
    sdiId: r.sdi_id,
    version: r.version,
    updatedAt: r.updated_at,
  }
}
