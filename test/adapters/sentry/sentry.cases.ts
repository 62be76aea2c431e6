/**
 * The error-reporting checks shared by both Sentry SDKs: the app answers a 500 for an unexpected
 * error, and the fake ingest receives one event with the error, the request id and the route, and
 * none of the request's secrets.
 * @module
 */

import { expect } from 'vitest'
import { createApp } from '../../../edge/app.ts'
import type { ReportError } from '../../../ports/error-reporter.port.ts'
import { harness } from '../../edge/harness.ts'
import { inMemoryPaymentRepo } from '../../fakes/in-memory-repos.fake.ts'
import type { fakeSentryIngest } from '../../fakes/sentry-ingest.ts'

/** An app whose GET /payments/{broken} throws; `fetch` lets the caller put it under a Sentry wrapper. */
export async function brokenApp(reportError: ReportError) {
  const broken = crypto.randomUUID()
  const repo = inMemoryPaymentRepo()
  const payments = {
    ...repo,
    get: (t: string, id: string) => (id === broken ? Promise.reject(new Error('disk on fire')) : repo.get(t, id)),
  }
  const h = await harness({ payments })
  const t = await h.tenant()
  const app = createApp({ resolveDeps: () => h.deps, metrics: h.metrics, reportError })
  const request = async () =>
    new Request(`http://varco.test/payments/${broken}?token=query-secret&cf=RSSMRA85T10A562S`, {
      headers: {
        'x-api-key': t.key,
        authorization: `Bearer ${await h.token(t.id, 'operator')}`,
        cookie: 'session=cookie-secret',
        // Not names an SDK knows as sensitive: only dropping request data keeps them out.
        'x-payer-tax-id': 'VRDGPP80A01G702X',
      },
    })
  return { app, request, apiKey: t.key, tenantId: t.id, broken }
}

export async function expectReported(ingest: Awaited<ReturnType<typeof fakeSentryIngest>>, res: Response, apiKey: string) {
  expect(res.status).toBe(500)
  const requestId = res.headers.get('x-request-id')
  expect(requestId).toBeTruthy()
  await expect.poll(() => ingest.events().length, { timeout: 10_000 }).toBeGreaterThan(0)
  const events = ingest.events()
  expect(events).toHaveLength(1)
  const event = events[0] as { tags?: Record<string, string>; exception?: { values?: { type: string; value: string }[] } }
  expect(event.exception?.values?.at(-1)).toMatchObject({ type: 'Error', value: 'disk on fire' })
  expect(event.tags).toMatchObject({ request_id: requestId, method: 'GET', route: '/payments/:id' })
  const raw = ingest.envelopes.map((e) => e.raw).join('\n')
  for (const secret of [apiKey, 'Bearer ', 'query-secret', 'cookie-secret', 'RSSMRA85T10A562S', 'VRDGPP80A01G702X']) {
    expect(raw).not.toContain(secret)
  }
}
