/**
 * Access log (one JSON line per request, Opencity "1 riga per ogni chiamata") and the request
 * counter (`oc_api_requests_total{method,route,status_code}`) and histogram, labelled by route
 * template, never by raw path.
 * @module
 */

import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../context.ts'
import type { MetricsRegistry } from '../metrics.ts'

/** The template of the route that handled the request (`/tenants/:id`), or `unmatched`. */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]
    if (r && r.method !== 'ALL') return r.path
  }
  return c.res.status === 404 ? 'unmatched' : (routes.at(-1)?.path ?? 'unmatched')
}

/** Counts, times and logs one answered request (`started`: `performance.now()` when it arrived). */
export function recordRequest(c: Context<AppEnv>, metrics: MetricsRegistry, started: number): void {
  const seconds = (performance.now() - started) / 1000
  const route = routeTemplate(c)
  const status = c.res.status
  const method = c.req.method
  metrics.recordRequest(method, route, status, seconds)
  const log = c.get('log')
  if (!log) return
  const caller = c.get('principal') as AppEnv['Variables']['principal'] | undefined
  const fields = {
    method,
    path: c.req.path,
    route,
    status,
    duration_ms: Math.round(seconds * 10_000) / 10,
    ip: c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim(),
    tenant_id: caller?.kind === 'tenant' ? caller.tenantId : undefined,
    platform_id: caller?.kind === 'platform' ? caller.platformId : undefined,
  }
  if (status >= 500) log.error('request', fields)
  else log.info('request', fields)
}
