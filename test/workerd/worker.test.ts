/**
 * edge/worker.ts driven directly inside workerd: `fetch`, `scheduled` and `queue` with a production
 * env whose database is a real sqld over http. Each describe builds its own env object, because
 * deps (and so the database client) are memoised per env object identity.
 */

import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { signToken } from '../../adapters/crypto/jwt.ts'
import type { Role } from '../../core/errors.ts'
import type { Tenant } from '../../core/tenant.ts'
import { provisionTenant } from '../../core/use-cases/tenants.ts'
import { buildDeps } from '../../edge/deps/index.ts'
import worker from '../../edge/worker.ts'
import { GENERA_EXAMPLE } from '../../openapi/fatturapa.ts'

const ORIGIN = 'http://varco.test'
const SECRET = 'workerd-suite-jwt-secret-0123456789abcdef'
const PROBLEM = 'application/problem+json'
const EVERY_5_MIN = '*/5 * * * *'

type Env = Record<string, string>

function productionEnv(over: Env = {}): Env {
  return { VARCO_ENV: 'production', VARCO_DB_URL: inject('sqldUrl'), JWT_SECRET: SECRET, VARCO_PUBLIC_URL: ORIGIN, ...over }
}

async function call(env: Env, path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`${ORIGIN}${path}`, init), env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

type Problem = {
  type: string
  status: number
  code: string
  detail: string
  request_id: string
  errors?: { field: string; message: string }[]
}

async function problemOf(res: Response): Promise<Problem> {
  expect(res.headers.get('content-type')).toContain(PROBLEM)
  return (await res.json()) as Problem
}

type CronEntry = {
  job: string
  schedule: string
  last_run: null | { trigger: string; started_at: string; finished_at: string | null; outcome: string; counts: Record<string, number> }
}
type Status = {
  status: string
  environment: string
  runtime: string
  database: { ok: boolean; kind: string }
  sandbox: { enabled: boolean }
  cron: CronEntry[]
}

/** Provisions a tenant with its API key straight through the use case, like `varco tenant create`. */
async function provision(env: Env, name: string, now: Date): Promise<{ tenant: Tenant; apiKey: string }> {
  const deps = buildDeps(env)
  await deps.ready
  const result = await provisionTenant(deps, { name, taxIdentificationNumber: '00341620508' }, now)
  if (!result.ok) throw new Error(`provisioning failed: ${JSON.stringify(result.error)}`)
  return result.value
}

function token(tenantId: string, role: Role = 'admin', opts: { now?: Date; ttlSeconds?: number; secret?: string } = {}) {
  return signToken({
    secret: opts.secret ?? SECRET,
    tenantId,
    userId: 'user-42',
    role,
    ttlSeconds: opts.ttlSeconds ?? 600,
    now: opts.now ?? new Date(),
  })
}

describe('worker.fetch: public routes', () => {
  const env = productionEnv()

  it('GET /health answers 200 ok with an x-request-id', async () => {
    const res = await call(env, '/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok' })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('echoes a sane caller x-request-id', async () => {
    const res = await call(env, '/health', { headers: { 'x-request-id': 'trace-abc.123' } })
    expect(res.headers.get('x-request-id')).toBe('trace-abc.123')
  })

  it('GET /status reports runtime workerd and a reachable remote database', async () => {
    const res = await call(env, '/status')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as Status
    // No VARCO_PUBLISHERS in production: serving, but events reach no one.
    expect(body).toMatchObject({
      status: 'degraded',
      environment: 'production',
      runtime: 'workerd',
      database: { ok: true, kind: 'remote' },
      degraded: [{ component: 'events', missing: 'VARCO_PUBLISHERS' }],
    })
    expect(body.sandbox.enabled).toBe(false)
    expect(body.cron.map((c) => c.job)).toContain('intermediary-health')
  })

  it('GET /status is ok once an event publisher is configured', async () => {
    const withSink = productionEnv({
      VARCO_PUBLISHERS: 'webhook',
      WEBHOOK_URL: 'https://platform.example/hook',
      WEBHOOK_SECRET: 's'.repeat(20),
    })
    const res = await call(withSink, '/status')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ok', degraded: [] })
  })

  it('GET /openapi.json serves the OpenAPI 3.1 document with the tenant routes', async () => {
    const res = await call(env, '/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths['/tenants/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch', 'delete']))
  })

  it('GET /metrics counts requests by route and status in Prometheus text', async () => {
    await call(env, '/health')
    const res = await call(env, '/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/plain')
    expect(await res.text()).toMatch(
      /^oc_api_requests_total\{env="\w+",app_name="varco",[^}]*route="\/health"[^}]*status_code="200"[^}]*\} [1-9]\d*$/m,
    )
  })

  it('a path that is not public is denied by default (401 before any 404)', async () => {
    const res = await call(env, '/no-such-route')
    expect(res.status).toBe(401)
    expect((await problemOf(res)).code).toBe('auth.missing_credentials')
  })
})

describe('worker.fetch: GET/PATCH/DELETE /tenants/{id} with API key + JWT', () => {
  const env = productionEnv()
  // Fixed provisioning time, so the Rome-time rendering is checked against a literal.
  const provisionedAt = new Date('2026-11-23T12:12:55Z')
  let tenant: Tenant
  let apiKey: string

  beforeAll(async () => {
    ;({ tenant, apiKey } = await provision(env, 'Comune di Bugliano', provisionedAt))
  })

  const auth = (jwt: string, key = apiKey) => ({ 'x-api-key': key, authorization: `Bearer ${jwt}` })

  it('200 with the tenant in wire format', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, { headers: auth(await token(tenant.id, 'viewer')) })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual({
      id: tenant.id,
      name: 'Comune di Bugliano',
      tax_identification_number: '00341620508',
      IPA_code: null,
      active: true,
      pagopa: null,
      stripe: { secret_key_set: false, webhook_secret_set: false },
      revolut: { api_key_set: false, webhook_secret_set: false },
      onpay: expect.objectContaining({ gateway: null, api_key_set: false }),
      created_at: '2026-11-23T13:12:55+01:00',
      updated_at: '2026-11-23T13:12:55+01:00',
    })
  })

  it('401 problem+json with x-request-id when the API key is missing', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, { headers: { authorization: `Bearer ${await token(tenant.id)}` } })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-request-id')).toBeTruthy()
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
    const problem = await problemOf(res)
    expect(problem).toMatchObject({ status: 401, code: 'auth.missing_credentials', request_id: res.headers.get('x-request-id') })
  })

  it('401 when the bearer token is missing', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, { headers: { 'x-api-key': apiKey } })
    expect(res.status).toBe(401)
    expect((await problemOf(res)).code).toBe('auth.missing_credentials')
  })

  it('401 auth.invalid_api_key for a wrong key', async () => {
    const wrongKey = `${apiKey.slice(0, -4)}${apiKey.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`
    const res = await call(env, `/tenants/${tenant.id}`, { headers: auth(await token(tenant.id), wrongKey) })
    expect(res.status).toBe(401)
    expect((await problemOf(res)).code).toBe('auth.invalid_api_key')
  })

  it('401 auth.invalid_token for a token signed with another secret', async () => {
    const forged = await token(tenant.id, 'admin', { secret: 'another-secret-of-at-least-32-characters!' })
    const res = await call(env, `/tenants/${tenant.id}`, { headers: auth(forged) })
    expect(res.status).toBe(401)
    expect((await problemOf(res)).code).toBe('auth.invalid_token')
  })

  it('401 auth.token_expired for an expired token', async () => {
    const expired = await token(tenant.id, 'admin', { now: new Date(Date.now() - 2 * 3600_000), ttlSeconds: 60 })
    const res = await call(env, `/tenants/${tenant.id}`, { headers: auth(expired) })
    expect(res.status).toBe(401)
    expect((await problemOf(res)).code).toBe('auth.token_expired')
  })

  it("403 auth.tenant_mismatch for another tenant's token with this tenant's key", async () => {
    const res = await call(env, `/tenants/${tenant.id}`, { headers: auth(await token(crypto.randomUUID())) })
    expect(res.status).toBe(403)
    expect((await problemOf(res)).code).toBe('auth.tenant_mismatch')
  })

  it('403 auth.insufficient_role for DELETE with a viewer token, and the tenant stays active', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, { method: 'DELETE', headers: auth(await token(tenant.id, 'viewer')) })
    expect(res.status).toBe(403)
    expect((await problemOf(res)).code).toBe('auth.insufficient_role')
    const after = await call(env, `/tenants/${tenant.id}`, { headers: auth(await token(tenant.id, 'viewer')) })
    expect(((await after.json()) as { active: boolean }).active).toBe(true)
  })

  it('400 validation naming the field for a PATCH with an invalid body', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, {
      method: 'PATCH',
      headers: { ...auth(await token(tenant.id, 'admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ tax_identification_number: '123' }),
    })
    expect(res.status).toBe(400)
    const problem = await problemOf(res)
    expect(problem.code).toBe('validation')
    expect(problem.errors?.[0]?.field).toBe('tax_identification_number')
  })

  it('PATCH by an admin changes the tenant', async () => {
    const res = await call(env, `/tenants/${tenant.id}`, {
      method: 'PATCH',
      headers: { ...auth(await token(tenant.id, 'admin')), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Comune di Bugliano (PI)' }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: tenant.id, name: 'Comune di Bugliano (PI)', created_at: '2026-11-23T13:12:55+01:00' })
  })
})

describe('worker.fetch: FatturaPA through the Worker entry (libxml2 loaded on first use)', () => {
  const env = productionEnv()
  let tenant: Tenant
  let apiKey: string
  beforeAll(async () => {
    ;({ tenant, apiKey } = await provision(env, 'Comune di Bugliano', new Date()))
  })

  it('POST /fatturapa/genera then /fatturapa/valida: a valid invoice, checked by the edge XSD validator', async () => {
    const headers = {
      'x-api-key': apiKey,
      authorization: `Bearer ${await token(tenant.id, 'operator')}`,
      'content-type': 'application/json',
    }
    const made = await call(env, '/fatturapa/genera', { method: 'POST', headers, body: JSON.stringify(GENERA_EXAMPLE) })
    const body = (await made.json()) as { success: boolean; xml_base64: string; file_name: string }
    expect(made.status).toBe(200)
    expect(body.file_name).toMatch(/^IT07776161213_[0-9A-Z]{5}\.xml$/)
    const ok = await call(env, '/fatturapa/valida', { method: 'POST', headers, body: JSON.stringify({ xml_base64: body.xml_base64 }) })
    expect(await ok.json()).toMatchObject({ success: true, valid: true })
    const broken = btoa(
      atob(body.xml_base64).replace('<FormatoTrasmissione>FPR12</FormatoTrasmissione>', '<FormatoTrasmissione>FPX12</FormatoTrasmissione>'),
    )
    const bad = (await (
      await call(env, '/fatturapa/valida', { method: 'POST', headers, body: JSON.stringify({ xml_base64: broken }) })
    ).json()) as {
      valid: boolean
      errors: { layer: string; code: string }[]
    }
    expect(bad.valid).toBe(false)
    expect(bad.errors).toContainEqual(expect.objectContaining({ layer: 'xsd', code: 'XSD-ENUMERATION' }))
  })
})

describe('worker.fetch: misconfiguration', () => {
  it('production without JWT_SECRET answers 503 misconfigured (problem+json) and does not leak the reason', async () => {
    const { JWT_SECRET: _dropped, ...env } = productionEnv()
    const res = await call(env, '/status')
    expect(res.status).toBe(503)
    expect(res.headers.get('x-request-id')).toBeTruthy()
    const problem = await problemOf(res)
    expect(problem.code).toBe('misconfigured')
    expect(problem.detail).not.toContain('JWT_SECRET')
  })

  it('production with a JWT_SECRET shorter than 32 characters is misconfigured too', async () => {
    const res = await call(productionEnv({ JWT_SECRET: 'short' }), '/health')
    expect(res.status).toBe(503)
    expect((await problemOf(res)).code).toBe('misconfigured')
  })
})

describe('worker.scheduled', () => {
  // Sandbox on: the echo simulator is the one intermediary, reached in-process.
  const env = productionEnv({ VARCO_SANDBOX: 'true' })

  it(`cron ${EVERY_5_MIN} runs intermediary-health, and /status shows its last run`, async () => {
    const before = Date.now()
    const ctx = createExecutionContext()
    await worker.scheduled(createScheduledController({ cron: EVERY_5_MIN, scheduledTime: Date.now() }), env, ctx)
    await waitOnExecutionContext(ctx)

    const res = await call(env, '/status')
    expect(res.status).toBe(200)
    const body = (await res.json()) as Status
    expect(body.sandbox.enabled).toBe(true)
    const entry = body.cron.find((c) => c.job === 'intermediary-health')
    expect(entry?.schedule).toBe(EVERY_5_MIN)
    expect(entry?.last_run).toMatchObject({ trigger: EVERY_5_MIN, outcome: 'ok', counts: { probed: 1, reachable: 1, unreachable: 0 } })
    expect(Date.parse(entry?.last_run?.started_at ?? '')).toBeGreaterThanOrEqual(before)
    expect(entry?.last_run?.finished_at).not.toBeNull()
  })

  it('an unknown cron expression runs nothing and does not throw', async () => {
    const ctx = createExecutionContext()
    await expect(worker.scheduled(createScheduledController({ cron: '1 2 3 4 5' }), env, ctx)).resolves.toBeUndefined()
    await expect(waitOnExecutionContext(ctx)).resolves.toBeUndefined()
  })
})

describe('worker.queue', () => {
  const env = productionEnv()

  it('with no consumer yet, retries the whole batch and acks nothing', async () => {
    const batch = createMessageBatch<unknown>('varco-jobs', [
      { id: 'm-1', timestamp: Date.now(), attempts: 1, body: { kind: 'test' } },
      { id: 'm-2', timestamp: Date.now(), attempts: 1, body: 'plain' },
    ])
    const ctx = createExecutionContext()
    await worker.queue(batch, env)
    const result = await getQueueResult(batch, ctx)
    expect(result.retryBatch.retry).toBe(true)
    expect(result.ackAll).toBe(false)
    expect(result.explicitAcks).toEqual([])
  })
})
