/**
 * Wire ↔ domain for Stripe SEPA Direct Debit mandates (providers.md §1.4): the zod shapes of a
 * setup-mode Checkout Session with its SetupIntent and Mandate and of an off-session PaymentIntent,
 * and the exhaustive status maps. Statuses stay strings in the schemas, so an unknown value maps to
 * `unknown` instead of failing the parse.
 * https://docs.stripe.com/api/setup_intents/object · https://docs.stripe.com/api/mandates/object
 * @module
 */

import { z } from 'zod'
import type { MandateStatus } from '../../ports/mandate-provider.port.ts'
import type { ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import { isOneOf } from '../shared/wire.ts'
import { isIntentStatus, type PaymentIntentStatus } from './wire.ts'

/** Every SetupIntent `status` (SetupIntents.ts `Status`). */
export const SETUP_INTENT_STATUSES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'canceled',
  'succeeded',
] as const
export type SetupIntentStatus = (typeof SETUP_INTENT_STATUSES)[number]

/** Every Mandate `status` (Mandates.ts `Status`). */
export const MANDATE_STATUSES = ['active', 'inactive', 'pending'] as const
export type WireMandateStatus = (typeof MANDATE_STATUSES)[number]

/** The metadata keys carrying our ids on the Customer, the Session, its SetupIntent and each PaymentIntent. */
export const MANDATE_ID_KEY = 'varco_mandate_id'
export const CHARGE_ID_KEY = 'varco_charge_id'
export const CHARGE_REFERENCE_KEY = 'varco_reference'

const idOf = z.union([z.string(), z.object({ id: z.string() }).transform((o) => o.id)])

export const WireMandate = z.object({ id: z.string().min(1), object: z.literal('mandate'), status: z.string() })
export type WireMandate = z.infer<typeof WireMandate>

export const WireSetupIntent = z.object({
  id: z.string().min(1),
  object: z.literal('setup_intent'),
  status: z.string(),
  customer: idOf.nullish(),
  payment_method: idOf.nullish(),
  mandate: z.union([z.string(), WireMandate]).nullish(),
  last_setup_error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
})
export type WireSetupIntent = z.infer<typeof WireSetupIntent>

export const SetupSession = z.object({
  id: z.string().min(1),
  object: z.literal('checkout.session'),
  mode: z.string().nullish(),
  status: z.string().nullable(),
  url: z.string().nullish(),
  customer: idOf.nullish(),
  setup_intent: z.union([z.string(), WireSetupIntent]).nullish(),
})
export type SetupSession = z.infer<typeof SetupSession>

export const WireCustomer = z.object({ id: z.string().min(1), object: z.literal('customer') })

export const ChargeIntent = z.object({
  id: z.string().min(1),
  object: z.literal('payment_intent'),
  status: z.string(),
  last_payment_error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
})
export type ChargeIntent = z.infer<typeof ChargeIntent>

const isSetupIntentStatus = isOneOf(SETUP_INTENT_STATUSES)
const isMandateStatus = isOneOf(MANDATE_STATUSES)

/** A Mandate's status. `pending` (not yet usable for debits) is not signed as far as charging goes. */
export const MANDATE_STATUS_MAP: Readonly<Record<WireMandateStatus, MandateStatus>> = {
  active: 'active',
  pending: 'pending_mandate_signature',
  inactive: 'inactive',
}

/**
 * A SetupIntent's status, when the Session has one. `succeeded` defers to its Mandate (`mandate`).
 * `requires_payment_method` is the customer still at it, unless a setup attempt failed
 * (`failed_attempt`: `last_setup_error` set), which leaves no usable mandate.
 */
export const SETUP_INTENT_STATUS_MAP: Readonly<Record<SetupIntentStatus, MandateStatus | 'mandate' | 'failed_attempt'>> = {
  requires_payment_method: 'failed_attempt',
  requires_confirmation: 'pending_mandate_signature',
  requires_action: 'pending_mandate_signature',
  processing: 'pending_mandate_signature',
  canceled: 'inactive',
  succeeded: 'mandate',
}

export const mandateOf = (si: WireSetupIntent): WireMandate | null =>
  typeof si.mandate === 'object' && si.mandate !== null ? si.mandate : null
export const setupIntentOf = (s: SetupSession): WireSetupIntent | null =>
  typeof s.setup_intent === 'object' && s.setup_intent !== null ? s.setup_intent : null

function fromSetupIntent(si: WireSetupIntent): MandateStatus {
  if (!isSetupIntentStatus(si.status)) return 'unknown'
  const mapped = SETUP_INTENT_STATUS_MAP[si.status]
  if (mapped === 'failed_attempt') return si.last_setup_error ? 'inactive' : 'pending_mandate_signature'
  if (mapped !== 'mandate') return mapped
  const m = mandateOf(si)
  return m !== null && isMandateStatus(m.status) ? MANDATE_STATUS_MAP[m.status] : 'unknown'
}

/**
 * A setup-mode Session (retrieved with `expand[]=setup_intent&expand[]=setup_intent.mandate`) →
 * where the mandate stands. `open` without a SetupIntent: not signed yet. `expired`: never signed
 * (Stripe keeps a Session open until it expires when the customer leaves through `cancel_url`).
 * `complete` without an expanded SetupIntent, or any unknown value: `unknown`, never a guess.
 */
export function toMandateStatus(s: SetupSession): MandateStatus {
  const si = setupIntentOf(s)
  switch (s.status) {
    case 'open':
      return si === null ? (typeof s.setup_intent === 'string' ? 'unknown' : 'pending_mandate_signature') : fromSetupIntent(si)
    case 'complete':
      return si === null ? 'unknown' : fromSetupIntent(si)
    case 'expired':
      return si !== null && fromSetupIntent(si) === 'active' ? 'active' : 'inactive'
    default:
      return 'unknown'
  }
}

/** `complete/succeeded/active`: the raw statuses, for logs and reconciliation. */
export function mandateRawStatus(s: SetupSession): string {
  const si = setupIntentOf(s)
  const m = si ? mandateOf(si) : null
  return [s.status ?? 'null', ...(si ? [si.status] : []), ...(m ? [m.status] : [])].join('/')
}

/**
 * An off-session SEPA PaymentIntent → the charge's status. SEPA debits settle in days: `processing`
 * is pending. With `confirm=true` a PI is back at `requires_payment_method` only after its debit
 * failed (insufficient funds, mandate revoked at the bank…): nothing more will be pulled for it,
 * so it is `canceled` (a new attempt is a new charge). We never create manual-capture intents and
 * always confirm, so `requires_capture` / `requires_confirmation` are `unknown`.
 */
export const CHARGE_INTENT_MAP: Readonly<Record<PaymentIntentStatus, ProviderPaymentStatus>> = {
  processing: 'pending',
  requires_action: 'pending',
  succeeded: 'paid',
  requires_payment_method: 'canceled',
  canceled: 'canceled',
  requires_capture: 'unknown',
  requires_confirmation: 'unknown',
}

export function toChargeStatus(pi: ChargeIntent): ProviderPaymentStatus {
  return isIntentStatus(pi.status) ? CHARGE_INTENT_MAP[pi.status] : 'unknown'
}
