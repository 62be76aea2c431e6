/**
 * The payments v2 reconciler as a cron job over the app's Deps. To schedule it, add
 * `reconcilePaymentsV2Job` to a schedule in edge/cron.ts (e.g. `* * * * *`).
 * @module
 */

import type { Job } from '../../core/job.ts'
import { reconcilePaymentsV2 } from '../../core/payments-v2/reconcile.ts'
import type { Deps } from '../deps.ts'
import { paymentsV2UseCaseDeps } from './payment-v2-deps.ts'

export const reconcilePaymentsV2Job: Job<Deps> = {
  name: 'reconcile-payments-v2',
  description: 'Re-reads payments v2 links and charges left unknown or pending, and mandates awaiting signature, and moves them forward.',
  run: (deps, now) => reconcilePaymentsV2(paymentsV2UseCaseDeps(deps, deps.logger), now),
}
