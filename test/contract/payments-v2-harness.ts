/**
 * Route harness for payments v2: the real app over libSQL with the sandbox simulators (Stripe,
 * Revolut) as the tenants' providers, a test key ring, and injectable mandate adapters. Runtime
 * neutral (Node and workerd). Provider adapters get the real clock: simulators sign webhooks now.
 * @module
 */

import type { Db } from '../../adapters/libsql/client.ts'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { buildPaymentsV2, type MandateFactories } from '../../edge/deps/payments-v2.ts'
import { parseConfig } from '../../edge/env.ts'
import { createSandbox } from '../../sandbox/index.ts'
import { SANDBOX_REVOLUT } from '../../sandbox/revolut/index.ts'
import { SANDBOX_STRIPE } from '../../sandbox/stripe/index.ts'
import { TEST_KEY_RING } from '../fakes/payments-v2.fake.ts'
import { makeHarness, SECRET } from './route-harness.ts'

export const SANDBOX_KEYS = {
  revolut: { api_key: SANDBOX_REVOLUT.secretKey, webhook_secret: SANDBOX_REVOLUT.webhookSecret },
  stripe: { api_key: SANDBOX_STRIPE.secretKey, webhook_secret: SANDBOX_STRIPE.webhookSecret },
} as const

export type V2HarnessOptions = {
  readonly dbUrl: string
  readonly db: Db
  readonly mandates?: MandateFactories
  readonly env?: Record<string, string>
}

export async function makeV2Harness(o: V2HarnessOptions) {
  const env = {
    VARCO_ENV: 'test',
    VARCO_DB_URL: o.dbUrl,
    JWT_SECRET: SECRET,
    VARCO_PUBLIC_URL: 'http://varco.test',
    VARCO_SANDBOX: 'true',
    VARCO_ENCRYPTION_KEYS: TEST_KEY_RING,
    VARCO_ENCRYPTION_KEY_ID: 'k1',
    ...o.env,
  }
  const config = parseConfig(env)
  const sandbox = createSandbox(config.VARCO_PUBLIC_URL)
  const wiringLogs: string[] = []
  const paymentsV2 = buildPaymentsV2({
    config,
    db: o.db,
    sandbox,
    fetch: sandbox.fetch,
    clock: () => new Date(),
    logger: jsonLogger({ level: 'debug', write: (l) => wiringLogs.push(l) }),
    ...(o.mandates ? { mandates: o.mandates } : {}),
  })
  const h = await makeHarness({ dbUrl: o.dbUrl, db: o.db, env, over: { sandbox, paymentsV2 } })

  /** A tenant with an admin token, configured for `provider` with the sandbox keys unless told otherwise. */
  async function configuredTenant(
    provider: 'revolut' | 'stripe' | null = 'revolut',
    keys: { api_key: string; webhook_secret: string } | null = null,
  ) {
    const t = await h.tenant()
    const admin = await h.token(t.id, 'admin')
    const operator = await h.token(t.id, 'operator')
    const viewer = await h.token(t.id, 'viewer')
    if (provider) {
      const r = await h.call('PUT', '/payment/v2/provider-config', {
        key: t.key,
        token: admin,
        body: { provider, ...(keys ?? SANDBOX_KEYS[provider]) },
      })
      if (r.status !== 200) throw new Error(`configure: ${r.status} ${r.text}`)
    }
    const as = (token: string) => (method: string, path: string, body?: unknown) =>
      h.call(method, path, { key: t.key, token, ...(body !== undefined ? { body } : {}) })
    return { ...t, admin, operator, viewer, asAdmin: as(admin), asOperator: as(operator), asViewer: as(viewer) }
  }

  /** Every log line written so far, by requests and by the provider wiring. */
  const allLogs = () => [...h.logs, ...wiringLogs].join('\n')

  return { ...h, sandbox, configuredTenant, allLogs }
}

export type V2Harness = Awaited<ReturnType<typeof makeV2Harness>>
