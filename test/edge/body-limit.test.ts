/**
 * The default body limit over a real socket (@hono/node-server, as `npm start` serves): a body whose size
 * Content-Length declares is checked from the header, so the lightweight Request is never asked for its `.body`
 * (which would build an undici Request and a web stream over the socket for every POST); a body over the limit is
 * 413 whether declared or chunked, and the route does not run.
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { streamOf } from '../adapters/pgp/streams.ts'
import { type LocalServer, listenLocally } from '../fakes/listen.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

const LIMIT = 4096

/** Counts reads of `req.body` (the getter on its prototype chain), then hands the request on. */
function countBodyReads(counter: { n: number }) {
  return (req: Request): Request => {
    let proto: object | null = Object.getPrototypeOf(req)
    let getter: (() => unknown) | undefined
    while (proto !== null && getter === undefined) {
      getter = Object.getOwnPropertyDescriptor(proto, 'body')?.get
      proto = Object.getPrototypeOf(proto)
    }
    Object.defineProperty(req, 'body', {
      configurable: true,
      get() {
        counter.n++
        return getter?.call(this)
      },
    })
    return req
  }
}

describe('default body limit over HTTP (Node)', () => {
  const bodyReads = { n: 0 }
  let h: Awaited<ReturnType<typeof harness>>
  let server: LocalServer
  let t: { id: string; key: string }
  let serviceId: string
  let token: string

  beforeAll(async () => {
    h = await harness({}, { VARCO_MAX_BODY_BYTES: String(LIMIT) })
    const count = countBodyReads(bodyReads)
    server = await listenLocally((req) => h.app.fetch(count(req)))
    t = await h.tenant()
    token = await h.token(t.id, 'admin')
    const svc = await h.call('POST', '/services', {
      key: t.key,
      token,
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    expect(svc.status, svc.text).toBe(201)
    serviceId = svc.json['id'] as string
  })
  afterAll(async () => {
    await server?.close()
  })

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/payments`, {
      method: 'POST',
      headers: { 'x-api-key': t.key, authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit)

  it('a declared body under the limit is read without asking the request for its stream', async () => {
    bodyReads.n = 0
    const res = await post(JSON.stringify(creationEvent(t.id, serviceId)))
    expect(res.status, await res.clone().text()).toBe(201)
    expect((await res.json()) as Record<string, unknown>).toMatchObject({ outcome: 'created' })
    expect(bodyReads.n).toBe(0)
  })

  it('a declared body over the limit: 413 stating the limit, nothing stored', async () => {
    const ev = { ...creationEvent(t.id, serviceId), description: 'x'.repeat(LIMIT) }
    const res = await post(JSON.stringify(ev))
    expect(res.status).toBe(413)
    expect(res.headers.get('content-type')).toMatch(/problem\+json/)
    expect(await res.text()).toMatch(`larger than ${LIMIT} bytes`)
    const stored = await h.call('GET', `/payments/${ev.id}`, { key: t.key, token })
    expect(stored.status).toBe(404)
  })

  it('a chunked body (no Content-Length) is counted while read: 413 over the limit, 201 under it', async () => {
    const chunked = (text: string) => streamOf(new TextEncoder().encode(text))
    const over = { ...creationEvent(t.id, serviceId), description: 'x'.repeat(LIMIT) }
    const big = await post(chunked(JSON.stringify(over)))
    expect(big.status).toBe(413)
    expect(await big.text()).toMatch(`larger than ${LIMIT} bytes`)
    expect((await h.call('GET', `/payments/${over.id}`, { key: t.key, token })).status).toBe(404)

    const under = creationEvent(t.id, serviceId)
    const small = await post(chunked(JSON.stringify(under)))
    expect(small.status, await small.clone().text()).toBe(201)
  })
})
