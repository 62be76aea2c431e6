/**
 * Wire ↔ domain for SEPA Direct Debit at Revolut (providers.md §2.7): the zod shapes of a mandate
 * order (its payment carrying the `sepa_direct_debit` method saved for the merchant), of a saved
 * payment method and of a debit's pay answer, and the exhaustive state maps. States stay strings so
 * unknown values become `unknown` instead of parse errors.
 * @module
 */

import { z } from 'zod'
import type { MandateStatus } from '../../ports/mandate-provider.port.ts'
import type { ProviderPaymentStatus } from '../../ports/payment-provider.port.ts'
import { isOrderState, Order, type OrderState } from './wire.ts'

/** The `merchant_order_data.reference` of the mandate order and of each debit: how a retry finds them. */
export const mandateReferenceFor = (mandateId: string): string => `varco-mandate-${mandateId}`
export const chargeReferenceFor = (chargeId: string): string => `varco-charge-${chargeId}`
export const MANDATE_ID_KEY = 'varco_mandate_id'
export const CHARGE_ID_KEY = 'varco_charge_id'

/** The `Sepa-Direct-Debit` payment method object (`type`, saved `id`, `mandate_reference`, …). */
const PaymentMethodOfPayment = z.object({
  type: z.string(),
  id: z.string().nullish(),
  mandate_reference: z.string().nullish(),
  debtor_iban_last_four: z.string().nullish(),
})

/** `Order-v7` with what a mandate needs: the customer and the payment method of each payment. */
export const SddOrder = Order.extend({
  customer: z.object({ id: z.string().nullish() }).nullish(),
  payments: z
    .array(
      z.object({
        id: z.string(),
        state: z.string(),
        payment_method: PaymentMethodOfPayment.nullish(),
      }),
    )
    .nullish(),
})
export type SddOrder = z.infer<typeof SddOrder>

/** A saved payment method (`GET /api/customers/{id}/payment-methods/{id}`, API ≥ 2024-09-01). */
export const SavedPaymentMethod = z.object({ id: z.string().min(1), type: z.string(), saved_for: z.string() })
export type SavedPaymentMethod = z.infer<typeof SavedPaymentMethod>

export const SEPA_METHOD = 'sepa_direct_debit'

/**
 * The mandate order's state. `completed` means the customer consented and a method was saved; whether
 * it is still usable is decided by the saved method (`method`). `cancelled` (refused on the page)
 * and `failed` leave no mandate.
 */
export const MANDATE_ORDER_STATE_MAP: Readonly<Record<OrderState, MandateStatus | 'method'>> = {
  pending: 'pending_mandate_signature',
  processing: 'pending_mandate_signature',
  authorised: 'pending_mandate_signature',
  completed: 'method',
  cancelled: 'inactive',
  failed: 'inactive',
}

/** The saved `sepa_direct_debit` method of a completed mandate order, with its customer. */
export function savedMethodOf(o: SddOrder): { readonly customerId: string; readonly methodId: string } | null {
  const customerId = o.customer?.id
  const pm = (o.payments ?? []).map((p) => p.payment_method).find((m) => m?.type === SEPA_METHOD && m.id)
  return customerId && pm?.id ? { customerId, methodId: pm.id } : null
}

/**
 * Mandate order + the saved method as read now (`null`: Revolut no longer has it, 404) → status.
 * A method saved only for the customer cannot be debited off-session: `inactive`.
 */
export function toMandateStatus(o: SddOrder, method: SavedPaymentMethod | null | 'not_read'): MandateStatus {
  if (!isOrderState(o.state)) return 'unknown'
  const mapped = MANDATE_ORDER_STATE_MAP[o.state]
  if (mapped !== 'method') return mapped
  if (method === 'not_read') return 'unknown'
  if (method === null) return 'inactive'
  if (method.type !== SEPA_METHOD) return 'unknown'
  if (method.saved_for === 'merchant') return 'active'
  if (method.saved_for === 'customer') return 'inactive'
  return 'unknown'
}

/**
 * A debit order's state → the charge's status. SEPA settles in days: `processing` is pending. A
 * `failed` debit order is final (the bank returned the debit), and nothing more will be pulled for
 * it: `canceled` (a new attempt is a new charge); `cancelled` likewise.
 */
export const DEBIT_ORDER_STATE_MAP: Readonly<Record<OrderState, ProviderPaymentStatus>> = {
  pending: 'pending',
  processing: 'pending',
  authorised: 'pending',
  completed: 'paid',
  cancelled: 'canceled',
  failed: 'canceled',
}

export function toChargeStatus(state: string): ProviderPaymentStatus {
  return isOrderState(state) ? DEBIT_ORDER_STATE_MAP[state] : 'unknown'
}

/** Payment states (`Payment-State-v2`) that mean the debit was refused at submission. */
export const REFUSED_PAYMENT_STATES: ReadonlySet<string> = new Set(['declined', 'soft_declined', 'failed', 'cancelled'])

export const PayAnswer = z.object({ id: z.string(), state: z.string() })
