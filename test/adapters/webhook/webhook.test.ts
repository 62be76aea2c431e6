import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhookPublisher, signWebhook, verifyWebhookSignature } from '../../../adapters/webhook/index.ts'
import { eventToWire } from '../../../core/payment-wire.ts'
import { aPayment } from '../../fakes/payment.fake.ts'

const SECRET = 'whsec-0123456789abcdef'
const NOW = new Date('2026-11-23T10:00:00Z')
const SERVICE = '68dada78-2398-4a11-b80a-98aaede3371c'
const event = () =>
  eventToWire({
    ...aPayment({ status: 'PAYMENT_PENDING' }),
    event_id: crypto.randomUUID(),
    event_version: '2.0',
    event_created_at: NOW,
    app_id: 'varco:test',
  })

type Delivery = { headers: IncomingMessage['headers']; body: string; verified: boolean; byHand: boolean }

/** A receiver on 127.0.0.1 that verifies each delivery as the module comment tells receivers to. */
function receiver() {
  const deliveries: Delivery[] = []
  let answer: { status: number; headers?: Record<string, string> } = { status: 204 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const header = String(req.headers['varco-signature'] ?? '')
      const verified = await verifyWebhookSignature({ secret: SECRET, header, body, now: NOW })
      // The same check written from the documented formula alone, with node:crypto.
      const t = /t=(\d+)/.exec(header)?.[1] ?? ''
      const expected = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')
      deliveries.push({ headers: req.headers, body, verified, byHand: header.includes(`v1=${expected}`) })
      res.writeHead(answer.status, answer.headers ?? {}).end()
    })
  })
  return {
    deliveries,
    respond: (a: typeof answer) => {
      answer = a
    },
    start: () =>
      new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  }
}

describe('signed webhooks', () => {
  const rx = receiver()
  let url: string
  beforeAll(async () => {
    url = await rx.start()
  })
  afterAll(() => rx.stop())

  it('POSTs the event as JSON with a Varco-Signature the receiver verifies', async () => {
    rx.respond({ status: 204 })
    const e = event()
    const hook = createWebhookPublisher({ url, secret: SECRET, clock: () => NOW })
    expect(await hook.publish(e, SERVICE)).toEqual({ kind: 'ok' })
    const d = rx.deliveries.at(-1) as Delivery
    expect(d.verified).toBe(true)
    expect(d.byHand).toBe(true)
    expect(JSON.parse(d.body)).toEqual(e)
    expect(d.headers['content-type']).toBe('application/json')
    expect(d.headers['varco-signature']).toMatch(new RegExp(`^t=${NOW.getTime() / 1000},v1=[0-9a-f]{64}$`))
    expect(d.headers['varco-event-id']).toBe(e.event_id)
    expect(d.headers['varco-key']).toBe(SERVICE)
  })

  it.each([
    [200, 'ok'],
    [202, 'ok'],
    [400, 'permanent'],
    [410, 'permanent'],
    [413, 'permanent'],
    [422, 'permanent'],
    [401, 'retryable'],
    [404, 'retryable'],
    [500, 'retryable'],
    [503, 'retryable'],
    [302, 'retryable'],
  ])('an answer %i is %s', async (status, kind) => {
    rx.respond({ status, ...(status === 302 ? { headers: { location: 'http://127.0.0.1:1/elsewhere' } } : {}) })
    const hook = createWebhookPublisher({ url, secret: SECRET, clock: () => NOW })
    expect((await hook.publish(event(), SERVICE)).kind).toBe(kind)
  })

  it('honours Retry-After on 429', async () => {
    rx.respond({ status: 429, headers: { 'retry-after': '120' } })
    const hook = createWebhookPublisher({ url, secret: SECRET })
    expect(await hook.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable', retryAfterMs: 120_000 })
  })

  it('a refused connection or a timeout is retryable', async () => {
    const closed = createWebhookPublisher({ url: 'http://127.0.0.1:1/hook', secret: SECRET })
    expect(await closed.publish(event(), SERVICE)).toMatchObject({ kind: 'retryable' })
    const slow = createWebhookPublisher({ url, secret: SECRET, timeoutMs: 20, fetch: () => new Promise<Response>(() => {}) })
    expect(await slow.publish(event(), SERVICE)).toEqual({ kind: 'retryable', reason: 'webhook: no answer within 20 ms' })
  })
})

describe('verifyWebhookSignature', () => {
  const body = JSON.stringify({ event_id: 'e-1', amount: 16.5, città: 'Bugliano' })

  it('accepts the signature of the exact body, as text or bytes', async () => {
    const header = await signWebhook(SECRET, body, NOW)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body, now: NOW })).toBe(true)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body: new TextEncoder().encode(body), now: NOW })).toBe(true)
  })

  it('accepts any matching v1 (secret rotation)', async () => {
    const good = await signWebhook(SECRET, body, NOW)
    const other = await signWebhook('another-secret-0123', body, NOW)
    const header = `${other},${good.split(',')[1]}`
    expect(await verifyWebhookSignature({ secret: SECRET, header, body, now: NOW })).toBe(true)
  })

  it('refuses a changed body, another secret, a stale or future timestamp, and garbage', async () => {
    const header = await signWebhook(SECRET, body, NOW)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body: body.replace('16.5', '1.65'), now: NOW })).toBe(false)
    expect(await verifyWebhookSignature({ secret: 'wrong-secret-0123456', header, body, now: NOW })).toBe(false)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body, now: new Date(NOW.getTime() + 301_000) })).toBe(false)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body, now: new Date(NOW.getTime() - 301_000) })).toBe(false)
    expect(await verifyWebhookSignature({ secret: SECRET, header, body, now: new Date(NOW.getTime() + 299_000) })).toBe(true)
    for (const bad of [null, '', 'v1=abc', `t=${NOW.getTime() / 1000}`, `t=${NOW.getTime() / 1000},v1=zz`, 'garbage']) {
      expect(await verifyWebhookSignature({ secret: SECRET, header: bad, body, now: NOW })).toBe(false)
    }
  })
})
