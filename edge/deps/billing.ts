/**
 * Agile billing's wiring: the Stripe Checkout adapter for packages (the simulator's keys in the
 * sandbox; absent without STRIPE_SECRET_KEY, then checkout answers 503 and transfers still work),
 * the libSQL store, FatturaPA issuing and the SDI service it builds on, and the environment's
 * fallbacks of the settings.
 * @module
 */

import { libsqlBillingRepo } from '../../adapters/libsql/billing-repo.ts'
import type { Db } from '../../adapters/libsql/index.ts'
import { createStripeBilling } from '../../adapters/stripe/billing.ts'
import type { BillingDeps } from '../../core/billing/deps.ts'
import type { SdiDeps } from '../../core/sdi/deps.ts'
import type { IssueInvoiceDeps } from '../../core/use-cases/issue-invoice.ts'
import type { BillingCheckout } from '../../ports/billing-checkout.port.ts'
import type { BillingRepo } from '../../ports/billing-repo.port.ts'
import type { Clock } from '../../ports/clock.port.ts'
import type { FaultPoint } from '../../ports/fault-point.port.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import { type Sandbox, sandboxCredentials } from '../../sandbox/index.ts'
import { BILLING_ENV_VARS, type Config } from '../env.ts'
import { sha256Hex } from './sdi.ts'

/** The Checkout adapter for packages, or null without Stripe credentials. */
export function billingCheckout(config: Config, sandbox: Sandbox | null, fetch: typeof globalThis.fetch): BillingCheckout | null {
  if (sandbox) {
    const c = sandboxCredentials.stripe
    return createStripeBilling({ baseUrl: sandbox.baseUrlOf('stripe'), secretKey: c.secretKey, webhookSecret: c.webhookSecret, fetch })
  }
  const webhookSecret = config.STRIPE_BILLING_WEBHOOK_SECRET ?? config.STRIPE_WEBHOOK_SECRET
  if (!config.STRIPE_SECRET_KEY || !webhookSecret) return null
  return createStripeBilling({ baseUrl: config.STRIPE_API_URL, secretKey: config.STRIPE_SECRET_KEY, webhookSecret, fetch })
}

export function buildBilling(o: {
  readonly config: Config
  readonly db: Db
  readonly sandbox: Sandbox | null
  readonly fetch: typeof globalThis.fetch
  readonly clock: Clock
  readonly logger: Logger
  readonly inbox: WebhookInbox
  readonly sdi: SdiDeps
  readonly invoices: IssueInvoiceDeps
  readonly secrets: SecretBox
  readonly publicUrl: string
  readonly repo?: BillingRepo
  readonly checkout?: BillingCheckout | null
  /** The runtime's way to die at once: with VARCO_FAULT_POINT (never in production), the point kills the process. */
  readonly crash?: () => void
}): BillingDeps {
  const raw = o.config as unknown as Record<string, string | undefined>
  const point = o.config.VARCO_ENV === 'production' ? undefined : o.config.VARCO_FAULT_POINT
  const crash = o.crash
  return {
    ...(point && crash
      ? {
          faultPoint: (reached: FaultPoint) => {
            if (reached !== point) return
            o.logger.warn('VARCO_FAULT_POINT reached: the process kills itself (test hook)', { point })
            crash()
          },
        }
      : {}),
    clock: o.clock,
    logger: o.logger,
    repo: o.repo ?? libsqlBillingRepo(o.db),
    checkout: o.checkout !== undefined ? o.checkout : billingCheckout(o.config, o.sandbox, o.fetch),
    invoices: o.invoices,
    sha256Hex,
    sdi: o.sdi,
    secrets: o.secrets,
    inbox: o.inbox,
    config: {
      trialDays: o.config.BILLING_TRIAL_DAYS,
      priceId: o.sandbox ? null : (o.config.STRIPE_PRICE_PACKAGE ?? null),
      env: Object.fromEntries(BILLING_ENV_VARS.map((k) => [k, raw[k]])),
      defaultReturnUrl: `${o.publicUrl}/billing/status`,
    },
  }
}
