/**
 * A Deno gateway for the parity run (test/e2e/parity.deno.test.ts): `npm run start:deno` on a throwaway
 * libSQL file, with what the route contracts need next to it: test/e2e/server-jobs.script.ts under Deno
 * against its database (the minute's dispatcher; tenants and platforms made in batches, as one CLI process
 * each would cost minutes), and the database file opened from the test process for rows the API does not show.
 * @module
 */

import { spawnSync } from 'node:child_process'
import { expect } from 'vitest'
import { toBase64 } from '../../adapters/shared/base64.ts'
import { openLocalDb } from '../../edge/local/db.ts'
import type { ContractHarness } from '../contract/contract-harness.ts'
import { TEST_LINK_KEY, testLinkSigner } from '../fakes/link-signer.fake.ts'
import { DENO_BIN, DENO_DIR, DENO_FLAGS, ROOT, type RunningServer, startServer } from './helpers.ts'
import { E2E_SECRET, type HttpHarness, httpHarness } from './http-harness.ts'

export type Made = { id: string; key: string }

/** The environment every parity server runs with; `extra` wins. */
export const PARITY_ENV = {
  JWT_SECRET: E2E_SECRET,
  VARCO_ENV: 'development',
  // The contracts fail authentication on purpose, all from 127.0.0.1 (the limiter has its own tests).
  VARCO_AUTH_FAIL_LIMIT: '0',
  // What the in-process contracts do with their clock: /update asks the intermediary on every call.
  VARCO_UPDATE_MIN_INTERVAL_MS: '0',
  // The test key of test/fakes/link-signer.fake.ts, so the contracts can sign links for ids never issued.
  VARCO_LINK_KEYS: `test:${toBase64(TEST_LINK_KEY)}`,
  // The contracts read the request log (keys and tokens never in it).
  LOG_LEVEL: 'info',
}

/**
 * Starts a Deno gateway; `batch` is how many tenants of each name the first refill makes (later refills
 * make 20 of the name asked for).
 */
export async function startDenoGateway(env: Record<string, string>, batch: Record<string, number>) {
  const server: RunningServer = await startServer({ runtime: 'deno', env: { ...PARITY_ENV, ...env } })
  const h: HttpHarness = httpHarness(server)
  const db = openLocalDb(server.dbUrl)

  /** server-jobs.script.ts under Deno, against the server's database and Kafka simulator: its JSON line. */
  function job(...args: string[]): unknown {
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

  const pool = new Map<string, Made[]>()
  function tenant(name = 'Comune di Bugliano'): Made {
    if (!pool.get(name)?.length) {
      const wanted = pool.size === 0 ? Object.entries({ [name]: 20, ...batch }).flatMap(([n, c]) => [String(c), n]) : ['20', name]
      const made = job('tenants', ...wanted) as Record<string, Array<{ id: string; api_key: string }>>
      for (const [n, list] of Object.entries(made))
        pool.set(n, [...(pool.get(n) ?? []), ...list.map((t) => ({ id: t.id, key: t.api_key }))])
    }
    return pool.get(name)?.pop() as Made
  }
  const platforms: Made[] = []
  function platform(): Made {
    if (platforms.length === 0) {
      for (const p of job('platforms', '10') as Array<{ id: string; api_key: string }>) platforms.push({ id: p.id, key: p.api_key })
    }
    return platforms.pop() as Made
  }

  /** The harness of the contracts that take one (test/contract/contract-harness.ts). */
  const contract: ContractHarness = {
    ...h,
    tenant: async (name?: string) => tenant(name),
    platform: async () => platform(),
    linkSigner: testLinkSigner(),
    logs: () => server.output(),
    db,
    local: null,
  }

  return {
    server,
    h,
    job,
    tenant,
    platform,
    contract,
    async stop() {
      db.close()
      await server.stop()
    },
  }
}

export type DenoGateway = Awaited<ReturnType<typeof startDenoGateway>>
