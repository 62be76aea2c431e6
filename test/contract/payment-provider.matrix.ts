/**
 * The PaymentProvider matrix: every intermediary adapter (and the fake provider) × the far side it
 * runs against × the cases it skips, with reasons. test/contract/payment-provider.contract.test.ts
 * (Node) and test/workerd/payment-provider.contract.test.ts (workerd) both run these rows. A new
 * intermediary is registered here, once. Runtime-neutral.
 * @module
 */

import { simHarness as onpay } from '../adapters/onpay/harness.ts'
import { simHarness as pagopa } from '../adapters/pagopa/harness.ts'
import { simHarness as revolut } from '../adapters/revolut/harness.ts'
import { simHarness as stripe } from '../adapters/stripe/harness.ts'
import { fixedClock } from '../fakes/clock.fake.ts'
import { fakeIntermediary, fakeProvider } from '../fakes/payment-provider.fake.ts'
import { BOTH_RUNTIMES, type MatrixRow, type Runtime, rowName, rowsFor } from './matrix.ts'
import { type ContractCase, type ProviderHarness, runPaymentProviderContract, webhookSkips } from './payment-provider.contract.ts'

export type ProviderRow = MatrixRow<ProviderHarness, ContractCase>

/** The fake provider against its in-memory intermediary, with every hook the contract has. */
export function fakeProviderHarness(): ProviderHarness {
  const clock = fixedClock()
  const far = fakeIntermediary({ clock })
  return {
    provider: fakeProvider({ intermediary: far }),
    creditor: { tenantId: 'tenant-pisa', taxId: '00341620508', name: 'Comune di Pisa' },
    now: clock,
    payAtProvider: async (ref) => far.pay(ref),
    openPage: (url) => far.fetch(url),
    countAtProvider: async () => far.count(),
    withBadCredentials: () => fakeProvider({ intermediary: far, apiKey: 'not-the-key' }),
    slow: () => fakeProvider({ intermediary: far, latencyMs: 100, timeoutMs: 10 }),
    declining: () => fakeProvider({ intermediary: far, declineCreates: 'card_declined' }),
    declineAttempt: async (ref) => far.declineAttempt(ref),
    signedWebhook: (ref, event, o) => far.sign(ref, event, o ?? {}),
  }
}

const ONPAY_SKIPS = {
  cancel: { reason: 'OnPay links cannot be cancelled (manual v1.8); cancel is always declined, see adapter.test.ts' },
  'idempotent-create': {
    reason:
      'OnPay refuses a repeated extId and never returns a link URL again, so the second reference has no URL; no second link is made (adapter.test.ts)',
  },
  ...webhookSkips('pull only: OnPay has no push; the poller reads get_notifications (test/edge/reconcilers.test.ts)'),
} as const

export const PAYMENT_PROVIDER_MATRIX: readonly ProviderRow[] = [
  {
    subject: 'pagoPA adapter',
    setUp: 'pagoPA simulator (in-process)',
    runtimes: BOTH_RUNTIMES,
    make: async () => pagopa().harness,
    skip: {
      'declined-attempt': {
        reason: 'a refused attempt stays at the PSP and never reaches GPD: the position is unchanged and payable, nothing to observe',
      },
      ...webhookSkips('pull only: pagoPA GPD sends no webhooks; the poller reads positions'),
    },
  },
  {
    subject: 'Stripe adapter',
    setUp: 'Stripe simulator (in-process)',
    runtimes: BOTH_RUNTIMES,
    make: async () => stripe().harness,
  },
  {
    subject: 'Revolut adapter',
    setUp: 'Revolut simulator (in-process)',
    runtimes: BOTH_RUNTIMES,
    make: async () => revolut().harness,
    skip: {
      declined: {
        reason:
          'Revolut creates an order for any valid request and declines payments, not orders (its 422 means our request was invalid); see declined-attempt',
      },
    },
  },
  ...(['multisafepay', 'nexi', 'volt'] as const).map(
    (gateway): ProviderRow => ({
      subject: `OnPay adapter (${gateway})`,
      setUp: 'OnPay simulator (in-process)',
      runtimes: BOTH_RUNTIMES,
      make: async () => onpay(gateway).harness,
      skip: ONPAY_SKIPS,
    }),
  ),
  {
    subject: 'fake provider (test/fakes)',
    setUp: 'fake intermediary (in memory)',
    runtimes: BOTH_RUNTIMES,
    make: async () => fakeProviderHarness(),
  },
]

/** Registers the contract for every row that runs on `runtime`. */
export function runPaymentProviderMatrix(runtime: Runtime): void {
  for (const row of rowsFor(PAYMENT_PROVIDER_MATRIX, runtime)) {
    runPaymentProviderContract({ name: `${rowName(row)} [${runtime}]`, make: row.make, ...(row.skip ? { skip: row.skip } : {}) })
  }
}
