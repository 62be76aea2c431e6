/**
 * Cron schedule: which jobs each Cron Trigger runs. The keys must equal `[triggers] crons` in
 * wrangler.toml (a test checks it); Node and Deno run the same table in-process.
 * @module
 */

import type { Job, JobRun } from '../core/job.ts'
import { billingComplianceJob, reconcileBillingJob } from '../core/jobs/billing.ts'
import { dispatchOutboxJob } from '../core/jobs/dispatch-outbox.ts'
import { housekeeping } from '../core/jobs/housekeeping.ts'
import { intermediaryHealth } from '../core/jobs/intermediary-health.ts'
import { pollPayments } from '../core/jobs/poll-payments.ts'
import { reconcilePaymentsV2Job } from '../core/jobs/reconcile-payments-v2.ts'
import { reconcileSdiJob } from '../core/jobs/reconcile-sdi.ts'
import { processRtdJob, reconcileRtdJob } from '../core/jobs/rtd.ts'
import { runJob } from '../core/use-cases/run-job.ts'
import type { Deps } from './deps/index.ts'
import { consumeKafkaJob } from './ingest-event.ts'

// biome-ignore lint/suspicious/noExplicitAny: each job declares the slice of Deps it needs.
type AnyJob = Job<any>

/**
 * The reconcilers of things left unknown or pending (core/jobs/reconcile.ts), one job per API:
 * payments v1 (the poller), payments v2, SDI transmissions, billing and RTD file reports and ACKs.
 */
export const RECONCILE_JOBS: readonly AnyJob[] = [
  pollPayments,
  reconcilePaymentsV2Job,
  reconcileSdiJob,
  reconcileBillingJob,
  reconcileRtdJob,
]

export const SCHEDULES: Readonly<Record<string, readonly AnyJob[]>> = {
  // Reconcile and consume first, so this tick's dispatch also carries the events they emitted.
  '* * * * *': [...RECONCILE_JOBS, consumeKafkaJob, dispatchOutboxJob, processRtdJob],
  '*/5 * * * *': [intermediaryHealth],
  '17 3 * * *': [housekeeping],
  // 08:00 in Rome in winter (07:00 UTC), as the seed's cron: expired trials, skipped package weeks.
  '0 7 * * *': [billingComplianceJob],
}

/** Every job with the schedule that runs it. */
export const JOBS: ReadonlyArray<{ readonly job: AnyJob; readonly schedule: string }> = Object.entries(SCHEDULES).flatMap(
  ([schedule, jobs]) => jobs.map((job) => ({ job, schedule })),
)

/** Runs the jobs of one cron expression, one after another; unknown expressions run nothing. */
export async function runSchedule(deps: Deps, cron: string): Promise<JobRun[]> {
  await deps.ready
  const jobs = SCHEDULES[cron]
  if (!jobs) {
    deps.logger.warn('no jobs for cron expression', { cron })
    return []
  }
  const runs: JobRun[] = []
  for (const job of jobs) {
    const run = await runJob(deps, job, deps, cron)
    const log = run.outcome === 'ok' ? deps.logger.info : deps.logger.error
    log('cron job finished', { job: run.job, cron, outcome: run.outcome, counts: run.counts, error: run.error })
    runs.push(run)
  }
  return runs
}
