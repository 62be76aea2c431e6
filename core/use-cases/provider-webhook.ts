/**
 * Webhooks of the proxy API's intermediaries (`POST /webhooks/{provider}`) through the one
 * verified-hint flow (verified-hint.ts): the payment is found by our id or the intermediary's
 * reference and re-checked at the intermediary (check-payment.ts), never taken from the webhook.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { StoredPayment } from '../../ports/payment-repo.port.ts'
import type { WebhookInbox } from '../../ports/webhook-inbox.port.ts'
import type { DomainError } from '../errors.ts'
import type { PaymentStatus } from '../payment.ts'
import { err, ok, type Result } from '../result.ts'
import { checkPayment } from './check-payment.ts'
import type { PaymentDeps } from './payments.ts'
import { receiveVerifiedHint } from './verified-hint.ts'

export type WebhookOutcome = {
  readonly outcome: 'applied' | 'duplicate' | 'unknown_payment'
  readonly paymentId: string | null
  readonly status: PaymentStatus | null
}

/** The inbox source of an intermediary's webhooks on the proxy API (gateway-wide: scope `''`). */
export const paymentsWebhookSource = (provider: string): string => `payments:${provider}`

export async function handleProviderWebhook(
  deps: PaymentDeps & { readonly inbox: WebhookInbox },
  providerName: string,
  input: WebhookInput,
): Promise<Result<WebhookOutcome, DomainError>> {
  const provider = deps.providers[providerName]
  if (!provider?.verifyWebhook) return err({ code: 'not_found', resource: 'webhook endpoint', id: providerName })
  const verify = provider.verifyWebhook.bind(provider)
  const r = await receiveVerifiedHint<StoredPayment>(
    deps,
    {
      inbox: { source: paymentsWebhookSource(providerName), scope: '' },
      verify,
      async find(hint) {
        const byId = hint.paymentId ? await deps.payments.getForCitizen(hint.paymentId) : null
        if (byId && byId.intermediary === providerName) return byId
        return hint.providerRef ? deps.payments.findByProviderRef(providerName, hint.providerRef) : null
      },
      // A read that fails is rescheduled by the check (the poller retries): the delivery is still done.
      apply: async (stored) => ok((await checkPayment(deps, stored)).stored),
      idOf: (stored) => stored.payment.id,
    },
    input,
  )
  if (!r.ok) return r
  const s = r.value.subject
  const outcome = r.value.outcome === 'unknown' ? 'unknown_payment' : r.value.outcome
  return ok({ outcome, paymentId: s?.payment.id ?? null, status: s?.payment.status ?? null })
}
