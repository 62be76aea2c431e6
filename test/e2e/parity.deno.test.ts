/**
 * Parity on Deno: route contracts that otherwise run only in-process (Node, workerd) run over HTTP against
 * `npm run start:deno`, one server for the file:
 * - Opencity's checklist: its Kafka consumer is the server's long-lived one; the minute's dispatcher is one
 *   run of test/e2e/server-jobs.script.ts under Deno against the server's database;
 * - the proxy-API route contract: the cases that need the in-process clock and scheduler (the poller) are
 *   skipped, and named in test/contract/routes.contract.ts;
 * - the platform-key route contract: a key revoked with `varco platform revoke` is refused at once;
 * - the platform authorization matrix, capability links (expiry from the server's own time; the per-interval
 *   case needs the in-process clock) and the config forms;
 * - per-tenant intermediary credentials, on a second server with VARCO_ENV_CREDENTIALS_FALLBACK=false (the
 *   route contract's intermediary flows use the deployment's credentials).
 * Tenants and platforms come in batches from the same script (one CLI process each would cost minutes).
 * The walks (test/e2e/walks.deno.test.ts) cover payments v2, billing, RTD,
 * FatturaPA and SDI on Deno.
 * @module
 */

import { afterAll, beforeAll } from 'vitest'
import { runCapabilityLinkContract } from '../contract/capability-links.contract.ts'
import { runConfigFormsContract } from '../contract/config-forms.contract.ts'
import { CHECKLIST_ENV, runOpencityChecklist } from '../contract/opencity-checklist.contract.ts'
import { runPlatformMatrix } from '../contract/platform-matrix.contract.ts'
import { runPlatformRouteContract } from '../contract/platform-routes.contract.ts'
import { runRouteContract } from '../contract/routes.contract.ts'
import { runTenantCredentialsContract } from '../contract/tenant-credentials.contract.ts'
import { type DenoGateway, startDenoGateway } from './deno-gateway.ts'

const lazy = (start: () => Promise<DenoGateway>) => {
  let started: Promise<DenoGateway> | null = null
  return { get: () => (started ??= start()), stop: async () => (await started)?.stop() }
}

const main = lazy(() =>
  startDenoGateway(
    {
      ...CHECKLIST_ENV,
      // Deno runs the long-lived consumer, as a deployment does (the checklist waits for what it consumed).
      KAFKA_CONSUMER_LOOP: 'true',
      KAFKA_POLL_TIMEOUT_MS: '200',
    },
    { 'Comune di Bugliano': 90, 'Comune A': 12, 'Comune B': 8, Other: 10, 'Comune CLI': 1 },
  ),
)
/** The deployment's credentials off: a tenant collects only with its own (the tenant-credentials contract). */
const noFallback = lazy(() =>
  startDenoGateway({ VARCO_ENV_CREDENTIALS_FALLBACK: 'false' }, { 'Comune A': 4, 'Comune B': 2, 'Comune C': 1, Comune: 6 }),
)

beforeAll(async () => {
  // Both at once: the second would otherwise start inside a test's hook.
  await Promise.all([main.get(), noFallback.get()])
}, 120_000)
afterAll(async () => {
  await Promise.all([main.stop(), noFallback.stop()])
}, 30_000)

const name = 'Deno, over HTTP'

runOpencityChecklist(name, async () => {
  const g = await main.get()
  return { ...g.h, consume: async () => null, dispatch: async () => void g.job('dispatch'), advance: () => {} }
})

runRouteContract({ name, make: async () => (await main.get()).contract, overHttp: true })

runPlatformRouteContract({
  name,
  make: async () => {
    const g = await main.get()
    // The real CLI, another process on the server's database file: the server must see it at once.
    return { ...g.contract, revoke: async (id: string) => void g.h.cli('platform', 'revoke', '--id', id) }
  },
})

runPlatformMatrix({ name, make: async () => (await main.get()).contract })
runCapabilityLinkContract({ name, make: async () => (await main.get()).contract, overHttp: true })
runConfigFormsContract({ name, make: async () => (await main.get()).contract })
runTenantCredentialsContract({ name, make: async () => (await noFallback.get()).contract })
