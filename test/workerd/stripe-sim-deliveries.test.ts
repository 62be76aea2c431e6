/**
 * The Stripe simulator's pushed webhooks inside workerd (where nothing runs between requests):
 * a SEPA payment and its settlement reach the endpoint signed with its secret (verified with the
 * stripe SDK's Web Crypto provider), and a failed delivery goes out again on a later tick.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { SANDBOX_STRIPE } from '../../sandbox/stripe/index.ts'
import { HOOK_URL, type Received, stripeSim, verifyWithSdk } from '../adapters/stripe/sim-client.ts'

describe('Stripe simulator webhooks (workerd)', () => {
  it('pushes the SEPA sequence signed, and retries a failed delivery on a later tick', async () => {
    const h = stripeSim({
      webhookEndpoints: [
        {
          url: HOOK_URL,
          secret: SANDBOX_STRIPE.webhookSecret,
          enabledEvents: ['checkout.session.completed', 'checkout.session.async_payment_succeeded'],
        },
      ],
    })
    let first = true
    h.answerWith(() => {
      const fail = first
      first = false
      return new Response(fail ? 'busy' : 'ok', { status: fail ? 500 : 200 })
    })
    const id = await h.session()
    await h.hook('POST', `/test/sessions/${id}/pay?method=sepa_debit`)
    await h.hook('POST', `/test/sessions/${id}/settle?outcome=succeeded`)
    h.clock.advance(5_000)
    await h.sim.control.tick()
    const types = []
    for (const r of h.received) types.push((await verifyWithSdk(r as Received, SANDBOX_STRIPE.webhookSecret)).type)
    expect(types).toEqual(['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.completed'])
    expect(h.sim.control.deliveries().map((d) => [d.type, d.attempt, d.outcome])).toEqual([
      ['checkout.session.completed', 1, 'failed'],
      ['checkout.session.async_payment_succeeded', 1, 'delivered'],
      ['checkout.session.completed', 2, 'delivered'],
    ])
  })
})
