/**
 * A gateway that can crash: `node edge/node.ts` (what `npm start` runs) on one libSQL file that
 * outlives every start, so a SIGKILL is followed by a restart on the same database. The per-minute
 * cron is off in the child; `runCron` runs its jobs the way the scheduler does (runSchedule of
 * `* * * * *`) against the same file and configuration, with the clock moved forward so that retries
 * are due at once. `withDeps` gives a test the same deps in-process (what the CLI does), e.g. to make tenants.
 * @module
 */

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jsonLogger } from '../../../adapters/log/json-logger.ts'
import type { JobRun } from '../../../core/job.ts'
import { provisionTenant } from '../../../core/use-cases/tenants.ts'
import { runSchedule } from '../../../edge/cron.ts'
import { buildDeps, type Deps } from '../../../edge/deps/index.ts'
import { openLocalDb } from '../../../edge/local/db.ts'
import { localRtdDisk } from '../../../edge/local/rtd-disk.ts'
import { nodeXsd } from '../../../edge/local/xsd.ts'
import { type RunningServer, startServer } from '../helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from '../http-harness.ts'

export type CrashGateway = {
  readonly dbUrl: string
  server(): RunningServer
  h(): HttpHarness
  /** Starts (or restarts) the gateway on the same database; `extra` is added to its environment for this start only. */
  start(extra?: Record<string, string>): Promise<void>
  /** SIGKILL: no drain, nothing flushed. */
  kill(): Promise<void>
  /**
   * The `* * * * *` jobs (reconcilers, consumer, outbox dispatcher, RTD) as the scheduler runs them, `aheadMs` later,
   * with the runtime's XSD validator and RTD disk (as `npm start` has them).
   */
  runCron(aheadMs: number): Promise<JobRun[]>
  /** `fn` on the gateway's deps built in the test process (same database, configuration and disk), `aheadMs` later. */
  withDeps<T>(aheadMs: number, fn: (deps: Deps) => Promise<T>): Promise<T>
  /** A tenant, made as `varco tenant create` makes it, in-process (a CLI start costs seconds on a busy box). */
  tenant(name: string): Promise<{ id: string; key: string }>
  close(): Promise<void>
}

export function crashGateway(env: Record<string, string>): CrashGateway {
  const dir = mkdtempSync(join(tmpdir(), 'varco-faults-'))
  // A libSQL file by default; a VARCO_DB_URL in `env` (a sqld) is used instead.
  const dbUrl = env['VARCO_DB_URL'] ?? `file:${join(dir, 'varco.db')}`
  const fullEnv = { VARCO_DB_URL: dbUrl, JWT_SECRET: E2E_SECRET, VARCO_ENV: 'development', RTD_DATA_DIR: join(dir, 'rtd'), ...env }
  let current: RunningServer | null = null
  let harness: HttpHarness | null = null
  return {
    dbUrl,
    server: () => current as RunningServer,
    h: () => harness as HttpHarness,
    async start(extra = {}) {
      await current?.stop()
      current = await startServer({ runtime: 'node', env: { ...fullEnv, ...extra } })
      harness = httpHarness(current)
    },
    async kill() {
      await current?.kill()
    },
    async withDeps(aheadMs, fn) {
      const raw = { ...fullEnv, VARCO_PUBLIC_URL: current?.url ?? 'http://127.0.0.1:1', LOG_LEVEL: 'error', KAFKA_CONSUME: 'false' }
      const deps = buildDeps(raw, {
        db: openLocalDb(dbUrl),
        logger: jsonLogger({ level: 'error' }),
        clock: () => new Date(Date.now() + aheadMs),
        xsd: nodeXsd,
        rtdDisk: localRtdDisk(fullEnv, dir),
      })
      try {
        await deps.ready
        return await fn(deps)
      } finally {
        deps.db.close()
      }
    },
    runCron(aheadMs) {
      return this.withDeps(aheadMs, (deps) => runSchedule(deps, '* * * * *'))
    },
    tenant(name) {
      return this.withDeps(0, async (deps) => {
        const r = await provisionTenant(deps, { name, taxIdentificationNumber: '00341620508', ipaCode: null }, deps.clock())
        if (!r.ok) throw new Error(`tenant ${name}: ${r.error.code}`)
        return { id: r.value.tenant.id, key: r.value.apiKey }
      })
    },
    async close() {
      await current?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
