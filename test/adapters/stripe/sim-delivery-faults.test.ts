/**
 * Lost and failing webhook deliveries on the Stripe simulator, in-process and over `/_control`:
 * a dropped event never arrives (the Session can still be read as paid, which is what a
 * reconciler relies on); a failed one arrives on a later retry.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { SANDBOX_STRIPE } from '../../../sandbox/stripe/index.ts'
import { HOOK_URL, type Received, stripeSim } from './sim-client.ts'

const typeOf = (r: Received) => (JSON.parse(r.body) as { type: string }).type
const sandboxEndpoint = { webhookEndpoints: [{ url: HOOK_URL, secret: SANDBOX_STRIPE.webhookSecret }] }

describe('Stripe simulator: delivery faults', () => {
  it('drops a webhook for good: no attempt reaches the endpoint, none is retried, the Session is paid at Stripe', async () => {
    const h = stripeSim(sandboxEndpoint)
    h.sim.control.faultDeliveries({ kind: 'drop', types: ['checkout.session.completed'], times: 1 })
    const id = await h.session()
    await h.hook('POST', `/test/sessions/${id}/pay`)
    h.clock.advance(60 * 60 * 1000)
    await h.sim.control.tick()
    expect(h.received.map(typeOf)).toEqual(['payment_intent.succeeded'])
    expect(h.sim.control.deliveries().map((d) => [d.type, d.outcome])).toEqual([
      ['checkout.session.completed', 'dropped'],
      ['payment_intent.succeeded', 'delivered'],
    ])
    expect(h.sim.control.pendingDeliveries()).toBe(0)
    // What a reconciler finds by reading the Session back.
    expect((await h.api('GET', `/v1/checkout/sessions/${id}`)).json).toMatchObject({ status: 'complete', payment_status: 'paid' })
    // times: 1 — the next Session's completed event arrives.
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    expect(h.received.map(typeOf)).toEqual(['payment_intent.succeeded', 'checkout.session.completed', 'payment_intent.succeeded'])
  })

  it('fails deliveries to one endpoint until cleared, then the retry gets through', async () => {
    const h = stripeSim(sandboxEndpoint)
    await h.api('POST', '/v1/webhook_endpoints', [
      ['url', 'https://other.test/'],
      ['enabled_events[0]', '*'],
    ])
    h.sim.control.faultDeliveries({ kind: 'fail', endpoint: HOOK_URL })
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    expect(h.received.map((r) => r.url)).toEqual(['https://other.test/', 'https://other.test/'])
    h.clock.advance(5_000)
    await h.sim.control.tick()
    expect(h.received.filter((r) => r.url === HOOK_URL)).toHaveLength(0)
    h.sim.control.clearDeliveryFaults()
    h.clock.advance(10_000)
    await h.sim.control.tick()
    expect(h.received.filter((r) => r.url === HOOK_URL).map(typeOf)).toEqual(['checkout.session.completed', 'payment_intent.succeeded'])
    const toHook = h.sim.control.deliveries().filter((d) => d.url === HOOK_URL)
    expect(toHook.map((d) => [d.attempt, d.outcome])).toEqual([
      [1, 'failed'],
      [1, 'failed'],
      [2, 'failed'],
      [2, 'failed'],
      [3, 'delivered'],
      [3, 'delivered'],
    ])
    expect(toHook[0]?.error).toBe('simulated network error')
  })

  it('offers the same over HTTP: faults, tick and the delivery log under /_control', async () => {
    const h = stripeSim(sandboxEndpoint)
    expect((await h.hook('POST', '/_control/deliveries/faults', { kind: 'explode' })).status).toBe(400)
    const armed = await h.hook('POST', '/_control/deliveries/faults', { kind: 'fail', types: ['payment_intent.succeeded'] })
    expect(armed.json['faults']).toEqual([{ kind: 'fail', types: ['payment_intent.succeeded'] }])
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    expect(h.received.map(typeOf)).toEqual(['checkout.session.completed'])
    const cleared = await h.hook('DELETE', '/_control/deliveries/faults')
    expect(cleared.json).toMatchObject({ faults: [], pending: 1 })
    h.clock.advance(5_000)
    const ticked = await h.hook('POST', '/_control/tick')
    expect(ticked.json['pending']).toBe(0)
    expect(h.received.map(typeOf)).toEqual(['checkout.session.completed', 'payment_intent.succeeded'])
    const log = await h.hook('GET', '/_control/deliveries')
    expect(log.json).toMatchObject({ object: 'list', pending: 0 })
    expect((log.json['data'] as Array<{ outcome: string }>).map((d) => d.outcome)).toEqual(['delivered', 'failed', 'delivered'])
  })
})
