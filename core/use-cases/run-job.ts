/**
 * Runs one cron job and records it: a `running` row at start, then `ok` with the job's counts or
 * `error` with the message. A failing job never throws out of here, so one job cannot stop the next.
 * @module
 */

import type { Clock } from '../../ports/clock.port.ts'
import type { NewId } from '../../ports/id-gen.port.ts'
import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { Job, JobRun } from '../job.ts'

export type RunJobDeps = {
  readonly jobRuns: JobRunRepo
  readonly clock: Clock
  readonly newId: NewId
}

export async function runJob<D>(deps: RunJobDeps, job: Job<D>, jobDeps: D, trigger: string): Promise<JobRun> {
  const startedAt = deps.clock()
  const started: JobRun = {
    id: deps.newId(),
    job: job.name,
    trigger,
    startedAt,
    finishedAt: null,
    outcome: 'running',
    counts: {},
    error: null,
  }
  await deps.jobRuns.start(started)
  let finished: JobRun
  try {
    const report = await job.run(jobDeps, startedAt)
    finished = { ...started, finishedAt: deps.clock(), outcome: 'ok', counts: report.counts }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    finished = { ...started, finishedAt: deps.clock(), outcome: 'error', error: message.slice(0, 500) }
  }
  await deps.jobRuns.finish(finished)
  return finished
}
