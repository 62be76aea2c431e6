/**
 * SIGKILL mid-upload to RTD and mid-webhook (issue 16 point 2), on `npm start` with an embedded libSQL
 * file, the sandbox off, and pagoPA RTD and Stripe served from the test process (fault-host.ts):
 * - RTD: the tenant's own settings (sender code, the subscription key sealed), an input uploaded and
 *   processed by the server at once; the blob store takes the PUT and its answer is held; kill. After the
 *   restart the `process-rtd` job (lease over) uploads again: 409 "already there", the file is stored once.
 * - payments v2: Stripe webhooks (as the simulator signs them) in flight while the re-read of their payment
 *   at Stripe is held; kill. The same deliveries sent again are applied once each (inbox), a third time they
 *   are duplicates, and every payment is `paid`.
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openLocalDb } from '../../../edge/local/db.ts'
import { SANDBOX_RTD } from '../../../sandbox/rtd/index.ts'
import { SANDBOX_STRIPE } from '../../../sandbox/stripe/index.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import { type FaultHost, startFaultHost } from './fault-host.ts'
import type { Json } from './invoice-fixtures.ts'

const LEASE_OVER_MS = 20 * 60_000 // past the RTD lease (15 min)

let host: FaultHost
let gw: CrashGateway
let t: { id: string; key: string }
let admin: { key: string; token: string }

beforeAll(async () => {
  host = await startFaultHost()
  gw = crashGateway({ VARCO_SANDBOX: 'false', RTD_BASE_URL: `${host.url}/rtd`, STRIPE_API_URL: `${host.url}/stripe` })
  await gw.start()
  t = await gw.tenant('Acquirer SpA')
  admin = { key: t.key, token: await gw.h().token(t.id, 'admin') }
}, 60_000)

afterAll(async () => {
  await gw?.close()
  await host?.close()
}, 30_000)

describe('SIGKILL mid-upload to RTD and mid-webhook (node, embedded libSQL)', () => {
  it('RTD: the PUT stored at pagoPA, its answer lost to the kill: after restart 409 "already there", uploaded once, sent', async () => {
    const settings = await gw.h().call('PUT', '/rtd/settings', {
      ...admin,
      body: { sender_codes: [SANDBOX_RTD.senderCode], environment: 'uat', subscription_key: SANDBOX_RTD.subscriptionKey },
    })
    expect(settings.status, settings.text).toBe(200)
    const sender = SANDBOX_RTD.senderCode
    const row = (merchant: string, cents: number) =>
      `${sender};00;01;pan1;2026-12-05T19:05:41.000Z;acq-1;iss-1;;${cents};978;${sender};${merchant};T1;40236010;4900;00000000001;00000000001;00;`
    const name = `CSTAR.${sender}.TRNLOG.20261206.101010.001.csv`
    const puts = host.hold({ method: 'PUT', path: /^\/rtd\/pagopastorage\//, when: 'after' })
    const up = await gw.h().request(`/rtd/submissions?file_name=${name}`, {
      method: 'POST',
      headers: { 'x-api-key': t.key, authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv' },
      body: [row('M1', 1250), row('M1', 100), row('M2', 700)].join('\n'),
    })
    const submission = (await up.json()) as Json
    expect(up.status, JSON.stringify(submission)).toBe(202)
    // The server aggregates, encrypts and uploads right after the upload: the blob is stored, the answer held.
    await puts.reached(1)
    await gw.kill()
    puts.release()
    const stored = () => host.rtd.puts().filter((p) => p.status === 201)
    expect(stored()).toHaveLength(1)
    const adeName = stored()[0]?.fileName

    await gw.start()
    const read = async () => (await gw.h().call('GET', `/rtd/submissions/${submission['id']}`, admin)).json as Json
    expect((await read())['state']).toBe('ready')
    await gw.runCron(LEASE_OVER_MS)
    expect(await read()).toMatchObject({ state: 'sent', files: [{ file_name: adeName, upload: 'already_there' }] })
    expect(stored(), 'stored once').toHaveLength(1)
    expect(
      host.rtd
        .puts()
        .filter((p) => p.fileName === adeName)
        .map((p) => p.status),
    ).toEqual([201, 409])
  }, 90_000)

  it('payments v2: Stripe webhooks in flight at the kill are applied once each when sent again, then duplicates', async () => {
    const config = await gw.h().call('PUT', '/payment/v2/provider-config', {
      ...admin,
      body: { provider: 'stripe', api_key: SANDBOX_STRIPE.secretKey, webhook_secret: SANDBOX_STRIPE.webhookSecret },
    })
    expect(config.status, config.text).toBe(200)
    const N = 4
    const payments: Array<{ id: string; session: string }> = []
    for (let i = 0; i < N; i++) {
      const link = await gw.h().call('POST', '/payment/v2/links', {
        ...admin,
        body: {
          amount: 2500 + i,
          currency: 'EUR',
          description: 'Quota',
          reference: `Q-K-${i}`,
          method: 'card',
          return_url: 'https://example.it/back',
        },
      })
      expect(link.status, link.text).toBe(201)
      const d = (link.json as Json)['data'] as Json
      const session = String(d['payment_url']).split('/').at(-1) as string
      expect((await fetch(`${host.url}/stripe/test/sessions/${session}/pay`, { method: 'POST' })).status).toBe(200)
      payments.push({ id: String(d['payment_id']), session })
    }
    const deliveries = await Promise.all(
      payments.map(async (p) => (await host.stripe.events(p.session)).find((e) => e.type === 'checkout.session.completed')),
    )
    const send = (i: number) => {
      const e = deliveries[i]
      return gw
        .h()
        .request(`/payment/v2/webhooks/${t.id}/stripe`, {
          method: 'POST',
          headers: { 'stripe-signature': e?.header ?? '', 'content-type': 'application/json' },
          body: e?.payload ?? '',
        })
        .then(async (r) => ({ status: r.status, json: (await r.json()) as Json }))
    }
    const rereads = host.hold({ method: 'GET', path: /^\/stripe\/v1\/checkout\/sessions\/[^/]+$/, when: 'after' })
    const inFlight = payments.map((_, i) => send(i).catch(() => null))
    await rereads.reached(N)
    await gw.kill()
    expect(await Promise.all(inFlight)).toEqual(payments.map(() => null))
    rereads.release()

    await gw.start()
    const again = await Promise.all(payments.map((_, i) => send(i)))
    for (const [i, r] of again.entries())
      expect(r.json['data'], JSON.stringify(r.json)).toMatchObject({ outcome: 'applied', payment_id: payments[i]?.id, status: 'paid' })
    const third = await Promise.all(payments.map((_, i) => send(i)))
    expect(third.map((r) => r.json['data']?.['outcome'])).toEqual(payments.map(() => 'duplicate'))
    for (const p of payments) {
      const got = await gw.h().call('GET', `/payment/v2/payments/${p.id}`, admin)
      expect((got.json as Json)['data']).toMatchObject({ payment_id: p.id, status: 'paid' })
    }
    const db = openLocalDb(gw.dbUrl)
    try {
      const rows = await db.execute({ sql: 'SELECT dedupe_key, subject_id FROM webhook_inbox WHERE scope = ?', args: [t.id] })
      expect(rows.rows.map((r) => r['subject_id']).sort()).toEqual(payments.map((p) => p.id).sort())
    } finally {
      db.close()
    }
  }, 90_000)
})
