/**
 * The compliance check (seed: "sospende tenant che hanno saltato una settimana, scade trial
 * expirate", daily): every account's status brought to what the plan says (model.ts planStatus).
 * Idempotent: a second run the same day finds nothing to change. Status changes are conditional
 * on the status read, so a payment landing meanwhile wins.
 * @module
 */

import type { BillingStatus } from '../payments-v2/model.ts'
import type { BillingDeps } from './deps.ts'
import { planStatus } from './model.ts'

export type ComplianceCounts = {
  checked: number
  expired: number
  suspended: number
  reactivated: number
  unchanged: number
  raced: number
}

export async function checkCompliance(deps: BillingDeps, now: Date): Promise<ComplianceCounts> {
  const counts: ComplianceCounts = { checked: 0, expired: 0, suspended: 0, reactivated: 0, unchanged: 0, raced: 0 }
  let after: string | null = null
  for (;;) {
    const page = await deps.repo.list(after, 100)
    if (page.length === 0) break
    for (const account of page) {
      counts.checked++
      const from = account.subscription.status
      const to: BillingStatus = planStatus(account.subscription, account.packages, now)
      if (to === from) {
        counts.unchanged++
        continue
      }
      if (!(await deps.repo.setStatus(account.subscription.tenantId, from, to, now))) {
        counts.raced++
        continue
      }
      if (to === 'expired') counts.expired++
      else if (to === 'suspended') counts.suspended++
      else counts.reactivated++
      deps.logger.info('billing status changed by the compliance check', { tenant_id: account.subscription.tenantId, from, to })
    }
    after = page[page.length - 1]?.subscription.tenantId ?? null
    if (page.length < 100) break
  }
  return counts
}
