/**
 * OpenAPI.it's OAuth (spec fatturapa.md §6.1): `POST /oauth/tokens` with HTTP Basic `email:apikey`
 * and `{scopes, ttl}` issues a Bearer token; every API call needs a token that exists, has not
 * expired (401) and has the call's scope `METHOD:host/path-prefix` (403). The host is not compared:
 * the sandbox is reached under several names (its public URL, localhost, in-process).
 * @module
 */

import { Hono, type MiddlewareHandler } from 'hono'
import type { OpenapiSdiCredentials } from './credentials.ts'
import { relativePath } from './faults.ts'
import type { SdiState } from './state.ts'
import { fail, unauthorized } from './views.ts'

const DEFAULT_TTL_S = 86_400
const MAX_TTL_S = 365 * 86_400

function basicUser(header: string | undefined): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '')
  if (!m?.[1]) return null
  let text: string
  try {
    text = new TextDecoder().decode(Uint8Array.from(atob(m[1]), (ch) => ch.charCodeAt(0)))
  } catch {
    return null
  }
  const at = text.indexOf(':')
  return at < 0 ? null : { user: text.slice(0, at), password: text.slice(at + 1) }
}

const randomToken = () => [...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')

export function oauthApi(state: SdiState, creds: OpenapiSdiCredentials) {
  const app = new Hono()
  app.post('/oauth/tokens', async (c) => {
    const who = basicUser(c.req.header('authorization'))
    if (!who || who.user !== creds.email || who.password !== creds.apiKey)
      return c.json({ success: false, message: 'Unauthorized', error: 401 }, 401)
    const body = (await c.req.json().catch(() => null)) as { scopes?: unknown; ttl?: unknown } | null
    const scopes = body?.scopes
    if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === 'string' && /^[A-Z]+:\S+$/.test(s))) {
      return fail(c, 400, 'scopes must be a non-empty list of METHOD:host/path', 400)
    }
    const ttl = typeof body?.ttl === 'number' && Number.isInteger(body.ttl) && body.ttl > 0 ? Math.min(body.ttl, MAX_TTL_S) : DEFAULT_TTL_S
    const token = randomToken()
    const expire = Math.floor(state.now().getTime() / 1000) + ttl
    state.tokens.set(token, { token, scopes, expire })
    return c.json({ success: true, message: '', data: { token, scopes, expire } }, 200)
  })
  return app
}

/** `METHOD:host/a/b` → `/a/b`. */
const scopePath = (scope: string) => {
  const rest = scope.slice(scope.indexOf(':') + 1)
  const slash = rest.indexOf('/')
  return slash < 0 ? '/' : rest.slice(slash).replace(/\/+$/, '')
}

/** True when `scope` covers `method path` (a prefix ending at a path segment). */
export function scopeCovers(scope: string, method: string, path: string): boolean {
  if (!scope.startsWith(`${method}:`)) return false
  const prefix = scopePath(scope)
  return path === prefix || path.startsWith(`${prefix}/`)
}

/** A valid token for the API (`scoped`: and the call's scope, else 403). */
export function bearer(state: SdiState, scoped: boolean): MiddlewareHandler {
  return async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')
    const t = m?.[1] ? state.tokens.get(m[1]) : undefined
    if (!t || t.expire * 1000 <= state.now().getTime()) return unauthorized(c)
    if (scoped && !t.scopes.some((s) => scopeCovers(s, c.req.method, new URL(c.req.url).pathname))) {
      return fail(c, 403, 'Forbidden: the token has no scope for this call', 403)
    }
    return next()
  }
}

const API = /^\/(invoices|invoices_notifications|business_registry_configurations|api_configurations)(\/|$)/

/** The API's calls need a scoped token, `simulate` any valid token; the token endpoint, the page and `/_control` none. */
export function apiAuth(state: SdiState): MiddlewareHandler {
  const scoped = bearer(state, true)
  const any = bearer(state, false)
  return (c, next) => {
    const path = relativePath(new URL(c.req.url).pathname)
    if (path.startsWith('/simulate/')) return any(c, next)
    return API.test(path) ? scoped(c, next) : next()
  }
}
