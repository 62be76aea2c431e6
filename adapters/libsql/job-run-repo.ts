/** JobRunRepo on libSQL. @module */

import { z } from 'zod'
import type { JobRun } from '../../core/job.ts'
import type { JobRunRepo } from '../../ports/job-run-repo.port.ts'
import type { Db } from './client.ts'

const JobRunRow = z.object({
  id: z.string(),
  job: z.string(),
  trigger: z.string(),
  started_at: z.number().int(),
  finished_at: z.number().int().nullable(),
  outcome: z.enum(['running', 'ok', 'error']),
  counts: z.string(),
  error: z.string().nullable(),
})

const Counts = z.record(z.string(), z.number())

function toJobRun(row: unknown): JobRun {
  const r = JobRunRow.parse(row)
  return {
    id: r.id,
    job: r.job,
    trigger: r.trigger,
    startedAt: new Date(r.started_at),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
    outcome: r.outcome,
    counts: Counts.parse(JSON.parse(r.counts)),
    error: r.error,
  }
}

export function libsqlJobRunRepo(db: Db): JobRunRepo {
  return {
    async start(run) {
      await db.execute({
        sql: `INSERT INTO job_runs (id, job, trigger, started_at, finished_at, outcome, counts, error)
              VALUES (?, ?, ?, ?, NULL, 'running', '{}', NULL)`,
        args: [run.id, run.job, run.trigger, run.startedAt.getTime()],
      })
    },
    async finish(run) {
      await db.execute({
        sql: `UPDATE job_runs SET finished_at = ?, outcome = ?, counts = ?, error = ?
              WHERE id = ? AND outcome = 'running'`,
        args: [run.finishedAt?.getTime() ?? null, run.outcome, JSON.stringify(run.counts), run.error, run.id],
      })
    },
    async latestPerJob() {
      const rs = await db.execute(
        `SELECT r.id, r.job, r.trigger, r.started_at, r.finished_at, r.outcome, r.counts, r.error
         FROM job_runs r
         WHERE r.id = (SELECT i.id FROM job_runs i WHERE i.job = r.job ORDER BY i.started_at DESC, i.id DESC LIMIT 1)
         ORDER BY r.started_at DESC`,
      )
      return rs.rows.map(toJobRun)
    },
    async prune(before) {
      const rs = await db.execute({ sql: 'DELETE FROM job_runs WHERE started_at < ?', args: [before.getTime()] })
      return rs.rowsAffected
    },
  }
}
