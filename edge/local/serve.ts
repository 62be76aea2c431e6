/**
 * Shared start-up of the local runtimes: configuration with development defaults, deps, migrations,
 * the app and the in-process scheduler. Node and Deno only differ in how they listen.
 * @module
 */

import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { guardedFetch } from '../../adapters/outbound/guarded-fetch.ts'
import type { ReportError } from '../../ports/error-reporter.port.ts'
import { createApp } from '../app.ts'
import { reportDegradations } from '../degraded.ts'
import { buildDeps, type Deps } from '../deps/index.ts'
import { parseConfig } from '../env.ts'
import { fileAssets } from './assets.ts'
import { openLocalDb } from './db.ts'
import { loadLocalEnv } from './env.ts'
import { type KafkaLoop, startKafkaLoop } from './kafka-loop.ts'
import { localRtdDisk } from './rtd-disk.ts'
import { type Scheduler, startScheduler } from './scheduler.ts'
import { bufferedStdout } from './stdout.ts'
import { nodeXsd } from './xsd.ts'

export const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url))

export type Local = {
  readonly app: ReturnType<typeof createApp>
  readonly deps: Deps
  readonly env: Record<string, string>
  readonly port: number
  readonly hostname: string
  readonly scheduler: Scheduler | null
  /** The long-lived Kafka consumer, when KAFKA_CONSUME=true (and KAFKA_CONSUMER_LOOP on). */
  readonly kafkaLoop: KafkaLoop | null
  /** Stops the scheduler and the Kafka consumer, letting running work finish. */
  readonly stop: () => Promise<void>
}

/**
 * The bindings of one request: the process env plus the runtime's view of the peer (Node: `incoming`,
 * Deno: `remoteAddr`), read by the auth-failure limiter (edge/middleware/auth-throttle.ts). The env is
 * the prototype, not copied, so a request costs one small object.
 */
export function peerBindings(env: Record<string, string | undefined>, peer: object): Record<string, unknown> {
  return Object.assign(Object.create(env) as Record<string, unknown>, peer)
}

export async function prepareLocal(
  processEnv: Readonly<Record<string, string | undefined>>,
  options: { readonly reportError?: ReportError } = {},
): Promise<Local> {
  const { env, devMode, dataDir } = loadLocalEnv(processEnv)
  const config = parseConfig(env)
  const deps = buildDeps(env, {
    db: openLocalDb(env['VARCO_DB_URL'] ?? '', env['VARCO_DB_AUTH_TOKEN'], {
      synchronous: config.VARCO_DB_SYNCHRONOUS,
      timeoutMs: config.VARCO_DB_TIMEOUT_MS,
    }),
    logger: jsonLogger({ level: config.LOG_LEVEL, write: bufferedStdout() }),
    xsd: nodeXsd,
    rtdDisk: localRtdDisk(env, dataDir),
    // Only VARCO_FAULT_POINT (test hook, refused in production) ever calls it.
    crash: () => process.kill(process.pid, 'SIGKILL'),
    // Event sinks resolved and checked at connect time (DNS rebinding), where the URL check is enforced.
    ...(config.VARCO_ENV === 'production' ? { sinkFetch: guardedFetch() } : {}),
  })
  if (devMode) {
    deps.logger.warn('development mode: JWT_SECRET is not set, using the generated secret in the data directory', {
      data_dir: dataDir,
    })
  }
  await deps.ready
  reportDegradations(deps)
  const app = createApp({
    resolveDeps: () => deps,
    readAsset: fileAssets(PUBLIC_DIR),
    ...(options.reportError ? { reportError: options.reportError } : {}),
  })
  const scheduler = env['VARCO_CRON'] === 'false' ? null : startScheduler(deps)
  const kafkaLoop = startKafkaLoop(deps)
  return {
    app,
    deps,
    env,
    port: Number(env['PORT'] ?? 8787),
    hostname: env['HOST'] ?? '127.0.0.1',
    scheduler,
    kafkaLoop,
    stop: async () => {
      await Promise.allSettled([scheduler?.stop(), kafkaLoop?.stop()])
    },
  }
}
