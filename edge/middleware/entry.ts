/**
 * The first middleware of the app, in one step instead of four (each Hono middleware costs an async
 * frame and a promise per request): the request id (./request-id.ts), the request's deps and its
 * logger, the security headers (./security-headers.ts) and, once the answer is known, the access log
 * line and the HTTP metrics (./observe.ts). Every request is counted and logged, shed and failed ones
 * included: they are answered inside `next()`.
 * @module
 */

import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps/index.ts'
import type { MetricsRegistry } from '../metrics.ts'
import { recordRequest } from './observe.ts'
import { assignRequestId } from './request-id.ts'
import { finishSecurityHeaders, presetSecurityHeaders } from './security-headers.ts'

export type EntryOptions = {
  readonly resolveDeps: (env: Record<string, unknown>) => Deps
  readonly metrics: MetricsRegistry
  /** Called once per deps, with the bindings of its first request (the sandbox's way back in). */
  readonly attach?: (deps: Deps, env: Record<string, unknown>) => void
}

export function entry(options: EntryOptions): MiddlewareHandler<AppEnv> {
  const { resolveDeps, metrics, attach } = options
  const attached = new WeakSet<Deps>()
  return async (c, next) => {
    const started = performance.now()
    const id = assignRequestId(c)
    const env = c.env ?? {}
    const deps = resolveDeps(env)
    c.set('deps', deps)
    if (!attached.has(deps)) {
      attached.add(deps)
      attach?.(deps, env)
    }
    c.set('log', deps.logger.child({ request_id: id }))
    const production = deps.config.VARCO_ENV === 'production'
    presetSecurityHeaders(c, production)
    await next()
    finishSecurityHeaders(c, production)
    recordRequest(c, metrics, started)
  }
}
