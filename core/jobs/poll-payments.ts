/**
 * The poller (opencity.md §5.3): checks payments whose `links.update.next_check_at` is due, in
 * bounded batches, so a payment paid at the intermediary becomes COMPLETE with no citizen action,
 * and a payment whose creation failed transiently is created.
 * @module
 */

import type { Job } from '../job.ts'
import { checkPayment } from '../use-cases/check-payment.ts'
import type { PaymentDeps } from '../use-cases/payments.ts'

export const POLL_BATCH = 50
export const POLL_MAX_PER_RUN = 500

export const pollPayments: Job<PaymentDeps> = {
  name: 'poll-payments',
  description: `Checks due payments at their intermediary (batches of ${POLL_BATCH}, at most ${POLL_MAX_PER_RUN} a run).`,
  async run(deps, now) {
    const counts = { checked: 0, completed: 0, expired: 0, canceled: 0, created: 0, failed_reads: 0 }
    const seen = new Set<string>()
    while (counts.checked < POLL_MAX_PER_RUN) {
      const due = (await deps.payments.dueForCheck(now, POLL_BATCH)).filter((s) => !seen.has(s.payment.id))
      if (due.length === 0) break
      for (const stored of due) {
        seen.add(stored.payment.id)
        const before = stored.payment.status
        const { stored: after, read } = await checkPayment(deps, stored)
        counts.checked++
        if (read === 'failed') counts.failed_reads++
        if (after.payment.status !== before) {
          if (after.payment.status === 'COMPLETE') counts.completed++
          if (after.payment.status === 'EXPIRED') counts.expired++
          if (after.payment.status === 'CANCELED') counts.canceled++
          if (after.payment.status === 'PAYMENT_PENDING') counts.created++
        }
      }
    }
    return { counts }
  },
}
