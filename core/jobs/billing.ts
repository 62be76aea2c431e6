/**
 * The billing jobs: the daily compliance check, and the reconciler that finishes what a lost
 * webhook or a failed step left: paid packages without their invoice (or SDI transmission), and
 * checkout sessions whose outcome never reached us (re-read at Stripe).
 * @module
 */

import { checkCompliance } from '../billing/compliance.ts'
import type { BillingDeps } from '../billing/deps.ts'
import { finishInvoice } from '../billing/invoice.ts'
import { refreshPackage } from '../billing/pay.ts'
import { sdiEnabled } from '../billing/settings.ts'
import { loadSettings } from '../billing/settings-store.ts'
import type { Job } from '../job.ts'

export const billingComplianceJob: Job<{ readonly billing: BillingDeps }> = {
  name: 'billing-compliance',
  description: 'Expires ended trials, suspends tenants that skipped a package week, reactivates paid ones (daily).',
  run: async (deps, now) => ({ counts: await checkCompliance(deps.billing, now) }),
}

const SESSION_GRACE_MS = 2 * 60_000
/** An unpaid session older than this has expired at Stripe (24 h at most); SEPA ones are followed until they settle. */
const SESSION_MAX_AGE_MS = 2 * 86_400_000

export const reconcileBillingJob: Job<{ readonly billing: BillingDeps }> = {
  name: 'reconcile-billing',
  description: 'Finishes the invoices (and SDI sends) of paid packages; re-reads open checkout sessions at Stripe.',
  run: async ({ billing: deps }, now) => {
    const counts = { invoices: 0, finished: 0, waiting: 0, failed: 0, sessions: 0, paid: 0, unreachable: 0 }
    const settings = await loadSettings(deps)
    const unsent = settings.ok && sdiEnabled(settings.value)
    for (const pkg of await deps.repo.listUnfinished(50, { unsent })) {
      counts.invoices++
      const account = await deps.repo.get(pkg.tenantId)
      if (!account) continue
      const r = await finishInvoice(deps, account, pkg.number, settings.ok ? settings.value : undefined)
      if (r === 'issued' || r === 'sent' || r === 'done') counts.finished++
      else if (r === 'waiting') counts.waiting++
      else if (r === 'failed') counts.failed++
    }
    if (deps.checkout !== null) {
      for (const pkg of await deps.repo.listOpenCheckouts(new Date(now.getTime() - SESSION_MAX_AGE_MS), 200)) {
        // A webhook is normally on its way for a fresh session.
        if (now.getTime() - pkg.updatedAt.getTime() < SESSION_GRACE_MS) continue
        counts.sessions++
        const r = await refreshPackage(deps, pkg)
        if (!r.ok) counts.unreachable++
        else if (r.value === 'paid') counts.paid++
      }
    }
    return { counts }
  },
}
