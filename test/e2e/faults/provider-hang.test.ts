/**
 * pagoPA hanging past the gateway's timeout (issue 16 point 2), on `npm start` with an embedded libSQL file
 * and pagoPA served from the test process (fault-host.ts). The creation call is held before pagoPA sees
 * it: the gateway gives up after INTERMEDIARY_TIMEOUT_MS and answers with the payment CREATION_PENDING
 * ("unknown", never "failed"). The held call then reaches pagoPA late and creates the position; the
 * poller's retry finds it (GPD 409 for its own iupd) and adopts it: PAYMENT_PENDING, one position.
 * A slow answer inside the timeout is an ordinary creation.
 * @module
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_PAGOPA } from '../../../sandbox/pagopa/index.ts'
import { creationEvent } from '../../fakes/payment-event.fake.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import { type FaultHost, startFaultHost } from './fault-host.ts'

const AHEAD_MS = 5 * 60_000 // past the creation retry delay (60 s)
const CREATE = { method: 'POST', path: /\/debtpositions$/ }

let host: FaultHost
let gw: CrashGateway
let admin: { key: string; token: string }
let serviceId = ''
let tenantId = ''

beforeAll(async () => {
  host = await startFaultHost()
  gw = crashGateway({
    VARCO_SANDBOX: 'false',
    PAGOPA_API_URL: `${host.url}/pagopa`,
    PAGOPA_API_KEY: SANDBOX_PAGOPA.subscriptionKey,
    INTERMEDIARY_TIMEOUT_MS: '2000',
  })
  await gw.start()
  const t = await gw.tenant('Comune di Bugliano')
  tenantId = t.id
  admin = { key: t.key, token: await gw.h().token(t.id) }
  const svc = await gw.h().call('POST', '/services', {
    ...admin,
    body: { payment_type: 'PAGOPA', amount: 16.5, reason: 'TARI 2026', expire_at: 30, collection_data: '9/0101108TS/' },
  })
  expect(svc.status, svc.text).toBe(201)
  serviceId = svc.json['id'] as string
}, 60_000)

afterAll(async () => {
  await gw?.close()
  await host?.close()
}, 30_000)

const statusOf = async (id: string) => (await gw.h().call('GET', `/payments/${id}`, admin)).json['status']

describe('pagoPA hanging or slow (node, embedded libSQL)', () => {
  it('a hang past the timeout is unknown: CREATION_PENDING, then the late position is adopted, never doubled', async () => {
    const ev = creationEvent(tenantId, serviceId)
    const creations = host.hold({ ...CREATE, when: 'before' })
    const answer = await gw.h().call('POST', '/payments', { ...admin, body: ev })
    expect(answer.status, answer.text).toBe(201)
    expect((answer.json['payment'] as Record<string, unknown>)['status']).toBe('CREATION_PENDING')
    expect(creations.arrivals()).toBe(1)
    const before = host.positions().length
    // pagoPA gets the abandoned call now and creates the position the gateway never heard of.
    creations.release()
    await expect.poll(() => host.positions().length, { timeout: 10_000 }).toBe(before + 1)
    expect(await statusOf(ev.id)).toBe('CREATION_PENDING')
    await gw.runCron(AHEAD_MS)
    expect(await statusOf(ev.id)).toBe('PAYMENT_PENDING')
    expect(host.positions().length, 'the retry adopted the late position').toBe(before + 1)
    const iupds = host.positions().map((p) => p.iupd)
    expect(new Set(iupds).size).toBe(iupds.length)
  }, 60_000)

  it('a slow answer inside the timeout is an ordinary creation', async () => {
    const ev = creationEvent(tenantId, serviceId)
    const creations = host.hold({ ...CREATE, when: 'after' })
    const answer = gw.h().call('POST', '/payments', { ...admin, body: ev })
    await creations.reached(1)
    await new Promise((r) => setTimeout(r, 200))
    creations.release()
    const r = await answer
    expect(r.status, r.text).toBe(201)
    expect((r.json['payment'] as Record<string, unknown>)['status']).toBe('PAYMENT_PENDING')
  }, 30_000)
})
