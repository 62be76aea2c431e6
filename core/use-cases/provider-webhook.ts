/**
 * A provider webhook is a verified hint (STYLE §15): the signature is checked on the raw body first,
 * the payment is found by our id or the intermediary's reference, its state is re-read from the
 * intermediary (never taken from the webhook), and the delivery is recorded so a replay does nothing.
 * The delivery is recorded after the check is stored: a crash in between means the provider retries,
 * and re-checking is idempotent (forward-only transitions).
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { DomainError } from '../errors.ts'
import type { PaymentStatus } from '../payment.ts'
import { err, ok, type Result } from '../result.ts'
import { checkPayment } from './check-payment.ts'
import type { PaymentDeps } from './payments.ts'

export type WebhookOutcome = {
  readonly outcome: 'applied' | 'duplicate' | 'unknown_payment'
  readonly paymentId: string | null
  readonly status: PaymentStatus | null
}

export async function handleProviderWebhook(
  deps: PaymentDeps,
  providerName: string,
  input: WebhookInput,
): Promise<Result<WebhookOutcome, DomainError>> {
  const provider = deps.providers[providerName]
  if (!provider?.verifyWebhook) return err({ code: 'not_found', resource: 'webhook endpoint', id: providerName })
  const verified = await provider.verifyWebhook(input)
  if (!verified.ok) return err({ code: 'webhook.rejected', kind: verified.error.kind, reason: verified.error.reason })
  const hint = verified.value

  const byId = hint.paymentId ? await deps.payments.getForCitizen(hint.paymentId) : null
  const stored =
    byId && byId.intermediary === providerName
      ? byId
      : hint.providerRef
        ? await deps.payments.findByProviderRef(providerName, hint.providerRef)
        : null
  const now = deps.clock()
  if (!stored) {
    await deps.payments.recordWebhook(providerName, hint.dedupeKey, null, now)
    deps.logger.info('webhook for a payment not known here; acknowledged', { provider: providerName, dedupe_key: hint.dedupeKey })
    return ok({ outcome: 'unknown_payment', paymentId: null, status: null })
  }
  if (await isRecorded(deps, providerName, hint.dedupeKey)) {
    return ok({ outcome: 'duplicate', paymentId: stored.payment.id, status: stored.payment.status })
  }
  const { stored: after } = await checkPayment(deps, stored)
  await deps.payments.recordWebhook(providerName, hint.dedupeKey, after.payment.id, now)
  return ok({ outcome: 'applied', paymentId: after.payment.id, status: after.payment.status })
}

/** A replay check that does not consume the key (it is recorded only once the check is stored). */
async function isRecorded(deps: PaymentDeps, provider: string, key: string): Promise<boolean> {
  return deps.payments.seenWebhook(provider, key)
}
