/**
 * The Agile payments v2 model (seed 000): per-tenant provider configuration, payment links, SEPA
 * mandates and the charges pulled on them, with forward-only status machines. Amounts are cents.
 * @module
 */

import type { Cents } from '../money.ts'

/** Providers a tenant can configure for payments v2. */
export const V2_PROVIDERS = ['revolut', 'stripe'] as const
export type V2Provider = (typeof V2_PROVIDERS)[number]

export const V2_METHODS = ['revolut_pay', 'open_banking', 'card', 'sepa_debit'] as const
export type V2Method = (typeof V2_METHODS)[number]

export type V2MethodInfo = { readonly id: V2Method; readonly label: string; readonly recommended: boolean }

export const isV2Method = (id: string): id is V2Method => (V2_METHODS as readonly string[]).includes(id)

/** A tenant's provider, with its secrets sealed (SecretBox); the plaintext is never stored. */
export type ProviderConfig = {
  readonly tenantId: string
  readonly provider: V2Provider
  readonly apiKeySealed: string
  readonly webhookSecretSealed: string
  /** The last 4 characters of the API key, to recognise it; never more. */
  readonly apiKeyLast4: string
  /** Bumped on every change: per-isolate caches of built adapters are keyed by it. */
  readonly version: number
  readonly updatedAt: Date
}

/** The SecretBox context (additional authenticated data) of a provider secret. */
export const secretContext = (tenantId: string, provider: V2Provider, field: 'api_key' | 'webhook_secret'): string =>
  `tenant:${tenantId}|${provider}.${field}`

/** The SecretBox context of a mandate's IBAN. */
export const ibanContext = (tenantId: string, mandateId: string): string => `tenant:${tenantId}|mandate:${mandateId}.iban`

/**
 * A v2 payment. `creating`: stored, not yet accepted by the provider (a refused create; the same
 * POST retries). `unknown`: the provider's answer was lost; reads reconcile it. Final: paid, expired, canceled.
 */
export type V2PaymentStatus = 'creating' | 'unknown' | 'pending' | 'paid' | 'expired' | 'canceled'

export type V2Payment = {
  readonly id: string
  readonly tenantId: string
  readonly provider: V2Provider
  /** `link`: a hosted payment page; `charge`: pulled on a SEPA mandate. */
  readonly kind: 'link' | 'charge'
  readonly mandateId: string | null
  readonly reference: string
  readonly amount: Cents
  readonly currency: 'EUR'
  readonly description: string
  readonly method: V2Method
  readonly returnUrl: string | null
  readonly status: V2PaymentStatus
  readonly providerRef: string | null
  readonly paymentUrl: string | null
  readonly paidAt: Date | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

const PAYMENT_RANK: Readonly<Record<V2PaymentStatus, number>> = {
  creating: 0,
  unknown: 1,
  pending: 2,
  paid: 3,
  expired: 3,
  canceled: 3,
}

export const isFinalV2 = (s: V2PaymentStatus): boolean => PAYMENT_RANK[s] === 3

/** Forward-only: a final status never changes, and nothing moves back (a read saying `unknown` changes nothing). */
export function canMovePayment(from: V2PaymentStatus, to: V2PaymentStatus): boolean {
  return !isFinalV2(from) && PAYMENT_RANK[to] > PAYMENT_RANK[from]
}

/** Where a mandate stands; `creating` as for payments. `inactive`: revoked, failed or expired (final). */
export type V2MandateStatus = 'creating' | 'unknown' | 'pending_mandate_signature' | 'active' | 'inactive'

export type V2Mandate = {
  readonly id: string
  readonly tenantId: string
  readonly provider: V2Provider
  readonly customerName: string
  /** Lower case: one open mandate per (tenant, email). */
  readonly customerEmail: string
  readonly description: string
  readonly ibanMasked: string
  readonly ibanSealed: string
  readonly status: V2MandateStatus
  readonly providerRef: string | null
  readonly mandateUrl: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
}

const MANDATE_RANK: Readonly<Record<V2MandateStatus, number>> = {
  creating: 0,
  unknown: 1,
  pending_mandate_signature: 2,
  active: 3,
  inactive: 4,
}

export function canMoveMandate(from: V2MandateStatus, to: V2MandateStatus): boolean {
  return from !== 'inactive' && MANDATE_RANK[to] > MANDATE_RANK[from]
}

/** Mandate statuses that block a second mandate for the same customer (the unique index covers them). */
export const OPEN_MANDATE_STATUSES: readonly V2MandateStatus[] = ['creating', 'unknown', 'pending_mandate_signature', 'active']

/** `IT60X0542811101000000123456` → `IT60****3456`. */
export function maskIban(iban: string): string {
  const s = iban.replace(/\s/g, '').toUpperCase()
  return `${s.slice(0, 4)}****${s.slice(-4)}`
}

/** Tenant subscription state (auth-ms): suspended and expired tenants get 402 on the Agile API. */
export const BILLING_STATUSES = ['active', 'trial', 'suspended', 'expired'] as const
export type BillingStatus = (typeof BILLING_STATUSES)[number]

export const billingBlocks = (s: BillingStatus): boolean => s === 'suspended' || s === 'expired'
