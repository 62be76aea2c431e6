import { describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../adapters/shared/http.ts'

type Seen = { url: string; method: string; headers: Record<string, string>; body: string; redirect: RequestRedirect }

/** A fetch that records what it was sent and answers with `answer` (or throws it when it is an Error). */
function recorder(answer: Error | ((signal: AbortSignal) => Promise<Response>) = async () => new Response('{"ok":true}')) {
  const seen: Seen[] = []
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init)
    seen.push({
      url: req.url,
      method: req.method,
      headers: Object.fromEntries(req.headers),
      body: await req.text(),
      redirect: init?.redirect ?? 'follow',
    })
    if (answer instanceof Error) throw answer
    return answer(init?.signal ?? new AbortController().signal)
  }) as typeof fetch
  return { seen, fetchFn }
}

const never = () => new Promise<Response>(() => {})

describe('shared HTTP skeleton', () => {
  it('joins base URL and path, accepts JSON by default, adds the client headers per call and the request headers last', async () => {
    const { seen, fetchFn } = recorder()
    let n = 0
    const http = createHttpClient({ baseUrl: 'http://p.test/api//', fetch: fetchFn }, () => ({ 'X-Request-Id': `r${++n}`, 'x-key': 'k' }))
    expect(http.baseUrl).toBe('http://p.test/api')
    await http.exchange({ method: 'GET', path: '/a?b=1' })
    await http.exchange({ method: 'DELETE', path: '/c', headers: { accept: 'application/vnd.x+json', 'x-key': 'other' } })
    expect(seen.map((s) => [s.method, s.url])).toEqual([
      ['GET', 'http://p.test/api/a?b=1'],
      ['DELETE', 'http://p.test/api/c'],
    ])
    expect(seen[0]?.headers).toEqual({ accept: 'application/json', 'x-request-id': 'r1', 'x-key': 'k' })
    expect(seen[1]?.headers).toEqual({ accept: 'application/vnd.x+json', 'x-request-id': 'r2', 'x-key': 'other' })
  })

  it('sends a JSON or a form body with its content type, and nothing without one', async () => {
    const { seen, fetchFn } = recorder()
    const http = createHttpClient({ baseUrl: 'http://p.test', fetch: fetchFn })
    await http.exchange({ method: 'POST', path: '/j', json: { a: 1, b: 'è' } })
    await http.exchange({ method: 'POST', path: '/f', form: { a: '1 2', b: 'x&y' } })
    await http.exchange({ method: 'POST', path: '/n' })
    await http.exchange({ method: 'POST', path: '/t', json: [1], headers: { 'content-type': 'application/vnd.kafka.v2+json' } })
    expect(seen.map((s) => [s.headers['content-type'], s.body])).toEqual([
      ['application/json', '{"a":1,"b":"è"}'],
      ['application/x-www-form-urlencoded', 'a=1+2&b=x%26y'],
      [undefined, ''],
      ['application/vnd.kafka.v2+json', '[1]'],
    ])
  })

  it('hands back any status with its headers and body; a manual redirect is not followed', async () => {
    const { seen, fetchFn } = recorder(async () => new Response('gone', { status: 302, headers: { location: '/next' } }))
    const http = createHttpClient({ baseUrl: 'http://p.test', fetch: fetchFn })
    const sent = await http.send({ method: 'POST', path: '/carts', json: {}, redirect: 'manual' })
    expect(sent.kind === 'reply' && [sent.reply.status, sent.reply.headers.get('location'), sent.reply.body]).toEqual([
      302,
      '/next',
      'gone',
    ])
    expect(seen[0]?.redirect).toBe('manual')
  })

  it('a fetch that never answers, even ignoring its signal, is `unknown` after the deadline; exchange throws a TimeoutError', async () => {
    const { fetchFn } = recorder(never)
    const http = createHttpClient({ baseUrl: 'http://p.test', fetch: fetchFn, timeoutMs: 20 })
    expect(await http.send({ method: 'GET', path: '/slow' })).toEqual({
      kind: 'failure',
      failure: { kind: 'unknown', reason: 'no answer within 20 ms' },
    })
    await expect(http.exchange({ method: 'GET', path: '/slow' })).rejects.toMatchObject({ name: 'TimeoutError' })
  })

  it('a lost connection is retryable for reads, unknown for writes unless it provably never left', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })
    const lost = createHttpClient({ baseUrl: 'http://p.test', fetch: recorder(reset).fetchFn })
    expect(await lost.send({ method: 'GET', path: '/' })).toMatchObject({ failure: { kind: 'retryable', reason: 'network: ECONNRESET' } })
    expect(await lost.send({ method: 'POST', path: '/' })).toMatchObject({ failure: { kind: 'unknown', reason: 'network: ECONNRESET' } })
    expect(await lost.send({ method: 'POST', path: '/' }, { idempotent: true, prefix: 'P call: ' })).toMatchObject({
      failure: { kind: 'retryable', reason: 'P call: network: ECONNRESET' },
    })
    const unsent = createHttpClient({ baseUrl: 'http://p.test', fetch: recorder(refused).fetchFn })
    expect(await unsent.send({ method: 'POST', path: '/' })).toMatchObject({
      failure: { kind: 'retryable', reason: 'network: ECONNREFUSED' },
    })
  })
})
