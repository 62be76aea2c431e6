import { describe, expect, it } from 'vitest'
import { baseOptions, scrubEvent } from '../../../adapters/sentry/scrub.ts'

describe('Sentry event scrubbing', () => {
  it('keeps the exception and tags, the method and path; drops headers, cookies, query, body, user, breadcrumbs', () => {
    const event = {
      exception: { values: [{ type: 'Error', value: 'boom' }] },
      tags: { request_id: 'r-1' },
      request: {
        method: 'POST',
        url: 'https://varco.test/payments/1?cf=RSSMRA85T10A562S#x',
        headers: { 'x-api-key': 'vk_secret', authorization: 'Bearer t' },
        cookies: { session: 's' },
        query_string: 'cf=RSSMRA85T10A562S',
        data: '{"iban":"IT60X0542811101000000123456"}',
      },
      user: { ip_address: '10.0.0.1' },
      breadcrumbs: [{ message: 'fetch https://x.test/?key=k' }],
      extra: { body: 'secret' },
    }
    const out = scrubEvent(event)
    expect(out).toEqual({
      exception: event.exception,
      tags: { request_id: 'r-1' },
      request: { method: 'POST', url: 'https://varco.test/payments/1' },
    })
    const bare = { tags: {}, user: undefined }
    expect(scrubEvent(bare)).toEqual({ tags: {} })
  })

  it('turns off every kind of request data collection and tracing', () => {
    const o = baseOptions({ dsn: 'https://k@o.test/1', environment: 'production', release: 'varco:0.1.0' })
    expect(o).toMatchObject({ tracesSampleRate: 0, beforeSend: scrubEvent })
    expect(o.dataCollection).toEqual({
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      databaseQueryData: false,
    })
  })
})
