/**
 * Provider webhooks of payments v2, one endpoint per tenant and provider. The signature is checked
 * with the tenant's own webhook secret on the raw body before anything else; the webhook is only a
 * hint: the payment is re-read from the provider and moved forward only. The delivery is recorded
 * (unique per tenant, provider and event) after the result is stored, so a replay changes nothing
 * and a crash in between makes the provider retry an idempotent check.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import { err, ok, type Result } from '../result.ts'
import type { PaymentsV2Deps } from './deps.ts'
import type { PaymentsV2Error } from './errors.ts'
import { refreshMandate } from './mandates.ts'
import type { V2MandateStatus, V2PaymentStatus } from './model.ts'
import { refreshPayment } from './payments.ts'

export type V2WebhookOutcome = {
  readonly outcome: 'applied' | 'duplicate' | 'unknown_payment'
  readonly paymentId: string | null
  /** Set when the event is about a SEPA mandate (e.g. Stripe's setup-mode Checkout Session completed). */
  readonly mandateId: string | null
  readonly status: V2PaymentStatus | V2MandateStatus | null
}

export async function handleV2Webhook(
  deps: PaymentsV2Deps,
  tenantId: string,
  providerName: string,
  input: WebhookInput,
): Promise<Result<V2WebhookOutcome, PaymentsV2Error>> {
  const notFound = err({ code: 'not_found', resource: 'webhook endpoint', id: `${tenantId}/${providerName}` } as const)
  const set = await deps.providers(tenantId)
  if (!set.ok) return set.error.code === 'provider.not_configured' ? notFound : set
  if (set.value.provider !== providerName) return notFound
  const provider = set.value.payments('card')
  if (!provider.verifyWebhook) return notFound
  const verified = await provider.verifyWebhook(input)
  if (!verified.ok) return err({ code: 'webhook.rejected', kind: verified.error.kind, reason: verified.error.reason })
  const hint = verified.value

  const byId = hint.paymentId ? await deps.store.getPayment(tenantId, hint.paymentId) : null
  const stored = byId ?? (hint.providerRef ? await deps.store.findPaymentByProviderRef(tenantId, providerName, hint.providerRef) : null)
  const mandate =
    stored === null && hint.providerRef ? await deps.store.findMandateByProviderRef(tenantId, providerName, hint.providerRef) : null
  if (await deps.store.seenWebhook(tenantId, providerName, hint.dedupeKey)) {
    return ok({
      outcome: 'duplicate',
      paymentId: stored?.id ?? null,
      mandateId: mandate?.id ?? null,
      status: stored?.status ?? mandate?.status ?? null,
    })
  }
  const now = deps.clock()
  if (mandate) {
    // A hint too: the mandate is re-read from the provider and moves forward only.
    const after = await refreshMandate(deps, mandate)
    await deps.store.recordWebhook(tenantId, providerName, hint.dedupeKey, null, now)
    return ok({ outcome: 'applied', paymentId: null, mandateId: after.id, status: after.status })
  }
  if (!stored) {
    await deps.store.recordWebhook(tenantId, providerName, hint.dedupeKey, null, now)
    deps.logger.info('payments v2 webhook for a payment not known here; acknowledged', { tenant_id: tenantId, provider: providerName })
    return ok({ outcome: 'unknown_payment', paymentId: null, mandateId: null, status: null })
  }
  const { payment, readFailed } = await refreshPayment(deps, stored)
  // Not recorded: the provider retries and the next delivery re-reads.
  if (readFailed) return err({ code: 'provider.unavailable', reason: 'the payment could not be re-read from the provider' })
  await deps.store.recordWebhook(tenantId, providerName, hint.dedupeKey, payment.id, now)
  return ok({ outcome: 'applied', paymentId: payment.id, mandateId: null, status: payment.status })
}
