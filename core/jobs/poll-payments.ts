/**
 * The poller (opencity.md §5.3): checks payments whose `links.update.next_check_at` is due, in
 * bounded batches, so a payment paid at the intermediary becomes COMPLETE with no citizen action,
 * and creates payments whose creation is still pending (retries, imports). Checks and creations have
 * separate budgets, so a large import waiting to be created does not delay the checks.
 * @module
 */

import type { Job } from '../job.ts'
import { checkPayment } from '../use-cases/check-payment.ts'
import type { PaymentDeps } from '../use-cases/payments.ts'

export const POLL_BATCH = 50
/** Per run and per kind (status checks, creations). */
export const POLL_MAX_PER_KIND = 250

export const pollPayments: Job<PaymentDeps> = {
  name: 'poll-payments',
  description: `Checks due payments at their intermediary and creates pending ones (batches of ${POLL_BATCH}, at most ${POLL_MAX_PER_KIND} of each a run).`,
  async run(deps, now) {
    const counts = { checked: 0, completed: 0, expired: 0, canceled: 0, created: 0, failed_reads: 0 }
    const seen = new Set<string>()
    for (const kind of ['check', 'creation'] as const) {
      let done = 0
      while (done < POLL_MAX_PER_KIND) {
        const batch = Math.min(POLL_BATCH, POLL_MAX_PER_KIND - done)
        const due = (await deps.payments.dueForCheck(now, batch, kind)).filter((s) => !seen.has(s.payment.id))
        if (due.length === 0) break
        done += due.length
        for (const stored of due) {
          seen.add(stored.payment.id)
          const before = stored.payment.status
          const { stored: after, read } = await checkPayment(deps, stored)
          counts.checked++
          if (read === 'failed') counts.failed_reads++
          if (after.payment.status === before) continue
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
