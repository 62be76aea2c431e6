/**
 * The payments v2 reconcilers: links and charges that may still change (`unknown`: the create's
 * answer was lost; `pending`: a webhook may never come, Revolut retries only 3 times), and mandates
 * still waiting for the customer's signature, re-read and moved forward. core/jobs/reconcile-payments-v2.ts
 * runs them every minute.
 * @module
 */

import type { Reconciler } from '../jobs/reconcile.ts'
import type { PaymentsV2Deps } from './deps.ts'
import { refreshMandate } from './mandates.ts'
import type { V2Mandate, V2Payment } from './model.ts'
import { refreshPayment } from './payments.ts'

/** Payments older than this are left alone (a link nobody paid in a week is the tenant's to chase). */
export const RECONCILE_WINDOW_DAYS = 7
export const RECONCILE_BATCH = 100

type V2 = { readonly paymentsV2: PaymentsV2Deps }

const windowStart = (now: Date) => new Date(now.getTime() - RECONCILE_WINDOW_DAYS * 86_400_000)

export const openV2Payments: Reconciler<V2, V2Payment> = {
  name: 'payments-v2.payments',
  batch: RECONCILE_BATCH,
  maxPerRun: RECONCILE_BATCH,
  listDue: ({ paymentsV2 }, now, limit) => paymentsV2.store.listOpenPayments(windowStart(now), limit),
  idOf: (p) => p.id,
  async refresh({ paymentsV2: deps }, p) {
    try {
      const r = await refreshPayment(deps, p)
      return ['checked', ...(r.readFailed ? ['unreadable'] : r.payment.status !== p.status ? ['changed'] : [])]
    } catch (e) {
      deps.logger.error('payments v2 reconcile: check failed', { payment_id: p.id, tenant_id: p.tenantId, error: e })
      return ['checked', 'unreadable']
    }
  },
}

export const openV2Mandates: Reconciler<V2, V2Mandate> = {
  name: 'payments-v2.mandates',
  batch: RECONCILE_BATCH,
  maxPerRun: RECONCILE_BATCH,
  listDue: ({ paymentsV2 }, now, limit) => paymentsV2.store.listOpenMandates(windowStart(now), limit),
  idOf: (m) => m.id,
  async refresh({ paymentsV2: deps }, m) {
    try {
      return ['mandates_checked', ...((await refreshMandate(deps, m)).status !== m.status ? ['mandates_changed'] : [])]
    } catch (e) {
      deps.logger.error('payments v2 reconcile: mandate check failed', { mandate_id: m.id, tenant_id: m.tenantId, error: e })
      return ['mandates_checked', 'unreadable']
    }
  },
}
