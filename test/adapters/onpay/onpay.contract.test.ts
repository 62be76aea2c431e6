import { runPaymentProviderContract, webhookSkips } from '../../contract/payment-provider.contract.ts'
import { simHarness } from './harness.ts'

const skip = {
  cancel: { reason: 'OnPay links cannot be cancelled (manual v1.8); cancel is always declined, see adapter.test.ts' },
  'idempotent-create': {
    reason:
      'OnPay refuses a repeated extId and never returns a link URL again, so the second reference has no URL; no second link is made (adapter.test.ts)',
  },
  ...webhookSkips('pull only: OnPay has no push; the poller reads get_notifications (test/edge/reconcilers.test.ts)'),
} as const

for (const gateway of ['multisafepay', 'nexi', 'volt'] as const) {
  runPaymentProviderContract({
    name: `OnPay adapter (${gateway}) ↔ OnPay simulator (in-process)`,
    make: async () => simHarness(gateway).harness,
    skip,
  })
}
