/**
 * Default-deny authentication: every path not listed as public needs `X-API-Key` and a bearer JWT,
 * or a platform key alone. Platform keys are refused (403) outside the proxy API's paths, before
 * any handler runs. Repeated failures answer 429 (auth-throttle.ts). Handlers then state the role
 * they need: `requireCaller` on the proxy API (either kind of caller), `requireRole` everywhere else
 * (tenant callers only). Keys are read through the read cache (adapters/cache/read-cache.ts), refreshed
 * first on every authenticated request. Public payment paths, and `/update/` called without credentials, are
 * opened by signed links instead (./capability-link.ts).
 * @module
 */

import type { Context, MiddlewareHandler } from 'hono'
import type { Role } from '../../core/errors.ts'
import type { Caller, Principal } from '../../core/principal.ts'
import { authenticate, authorize } from '../../core/use-cases/authenticate.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { failedAuthentication } from './auth-throttle.ts'
import { opensByLink } from './capability-link.ts'

const PUBLIC_EXACT = new Set([
  '/',
  '/health',
  '/status',
  '/metrics',
  '/openapi.json',
  '/docs',
  '/tenants/schema',
  '/services/schema',
  '/favicon.ico',
  '/billing/webhook',
  '/billing/cron/check-compliance',
])
const PUBLIC_PREFIXES = [
  '/docs/',
  '/sandbox/',
  '/online-payment/',
  '/landing/',
  '/notice/',
  '/offline-payment/',
  '/receipt/',
  '/webhooks/',
  '/payment/v2/webhooks/',
]

export function isPublicPath(path: string): boolean {
  return PUBLIC_EXACT.has(path) || PUBLIC_PREFIXES.some((p) => path.startsWith(p))
}

/** The Opencity proxy API, the only paths a platform key opens. */
const PLATFORM_ROOTS = ['/tenants', '/services', '/payments', '/imports', '/update']

export function isPlatformPath(path: string): boolean {
  return PLATFORM_ROOTS.some((p) => path === p || path.startsWith(`${p}/`))
}

/** Failures that count against the auth-failure limit (edge/middleware/auth-throttle.ts). */
const isAuthFailure = (code: string) =>
  code.startsWith('auth.') && code !== 'auth.insufficient_role' && code !== 'auth.platform_not_allowed'

export function authentication(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path) || opensByLink(c)) return next()
    const deps = c.get('deps')
    // Another process's write (a key revoked by the CLI) empties the cache before this request reads it.
    await deps.readCache.refresh()
    const result = await authenticate(deps, {
      apiKey: c.req.header('x-api-key'),
      authorization: c.req.header('authorization'),
    })
    if (!result.ok && isAuthFailure(result.error.code)) {
      const limited = await failedAuthentication(c)
      if (limited) return limited
    }
    const principal = unwrap(result)
    if (principal.kind === 'platform' && !isPlatformPath(c.req.path)) throw new DomainFailure({ code: 'auth.platform_not_allowed' })
    c.set('principal', principal)
    await next()
  }
}

/** A tenant caller whose role is at least `role`; a platform gets 403 (outside the proxy API). */
export function requireRole(c: Context<AppEnv>, role: Role): Principal {
  const principal = c.get('principal')
  if (principal.kind !== 'tenant') throw new DomainFailure({ code: 'auth.platform_not_allowed' })
  return unwrap(authorize(principal, role))
}

/** Either kind of caller (proxy API), if its role is at least `role` (a platform is admin). */
export function requireCaller(c: Context<AppEnv>, role: Role): Caller {
  return unwrap(authorize<Caller>(c.get('principal'), role))
}

/** The tenant caller, with no role check (routes that check the role in their use case). */
export function tenantPrincipal(c: Context<AppEnv>): Principal {
  const principal = c.get('principal')
  if (principal.kind !== 'tenant') throw new DomainFailure({ code: 'auth.platform_not_allowed' })
  return principal
}
