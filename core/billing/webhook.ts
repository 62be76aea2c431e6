/**
 * `POST /billing/webhook`: Stripe's signed events as hints (core/use-cases/verified-hint.ts):
 * verified on the raw body, deduplicated on the event id in the webhook inbox, the package found by
 * its Checkout Session, the session re-read at Stripe and applied forward-only. Events about
 * anything else (other types, sessions not opened here) are acknowledged and change nothing.
 * @module
 */

import type { BillingEvent } from '../../ports/billing-checkout.port.ts'
import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { type HintOutcome, receiveVerifiedHint } from '../use-cases/verified-hint.ts'
import type { BillingDeps } from './deps.ts'
import type { BillingPackage } from './model.ts'
import { refreshPackage } from './pay.ts'

/** The events that can move a package; any other verified event is acknowledged as unknown. */
export const BILLING_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const

export async function receiveBillingWebhook(
  deps: BillingDeps,
  input: WebhookInput,
): Promise<Result<HintOutcome<BillingPackage>, DomainError>> {
  const checkout = deps.checkout
  if (checkout === null) return err({ code: 'unavailable', dependency: 'stripe (STRIPE_SECRET_KEY)' })
  return receiveVerifiedHint<BillingPackage, BillingEvent>(
    { inbox: deps.inbox, clock: deps.clock, logger: deps.logger },
    {
      inbox: { source: 'stripe:billing', scope: 'billing' },
      verify: (i) => checkout.verifyWebhook(i),
      find: async (e) =>
        e.sessionId !== null && (BILLING_EVENTS as readonly string[]).includes(e.type) ? deps.repo.findBySession(e.sessionId) : null,
      apply: async (pkg) => {
        const r = await refreshPackage(deps, pkg)
        if (!r.ok) return r
        const now = (await deps.repo.get(pkg.tenantId))?.packages.find((p) => p.number === pkg.number)
        return ok(now ?? pkg)
      },
      idOf: (pkg) => `${pkg.tenantId}/${pkg.number}`,
    },
    input,
  )
}
