/** Cron run history: one row per run, written at start and at end. System-wide, not tenant data. @module */

import type { JobRun } from '../core/job.ts'

export interface JobRunRepo {
  /** Records a run as `running`. */
  start(run: JobRun): Promise<void>
  /** Records how a run ended. */
  finish(run: JobRun): Promise<void>
  /** The latest run of each job, newest first. */
  latestPerJob(): Promise<JobRun[]>
  /** Deletes runs that started before `before`; returns how many. */
  prune(before: Date): Promise<number>
}
