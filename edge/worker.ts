/**
 * Cloudflare Workers entry: `{ fetch, scheduled, queue }`. Configuration comes from bindings
 * (vars and `wrangler secret`); production refuses to serve without JWT_SECRET (or JWT_JWKS_URL) and
 * VARCO_DB_URL, answering 503 `misconfigured` and logging which variables are wrong. With SENTRY_DSN,
 * @sentry/cloudflare is imported on an isolate's first request and wraps fetch (unexpected errors
 * reported with their request id); without it, that code is never evaluated.
 * @module
 */

import { consumeQueueBatch, type QueueBatch, retryDelaySeconds } from '../adapters/cf-queue/index.ts'
import type { CloudflareSentry } from '../adapters/sentry/cloudflare.ts'
import { createApp } from './app.ts'
import { runSchedule } from './cron.ts'
import { reportDegradations } from './degraded.ts'
import { type Deps, depsFor, type RawEnv, type RuntimeDeps } from './deps/index.ts'
import { inboundHandler } from './ingest-event.ts'
import { APP_ID } from './version.ts'

type ExecutionContext = { waitUntil(p: Promise<unknown>): void; passThroughOnException?(): void }
type ScheduledController = { readonly cron: string; readonly scheduledTime: number }
type MessageBatch = QueueBatch & { ackAll(): void; retryAll(): void }
type WorkerEnv = Record<string, unknown>

/** Workers' libxml2 (the wasm imported as a module), loaded on the first FatturaPA request only. */
const runtime: RuntimeDeps = {
  xsd: () => import('../adapters/fatturapa/xsd/edge.ts').then((m) => m.createEdgeXsdValidator()),
}
/** Deps already checked for degradations (logged once per isolate, the Workers' "startup"). */
const reported = new WeakSet<Deps>()
const resolveDeps = (env: RawEnv) => {
  const deps = depsFor(env, runtime)
  if (!reported.has(deps)) {
    reported.add(deps)
    reportDegradations(deps)
  }
  return deps
}

let sentry: CloudflareSentry | null = null
const app = createApp({ resolveDeps, reportError: (e, context) => sentry?.report(e, context) })
const appFetch = { fetch: async (request: Request, env: WorkerEnv, ctx: ExecutionContext) => app.fetch(request, env, ctx as never) }
let sentryFetch: Promise<typeof appFetch> | null = null

/** appFetch under Sentry, made once per isolate (the DSN is the same for every request of a deployment). */
function withSentryFetch(dsn: string, env: WorkerEnv) {
  sentryFetch ??= import('../adapters/sentry/cloudflare.ts')
    .then((m) => m.cloudflareSentry({ dsn, environment: String(env['VARCO_ENV'] ?? 'production'), release: APP_ID }))
    .then((s) => {
      sentry = s
      return s.wrap(appFetch)
    })
  return sentryFetch
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    const dsn = typeof env['SENTRY_DSN'] === 'string' ? env['SENTRY_DSN'].trim() : ''
    if (dsn === '') return app.fetch(request, env, ctx as never)
    return (await withSentryFetch(dsn, env)).fetch(request, env, ctx)
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    const deps = resolveDeps(env)
    ctx.waitUntil(runSchedule(deps, controller.cron))
  },

  /**
   * Queue consumers: the fast path for events in on Workers (pushed as they arrive, no polling).
   * PAYMENTS_IN_QUEUE (default `varco-payments-in`) carries v2.0 payment events, ingested like
   * POST /payments with each event's own tenant; any other queue has no consumer yet, so its batch
   * is retried. Kafka (through a REST proxy) has no push here: the per-minute cron drains it.
   */
  async queue(batch: MessageBatch, env: WorkerEnv) {
    const deps = resolveDeps(env)
    if (batch.queue !== deps.config.PAYMENTS_IN_QUEUE) {
      deps.logger.error('no consumer for queue; messages will be retried', { queue: batch.queue, count: batch.messages.length })
      batch.retryAll()
      return
    }
    try {
      await deps.ready
    } catch (e) {
      deps.logger.error('database unavailable; queue batch will be retried', { queue: batch.queue, error: e })
      for (const m of batch.messages) m.retry({ delaySeconds: retryDelaySeconds(m.attempts ?? 1) })
      return
    }
    const report = await consumeQueueBatch(batch, inboundHandler(deps, 'queue'))
    deps.logger.info('queue batch consumed', { queue: batch.queue, ...report })
  },
}
