/**
 * Rate limiting of failed authentication, per client address and per API key id: after
 * `VARCO_AUTH_FAIL_LIMIT` failures (401, or 403 tenant mismatch) within `VARCO_AUTH_FAIL_WINDOW_S`,
 * further failures from that address or for that key id answer 429 with `Retry-After` instead of
 * 401/403. Credentials are still checked while limited, so a success always passes: an outsider who
 * knows a key id cannot lock its owner out. It signals and slows scanners, it is not a volumetric
 * defence (SECURITY.md). Counts are kept in memory per process or isolate and, with
 * VARCO_AUTH_FAIL_STORE=database (the default on a remote database, so on Workers), also in the
 * shared `auth_failures` table: one write per failure that this instance does not already refuse
 * (successes write nothing), so an attacker spreading over isolates meets one limit.
 * @module
 */

import type { Context } from 'hono'
import type { AppEnv } from '../context.ts'
import { errorResponse } from '../http-errors.ts'

/** Failures kept per key; the oldest entries are dropped beyond this many keys (bounded memory). */
const MAX_KEYS = 50_000

type Window = { count: number; resetAt: number }

/** Fixed-window failure counters, keyed by `ip:…` or `key:…`. */
export class FailureLimiter {
  private readonly windows = new Map<string, Window>()
  private readonly limit: number
  private readonly windowMs: number
  constructor(limit: number, windowMs: number) {
    this.limit = limit
    this.windowMs = windowMs
  }

  /** Seconds until `key` may fail again without a 429; 0 when it is under the limit. */
  retryAfter(key: string, now: number): number {
    const w = this.windows.get(key)
    if (!w || w.resetAt <= now) return 0
    return w.count > this.limit ? Math.max(1, Math.ceil((w.resetAt - now) / 1000)) : 0
  }

  fail(key: string, now: number): void {
    const w = this.windows.get(key)
    if (w && w.resetAt > now) {
      w.count++
      return
    }
    if (w) this.windows.delete(key)
    if (this.windows.size >= MAX_KEYS) this.windows.delete(this.windows.keys().next().value as string)
    this.windows.set(key, { count: 1, resetAt: now + this.windowMs })
  }
}

/** True inside a Cloudflare Workers isolate, where CF-Connecting-IP is set by Cloudflare itself. */
const onWorkers = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers'

/**
 * The client's address: CF-Connecting-IP on Workers; the right-most X-Forwarded-For entry (the one
 * the nearest proxy appended) when `trustProxy`; else the socket's peer (Node: `env.incoming`,
 * Deno: `env.remoteAddr`), or `unknown` when the runtime gives none (in-process tests).
 */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (onWorkers) return c.req.header('cf-connecting-ip') ?? 'unknown'
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
    if (last) return last
  }
  const env = (c.env ?? {}) as { incoming?: { socket?: { remoteAddress?: string } }; remoteAddr?: { hostname?: string } }
  return env.incoming?.socket?.remoteAddress ?? env.remoteAddr?.hostname ?? 'unknown'
}

/** The key id part of a well-formed `vk_…`/`vp_…` key (never the secret part); malformed keys count against the address only. */
export function keyIdOf(apiKey: string | undefined): string | null {
  const m = /^(v[kp]_[0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(apiKey?.trim() ?? '')
  return m?.[1] ?? null
}

const limiters = new WeakMap<object, FailureLimiter>()

/** The limiter of these deps (one per process or isolate). */
export function limiterFor(deps: AppEnv['Variables']['deps']): FailureLimiter {
  let l = limiters.get(deps)
  if (!l) {
    l = new FailureLimiter(deps.config.VARCO_AUTH_FAIL_LIMIT, deps.config.VARCO_AUTH_FAIL_WINDOW_S * 1000)
    limiters.set(deps, l)
  }
  return l
}

/** The keys a request's failures count against. */
export function throttleKeys(c: Context<AppEnv>): string[] {
  const deps = c.get('deps')
  const keyId = keyIdOf(c.req.header('x-api-key'))
  return [`ip:${clientAddress(c, deps.config.VARCO_TRUST_PROXY)}`, ...(keyId ? [`key:${keyId}`] : [])]
}

/** Seconds to wait per the shared counters (0: under the limit). */
async function sharedRetryAfter(deps: AppEnv['Variables']['deps'], keys: string[], now: number): Promise<number> {
  if (!deps.authFailures) return 0
  let windows: Awaited<ReturnType<typeof deps.authFailures.fail>>
  try {
    windows = await deps.authFailures.fail(keys, now, deps.config.VARCO_AUTH_FAIL_WINDOW_S * 1000)
  } catch (e) {
    // The database out of reach must not turn a 401 into a 5xx: the local count still applies.
    deps.logger.warn('shared auth-failure counters unavailable', { error: e })
    return 0
  }
  const limit = deps.config.VARCO_AUTH_FAIL_LIMIT
  return Math.max(0, ...windows.map((w) => (w.failures > limit ? Math.max(1, Math.ceil((w.windowEnd - now) / 1000)) : 0)))
}

/**
 * Counts one failed authentication and answers 429 if the client or the key id is over the limit
 * (counting this failure); null when the normal 401/403 should be answered. The local count is
 * asked first: a client this instance already refuses costs no write.
 */
export async function failedAuthentication(c: Context<AppEnv>): Promise<Response | null> {
  const deps = c.get('deps')
  if (deps.config.VARCO_AUTH_FAIL_LIMIT === 0) return null
  const limiter = limiterFor(deps)
  const now = deps.clock().getTime()
  const keys = throttleKeys(c)
  for (const k of keys) limiter.fail(k, now)
  const local = Math.max(...keys.map((k) => limiter.retryAfter(k, now)))
  const wait = local > 0 ? local : await sharedRetryAfter(deps, keys, now)
  if (wait === 0) return null
  deps.logger.warn('authentication failures over the limit', { keys: keys.map((k) => k.split(':')[0]), retry_after_s: wait })
  const res = errorResponse(
    {
      status: 429,
      code: 'too_many_failures',
      title: 'Too many requests',
      detail: `too many failed authentications from this client or for this key; retry after ${wait} seconds`,
    },
    c.req.path,
    c.get('requestId') ?? '',
  )
  res.headers.set('retry-after', String(wait))
  return res
}
