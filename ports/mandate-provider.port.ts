/**
 * SEPA Direct Debit mandates at an intermediary (Stripe: a Customer + a setup-mode Checkout Session
 * whose SetupIntent carries the Mandate; Revolut: a mandate order whose customer gets a saved
 * `sepa_direct_debit` payment method), in domain words. The customer signs once at `signUrl`; later charges
 * are pulled off-session against the mandate. Amounts are integer cents; every call returns an
 * Outcome (a timeout is `unknown`, never `failed`). Nothing provider-specific crosses this line.
 * @module
 */

import type { Cents } from '../core/money.ts'
import type { Outcome, ProviderPaymentStatus } from './payment-provider.port.ts'

/**
 * Where a mandate stands, mapped exhaustively from the wire; anything unmapped is `unknown`.
 * `inactive` covers revoked, failed and expired mandates: no charge may use it.
 */
export type MandateStatus = 'pending_mandate_signature' | 'active' | 'inactive' | 'unknown'

export type CreateMandateRequest = {
  /** Our mandate id; adapters derive their idempotency key / reference from it. */
  readonly mandateId: string
  readonly customerName: string
  readonly customerEmail: string
  /**
   * Checked (mod-97) and normalised (no spaces, upper case) before it gets here. Both hosted pages
   * (Stripe Checkout, Revolut's SEPA widget) have the customer type the IBAN next to the mandate
   * text, so adapters do not send it; it stays ours, for the masked display and for matching.
   */
  readonly iban: string
  readonly description: string
  /** Where the signing page sends the browser back. */
  readonly returnUrl: string
}

export type CreatedMandate = {
  /**
   * The intermediary's reference for later reads and charges (Stripe: the Checkout Session id, since
   * Checkout creates the SetupIntent only when the customer accepts; Revolut: the mandate order id).
   */
  readonly providerRef: string
  /** The page where the customer reads and accepts the mandate. */
  readonly signUrl: string
  readonly status: MandateStatus
}

export type ProviderMandate = {
  readonly status: MandateStatus
  /** The raw status, for logs and reconciliation. */
  readonly rawStatus: string
}

export type ChargeRequest = {
  /** Our charge id; the idempotency key of the pull is derived from it (a retry never charges twice). */
  readonly chargeId: string
  readonly mandateRef: string
  readonly amount: Cents
  readonly currency: 'EUR'
  readonly description: string
  readonly reference: string
}

export type CreatedCharge = {
  /** The intermediary's reference of the pull (Stripe: the PaymentIntent id; Revolut: the debit order id), readable via `readCharge`. */
  readonly providerRef: string
  /** SEPA debits settle in days: a new charge is normally `pending`. */
  readonly status: ProviderPaymentStatus
  readonly rawStatus: string
}

export interface MandateProvider {
  readonly name: string
  createMandate(req: CreateMandateRequest): Promise<Outcome<CreatedMandate>>
  readMandate(providerRef: string): Promise<Outcome<ProviderMandate>>
  /**
   * Pulls money on an active mandate; `declined` when the mandate is not active (checked before
   * anything is pulled) or the intermediary refuses. Idempotent per `chargeId`.
   */
  charge(req: ChargeRequest): Promise<Outcome<CreatedCharge>>
  readCharge(providerRef: string): Promise<Outcome<CreatedCharge>>
}
