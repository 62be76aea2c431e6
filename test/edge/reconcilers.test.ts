/**
 * The reconcilers close the loop without any push (issue 5, "Done when"): an Opencity payment whose
 * intermediary never delivers a webhook (Revolut: it retries only 3 times) or has none at all (OnPay,
 * pull only) still reaches COMPLETE through the cron poller (core/jobs/poll-payments.ts), and never
 * before it is paid. The real app, embedded libSQL and the sandbox simulators mounted in it.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { onpayExtIdFor } from '../../adapters/onpay/index.ts'
import { runSchedule } from '../../edge/cron.ts'
import { creationEvent } from '../fakes/payment-event.fake.ts'
import { harness } from './harness.ts'

type Json = Record<string, unknown>
const MIN = 60_000

async function opencityPayment(intermediary: 'revolut' | 'onpay') {
  const h = await harness()
  const t = await h.tenant('Comune di Bugliano')
  const admin = { key: t.key, token: await h.token(t.id) }
  const svc = await h.call('POST', '/services', {
    ...admin,
    body: {
      payment_type: 'PAGOPA',
      amount: 16.5,
      reason: 'Iscrizione mensa',
      expire_at: 30,
      collection_data: '9/0101108TS/',
      intermediary,
    },
  })
  expect(svc.status).toBe(201)
  const ev = creationEvent(t.id, svc.json['id'] as string)
  const created = await h.call('POST', '/payments', { ...admin, body: ev })
  expect(created.json).toMatchObject({ outcome: 'created', payment: { status: 'PAYMENT_PENDING' } })
  const stored = await h.deps.payments.get(t.id, ev.id)
  const ref = stored?.providerRef
  if (!ref) throw new Error('the payment was not created at the intermediary')
  const poll = async (advanceMs: number) => {
    h.clock.advance(advanceMs)
    const runs = await runSchedule(h.deps, '* * * * *')
    const run = runs.find((r) => r.job === 'poll-payments')
    expect(run).toMatchObject({ outcome: 'ok' })
    return (run as { counts: Record<string, number> }).counts
  }
  const payment = async () => (await h.call('GET', `/payments/${ev.id}`, admin)).json as Json & { payment: Json }
  const events = async () =>
    ((await h.call('GET', `/payments/${ev.id}/events`, admin)).json['items'] as Array<{ status: string }>).map((e) => e.status)
  return { h, t, admin, id: ev.id, ref, poll, payment, events }
}

describe('reconciliation by the poller, with no webhook', () => {
  it('Revolut: a payment whose webhook never arrives reaches COMPLETE through the poller, once', async () => {
    const { h, id, ref, poll, payment, events } = await opencityPayment('revolut')
    // Not paid yet: a poll changes nothing.
    expect(await poll(MIN + 1000)).toMatchObject({ checked: 1, completed: 0 })
    expect((await payment())['status']).toBe('PAYMENT_PENDING')
    // A declined card is not a payment either.
    expect((await h.app.request(`/sandbox/revolut/test/orders/${ref}/decline`, { method: 'POST' })).status).toBe(200)
    expect(await poll(MIN + 1000)).toMatchObject({ completed: 0 })
    expect((await payment())['status']).toBe('PAYMENT_PENDING')

    // Paid at Revolut. Revolut would now send ORDER_COMPLETED; nobody delivers it.
    expect((await h.app.request(`/sandbox/revolut/test/orders/${ref}/pay`, { method: 'POST' })).status).toBe(200)
    expect(await h.deps.inbox.seen({ source: 'payments:revolut', scope: '', dedupeKey: `revolut:${ref}:ORDER_COMPLETED` })).toBe(false)
    expect(await poll(MIN + 1000)).toMatchObject({ completed: 1 })
    const done = await payment()
    expect(done).toMatchObject({ id, status: 'COMPLETE' })
    expect(done.payment['transaction_id']).toEqual(expect.any(String))
    expect(done.payment['paid_at']).toEqual(expect.any(String))
    const history = await events()
    expect(history.filter((s) => s === 'COMPLETE')).toHaveLength(1)
    // Later polls leave a final payment alone.
    expect(await poll(30 * MIN)).toMatchObject({ completed: 0 })
    expect(await events()).toEqual(history)
  })

  it('OnPay (pull only): a link paid at the circuit reaches COMPLETE through the poller, once', async () => {
    const { h, id, poll, payment, events } = await opencityPayment('onpay')
    const extId = await onpayExtIdFor(id)
    expect(await poll(MIN + 1000)).toMatchObject({ checked: 1, completed: 0 })
    // A refused attempt notified by the circuit is not a payment.
    const refused = await h.app.request(`/sandbox/onpay/test/links/${encodeURIComponent(extId)}/notify?status=declined`, { method: 'POST' })
    expect(refused.status).toBe(200)
    expect(await poll(MIN + 1000)).toMatchObject({ completed: 0 })
    expect((await payment())['status']).toBe('PAYMENT_PENDING')

    expect((await h.app.request(`/sandbox/onpay/test/links/${encodeURIComponent(extId)}/pay`, { method: 'POST' })).status).toBe(200)
    expect(await poll(MIN + 1000)).toMatchObject({ completed: 1 })
    const done = await payment()
    expect(done).toMatchObject({ id, status: 'COMPLETE' })
    expect(done.payment['paid_at']).toEqual(expect.any(String))
    const history = await events()
    expect(history.filter((s) => s === 'COMPLETE')).toHaveLength(1)
    expect(await poll(30 * MIN)).toMatchObject({ completed: 0 })
    expect(await events()).toEqual(history)
    // And there is no push channel to fall back on.
    expect((await h.app.request('/webhooks/onpay', { method: 'POST', body: '{}' })).status).toBe(404)
  })
})
