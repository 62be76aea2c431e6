/**
 * A gateway that can crash: `node edge/node.ts` (what `npm start` runs) on one libSQL file that
 * outlives every start, so a SIGKILL is followed by a restart on the same database. The per-minute
 * cron is off in the child; `runCron` runs its jobs the way the scheduler does (runSchedule of
 * `* * * * *`) against the same file and configuration, with the clock moved forward so that retries
 * are due at once.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonLogger } from '../../../adapters/log/json-logger.ts'
import type { JobRun } from '../../../core/job.ts'
import { runSchedule } from '../../../edge/cron.ts'
import { buildDeps } from '../../../edge/deps/index.ts'
import { openLocalDb } from '../../../edge/local/db.ts'
import { type RunningServer, startServer } from '../helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from '../http-harness.ts'

export type CrashGateway = {
  readonly dbUrl: string
  server(): RunningServer
  h(): HttpHarness
  /** Starts (or restarts) the gateway on the same database. */
  start(): Promise<void>
  /** SIGKILL: no drain, nothing flushed. */
  kill(): Promise<void>
  /** The `* * * * *` jobs (reconcilers, consumer, outbox dispatcher, RTD) as the scheduler runs them, `aheadMs` later. */
  runCron(aheadMs: number): Promise<JobRun[]>
  close(): Promise<void>
}

export function crashGateway(env: Record<string, string>): CrashGateway {
  const dir = mkdtempSync(join(tmpdir(), 'varco-faults-'))
  const dbUrl = `file:${join(dir, 'varco.db')}`
  const fullEnv = { VARCO_DB_URL: dbUrl, JWT_SECRET: E2E_SECRET, VARCO_ENV: 'development', RTD_DATA_DIR: join(dir, 'rtd'), ...env }
  let current: RunningServer | null = null
  let harness: HttpHarness | null = null
  return {
    dbUrl,
    server: () => current as RunningServer,
    h: () => harness as HttpHarness,
    async start() {
      await current?.stop()
      current = await startServer({ runtime: 'node', env: fullEnv })
      harness = httpHarness(current)
    },
    async kill() {
      await current?.kill()
    },
    async runCron(aheadMs) {
      const raw = { ...fullEnv, VARCO_PUBLIC_URL: current?.url ?? 'http://127.0.0.1:1', LOG_LEVEL: 'error', KAFKA_CONSUME: 'false' }
      const deps = buildDeps(raw, {
        db: openLocalDb(dbUrl),
        logger: jsonLogger({ level: 'error' }),
        clock: () => new Date(Date.now() + aheadMs),
      })
      try {
        return await runSchedule(deps, '* * * * *')
      } finally {
        deps.db.close()
      }
    },
    async close() {
      await current?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
