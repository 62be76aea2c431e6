/**
 * Error reporting with Sentry's Workers SDK, imported on the first request of an isolate that has
 * SENTRY_DSN. Its light entry (`@sentry/cloudflare/request`, no OpenTelemetry, no nodejs_compat
 * integrations) puts each fetch under a client of its own, flushed with waitUntil; `report`
 * captures into that invocation's scope with @sentry/core, the version the SDK itself runs on.
 * @module
 */

import type { ReportError } from '../../ports/error-reporter.port.ts'
import { baseOptions, type SentryOptions } from './scrub.ts'

type Ctx = { waitUntil(p: Promise<unknown>): void }
type FetchHandler<Env, C extends Ctx> = { fetch(request: Request, env: Env, ctx: C): Promise<Response> }

export type CloudflareSentry = {
  readonly report: ReportError
  readonly wrap: <Env, C extends Ctx>(handler: FetchHandler<Env, C>) => FetchHandler<Env, C>
}

export async function cloudflareSentry(options: SentryOptions): Promise<CloudflareSentry> {
  const [{ wrapRequestHandler }, core] = await Promise.all([import('@sentry/cloudflare/request'), import('@sentry/core')])
  return {
    report: (error, context) => {
      core.withScope((scope) => {
        scope.setTags({ request_id: context.requestId, method: context.method, route: context.route })
        core.captureException(error)
      })
    },
    wrap: (handler) => ({
      fetch: (request, env, ctx) =>
        // The SDK's context type is Cloudflare's ExecutionContext; ours is the subset it uses (waitUntil).
        wrapRequestHandler({ options: baseOptions(options), request, context: ctx as never }, () => handler.fetch(request, env, ctx)),
    }),
  }
}
