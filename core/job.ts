/**
 * Cron jobs are plain use cases `(deps, now) => report`; a runner records every run.
 * @module
 */

export type JobReport = {
  /** Named counts, e.g. `{ checked: 10, completed: 2 }`. */
  readonly counts: Readonly<Record<string, number>>
}

export type JobOutcome = 'running' | 'ok' | 'error'

export type JobRun = {
  readonly id: string
  readonly job: string
  /** The cron expression that triggered the run, or `manual`. */
  readonly trigger: string
  readonly startedAt: Date
  readonly finishedAt: Date | null
  readonly outcome: JobOutcome
  readonly counts: Readonly<Record<string, number>>
  readonly error: string | null
}

export type Job<D> = {
  readonly name: string
  readonly description: string
  readonly run: (deps: D, now: Date) => Promise<JobReport>
}
