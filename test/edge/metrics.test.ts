import { describe, expect, it } from 'vitest'
import { MetricsRegistry } from '../../edge/metrics.ts'
import { inMemoryPaymentRepo } from '../fakes/in-memory-repos.fake.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { fakeProvider } from '../fakes/payment-provider.fake.ts'
import { harness } from './harness.ts'

/** One line of the text exposition format 0.0.4: a comment, or `name{labels} value`. */
const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? -?[0-9.e+-]+$/
const COMMENT = /^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|histogram))$/

/** The metrics of opencity.md §6 and their types. */
const OPENCITY = {
  oc_api_requests_total: 'counter',
  oc_payment_validation_errors_total: 'counter',
  oc_payment_success_events_total: 'counter',
  oc_payment_failed_events_total: 'counter',
  oc_payment_provider_errors_total: 'counter',
  oc_payment_internal_errors_total: 'counter',
  oc_payment_provider_latency: 'histogram',
} as const

describe('Prometheus exposition', () => {
  it('renders valid lines, constant labels first on every series, le last, values escaped', () => {
    const m = new MetricsRegistry()
    m.requests.inc({ method: 'GET', route: '/x', status_code: '200' })
    m.providerLatency.observe({ intermediary: 'pagopa', operation: 'create' }, 0.2)
    m.paymentValidationErrors.inc({ source: 'http', reason: 'a "quoted"\\path\nnewline' })
    const text = m.render({ env: 'production', app_name: 'varco' })
    expect(text.endsWith('\n')).toBe(true)
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(line.startsWith('#') ? COMMENT : SAMPLE)
    expect(text).toContain('oc_api_requests_total{env="production",app_name="varco",method="GET",route="/x",status_code="200"} 1')
    expect(text).toContain(
      'oc_payment_provider_latency_bucket{env="production",app_name="varco",intermediary="pagopa",operation="create",le="0.1"} 0',
    )
    expect(text).toContain(
      'oc_payment_provider_latency_bucket{env="production",app_name="varco",intermediary="pagopa",operation="create",le="0.25"} 1',
    )
    expect(text).toContain(
      'oc_payment_provider_latency_bucket{env="production",app_name="varco",intermediary="pagopa",operation="create",le="+Inf"} 1',
    )
    expect(text).toContain(
      'oc_payment_provider_latency_count{env="production",app_name="varco",intermediary="pagopa",operation="create"} 1',
    )
    expect(text).toContain('reason="a \\"quoted\\"\\\\path\\nnewline"')
    for (const [name, type] of Object.entries(OPENCITY)) expect(text).toContain(`# TYPE ${name} ${type}\n`)
  })

  it("GET /metrics shows Opencity's series for real outcomes: success, failure, provider and internal errors", async () => {
    const broken = crypto.randomUUID()
    const repo = inMemoryPaymentRepo()
    const payments = {
      ...repo,
      get: (tenantId: string, id: string) => (id === broken ? Promise.reject(new Error('disk on fire')) : repo.get(tenantId, id)),
    }
    // The first creation is declined by the intermediary; the next ones go through.
    const pagopa = fakeProvider({ name: 'pagopa', script: { create: [{ kind: 'declined', reason: 'position refused' }] } })
    const h = await harness({ providers: { pagopa }, payments })
    const t = await h.tenant()
    const admin = { key: t.key, token: await h.token(t.id) }
    const service = { amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' }
    const plain = (await h.call('POST', '/services', { ...admin, body: { ...service, payment_type: 'PAGOPA' } })).json['id'] as string
    const stamp = (await h.call('POST', '/services', { ...admin, body: { ...service, payment_type: 'STAMP' } })).json['id'] as string
    const op = { key: t.key, token: await h.token(t.id, 'operator') }
    const statusOf = async (body: unknown) =>
      ((await h.call('POST', '/payments', { ...op, body })).json['payment'] as { status: string }).status

    expect(await statusOf(creationEvent(t.id, plain))).toBe('CREATION_FAILED')
    expect(await statusOf(creationEvent(t.id, plain))).toBe('PAYMENT_PENDING')
    // A STAMP payment without the document hash fails before the intermediary is called.
    expect(await statusOf(creationEvent(t.id, stamp, { type: 'STAMP' }))).toBe('CREATION_FAILED')
    expect((await h.call('POST', '/payments', { ...op, body: { event_version: '2.0' } })).status).toBe(400)
    expect((await h.call('GET', `/payments/${broken}`, op)).status).toBe(500)

    const text = (await h.call('GET', '/metrics')).text
    const L = 'env="test",app_name="varco"'
    expect(text).toContain(`oc_payment_success_events_total{${L},intermediary="pagopa"} 1\n`)
    expect(text).toContain(`oc_payment_failed_events_total{${L},intermediary="pagopa"} 2\n`)
    expect(text).toContain(`oc_payment_provider_errors_total{${L},intermediary="pagopa",operation="create",kind="declined"} 1\n`)
    expect(text).toContain(`oc_payment_internal_errors_total{${L},source="http"} 1\n`)
    expect(text).toContain(`oc_payment_validation_errors_total{${L},source="http",reason="schema"} 1\n`)
    expect(text).toContain(`oc_payment_provider_latency_count{${L},intermediary="pagopa",operation="create"} 2\n`)
    expect(text).toContain(`oc_api_requests_total{${L},method="POST",route="/payments",status_code="201"} 3\n`)
    expect(text).toContain(`oc_api_requests_total{${L},method="GET",route="/payments/:id",status_code="500"} 1\n`)
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(line.startsWith('#') ? COMMENT : SAMPLE)
  })
})
