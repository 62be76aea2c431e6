import { afterAll, describe, it } from 'vitest'
import { type CloudflareSentry, cloudflareSentry } from '../../../adapters/sentry/cloudflare.ts'
import { fakeSentryIngest } from '../../fakes/sentry-ingest.ts'
import { brokenApp, expectReported } from './sentry.cases.ts'

/** @sentry/cloudflare's withSentry run in Node with a Workers-like ExecutionContext (waitUntil collected). */
describe('Sentry error reporting on Workers (@sentry/cloudflare)', async () => {
  const ingest = await fakeSentryIngest()
  afterAll(() => ingest.close())

  it('wraps fetch and sends a 500 with the request id, and no secrets, before waitUntil settles', async () => {
    let sentry: CloudflareSentry | null = null
    const b = await brokenApp((e, context) => sentry?.report(e, context))
    sentry = await cloudflareSentry({ dsn: ingest.dsn, environment: 'test', release: 'varco:test' })
    const handler = sentry.wrap({ fetch: async (req: Request) => b.app.fetch(req) })
    const pending: Promise<unknown>[] = []
    const ctx = { waitUntil: (p: Promise<unknown>) => void pending.push(p), passThroughOnException: () => {} }
    const res = await handler.fetch(await b.request(), {}, ctx)
    await Promise.allSettled(pending)
    await expectReported(ingest, res, b.apiKey)
  })
})
