/** Daily housekeeping: prunes cron run history older than the retention window. @module */

import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { Job } from '../job.ts'

export const JOB_RUN_RETENTION_DAYS = 30

export const housekeeping: Job<{ readonly jobRuns: JobRunRepo }> = {
  name: 'housekeeping',
  description: `Deletes cron run records older than ${JOB_RUN_RETENTION_DAYS} days.`,
  async run(deps, now) {
    const before = new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000)
    const pruned = await deps.jobRuns.prune(before)
    return { counts: { pruned_job_runs: pruned } }
  },
}
