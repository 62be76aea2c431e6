/**
 * The poller (opencity.md §5.3), as the payments v1 reconcilers: checks payments whose
 * `links.update.next_check_at` is due, in bounded batches, so a payment paid at the intermediary
 * becomes COMPLETE with no citizen action, and creates payments whose creation is still pending
 * (retries, imports). Checks and creations have separate budgets, so a large import waiting to be
 * created does not delay the checks.
 * @module
 */

import type { StoredPayment } from '../../ports/payment-repo.port.ts'
import { checkPayment } from '../use-cases/check-payment.ts'
import type { PaymentDeps } from '../use-cases/payments.ts'
import { type Reconciler, reconcileJob } from './reconcile.ts'

export const POLL_BATCH = 50
/** Per run and per kind (status checks, creations). */
export const POLL_MAX_PER_KIND = 250

const CHANGED = { COMPLETE: 'completed', EXPIRED: 'expired', CANCELED: 'canceled', PAYMENT_PENDING: 'created' } as const

function duePayments(name: string, kind: 'check' | 'creation'): Reconciler<PaymentDeps, StoredPayment> {
  return {
    name,
    batch: POLL_BATCH,
    maxPerRun: POLL_MAX_PER_KIND,
    listDue: (deps, now, limit) => deps.payments.dueForCheck(now, limit, kind),
    idOf: (s) => s.payment.id,
    async refresh(deps, stored) {
      const before = stored.payment.status
      const { stored: after, read } = await checkPayment(deps, stored)
      const status = after.payment.status
      const changed = status !== before && Object.hasOwn(CHANGED, status) ? [CHANGED[status as keyof typeof CHANGED]] : []
      return ['checked', ...(read === 'failed' ? ['failed_reads'] : []), ...changed]
    },
  }
}

export const paymentChecks = duePayments('payments.checks', 'check')
export const paymentCreations = duePayments('payments.creations', 'creation')

export const pollPayments = reconcileJob<PaymentDeps>({
  name: 'poll-payments',
  description: `Checks due payments at their intermediary and creates pending ones (batches of ${POLL_BATCH}, at most ${POLL_MAX_PER_KIND} of each a run).`,
  counters: ['checked', 'completed', 'expired', 'canceled', 'created', 'failed_reads'],
  reconcilers: [paymentChecks, paymentCreations],
})
