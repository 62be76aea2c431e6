/**
 * Provider webhooks of payments v2, one endpoint per tenant and provider, through the one
 * verified-hint flow (core/use-cases/verified-hint.ts). The signature is checked with the tenant's
 * own webhook secret; the subject (a payment, or a SEPA mandate) is re-read from the provider and
 * moved forward only. A payment that cannot be re-read answers 503 and is not recorded, so the
 * provider retries.
 * @module
 */

import type { WebhookInput } from '../../ports/payment-provider.port.ts'
import type { DomainError } from '../errors.ts'
import { err, ok, type Result } from '../result.ts'
import { receiveVerifiedHint } from '../use-cases/verified-hint.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { refreshMandate } from './mandates.ts'
import type { V2Mandate, V2MandateStatus, V2Payment, V2PaymentStatus } from './model.ts'
import { refreshPayment } from './payments.ts'

export type V2WebhookOutcome = {
  readonly outcome: 'applied' | 'duplicate' | 'unknown_payment'
  readonly paymentId: string | null
  /** Set when the event is about a SEPA mandate (e.g. Stripe's setup-mode Checkout Session completed). */
  readonly mandateId: string | null
  readonly status: V2PaymentStatus | V2MandateStatus | null
}

/** The inbox source of a provider's payments v2 webhooks; the scope is the tenant. */
export const paymentsV2WebhookSource = (provider: string): string => `payments-v2:${provider}`

type Subject = { readonly kind: 'payment'; readonly payment: V2Payment } | { readonly kind: 'mandate'; readonly mandate: V2Mandate }

export async function handleV2Webhook(
  deps: PaymentsV2Deps,
  tenantId: string,
  providerName: string,
  input: WebhookInput,
): Promise<Result<V2WebhookOutcome, DomainError>> {
  const notFound = err({ code: 'not_found', resource: 'webhook endpoint', id: `${tenantId}/${providerName}` } as const)
  const set = await deps.providers(tenantId)
  if (!set.ok) return set.error.code === 'provider.not_configured' ? notFound : set
  if (set.value.provider !== providerName) return notFound
  const provider = set.value.payments('card')
  if (!provider.verifyWebhook) return notFound
  const r = await receiveVerifiedHint<Subject>(
    deps,
    {
      inbox: { source: paymentsV2WebhookSource(providerName), scope: tenantId },
      verify: provider.verifyWebhook.bind(provider),
      async find(hint) {
        const byId = hint.paymentId ? await deps.store.getPayment(tenantId, hint.paymentId) : null
        const payment =
          byId ?? (hint.providerRef ? await deps.store.findPaymentByProviderRef(tenantId, providerName, hint.providerRef) : null)
        if (payment) return { kind: 'payment', payment }
        const mandate = hint.providerRef ? await deps.store.findMandateByProviderRef(tenantId, providerName, hint.providerRef) : null
        return mandate ? { kind: 'mandate', mandate } : null
      },
      async apply(s) {
        // A hint too: the mandate is re-read from the provider and moves forward only.
        if (s.kind === 'mandate') return ok({ kind: 'mandate', mandate: await refreshMandate(deps, s.mandate) })
        const { payment, readFailed } = await refreshPayment(deps, s.payment)
        if (readFailed) return err({ code: 'provider.unavailable', reason: 'the payment could not be re-read from the provider' })
        return ok({ kind: 'payment', payment })
      },
      idOf: (s) => (s.kind === 'payment' ? s.payment.id : s.mandate.id),
    },
    input,
  )
  if (!r.ok) return r
  const s = r.value.subject
  return ok({
    outcome: r.value.outcome === 'unknown' ? 'unknown_payment' : r.value.outcome,
    paymentId: s?.kind === 'payment' ? s.payment.id : null,
    mandateId: s?.kind === 'mandate' ? s.mandate.id : null,
    status: s === null ? null : s.kind === 'payment' ? s.payment.status : s.mandate.status,
  })
}
