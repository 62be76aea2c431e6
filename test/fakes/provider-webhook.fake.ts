/**
 * The provider-webhook use case (core/use-cases/provider-webhook.ts) over the in-memory fakes, for
 * contract tests: one PAYMENT_PENDING payment stored as created at a provider, deliveries handled
 * exactly as the route handles them, and the provider's reads counted. Runtime-neutral.
 * @module
 */

import { expect } from 'vitest'
import { eventToWire } from '../../core/payment-wire.ts'
import type { Tenant } from '../../core/tenant.ts'
import { handleProviderWebhook } from '../../core/use-cases/provider-webhook.ts'
import type { Logger } from '../../ports/logger.port.ts'
import type { Creditor, PaymentProvider, WebhookInput } from '../../ports/payment-provider.port.ts'
import { inMemoryPaymentRepo, inMemoryServiceRepo } from './in-memory-repos.fake.ts'
import { testLinkSigner } from './link-signer.fake.ts'
import { aPayment } from './payment.fake.ts'
import { countingCalls } from './payment-provider.fake.ts'
import { inMemoryWebhookInbox } from './webhook-inbox.fake.ts'

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
}

/**
 * The real webhook use case (core/use-cases/provider-webhook.ts) over the in-memory fakes, with one
 * PAYMENT_PENDING payment stored as created at `provider`, and the provider's reads counted.
 */
export async function throughUseCase(
  provider: PaymentProvider,
  creditor: Creditor,
  clock: () => Date,
  known: { readonly paymentId: string; readonly providerRef: string },
) {
  const { provider: counted, calls } = countingCalls(provider)
  const payments = inMemoryPaymentRepo()
  const tenantId = crypto.randomUUID()
  const tenant: Tenant = {
    id: tenantId,
    name: creditor.name,
    taxIdentificationNumber: creditor.taxId,
    ipaCode: null,
    pagopa: null,
    active: true,
    configuredAt: clock(),
    createdAt: clock(),
    updatedAt: clock(),
  }
  const deps = {
    tenants: { get: async (id: string) => (id === tenantId ? tenant : null) },
    services: inMemoryServiceRepo(),
    payments,
    inbox: inMemoryWebhookInbox(),
    providers: { [provider.name]: counted },
    creditorOf: () => creditor,
    clock,
    newId: () => crypto.randomUUID(),
    logger: silent,
    appId: 'varco:contract',
    publishers: [],
    publicUrl: 'https://varco.example.it',
    linkSigner: testLinkSigner(),
  }
  const at = clock()
  const p = aPayment({ id: known.paymentId, tenant_id: tenantId, status: 'PAYMENT_PENDING', created_at: at, updated_at: at })
  const written = await payments.insert({
    stored: { payment: p, intermediary: provider.name, providerRef: known.providerRef },
    events: [eventToWire({ ...p, event_id: crypto.randomUUID(), event_version: '2.0', event_created_at: at, app_id: deps.appId })],
    publish: [],
    at,
  })
  if (!written.ok) throw new Error(`cannot store the payment: ${written.error.code}`)
  return {
    async deliver(input: WebhookInput) {
      const r = await handleProviderWebhook(deps, provider.name, input)
      if (!r.ok) expect.fail(`the use case refused the delivery: ${r.error.code}`)
      return r.value
    },
    eventCount: async () => (await payments.events(tenantId, known.paymentId)).length,
    status: async () => (await payments.get(tenantId, known.paymentId))?.payment.status,
    reads: () => calls.read,
  }
}
