/**
 * Benchmark-only variant of the gateway: the same app, middleware, auth and JWT, but tenants and
 * credentials in the in-memory repository instead of libSQL. Comparing it with the real gateway
 * shows what the database costs per request. Prints `{id, key, token}` on its first line.
 * @module
 */
import { serve } from '@hono/node-server'
import { signToken } from '../adapters/crypto/jwt.ts'
import { openEmbeddedDb } from '../adapters/libsql/embedded.ts'
import { jsonLogger } from '../adapters/log/json-logger.ts'
import { provisionTenant } from '../core/use-cases/tenants.ts'
import { createApp } from '../edge/app.ts'
import { buildDeps } from '../edge/deps/index.ts'
import { bufferedStdout } from '../edge/local/stdout.ts'
import { inMemoryJobRunRepo, inMemoryTenantRepo } from '../test/fakes/in-memory-repos.fake.ts'

const secret = 'benchmark-secret-0123456789-abcdefghij'
const deps = buildDeps(
  { VARCO_ENV: 'test', VARCO_DB_URL: ':memory:', JWT_SECRET: secret, VARCO_SANDBOX: 'false' },
  {
    db: openEmbeddedDb(':memory:'),
    tenants: inMemoryTenantRepo(),
    jobRuns: inMemoryJobRunRepo(),
    logger: jsonLogger({ write: bufferedStdout() }),
  },
)
await deps.ready
const r = await provisionTenant(deps, { name: 'Comune di Bugliano', taxIdentificationNumber: '00341620508' }, new Date())
if (!r.ok) throw new Error(r.error.code)
const token = await signToken({ secret, tenantId: r.value.tenant.id, userId: 'bench', role: 'viewer', ttlSeconds: 3600, now: new Date() })
process.stderr.write(`${JSON.stringify({ id: r.value.tenant.id, key: r.value.apiKey, token })}\n`)
serve({ fetch: createApp({ resolveDeps: () => deps }).fetch, port: Number(process.env['PORT']), hostname: '127.0.0.1' })
process.once('SIGTERM', () => process.exit(0))
