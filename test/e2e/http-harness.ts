/**
 * The route harness over HTTP: the same `call` / `tenant` / `token` as test/contract/route-harness.ts,
 * but against a gateway running as its users run it (test/e2e/helpers.ts startServer). Tenants are made
 * with the real CLI (`varco tenant create`) against the server's database, tokens are signed with the
 * JWT secret the server was started with.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { signToken } from '../../adapters/crypto/jwt.ts'
import { makeCall } from '../contract/route-harness.ts'
import { NODE_BIN, ROOT, type RunningServer } from './helpers.ts'

export const E2E_SECRET = 'e2e-walk-secret-0123456789-abcdefghijkl'

export type HttpHarness = ReturnType<typeof httpHarness>

export function httpHarness(server: RunningServer, secret = E2E_SECRET) {
  /** `varco <args>` against the server's database; its stdout (exit 0 and a quiet stderr are required). */
  function cli(...args: string[]): string {
    const r = spawnSync(NODE_BIN, [join(ROOT, 'bin', 'varco.mjs'), ...args], {
      env: {
        PATH: process.env['PATH'],
        VARCO_DB_URL: server.dbUrl,
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
        // The sandbox commands (sdi, rtd) reach the running server's simulators.
        VARCO_ENV: 'development',
        VARCO_PUBLIC_URL: server.url,
      },
      encoding: 'utf8',
      timeout: 30_000,
    })
    if (r.status !== 0) throw new Error(`varco ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
    return r.stdout.trim()
  }

  async function tenant(name = 'Comune di Bugliano') {
    const out = JSON.parse(cli('tenant', 'create', '--name', name, '--tax-id', '00341620508')) as { id: string; api_key: string }
    return { id: out.id, key: out.api_key }
  }

  async function platform(name = 'Opencity Italia') {
    const out = JSON.parse(cli('platform', 'create', '--name', name)) as { id: string; api_key: string }
    return { id: out.id, key: out.api_key }
  }

  /** A JWT issued `ageMs` ago (an expired one: a short ttl and an age past it). */
  const token = (tenantId: string, role: 'admin' | 'operator' | 'viewer' = 'admin', ttlSeconds = 3600, ageMs = 0) =>
    signToken({ secret, tenantId, userId: 'user-1', role, ttlSeconds, now: new Date(Date.now() - ageMs) })

  /** A request to the server; absolute URLs the gateway printed are used as they are. Redirects are not followed. */
  const request = (path: string, init: RequestInit = {}) =>
    fetch(/^https?:/.test(path) ? path : `${server.url}${path}`, { redirect: 'manual', ...init, signal: AbortSignal.timeout(30_000) })

  const call = makeCall(request)

  return { url: server.url, base: server.url, cli, tenant, platform, token, request, call }
}
