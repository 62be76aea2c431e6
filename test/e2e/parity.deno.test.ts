/**
 * Parity on Deno: route contracts that otherwise run only in-process (Node, workerd) run over HTTP against
 * `npm run start:deno`, one server for the file:
 * - Opencity's checklist: its Kafka consumer is the server's long-lived one; the minute's dispatcher is one
 *   run of test/e2e/server-jobs.script.ts under Deno against the server's database;
 * - the proxy-API route contract: the cases that need the in-process clock and scheduler (the poller) are
 *   skipped, and named in test/contract/routes.contract.ts;
 * - the platform-key route contract: a key revoked with `varco platform revoke` is refused at once.
 * Tenants and platforms come in batches from the same script (one CLI process each would cost minutes).
 * The walks (test/e2e/walks.deno.test.ts) cover payments v2, billing, RTD,
 * FatturaPA and SDI on Deno.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, expect } from 'vitest'
import { toBase64 } from '../../adapters/shared/base64.ts'
import { CHECKLIST_ENV, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { runPlatformRouteContract } from '../contract/platform-routes.contract.ts'
import { runRouteContract } from '../contract/routes.contract.ts'
import { TEST_LINK_KEY, testLinkSigner } from '../fakes/link-signer.fake.ts'
import { DENO_BIN, DENO_DIR, DENO_FLAGS, ROOT, type RunningServer, startServer } from './helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from './http-harness.ts'

let server: RunningServer
let h: HttpHarness
let started: Promise<HttpHarness> | null = null
const harness = () => {
  started ??= startServer({
    runtime: 'deno',
    env: {
      JWT_SECRET: E2E_SECRET,
      VARCO_ENV: 'development',
      // The contracts fail authentication on purpose, all from 127.0.0.1 (the limiter has its own tests).
      VARCO_AUTH_FAIL_LIMIT: '0',
      ...CHECKLIST_ENV,
      // Deno runs the long-lived consumer, as a deployment does (the checklist waits for what it consumed).
      KAFKA_CONSUMER_LOOP: 'true',
      KAFKA_POLL_TIMEOUT_MS: '200',
      // What the in-process contracts do with their clock: /update asks the intermediary on every call.
      VARCO_UPDATE_MIN_INTERVAL_MS: '0',
      // The test key of test/fakes/link-signer.fake.ts, so the contract can sign links for unknown ids.
      VARCO_LINK_KEYS: `test:${toBase64(TEST_LINK_KEY)}`,
      // The route contract reads the request log (keys and tokens never in it).
      LOG_LEVEL: 'info',
    },
  }).then((s) => {
    server = s
    h = httpHarness(s)
    return h
  })
  return started
}

/** test/e2e/server-jobs.script.ts under Deno, against the server's database and Kafka simulator: its JSON line. */
function serverJob(...args: string[]): unknown {
  const r = spawnSync(DENO_BIN, ['run', ...DENO_FLAGS, 'test/e2e/server-jobs.script.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env['PATH'],
      DENO_DIR,
      DENO_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
      VARCO_DB_URL: server.dbUrl,
      VARCO_PUBLIC_URL: server.url,
      JWT_SECRET: E2E_SECRET,
    },
    timeout: 60_000,
  })
  expect(r.status, r.stderr).toBe(0)
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? 'null')
}

type Tenant = { id: string; key: string }
/** The tenants the route contract asks for, by name (a CLI process each would cost minutes): made in batches. */
const pool = new Map<string, Tenant[]>()
const BATCH: Record<string, number> = { 'Comune di Bugliano': 70, 'Comune A': 12, 'Comune B': 8, Other: 10, 'Comune CLI': 1 }
function pooledTenant(name = 'Comune di Bugliano'): Tenant {
  if (!pool.get(name)?.length) {
    const wanted = pool.size === 0 ? Object.entries(BATCH).flatMap(([n, count]) => [String(count), n]) : ['20', name]
    const made = serverJob('tenants', ...wanted) as Record<string, Array<{ id: string; api_key: string }>>
    for (const [n, list] of Object.entries(made)) pool.set(n, [...(pool.get(n) ?? []), ...list.map((t) => ({ id: t.id, key: t.api_key }))])
  }
  return pool.get(name)?.pop() as Tenant
}
const platforms: Tenant[] = []
function pooledPlatform(): Tenant {
  if (platforms.length === 0) {
    for (const p of serverJob('platforms', '10') as Array<{ id: string; api_key: string }>) platforms.push({ id: p.id, key: p.api_key })
  }
  return platforms.pop() as Tenant
}

beforeAll(async () => {
  await harness()
}, 120_000)
afterAll(async () => {
  await server?.stop()
}, 30_000)

runOpencityChecklist('Deno, over HTTP', async () => {
  const x = await harness()
  return { ...x, consume: async () => null, dispatch: async () => void serverJob('dispatch'), advance: () => {} }
})

runRouteContract({
  name: 'Deno, over HTTP',
  make: async () => {
    const x = await harness()
    return {
      ...x,
      tenant: async (name?: string) => pooledTenant(name),
      linkSigner: testLinkSigner(),
      logs: () => server.output(),
      local: null,
    }
  },
  overHttp: true,
})

runPlatformRouteContract({
  name: 'Deno, over HTTP',
  make: async () => {
    const x = await harness()
    return {
      ...x,
      tenant: async (name?: string) => pooledTenant(name),
      platform: async () => pooledPlatform(),
      // The real CLI, another process on the server's database file: the server must see it at once.
      revoke: async (id: string) => void x.cli('platform', 'revoke', '--id', id),
      logs: () => server.output(),
      local: null,
    }
  },
})
