/**
 * A runtime-neutral harness for route tests: the real app and deps over whatever database the
 * runtime has (embedded libSQL on Node, sqld over http in workerd), with helpers to provision
 * tenants and platforms, sign tokens and call routes. Imports nothing Node-only, so it runs inside workerd.
 * @module
 */

import { signToken } from '../../adapters/crypto/jwt.ts'
import type { Db } from '../../adapters/libsql/client.ts'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { provisionPlatform } from '../../core/use-cases/platforms.ts'
import { provisionTenant } from '../../core/use-cases/tenants.ts'
import { createApp } from '../../edge/app.ts'
import { buildDeps, type DepsOverrides } from '../../edge/deps/index.ts'
import { MetricsRegistry } from '../../edge/metrics.ts'
import type { AssetReader } from '../../edge/routes/docs.ts'
import { fixedClock } from '../fakes/clock.fake.ts'

export const SECRET = 'route-test-secret-0123456789-abcdefghij'
/** The public URL the in-process gateway writes into its links. */
export const PUBLIC_URL = 'http://varco.test'

export type HarnessOptions = {
  readonly dbUrl: string
  readonly db?: Db
  readonly over?: DepsOverrides
  readonly env?: Record<string, string>
  readonly readAsset?: AssetReader
}

/** What a route call may carry: an API key, a bearer token, a JSON body (or raw text sent as JSON), more headers. */
export type CallOptions = { key?: string; token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }

/**
 * `call(method, path, opts)` over `request` (the app in-process, or a server over HTTP): builds the
 * auth and JSON headers and body, and reads the answer as text and, when it parses, as JSON.
 */
export function makeCall(request: (path: string, init: RequestInit) => Response | Promise<Response>) {
  return async (method: string, path: string, opts: CallOptions = {}) => {
    const headers: Record<string, string> = { ...opts.headers }
    if (opts.key) headers['x-api-key'] = opts.key
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`
    let body: string | undefined
    if (opts.body !== undefined || opts.raw !== undefined) {
      headers['content-type'] = 'application/json'
      body = opts.raw ?? JSON.stringify(opts.body)
    }
    const res = await request(path, { method, headers, ...(body !== undefined ? { body } : {}) })
    const text = await res.text()
    let json: unknown = null
    try {
      json = JSON.parse(text)
    } catch {}
    return { res, status: res.status, text, json: json as Record<string, unknown> & { errors?: Array<{ field: string }> } }
  }
}

export async function makeHarness(options: HarnessOptions) {
  const clock = fixedClock()
  const logs: string[] = []
  const metrics = new MetricsRegistry()
  const deps = buildDeps(
    {
      VARCO_ENV: 'test',
      VARCO_DB_URL: options.dbUrl,
      JWT_SECRET: SECRET,
      VARCO_PUBLIC_URL: PUBLIC_URL,
      VARCO_SANDBOX: 'true',
      // SDI answers only when a test asks (POST /sandbox/openapi-sdi/simulate/…), never on a timer.
      VARCO_SANDBOX_SDI_DELIVERY_MS: '0',
      // Matrices fail authentication on purpose many times over; the limiter has its own tests.
      VARCO_AUTH_FAIL_LIMIT: '0',
      ...options.env,
    },
    {
      clock,
      logger: jsonLogger({ level: 'debug', write: (l) => logs.push(l), now: clock }),
      metrics,
      ...(options.db ? { db: options.db } : {}),
      ...options.over,
    },
  )
  await deps.ready
  const app = createApp({ resolveDeps: () => deps, metrics, ...(options.readAsset ? { readAsset: options.readAsset } : {}) })

  async function tenant(name = 'Comune di Bugliano') {
    const r = await provisionTenant(deps, { name, taxIdentificationNumber: '00341620508' }, clock())
    if (!r.ok) throw new Error(r.error.code)
    return { id: r.value.tenant.id, key: r.value.apiKey }
  }
  async function platform(name = 'Opencity') {
    const r = await provisionPlatform(deps, { name }, clock())
    if (!r.ok) throw new Error(r.error.code)
    return { id: r.value.platform.id, key: r.value.apiKey }
  }
  /** A JWT issued `ageMs` before the harness's now (an expired one: a short ttl and an age past it). */
  const token = (tenantId: string, role: 'admin' | 'operator' | 'viewer' = 'admin', ttlSeconds = 3600, ageMs = 0) =>
    signToken({ secret: SECRET, tenantId, userId: 'user-1', role, ttlSeconds, now: new Date(clock().getTime() - ageMs) })

  /** A request to the app in-process (what test/e2e/http-harness.ts sends over HTTP). */
  const request = async (path: string, init: RequestInit = {}) => app.request(path, init)
  const call = makeCall(request)

  return { app, deps, clock, logs, metrics, tenant, platform, token, request, call, base: PUBLIC_URL }
}

export type RouteHarness = Awaited<ReturnType<typeof makeHarness>>
