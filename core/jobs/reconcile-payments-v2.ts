/** The payments v2 reconcilers (core/payments-v2/reconcile.ts) as the cron job `reconcile-payments-v2`. @module */

import type { PaymentsV2Deps } from '../payments-v2/deps.ts'
import { openV2Mandates, openV2Payments } from '../payments-v2/reconcile.ts'
import { reconcileJob } from './reconcile.ts'

export const reconcilePaymentsV2Job = reconcileJob<{ readonly paymentsV2: PaymentsV2Deps }>({
  name: 'reconcile-payments-v2',
  description: 'Re-reads payments v2 links and charges left unknown or pending, and mandates awaiting signature, and moves them forward.',
  counters: ['checked', 'changed', 'unreadable', 'mandates_checked', 'mandates_changed'],
  reconcilers: [openV2Payments, openV2Mandates],
})
