/**
 * The payments v2 reconciler: re-reads links and charges that may still change (`unknown`: the
 * create's answer was lost; `pending`: a webhook may never come, Revolut retries only 3 times), and
 * mandates still waiting for the customer's signature, and moves them forward. A cron job (see edge/routes/payment-v2-reconcile.ts) runs it every minute.
 * @module
 */

import type { JobReport } from '../job.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { refreshMandate } from './mandates.ts'
import { refreshPayment } from './payments.ts'

/** Payments older than this are left alone (a link nobody paid in a week is the tenant's to chase). */
export const RECONCILE_WINDOW_DAYS = 7
export const RECONCILE_BATCH = 100

export async function reconcilePaymentsV2(deps: PaymentsV2Deps, now: Date, limit = RECONCILE_BATCH): Promise<JobReport> {
  const since = new Date(now.getTime() - RECONCILE_WINDOW_DAYS * 86_400_000)
  const open = await deps.store.listOpenPayments(since, limit)
  let changed = 0
  let unreadable = 0
  for (const p of open) {
    try {
      const r = await refreshPayment(deps, p)
      if (r.readFailed) unreadable++
      else if (r.payment.status !== p.status) changed++
    } catch (e) {
      unreadable++
      deps.logger.error('payments v2 reconcile: check failed', { payment_id: p.id, tenant_id: p.tenantId, error: e })
    }
  }
  const mandates = await deps.store.listOpenMandates(since, limit)
  let mandatesChanged = 0
  for (const m of mandates) {
    try {
      if ((await refreshMandate(deps, m)).status !== m.status) mandatesChanged++
    } catch (e) {
      unreadable++
      deps.logger.error('payments v2 reconcile: mandate check failed', { mandate_id: m.id, tenant_id: m.tenantId, error: e })
    }
  }
  return { counts: { checked: open.length, changed, unreadable, mandates_checked: mandates.length, mandates_changed: mandatesChanged } }
}
