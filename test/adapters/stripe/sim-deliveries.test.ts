/**
 * The Stripe simulator pushes every event to the matching webhook endpoints, signed with each
 * endpoint's own secret (checked with the official SDK), retries failed deliveries with backoff on
 * its clock, and can drop or fail deliveries on demand.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { MAX_ATTEMPTS, SANDBOX_STRIPE } from '../../../sandbox/stripe/index.ts'
import { HOOK_URL, type Received, stripeSim, verifyWithSdk } from './sim-client.ts'

type Sim = ReturnType<typeof stripeSim>
const typeOf = (r: Received) => (JSON.parse(r.body) as { type: string }).type
const endpoint = async (h: Sim, url: string, events: readonly string[]) => {
  const r = await h.api('POST', '/v1/webhook_endpoints', [['url', url], ...events.map((e, i) => [`enabled_events[${i}]`, e] as const)])
  return { id: String(r.json['id']), secret: String(r.json['secret']) }
}
const sandboxEndpoint = { webhookEndpoints: [{ url: HOOK_URL, secret: SANDBOX_STRIPE.webhookSecret }] }

describe('Stripe simulator: webhook delivery', () => {
  it('POSTs each event of a paid Session to the endpoint, signed with its secret (verified by the stripe SDK)', async () => {
    const h = stripeSim(sandboxEndpoint)
    const id = await h.session()
    await h.hook('POST', `/test/sessions/${id}/pay`)
    expect(h.received.map((r) => [r.url, typeOf(r)])).toEqual([
      [HOOK_URL, 'checkout.session.completed'],
      [HOOK_URL, 'payment_intent.succeeded'],
    ])
    const signed = await h.sim.control.events(id)
    for (const [i, r] of h.received.entries()) {
      const event = await verifyWithSdk(r, SANDBOX_STRIPE.webhookSecret)
      expect(event.id).toBe(signed[i]?.id)
      expect(r.body).toBe(signed[i]?.payload)
      await expect(verifyWithSdk(r, 'whsec_someone_else')).rejects.toThrow(/signature/i)
    }
    const completed = await verifyWithSdk(h.received[0] as Received, SANDBOX_STRIPE.webhookSecret)
    expect(completed.data.object).toMatchObject({ id, payment_status: 'paid', metadata: { tenant: 't1' } })
    expect(h.sim.control.deliveries().map((d) => [d.type, d.attempt, d.status, d.outcome])).toEqual([
      ['checkout.session.completed', 1, 200, 'delivered'],
      ['payment_intent.succeeded', 1, 200, 'delivered'],
    ])
  })

  it("signs each endpoint's copy with that endpoint's own secret", async () => {
    const h = stripeSim()
    const a = await endpoint(h, 'https://a.test/hook', ['*'])
    const b = await endpoint(h, 'https://b.test/hook', ['*'])
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    const toA = h.received.filter((r) => r.url === 'https://a.test/hook')
    const toB = h.received.filter((r) => r.url === 'https://b.test/hook')
    expect(toA).toHaveLength(2)
    expect(toB).toHaveLength(2)
    for (const r of toA) {
      await verifyWithSdk(r, a.secret)
      await expect(verifyWithSdk(r, b.secret)).rejects.toThrow()
    }
    for (const r of toB) {
      await verifyWithSdk(r, b.secret)
      await expect(verifyWithSdk(r, a.secret)).rejects.toThrow()
    }
  })

  it('sends an endpoint only the events it enabled (`*` is all)', async () => {
    const h = stripeSim()
    await endpoint(h, 'https://completed.test/', ['checkout.session.completed'])
    await endpoint(h, 'https://async.test/', ['checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed'])
    await endpoint(h, 'https://all.test/', ['*'])
    const id = await h.session()
    await h.hook('POST', `/test/sessions/${id}/pay?method=sepa_debit`)
    await h.hook('POST', `/test/sessions/${id}/settle?outcome=succeeded`)
    const to = (host: string) => h.received.filter((r) => new URL(r.url).host === host).map(typeOf)
    expect(to('completed.test')).toEqual(['checkout.session.completed'])
    expect(to('async.test')).toEqual(['checkout.session.async_payment_succeeded'])
    expect(to('all.test')).toEqual(await h.eventTypes(id))
  })

  it('retries a failed delivery (non-2xx or network error) later on its clock, with the same event', async () => {
    const h = stripeSim(sandboxEndpoint)
    let calls = 0
    h.answerWith(() => {
      calls++
      if (calls === 1) return new Response('down', { status: 503 })
      if (calls === 2) throw new TypeError('fetch failed')
      return new Response('ok')
    })
    await endpoint(h, 'https://unused.test/', ['customer.created'])
    const id = await h.session(['card'])
    await h.api('POST', `/v1/checkout/sessions/${id}/expire`)
    expect(h.sim.control.pendingDeliveries()).toBe(1)
    await h.sim.control.tick()
    expect(calls).toBe(1) // not due yet
    h.clock.advance(5_000)
    await h.sim.control.tick()
    h.clock.advance(9_999)
    await h.sim.control.tick()
    expect(calls).toBe(2) // the second retry waits 10 s
    h.clock.advance(1)
    await h.sim.control.tick()
    const log = h.sim.control.deliveries()
    expect(log.map((d) => [d.attempt, d.status, d.outcome])).toEqual([
      [1, 503, 'failed'],
      [2, null, 'failed'],
      [3, 200, 'delivered'],
    ])
    expect(log[1]?.error).toContain('fetch failed')
    expect(new Set(log.map((d) => d.event)).size).toBe(1)
    expect(new Set(h.received.map((r) => r.body)).size).toBe(1)
    expect(h.sim.control.pendingDeliveries()).toBe(0)
    // Re-signed at each attempt, so the last one is fresh.
    await verifyWithSdk(h.received[2] as Received, SANDBOX_STRIPE.webhookSecret)
  })

  it(`gives up after ${MAX_ATTEMPTS} attempts`, async () => {
    const h = stripeSim(sandboxEndpoint)
    h.answerWith(() => new Response('no', { status: 500 }))
    const id = await h.session(['card'])
    await h.api('POST', `/v1/checkout/sessions/${id}/expire`)
    for (let i = 0; i < 10; i++) {
      h.clock.advance(120_000)
      await h.sim.control.tick()
    }
    expect(h.sim.control.deliveries().map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5])
    expect(h.sim.control.pendingDeliveries()).toBe(0)
  })

  it('stops trying an endpoint once it is deleted', async () => {
    const h = stripeSim()
    h.answerWith(() => new Response('no', { status: 500 }))
    const e = await endpoint(h, 'https://gone.test/', ['*'])
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    await h.api('DELETE', `/v1/webhook_endpoints/${e.id}`)
    h.clock.advance(60_000)
    await h.sim.control.tick()
    expect(h.received).toHaveLength(2)
    expect(h.sim.control.pendingDeliveries()).toBe(0)
  })

  it('lets the endpoint call the simulator back while it is being delivered to', async () => {
    const h = stripeSim(sandboxEndpoint)
    const seen: unknown[] = []
    h.answerWith(async (r) => {
      const id = (JSON.parse(r.body) as { data: { object: { id: string } } }).data.object.id
      if (id.startsWith('cs_')) seen.push((await h.api('GET', `/v1/checkout/sessions/${id}`)).json['payment_status'])
      return new Response('ok')
    })
    await h.hook('POST', `/test/sessions/${await h.session()}/pay`)
    expect(seen).toEqual(['paid'])
    expect(h.sim.control.deliveries()).toHaveLength(2)
  })

  it('pushes the expiry of a Session once expires_at has passed, on the next tick', async () => {
    const h = stripeSim(sandboxEndpoint)
    await h.session()
    h.clock.advance(24 * 60 * 60 * 1000)
    await h.sim.control.tick()
    expect(h.received.map(typeOf)).toEqual(['checkout.session.expired'])
  })
})
