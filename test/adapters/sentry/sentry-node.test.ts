import { afterAll, describe, expect, it } from 'vitest'
import { type NodeSentry, nodeSentry } from '../../../adapters/sentry/node.ts'
import { fakeSentryIngest } from '../../fakes/sentry-ingest.ts'
import { brokenApp, expectReported } from './sentry.cases.ts'

describe('Sentry error reporting on Node (@sentry/node)', async () => {
  const ingest = await fakeSentryIngest()
  afterAll(() => ingest.close())

  it('sends a 500 to the ingest endpoint with the request id, and no secrets', async () => {
    let sentry: NodeSentry | null = null
    const b = await brokenApp((e, context) => sentry?.report(e, context))
    sentry = await nodeSentry({ dsn: ingest.dsn, environment: 'test', release: 'varco:test' })
    const res = await b.app.fetch(await b.request())
    expect(await sentry.flush(5000)).toBe(true)
    await expectReported(ingest, res, b.apiKey)
    expect(ingest.envelopes[0]?.path).toBe('/api/42/envelope/')
    const event = ingest.events()[0] as { environment?: string; release?: string }
    expect(event).toMatchObject({ environment: 'test', release: 'varco:test' })
  })

  it('reports nothing for an expected error (4xx)', async () => {
    const before = ingest.events().length
    const reported: unknown[] = []
    const b = await brokenApp((e) => reported.push(e))
    const res = await b.app.fetch(new Request(`http://varco.test/payments/${b.broken}`))
    expect(res.status).toBe(401)
    expect(reported).toEqual([])
    expect(ingest.events().length).toBe(before)
  })
})
