/**
 * Events out as signed webhooks, end to end on Node: POST /payments → outbox → dispatcher → a
 * receiver on 127.0.0.1 that verifies Varco-Signature before accepting the delivery.
 */

import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyWebhookSignature } from '../../adapters/webhook/index.ts'
import { runSchedule } from '../../edge/cron.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

const SECRET = 'webhook-e2e-secret-0123456789'
// The harness clock: the receiver checks the signature's time against it.
const HARNESS_NOW = new Date('2026-11-23T10:00:00.000Z')

const received: Array<{ verified: boolean; event: Record<string, unknown>; key: string | undefined }> = []
let status = 200
const server = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => {
    body += c.toString('utf8')
  })
  req.on('end', async () => {
    const verified = await verifyWebhookSignature({
      secret: SECRET,
      header: req.headers['varco-signature'] as string,
      body,
      now: HARNESS_NOW,
    })
    received.push({ verified, event: JSON.parse(body), key: req.headers['varco-key'] as string | undefined })
    res.writeHead(verified ? status : 401).end()
  })
})
let url = ''
beforeAll(() =>
  new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())).then(() => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/varco-events`
  }),
)
afterAll(() => new Promise<void>((r) => server.close(() => r())))

describe('events out: signed webhooks', () => {
  it('delivers the PAYMENT_PENDING event, signed, and retries after the receiver failed', async () => {
    const h = await harness({}, { VARCO_PUBLISHERS: 'webhook', WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET })
    const t = await h.tenant()
    const svc = await h.call('POST', '/services', {
      key: t.key,
      token: await h.token(t.id),
      body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
    })
    const op = { key: t.key, token: await h.token(t.id, 'operator') }

    const ev = creationEvent(t.id, svc.json['id'] as string)
    await h.call('POST', '/payments', { ...op, body: ev })
    const mine = () => received.filter((r) => r.event['id'] === ev.id)
    expect(mine()).toMatchObject([
      { verified: true, key: svc.json['id'], event: { status: 'PAYMENT_PENDING', app_id: expect.stringMatching(/^varco:/) } },
    ])

    status = 503
    const second = creationEvent(t.id, svc.json['id'] as string)
    await h.call('POST', '/payments', { ...op, body: second })
    status = 200
    h.clock.advance(30_000)
    const runs = await runSchedule(h.deps, '* * * * *')
    expect(runs.find((r) => r.job === 'dispatch-outbox')?.counts).toMatchObject({ delivered: 1 })
    // Delivered twice: refused (503) once, then accepted; the receiver dedupes on event_id.
    const deliveries = received.filter((r) => r.event['id'] === second.id)
    expect(deliveries).toHaveLength(2)
    expect(new Set(deliveries.map((d) => d.event['event_id'])).size).toBe(1)
  })
})
