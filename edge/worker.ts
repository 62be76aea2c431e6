/**
 * Cloudflare Workers entry: `{ fetch, scheduled, queue }`. Configuration comes from bindings
 * (vars and `wrangler secret`); production refuses to serve without JWT_SECRET (or JWT_JWKS_URL) and
 * VARCO_DB_URL, answering 503 `misconfigured` and logging which variables are wrong.
 * @module
 */

import { createApp } from './app.ts'
import { runSchedule } from './cron.ts'
import { depsFor } from './deps.ts'

type ExecutionContext = { waitUntil(p: Promise<unknown>): void; passThroughOnException?(): void }
type ScheduledController = { readonly cron: string; readonly scheduledTime: number }
type QueueMessage = { readonly id: string; readonly body: unknown; ack(): void; retry(): void }
type MessageBatch = { readonly queue: string; readonly messages: readonly QueueMessage[]; ackAll(): void; retryAll(): void }
type WorkerEnv = Record<string, unknown>

const app = createApp()

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    return app.fetch(request, env, ctx as never)
  },

  async scheduled(controller: ScheduledController, env: WorkerEnv, ctx: ExecutionContext) {
    const deps = depsFor(env)
    ctx.waitUntil(runSchedule(deps, controller.cron))
  },

  /** Queue consumers are registered by the issues that add queues; until then nothing is acked. */
  async queue(batch: MessageBatch, env: WorkerEnv) {
    const deps = depsFor(env)
    deps.logger.error('no consumer for queue; messages will be retried', { queue: batch.queue, count: batch.messages.length })
    batch.retryAll()
  },
}
