/**
 * SIGKILL in the payment flow (issue 16 point 2), on `npm start` with an embedded libSQL file, pagoPA
 * and the Kafka REST Proxy served from the test process (fault-host.ts). The kill lands where the far
 * side holds the gateway: mid-burst, between the provider call and the database write (pagoPA created
 * the position, its answer is held), and between the database write and the event publish (the produce
 * is held). After each restart the cron's jobs run once and the state is checked: every payment in one
 * state, one debt position per payment, each event id published with one content, one PAYMENT_PENDING
 * event per payment.
 * @module
 */

import { isDeepStrictEqual } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SANDBOX_KAFKA_REST } from '../../../sandbox/kafka-rest/index.ts'
import { SANDBOX_PAGOPA } from '../../../sandbox/pagopa/index.ts'
import { creationEvent } from '../../fakes/payment-event.fake.ts'
import { type CrashGateway, crashGateway } from './crash-gateway.ts'
import { type FaultHost, startFaultHost } from './fault-host.ts'

type Json = Record<string, unknown>
const TOPIC = 'payments'
const AHEAD_MS = 5 * 60_000 // past the creation retry delay (60 s)
const CREATE = { method: 'POST', path: /\/debtpositions$/ }
const PRODUCE = { method: 'POST', path: /\/topics\/[^/]+\/records$/ }

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
    VARCO_PUBLISHERS: 'kafka',
    KAFKA_REST_URL: `${host.url}/kafka`,
    KAFKA_CLUSTER_ID: SANDBOX_KAFKA_REST.clusterId,
    KAFKA_TOPIC: TOPIC,
  })
  await gw.start()
  const t = await gw.h().tenant()
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

const post = (ev: Json) =>
  gw
    .h()
    .call('POST', '/payments', { ...admin, body: ev })
    .then(
      (r) => r.status,
      () => 0,
    )

const statusOf = async (id: string) => {
  const r = await gw.h().call('GET', `/payments/${id}`, admin)
  return r.status === 404 ? null : (r.json['status'] as string)
}

/** What must hold whatever was killed: checked against the simulators' own records. */
function expectNothingLostOrDoubled(paymentIds: readonly string[]) {
  const iupds = host.positions().map((p) => p.iupd)
  expect(new Set(iupds).size, 'one debt position per iupd').toBe(iupds.length)
  const byId = new Map<string, Json>()
  for (const e of host.events(TOPIC)) {
    const id = e['event_id'] as string
    const seen = byId.get(id)
    if (seen) expect(isDeepStrictEqual(seen, e), `event ${id} published twice with different content`).toBe(true)
    byId.set(id, e)
  }
  for (const id of paymentIds) {
    const pending = [...byId.values()].filter((e) => e['id'] === id && e['status'] === 'PAYMENT_PENDING')
    expect(pending.length, `PAYMENT_PENDING events of ${id}`).toBe(1)
  }
}

describe('SIGKILL in the payment flow (node, embedded libSQL)', () => {
  it('mid-burst: acknowledged payments are PAYMENT_PENDING after restart, the rest complete or absent, none doubled', async () => {
    const N = 40
    const creations = host.hold({ ...CREATE, when: 'after', pass: N / 2 })
    const events = Array.from({ length: N }, () => creationEvent(tenantId, serviceId))
    const answers = events.map(post)
    await creations.reached(N)
    await gw.kill()
    const statuses = await Promise.all(answers)
    creations.release()
    const acked = events.filter((_, i) => statuses[i] === 201).map((e) => e.id)
    expect(statuses.every((s) => s === 201 || s === 0)).toBe(true)
    expect(acked.length).toBeLessThanOrEqual(N / 2)

    await gw.start()
    for (const id of acked) expect(await statusOf(id)).toBe('PAYMENT_PENDING')
    // The sender redelivers what was not acknowledged (Kafka, HTTP clients): never a second payment.
    for (const [i, ev] of events.entries()) if (statuses[i] !== 201) expect([200, 201]).toContain(await post(ev))
    await gw.runCron(AHEAD_MS)
    for (const ev of events) expect(await statusOf(ev.id)).toBe('PAYMENT_PENDING')
    expect(host.positions().length).toBe(N)
    expectNothingLostOrDoubled(events.map((e) => e.id))
  }, 90_000)

  it('between the provider call and the database write: the position is adopted, not created twice', async () => {
    const ev = creationEvent(tenantId, serviceId)
    const creations = host.hold({ ...CREATE, when: 'after' })
    const answer = post(ev)
    await creations.reached(1)
    await gw.kill()
    expect(await answer).toBe(0)
    creations.release()
    const before = host.positions().length
    await gw.start()
    expect(await statusOf(ev.id)).toBe('CREATION_PENDING')
    await gw.runCron(AHEAD_MS)
    expect(await statusOf(ev.id)).toBe('PAYMENT_PENDING')
    expect(host.positions().length).toBe(before)
    expectNothingLostOrDoubled([ev.id])
  }, 60_000)

  it('between the database write and the event publish: the outbox publishes after restart, same id, same content', async () => {
    const ev = creationEvent(tenantId, serviceId)
    const produce = host.hold({ ...PRODUCE, when: 'after' })
    const answer = post(ev)
    await produce.reached(1)
    await gw.kill()
    expect(await answer).toBe(0)
    produce.release()
    await gw.start()
    expect(await statusOf(ev.id)).toBe('PAYMENT_PENDING')
    await gw.runCron(AHEAD_MS)
    const published = host.events(TOPIC).filter((e) => e['id'] === ev.id && e['status'] === 'PAYMENT_PENDING')
    expect(published.length, 'appended before the kill, and again by the outbox after it').toBe(2)
    expectNothingLostOrDoubled([ev.id])
  }, 60_000)
})
