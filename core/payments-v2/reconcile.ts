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

/** A reconciler over open v2 records of one kind; a check that throws is logged and counted `unreadable`. */
function openV2<T extends { readonly id: string; readonly tenantId: string }>(o: {
  readonly name: string
  readonly list: (deps: PaymentsV2Deps, since: Date, limit: number) => Promise<readonly T[]>
  /** Re-reads one record; the counters to add one to. */
  readonly check: (deps: PaymentsV2Deps, item: T) => Promise<readonly string[]>
  readonly checked: string
}): Reconciler<V2, T> {
  return {
    name: o.name,
    batch: RECONCILE_BATCH,
    maxPerRun: RECONCILE_BATCH,
    listDue: ({ paymentsV2 }, now, limit) => o.list(paymentsV2, windowStart(now), limit),
    idOf: (item) => item.id,
    async refresh({ paymentsV2: deps }, item) {
      try {
        return [o.checked, ...(await o.check(deps, item))]
      } catch (e) {
        deps.logger.error(`${o.name} reconcile: check failed`, { id: item.id, tenant_id: item.tenantId, error: e })
        return [o.checked, 'unreadable']
      }
    },
  }
}

export const openV2Payments = openV2<V2Payment>({
  name: 'payments-v2.payments',
  list: (deps, since, limit) => deps.store.listOpenPayments(since, limit),
  checked: 'checked',
  async check(deps, p) {
    const r = await refreshPayment(deps, p)
    return r.readFailed ? ['unreadable'] : r.payment.status !== p.status ? ['changed'] : []
  },
})

export const openV2Mandates = openV2<V2Mandate>({
  name: 'payments-v2.mandates',
  list: (deps, since, limit) => deps.store.listOpenMandates(since, limit),
  checked: 'mandates_checked',
  check: async (deps, m) => ((await refreshMandate(deps, m)).status !== m.status ? ['mandates_changed'] : []),
})
