import { readFileSync } from 'node:fs'
import { validate } from '@readme/openapi-parser'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { parseCron } from '../../core/cron-expr.ts'
import type { Job } from '../../core/job.ts'
import { runJob } from '../../core/use-cases/run-job.ts'
import { createApp } from '../../edge/app.ts'
import { runSchedule, SCHEDULES } from '../../edge/cron.ts'
import { fileAssets } from '../../edge/local/assets.ts'
import { PUBLIC_DIR } from '../../edge/local/serve.ts'
import { VERSION } from '../../edge/version.ts'
import { harness } from './harness.ts'

describe('public operational endpoints', () => {
  it('/health answers without touching the database', async () => {
    const h = await harness({ pingDb: async () => Promise.reject(new Error('down')) })
    expect((await h.call('GET', '/health')).json).toEqual({ status: 'ok' })
  })

  it('/status reports the database, sandbox simulators and cron jobs', async () => {
    const h = await harness()
    const r = await h.call('GET', '/status')
    expect(r.status).toBe(200)
    expect(r.json).toMatchObject({
      status: 'ok',
      version: VERSION,
      environment: 'test',
      runtime: 'node',
      database: { ok: true, kind: 'memory' },
      sandbox: { enabled: true },
    })
    expect((r.json as unknown as { sandbox: { simulators: unknown[] } }).sandbox.simulators).toEqual(
      expect.arrayContaining([
        { name: 'echo', base_url: 'http://varco.test/sandbox/echo' },
        { name: 'pagopa', base_url: 'http://varco.test/sandbox/pagopa' },
      ]),
    )
    expect((r.json as unknown as { cron: Array<{ job: string; last_run: unknown }> }).cron).toEqual(
      expect.arrayContaining([expect.objectContaining({ job: 'intermediary-health', schedule: '*/5 * * * *', last_run: null })]),
    )
  })

  it('/status is 503 when the database does not answer', async () => {
    const h = await harness({ pingDb: async () => Promise.reject(new Error('connection refused')) })
    const r = await h.call('GET', '/status')
    expect(r.status).toBe(503)
    expect(r.json).toMatchObject({ status: 'unavailable', database: { ok: false, error: 'connection refused' } })
  })

  it('/status says when the sandbox is off', async () => {
    const h = await harness({}, { VARCO_SANDBOX: 'false' })
    expect((await h.call('GET', '/status')).json).toMatchObject({ sandbox: { enabled: false, simulators: [] } })
    expect((await h.call('GET', '/sandbox/echo/v1/ping')).status).toBe(404)
  })

  it('every response carries X-Request-Id; a sane incoming one is kept', async () => {
    const h = await harness()
    expect((await h.call('GET', '/health')).res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect((await h.call('GET', '/health', { headers: { 'x-request-id': 'abc-123' } })).res.headers.get('x-request-id')).toBe('abc-123')
    // An insane one is replaced by a new UUID (not "does not contain 'bad'": a random UUID may, as b1afbad5-… did).
    expect((await h.call('GET', '/health', { headers: { 'x-request-id': 'bad id\n' } })).res.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect((await h.call('GET', '/nowhere', { headers: { 'x-request-id': 'r-404' } })).res.headers.get('x-request-id')).toBe('r-404')
    for (const path of [
      '/status',
      '/metrics',
      '/openapi.json',
      '/docs',
      '/docs/scalar.standalone.js',
      '/sandbox/echo/v1/ping',
      '/tenants/schema',
    ]) {
      const r = await h.app.request(path, { headers: { 'x-request-id': `id-${path.length}` } })
      expect(r.headers.get('x-request-id'), path).toBe(`id-${path.length}`)
    }
  })

  it('/metrics counts requests by route template and status_code, with env and app_name on every series', async () => {
    const h = await harness()
    const t = await h.tenant()
    const token = await h.token(t.id)
    await h.call('GET', `/tenants/${t.id}`, { key: t.key, token })
    await h.call('GET', `/tenants/${t.id}`, { key: t.key, token })
    await h.call('GET', `/tenants/${t.id}`)
    const r = await h.call('GET', '/metrics')
    expect(r.res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const env = `env="${h.deps.config.VARCO_ENV}",app_name="varco"`
    expect(r.text).toContain(`oc_api_requests_total{${env},method="GET",route="/tenants/:id",status_code="200"} 2`)
    expect(r.text).toContain(`oc_api_requests_total{${env},method="GET",route="/tenants/:id",status_code="401"} 1`)
    expect(r.text).toContain(`oc_api_request_duration_seconds_bucket{${env},method="GET",route="/tenants/:id",le="+Inf"} 3`)
    // Every sample line carries both constant labels.
    for (const line of r.text.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
      expect(line).toMatch(/^\w+\{env="\w+",app_name="varco"[,}]/)
    expect(r.text).not.toContain(t.id)
  })

  it('/openapi.json is a valid OpenAPI 3.1 document with security, examples and error bodies', async () => {
    const h = await harness()
    const doc = (await h.call('GET', '/openapi.json')).json as unknown as {
      openapi: string
      paths: Record<
        string,
        Record<string, { security?: unknown; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }>
      >
      components: { securitySchemes: Record<string, unknown> }
    }
    expect(doc.openapi).toBe('3.1.0')
    await expect(validate(structuredClone(doc) as never)).resolves.toMatchObject({ valid: true })
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['ApiKeyAuth', 'BearerAuth'])
    const op = doc.paths['/tenants/{id}']?.['get']
    expect(op?.security).toEqual([{ ApiKeyAuth: [], BearerAuth: [] }])
    for (const status of ['400', '401', '403', '404'])
      expect(op?.responses[status]?.content?.['application/problem+json']?.example).toBeDefined()
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, o] of Object.entries(ops)) {
        expect(Object.keys(o.responses).length, `${method} ${path}`).toBeGreaterThan(0)
        if (o.security) expect(Object.keys(o.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']))
      }
    }
  })

  it('every operation documents an error body and a success example', async () => {
    const h = await harness()
    type Media = { example?: unknown; schema?: { $ref?: string; example?: unknown } }
    const doc = (await h.call('GET', '/openapi.json')).json as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, Media> }> }>>
      components: { schemas: Record<string, { example?: unknown }> }
    }
    const hasExample = (m: Media | undefined) =>
      m !== undefined &&
      (m.example !== undefined ||
        m.schema?.example !== undefined ||
        (m.schema?.$ref !== undefined && doc.components.schemas[m.schema.$ref.split('/').pop() as string]?.example !== undefined))
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses)
        const errors = codes.filter((c) => Number(c) >= 400)
        expect(errors.length, `${method} ${path} has no error response`).toBeGreaterThan(0)
        for (const c of errors) expect(hasExample(Object.values(op.responses[c]?.content ?? {})[0]), `${method} ${path} ${c}`).toBe(true)
        const success = codes.find((c) => c.startsWith('2'))
        if (success) expect(hasExample(Object.values(op.responses[success]?.content ?? {})[0]), `${method} ${path} ${success}`).toBe(true)
        else {
          const redirect = codes.find((c) => c.startsWith('3')) as string
          expect(
            (op.responses[redirect] as { headers?: Record<string, unknown> })?.headers?.['location'],
            `${method} ${path} ${redirect}`,
          ).toBeDefined()
        }
      }
    }
  })

  it('the committed openapi/openapi.json is up to date (run npm run openapi)', async () => {
    const h = await harness()
    const served = (await h.call('GET', '/openapi.json')).json
    expect(JSON.parse(readFileSync('openapi/openapi.json', 'utf8'))).toEqual(served)
  })

  it('/docs serves the Scalar page and its bundle from the gateway itself', async () => {
    const h = await harness()
    const page = await h.call('GET', '/docs')
    expect(page.text).toContain('<script src="/docs/scalar.standalone.js"></script>')
    expect(page.text).toContain('withDefaultFonts: false')
    expect(page.text).not.toMatch(/https?:\/\//)
    const js = await h.app.request('/docs/scalar.standalone.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('javascript')
    expect((await h.app.request('/docs/../package.json')).status).not.toBe(200)
    expect((await h.app.request('/docs/..%2f..%2fpackage.json')).status).toBe(404)
    expect(await fileAssets(PUBLIC_DIR)('/docs/../../package.json')).toBeNull()
  })

  it('answers 503 misconfigured when production lacks its secrets', async () => {
    const app = createApp()
    const res = await app.request('/status', {}, { VARCO_ENV: 'production', VARCO_DB_URL: ':memory:' })
    expect(res.status).toBe(503)
    expect(await res.json()).toMatchObject({ code: 'misconfigured' })
  })
})

describe('cron', () => {
  it('wrangler.toml triggers equal the schedule table, and every expression parses', () => {
    const toml = parseToml(readFileSync('wrangler.toml', 'utf8')) as { triggers: { crons: string[] } }
    expect([...toml.triggers.crons].sort()).toEqual(Object.keys(SCHEDULES).sort())
    for (const expr of toml.triggers.crons) expect(parseCron(expr).ok).toBe(true)
  })

  it('runs the jobs of a trigger, records each run and shows it on /status', async () => {
    const h = await harness()
    const runs = await runSchedule(h.deps, '*/5 * * * *')
    expect(runs).toMatchObject([{ job: 'intermediary-health', outcome: 'ok', counts: { probed: 1, reachable: 1, unreachable: 0 } }])
    const status = (await h.call('GET', '/status')).json as unknown as {
      cron: Array<{ job: string; last_run: { outcome: string } | null }>
    }
    expect(status.cron.find((c) => c.job === 'intermediary-health')?.last_run).toMatchObject({ outcome: 'ok', trigger: '*/5 * * * *' })
    expect(await runSchedule(h.deps, '1 2 3 4 5')).toEqual([])
  })

  it('records a failing job as error without throwing', async () => {
    const h = await harness()
    const boom: Job<unknown> = { name: 'boom', description: 'fails', run: async () => Promise.reject(new Error('intermediary down')) }
    const run = await runJob(h.deps, boom, {}, 'manual')
    expect(run).toMatchObject({ outcome: 'error', error: 'intermediary down' })
    expect((await h.deps.jobRuns.latestPerJob()).find((r) => r.job === 'boom')).toMatchObject({ outcome: 'error' })
  })

  it('housekeeping prunes old runs', async () => {
    const h = await harness()
    await runSchedule(h.deps, '*/5 * * * *')
    h.clock.advance(31 * 86_400_000)
    const [run] = await runSchedule(h.deps, '17 3 * * *')
    expect(run).toMatchObject({ job: 'housekeeping', outcome: 'ok', counts: { pruned_job_runs: 1 } })
  })
})

describe('sandbox', () => {
  it('routes the adapter to the simulator in-process and serves it to browsers', async () => {
    const h = await harness()
    const [echo] = h.deps.intermediaries
    expect(echo?.baseUrl).toBe('http://varco.test/sandbox/echo')
    expect(await echo?.probe()).toMatchObject({ ok: true })
    expect((await h.call('GET', '/sandbox/echo/v1/ping')).json).toMatchObject({ status: 'ok' })
  })

  it('reports an unreachable intermediary as unreachable, not as an error', async () => {
    const h = await harness({}, { VARCO_SANDBOX: 'false', ECHO_API_URL: 'http://127.0.0.1:9/' })
    const [run] = await runSchedule(h.deps, '*/5 * * * *')
    expect(run).toMatchObject({ outcome: 'ok', counts: { probed: 1, reachable: 0, unreachable: 1 } })
  })
})

describe('version', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })
})
