/**
 * The Opencity payment (event v2.0, opencity.md §3.2) and its state machine (§4). Field names are
 * the contract's own (snake_case), so domain, storage and wire share one vocabulary; inside, amounts
 * are integer cents and times are Dates. Only the edge converts to euros and Rome-time strings.
 * @module
 */

import type { FieldIssue } from './errors.ts'
import type { Cents } from './money.ts'

export const PAYMENT_STATUSES = [
  'CREATION_PENDING',
  'CREATION_FAILED',
  'PAYMENT_PENDING',
  'PAYMENT_STARTED',
  'COMPLETE',
  'EXPIRED',
  'CANCELED',
] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

/** States older producers still send; accepted on input, mapped, never emitted. */
export const LEGACY_STATUSES = { PAYMENT_FAILED: 'EXPIRED', PAYMENT_CONFIRMED: 'COMPLETE', NOTIFICATION_PENDING: 'COMPLETE' } as const
export type LegacyStatus = keyof typeof LEGACY_STATUSES
export const LEGACY_STATUS_NAMES = [
  'PAYMENT_FAILED',
  'PAYMENT_CONFIRMED',
  'NOTIFICATION_PENDING',
] as const satisfies readonly LegacyStatus[]

export function normaliseStatus(s: PaymentStatus | LegacyStatus): PaymentStatus {
  return s in LEGACY_STATUSES ? LEGACY_STATUSES[s as LegacyStatus] : (s as PaymentStatus)
}

/** §4: the only forward moves. Final states have none. */
export const TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  CREATION_PENDING: ['PAYMENT_PENDING', 'CREATION_FAILED'],
  CREATION_FAILED: [],
  PAYMENT_PENDING: ['PAYMENT_STARTED', 'COMPLETE', 'EXPIRED', 'CANCELED'],
  PAYMENT_STARTED: ['COMPLETE', 'EXPIRED'],
  COMPLETE: [],
  EXPIRED: [],
  CANCELED: [],
}

export const isFinal = (s: PaymentStatus): boolean => TRANSITIONS[s].length === 0

export type PaymentType = 'PAGOPA' | 'STAMP'
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export type PartyData = {
  readonly type: 'human' | 'legal'
  readonly tax_identification_number: string
  readonly name: string
  readonly family_name?: string | null
  readonly street_name?: string | null
  readonly building_number?: string | null
  readonly postal_code?: string | null
  readonly town_name?: string | null
  readonly country_subdivision?: string | null
  readonly country?: string | null
  readonly email?: string | null
}

export type Receiver = {
  readonly tax_identification_number: string
  readonly name: string
  readonly iban?: string | null
  readonly address?: string | null
  readonly building_number?: string | null
  readonly postal_code?: string | null
  readonly town_name?: string | null
  readonly country_subdivision?: string | null
  readonly country?: string | null
}

export type Split = { readonly code: string; readonly amount: Cents | null; readonly meta: Readonly<Record<string, unknown>> }

export type PaymentData = {
  readonly transaction_id: string | null
  readonly paid_at: Date | null
  readonly expire_at: Date | null
  readonly amount: Cents | null
  readonly currency: 'EUR'
  readonly type: PaymentType | null
  readonly notice_code: string | null
  readonly iud: string
  readonly iuv: string | null
  readonly receiver: Receiver | null
  readonly due_type: string | null
  readonly pagopa_category: string | null
  readonly document: { readonly id: string | null; readonly ref: string | null; readonly hash: string } | null
  readonly split: readonly Split[]
}

export type Link = { readonly url: string | null; readonly last_opened_at: Date | null; readonly method: HttpMethod }
export type CheckLink = {
  readonly url: string | null
  readonly last_check_at: Date | null
  readonly next_check_at: Date | null
  readonly method: HttpMethod
}
export type NotifyLink = { readonly url: string; readonly method: HttpMethod; readonly sent_at: Date | null }

export type Links = {
  readonly online_payment_begin: Link
  readonly online_payment_landing: Link
  readonly offline_payment: Link
  readonly receipt: Link
  readonly notify: readonly NotifyLink[]
  readonly update: CheckLink
  readonly confirm: CheckLink
  readonly cancel: CheckLink
}

export type Payment = {
  readonly id: string
  readonly user_id: string | null
  readonly type: PaymentType
  readonly tenant_id: string
  readonly service_id: string
  readonly created_at: Date
  readonly updated_at: Date
  readonly status: PaymentStatus
  readonly reason: string | null
  readonly remote_id: string | null
  readonly locale: string | null
  readonly payment: PaymentData
  readonly links: Links
  readonly payer: PartyData
  readonly debtor: PartyData | null
}

/** The envelope every emitted event carries (opencity.md §7.2); never copied from an input event. */
export type EventMeta = {
  readonly event_id: string
  readonly event_version: '2.0'
  readonly event_created_at: Date
  readonly app_id: string
}

export type PaymentEvent = Payment & EventMeta

/** Splits must add up to the amount (SDK validator); amounts are cents, so equality is exact. */
export function checkSplits(data: Pick<PaymentData, 'amount' | 'split'>, path = 'payment'): FieldIssue[] {
  if (data.amount === null || data.split.length === 0) return []
  if (data.split.some((s) => s.amount === null)) return []
  const sum = data.split.reduce((acc, s) => acc + (s.amount as number), 0)
  return sum === data.amount
    ? []
    : [{ path: `${path}.split`, message: `splits add up to ${sum / 100}, not to the amount ${data.amount / 100}` }]
}

export type TransitionResult =
  | { readonly ok: true; readonly payment: Payment; readonly changed: boolean }
  | { readonly ok: false; readonly from: PaymentStatus; readonly to: PaymentStatus }

/**
 * Moves a payment forward. The same state again is an idempotent no-op (`changed: false`); a move
 * not in TRANSITIONS (backwards, out of a final state) is refused. `changes` are applied only on a move.
 * @example transition(p, 'COMPLETE', now, { payment: { ...p.payment, paid_at: now } })
 */
export function transition(payment: Payment, to: PaymentStatus, now: Date, changes: Partial<Payment> = {}): TransitionResult {
  if (payment.status === to) return { ok: true, payment, changed: false }
  if (!TRANSITIONS[payment.status].includes(to)) return { ok: false, from: payment.status, to }
  return { ok: true, payment: { ...payment, ...changes, status: to, updated_at: laterOf(now, payment.updated_at) }, changed: true }
}

/** updated_at must strictly increase, even when two changes share a millisecond. */
export function laterOf(now: Date, previous: Date): Date {
  return new Date(Math.max(now.getTime(), previous.getTime() + 1000 - (previous.getTime() % 1000)))
}
