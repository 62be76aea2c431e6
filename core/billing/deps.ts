/** What the billing use cases need, as ports (built once per isolate by edge/deps/billing.ts). @module */

import type { BillingCheckout } from '../../ports/billing-checkout.port.ts'
import type { BillingRepo } from '../../ports/billing-repo.port.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { ReachFaultPoint } from '../../ports/fault-point.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import type { SdiDeps } from '../sdi/deps.ts'
import type { IssueInvoiceDeps } from '../use-cases/issue-invoice.ts'

export type BillingConfig = {
  /** Days of trial from the account's creation (BILLING_TRIAL_DAYS). */
  readonly trialDays: number
  /** STRIPE_PRICE_PACKAGE, or null for an inline €150 price. */
  readonly priceId: string | null
  /** The environment's billing values (FATTURA_CEDENTE_*, BONIFICO_*, SUCCESS_URL, …), below the database's. */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Where Checkout returns when no success/cancel URL is set. */
  readonly defaultReturnUrl: string
}

export type BillingDeps = {
  readonly clock: Clock
  readonly logger: Logger
  readonly repo: BillingRepo
  /** Null when no Stripe account is configured (checkout answers 503; transfers still work). */
  readonly checkout: BillingCheckout | null
  readonly invoices: IssueInvoiceDeps
  readonly sha256Hex: (text: string) => Promise<string>
  readonly sdi: SdiDeps
  readonly secrets: SecretBox
  readonly inbox: WebhookInbox
  readonly config: BillingConfig
  /** Test-only (VARCO_FAULT_POINT, never in production): where a fault test kills the process. */
  readonly faultPoint?: ReachFaultPoint
}
