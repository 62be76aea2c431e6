/**
 * The RTD jobs. `process-rtd` claims submissions waiting for work (received: aggregate and encrypt; ready: upload)
 * under a lease and moves each as far as it goes; it runs where there is local disk (Node, Deno) and does
 * nothing elsewhere. `reconcile-rtd` follows every tenant's files at pagoPA (file report) and fetches the AdE
 * errors files; it runs on every runtime. Both run every minute from cron.
 * @module
 */

import type { Job } from '../job.ts'
import type { RtdDeps } from '../rtd/deps.ts'
import { followTenant, tenantsToFollow } from '../rtd/follow.ts'
import { processSubmission } from '../rtd/process.ts'
import { type Reconciler, reconcileJob } from './reconcile.ts'

/** Submissions worked per run: aggregation is long, so few; the rest wait for the next minute. */
const PER_RUN = 4

export const processRtdJob: Job<{ readonly rtd: RtdDeps }> = {
  name: 'process-rtd',
  description: 'Aggregates, encrypts and uploads received RTD input files (each ADE file name once).',
  run: async ({ rtd: deps }, now) => {
    const counts: Record<string, number> = {
      claimed: 0,
      processed: 0,
      rejected: 0,
      uploaded: 0,
      already_there: 0,
      upload_unknown: 0,
      upload_failed: 0,
      not_configured: 0,
      unreachable: 0,
      key_refused: 0,
      raced: 0,
      failed: 0,
    }
    if (!deps.files || !deps.openSpill) return { counts }
    for (const s of await deps.repo.claim(now, deps.leaseMs, PER_RUN)) {
      counts['claimed'] = (counts['claimed'] ?? 0) + 1
      try {
        for (const c of await processSubmission(deps, s)) counts[c] = (counts[c] ?? 0) + 1
      } catch (e) {
        counts['failed'] = (counts['failed'] ?? 0) + 1
        deps.logger.error('rtd processing failed', {
          tenant_id: s.tenantId,
          submission_id: s.id,
          error: e instanceof Error ? e.message : String(e),
        })
      } finally {
        await deps.repo.release(s.tenantId, s.id)
      }
    }
    return { counts }
  },
}

export const RTD_FOLLOWER: Reconciler<RtdDeps, string> = {
  name: 'rtd.reports',
  batch: 20,
  maxPerRun: 200,
  listDue: (deps, _now, limit) => tenantsToFollow(deps, limit),
  idOf: (tenantId) => tenantId,
  async refresh(deps, tenantId) {
    try {
      return await followTenant(deps, tenantId)
    } catch (e) {
      deps.logger.error('rtd follow failed', { tenant_id: tenantId, error: e instanceof Error ? e.message : String(e) })
      return ['failed']
    }
  },
}

const follow = reconcileJob<RtdDeps>({
  name: 'reconcile-rtd',
  description: 'Reads pagoPA file reports for sent RTD files and fetches, stores and confirms the AdE errors files (ADEACK).',
  counters: [
    'tenants',
    'report_read',
    'files_changed',
    'acks_stored',
    'acks_confirmed',
    'acks_too_large',
    'not_configured',
    'unreachable',
    'failed',
  ],
  reconcilers: [RTD_FOLLOWER],
})

export const reconcileRtdJob: Job<{ readonly rtd: RtdDeps }> = {
  name: follow.name,
  description: follow.description,
  run: (deps, now) => follow.run(deps.rtd, now),
}
