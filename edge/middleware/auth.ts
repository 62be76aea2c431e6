/**
 * Default-deny authentication: every path not listed as public needs `X-API-Key` and a bearer JWT.
 * Handlers then state the role they need with `requireRole`. Public payment paths, and `/update/`
 * called without credentials, are opened by signed links instead (./capability-link.ts).
 * @module
 */

import type { Context, MiddlewareHandler } from 'hono'
import type { Role } from '../../core/errors.ts'
import type { Principal } from '../../core/principal.ts'
import { authenticate, authorize } from '../../core/use-cases/authenticate.ts'
import type { AppEnv } from '../context.ts'
import { unwrap } from '../failure.ts'
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

export function authentication(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isPublicPath(c.req.path) || opensByLink(c)) return next()
    const principal = unwrap(
      await authenticate(c.get('deps'), {
        apiKey: c.req.header('x-api-key'),
        authorization: c.req.header('authorization'),
      }),
    )
    c.set('principal', principal)
    await next()
  }
}

/** The caller, if its role is at least `role`; otherwise throws a 403 DomainFailure. */
export function requireRole(c: Context<AppEnv>, role: Role): Principal {
  return unwrap(authorize(c.get('principal'), role))
}
