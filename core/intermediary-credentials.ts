/**
 * A tenant's own credentials at the intermediaries of the Opencity path (Stripe, Revolut, OnPay),
 * so that each ente collects on its own merchant account. Secrets are write-only: they are sealed
 * before storage and a view says only whether each is set. OnPay's circuit (`gateway`) is a plain
 * setting; the circuit's keys are secrets. Which fields each intermediary needs mirrors the
 * deployment-wide STRIPE_*, REVOLUT_* and ONPAY_* variables (edge/env.ts).
 * @module
 */

import type { FieldIssue } from './errors.ts'

export const CREDENTIAL_INTERMEDIARIES = ['stripe', 'revolut', 'onpay'] as const
export type CredentialIntermediary = (typeof CREDENTIAL_INTERMEDIARIES)[number]

export const ONPAY_GATEWAYS = ['nexi', 'multisafepay', 'volt'] as const
export type OnpayGatewayName = (typeof ONPAY_GATEWAYS)[number]

/** The secret fields of each intermediary, in wire names. */
export const SECRET_FIELDS = {
  stripe: ['secret_key', 'webhook_secret'],
  revolut: ['api_key', 'webhook_secret'],
  onpay: ['api_key', 'gateway_api_key', 'gateway_secret_key', 'gateway_username', 'gateway_password', 'gateway_notification_key'],
} as const satisfies Record<CredentialIntermediary, readonly string[]>

/** What one intermediary's credentials are stored as: each secret sealed, plus plain settings. */
export type StoredCredentials = {
  readonly tenantId: string
  readonly intermediary: CredentialIntermediary
  /** Field → sealed value (SecretBox); a field absent here is not set. */
  readonly sealed: Readonly<Record<string, string>>
  /** OnPay: `{ gateway }`; empty for the others. */
  readonly settings: Readonly<Record<string, string>>
  /** Grows on every write, so adapters cached per isolate are rebuilt after a change. */
  readonly version: number
  readonly updatedAt: Date
}

/** A change asked for: a string sets a field, null clears it, absent keeps it. */
export type CredentialsChange = Readonly<Record<string, string | null | undefined>>

/** The SecretBox context of one field: a value copied to another tenant, intermediary or field does not open. */
export const credentialContext = (tenantId: string, intermediary: CredentialIntermediary, field: string): string =>
  `tenant:${tenantId}|intermediary:${intermediary}.${field}`

/** Which fields a set of credentials needs, given the fields it has (none: nothing is needed). */
export function requiredFields(intermediary: CredentialIntermediary, present: ReadonlySet<string>, gateway: string | null): string[] {
  if (present.size === 0) return []
  if (intermediary !== 'onpay') return [...SECRET_FIELDS[intermediary]]
  const need = ['api_key', 'gateway_api_key']
  if (gateway === 'nexi' || gateway === 'volt') need.push('gateway_secret_key')
  if (gateway === 'volt') need.push('gateway_username', 'gateway_password', 'gateway_notification_key')
  return need
}

const PRINTABLE = /^[\x21-\x7e]{1,512}$/

/** Shape checks of the values given (before sealing); wire paths such as `stripe.secret_key`. */
export function checkCredentialValues(intermediary: CredentialIntermediary, change: CredentialsChange): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const [field, v] of Object.entries(change)) {
    if (typeof v !== 'string' || field === 'gateway') continue
    const path = `${intermediary}.${field}`
    const loose = intermediary === 'onpay' && (field === 'gateway_username' || field === 'gateway_password')
    if (loose ? v.length === 0 || v.length > 512 : !PRINTABLE.test(v)) {
      issues.push({ path, message: loose ? 'must be 1-512 characters' : 'must be 1-512 printable characters without spaces' })
    } else if (intermediary === 'stripe' && field === 'secret_key' && !/^(sk|rk)_(test|live)_/.test(v)) {
      issues.push({ path, message: 'must be a Stripe secret or restricted key (sk_… or rk_…)' })
    } else if (intermediary === 'stripe' && field === 'webhook_secret' && !v.startsWith('whsec_')) {
      issues.push({ path, message: 'must be a Stripe webhook signing secret (whsec_…)' })
    }
  }
  return issues
}

/** Issues of the credentials as they would be after the change: a half set is refused, field by field. */
export function checkComplete(intermediary: CredentialIntermediary, present: ReadonlySet<string>, gateway: string | null): FieldIssue[] {
  const missing = requiredFields(intermediary, present, gateway).filter((f) => !present.has(f))
  const named = intermediary === 'onpay' ? `OnPay ${gateway ?? 'nexi'}` : intermediary
  return missing.map((f) => ({ path: `${intermediary}.${f}`, message: `is required for ${named} credentials` }))
}

/** The view of one intermediary's credentials: `<field>_set` for each secret, plus OnPay's circuit. */
export function credentialsView(
  intermediary: CredentialIntermediary,
  stored: StoredCredentials | null,
): Record<string, boolean | string | null> {
  const out: Record<string, boolean | string | null> = {}
  if (intermediary === 'onpay') out['gateway'] = stored?.settings['gateway'] ?? null
  for (const f of SECRET_FIELDS[intermediary]) out[`${f}_set`] = stored !== null && f in stored.sealed
  return out
}
