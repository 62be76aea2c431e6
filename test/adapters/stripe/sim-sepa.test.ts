/**
 * SEPA Direct Debit on the Stripe simulator's payment Sessions: the hosted page offers each method,
 * a debit completes the Session `unpaid` with its PaymentIntent `processing`, and settling it gives
 * Stripe's async events (succeeded or failed). Card payments keep their one-step sequence.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { stripeSim } from './sim-client.ts'

const EXPAND = '?expand[]=payment_intent&expand[]=payment_intent.payment_method&expand[]=payment_intent.latest_charge'

async function payOnPage(h: ReturnType<typeof stripeSim>, id: string, form: Record<string, string>) {
  return h.simFetch(`${h.base}/pay/${id}/pay`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  })
}

describe('Stripe simulator: SEPA debit on payment Sessions', () => {
  it('shows a Pay button per offered method, with an IBAN field for SEPA', async () => {
    const h = stripeSim()
    const both = await (await h.simFetch(`${h.base}/pay/${await h.session(['card', 'sepa_debit'])}`)).text()
    expect(both).toContain('value="card"')
    expect(both).toContain('value="sepa_debit"')
    expect(both).toContain('name="iban"')
    const cardOnly = await (await h.simFetch(`${h.base}/pay/${await h.session(['card'])}`)).text()
    expect(cardOnly).not.toContain('value="sepa_debit"')
  })

  it('completes a SEPA payment unpaid with a processing PaymentIntent, then succeeds on settlement', async () => {
    const h = stripeSim()
    const id = await h.session()
    const res = await payOnPage(h, id, { method: 'sepa_debit', iban: 'IT60 X054 2811 1010 0000 0123 456' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`https://comune.example.it/ok?s=${id}`)
    const s = await h.api('GET', `/v1/checkout/sessions/${id}${EXPAND}`)
    expect(s.json).toMatchObject({ status: 'complete', payment_status: 'unpaid', payment_method_types: ['card', 'sepa_debit'] })
    expect(s.json['payment_intent']).toMatchObject({
      status: 'processing',
      payment_method_types: ['card', 'sepa_debit'],
      payment_method: { object: 'payment_method', type: 'sepa_debit', sepa_debit: { last4: '3456', country: 'IT' } },
      latest_charge: { status: 'pending', paid: false, payment_method_details: { type: 'sepa_debit' } },
    })
    expect(await h.eventTypes(id)).toEqual(['checkout.session.completed', 'payment_intent.processing'])
    const completed = (await h.sim.control.events(id))[0]
    expect(JSON.parse(completed?.payload ?? '{}').data.object).toMatchObject({ status: 'complete', payment_status: 'unpaid' })

    const settled = await h.hook('POST', `/test/sessions/${id}/settle?outcome=succeeded`)
    expect(settled.status).toBe(200)
    expect(settled.json).toMatchObject({ payment_status: 'paid', payment_intent: { status: 'succeeded', amount_received: 15000 } })
    expect(await h.eventTypes(id)).toEqual([
      'checkout.session.completed',
      'payment_intent.processing',
      'payment_intent.succeeded',
      'checkout.session.async_payment_succeeded',
    ])
    const last = (await h.sim.control.events(id)).at(-1)
    expect(JSON.parse(last?.payload ?? '{}').data.object).toMatchObject({ id, status: 'complete', payment_status: 'paid' })
  })

  it('on a failed debit emits async_payment_failed, and the Session stays complete and unpaid', async () => {
    const h = stripeSim()
    const id = await h.session()
    expect((await h.hook('POST', `/test/sessions/${id}/pay?method=sepa_debit`)).json).toMatchObject({
      payment_status: 'unpaid',
      payment_intent: { status: 'processing', payment_method: { type: 'sepa_debit', sepa_debit: { last4: '3000', country: 'DE' } } },
    })
    const failed = await h.hook('POST', `/test/sessions/${id}/settle?outcome=failed`)
    expect(failed.json).toMatchObject({
      status: 'complete',
      payment_status: 'unpaid',
      payment_intent: {
        status: 'requires_payment_method',
        last_payment_error: { code: 'insufficient_funds' },
        latest_charge: { status: 'failed' },
      },
    })
    expect(await h.eventTypes(id)).toEqual([
      'checkout.session.completed',
      'payment_intent.processing',
      'payment_intent.payment_failed',
      'checkout.session.async_payment_failed',
    ])
    // Settled once: a second settlement is refused, whatever the outcome.
    expect((await h.hook('POST', `/test/sessions/${id}/settle?outcome=succeeded`)).status).toBe(400)
    expect((await h.api('GET', `/v1/checkout/sessions/${id}`)).json['payment_status']).toBe('unpaid')
  })

  it('pays by card in one step, and tells card from sepa_debit on the expanded PaymentIntent', async () => {
    const h = stripeSim()
    const id = await h.session()
    expect((await payOnPage(h, id, { method: 'card' })).status).toBe(303)
    const s = await h.api('GET', `/v1/checkout/sessions/${id}${EXPAND}`)
    expect(s.json).toMatchObject({
      payment_status: 'paid',
      payment_intent: {
        status: 'succeeded',
        payment_method: { type: 'card' },
        latest_charge: { paid: true, payment_method_details: { type: 'card' } },
      },
    })
    expect(await h.eventTypes(id)).toEqual(['checkout.session.completed', 'payment_intent.succeeded'])
    expect((await h.hook('POST', `/test/sessions/${id}/settle`)).status).toBe(400)
  })

  it('refuses a method the Session does not offer, on the page and on the hook', async () => {
    const h = stripeSim()
    const id = await h.session(['card'])
    expect((await payOnPage(h, id, { method: 'sepa_debit' })).status).toBe(400)
    expect((await h.hook('POST', `/test/sessions/${id}/pay?method=sepa_debit`)).status).toBe(400)
    expect(h.sim.control.sessions()[0]).toMatchObject({ status: 'open', payment_status: 'unpaid' })
    expect((await h.hook('POST', `/test/sessions/${id}/settle?outcome=bogus`)).status).toBe(400)
  })

  it('refuses a malformed IBAN on the page and leaves the Session open', async () => {
    const h = stripeSim()
    const id = await h.session()
    expect((await payOnPage(h, id, { method: 'sepa_debit', iban: 'not an iban' })).status).toBe(400)
    expect(h.sim.control.sessions()[0]?.status).toBe('open')
  })
})
