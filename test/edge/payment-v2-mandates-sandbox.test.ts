/** SEPA mandates through the real Stripe and Revolut mandate adapters and their simulators: sign, charge, settle. */

import Stripe from 'stripe'
import { describe, expect, it } from 'vitest'
import { reconcilePaymentsV2Job } from '../../core/jobs/reconcile-payments-v2.ts'
import { openLocalDb } from '../../edge/local/db.ts'
import { SANDBOX_STRIPE } from '../../sandbox/stripe/index.ts'
import { makeV2Harness } from '../contract/payments-v2-harness.ts'

/** A tenant on the Stripe simulator with one new mandate (IBAN IT60…3456), awaiting signature. */
async function stripeMandate(customerName: string, customerEmail: string) {
  const h = await makeV2Harness({ dbUrl: ':memory:', db: openLocalDb(':memory:') })
  const t = await h.configuredTenant('stripe')
  const created = await t.asOperator('POST', '/payment/v2/mandates', {
    customer_name: customerName,
    customer_email: customerEmail,
    iban: 'IT60X0542811101000000123456',
    description: 'Abbonamento 231 Agile',
  })
  expect(created.status, created.text).toBe(201)
  return { h, t, m: created.json['data'] as { mandate_id: string; mandate_url: string } }
}

describe('payments v2 mandates at the Stripe simulator', () => {
  it('creates a mandate, the customer accepts it, the charge is pulled and settles to paid', async () => {
    const h = await makeV2Harness({ dbUrl: ':memory:', db: openLocalDb(':memory:') })
    const t = await h.configuredTenant('stripe')
    const created = await t.asOperator('POST', '/payment/v2/mandates', {
      customer_name: 'Mario Rossi',
      customer_email: 'mario@esempio.it',
      iban: 'DE89370400440532013000',
      description: 'Abbonamento 231 Agile',
    })
    expect(created.status, created.text).toBe(201)
    const m = created.json['data'] as { mandate_id: string; mandate_url: string; status: string; iban_masked: string }
    expect(m).toMatchObject({ status: 'pending_mandate_signature', iban_masked: 'DE89****3000' })
    expect(m.mandate_url).toMatch(/\/sandbox\/stripe\/setup\/cs_/)
    const charge = { amount: 15000, currency: 'EUR', description: 'Pacchetto #4', reference: 'PKG-4' }
    expect((await t.asOperator('POST', `/payment/v2/mandates/${m.mandate_id}/charges`, charge)).status).toBe(409)

    const session = m.mandate_url.split('/').at(-1)
    const accept = await h.app.request(
      `http://varco.test/sandbox/stripe/test/setup-sessions/${session}/accept?iban=DE89370400440532013000`,
      {
        method: 'POST',
      },
    )
    expect(accept.status).toBe(200)
    const read = await t.asViewer('GET', `/payment/v2/mandates/${m.mandate_id}`)
    expect(read.json['data']).toMatchObject({ status: 'active' })

    const c1 = await t.asOperator('POST', `/payment/v2/mandates/${m.mandate_id}/charges`, charge)
    expect(c1.status, c1.text).toBe(201)
    const p = c1.json['data'] as { payment_id: string; status: string }
    expect(p.status).toBe('pending')
    const intents = (await (await h.app.request('http://varco.test/sandbox/stripe/test/payment_intents')).json()) as {
      data: Array<{ id: string }>
    }
    expect(intents.data).toHaveLength(1)
    expect((await t.asOperator('POST', `/payment/v2/mandates/${m.mandate_id}/charges`, charge)).status).toBe(200)
    expect(
      ((await (await h.app.request('http://varco.test/sandbox/stripe/test/payment_intents')).json()) as { data: unknown[] }).data,
    ).toHaveLength(1)

    await h.app.request(`http://varco.test/sandbox/stripe/test/payment_intents/${intents.data[0]?.id}/settle`, { method: 'POST' })
    // Stripe's payment_intent.succeeded for the debit, signed with the tenant's webhook secret: the
    // charge is found by its id in the intent's metadata, re-read and moved to paid, before any GET.
    const settled = (await (
      await h.app.request(`http://varco.test/sandbox/stripe/v1/payment_intents/${intents.data[0]?.id}`, {
        headers: { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}` },
      })
    ).json()) as Record<string, unknown>
    const payload = JSON.stringify({
      id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { object: settled },
    })
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: SANDBOX_STRIPE.webhookSecret })
    h.clock.set(new Date().toISOString())
    const hook = await h.app.request(`/payment/v2/webhooks/${t.id}/stripe`, {
      method: 'POST',
      headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
      body: payload,
    })
    expect(hook.status, await hook.clone().text()).toBe(200)
    expect(await hook.json()).toEqual({
      success: true,
      data: { received: true, outcome: 'applied', payment_id: p.payment_id, mandate_id: null, status: 'paid' },
    })
    const row = await h.deps.db.first({ sql: 'SELECT status, paid_at FROM v2_payments WHERE id = ?', args: [p.payment_id] })
    expect(row).toMatchObject({ status: 'paid', paid_at: expect.any(Number) })
  })

  it('a signed checkout.session.completed of the setup session activates the mandate before any GET; a replay does nothing', async () => {
    const { h, t, m } = await stripeMandate('Mario Rossi', 'mario@esempio.it')
    const session = m.mandate_url.split('/').at(-1)
    await h.app.request(`http://varco.test/sandbox/stripe/test/setup-sessions/${session}/accept`, { method: 'POST' })
    const object = (await (
      await h.app.request(`http://varco.test/sandbox/stripe/v1/checkout/sessions/${session}`, {
        headers: { authorization: `Bearer ${SANDBOX_STRIPE.secretKey}` },
      })
    ).json()) as Record<string, unknown>
    expect(object).toMatchObject({ id: session, mode: 'setup', status: 'complete' })
    const payload = JSON.stringify({
      id: `evt_${crypto.randomUUID().replaceAll('-', '')}`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      data: { object },
    })
    const signature = new Stripe('sk_test_x').webhooks.generateTestHeaderString({ payload, secret: SANDBOX_STRIPE.webhookSecret })
    h.clock.set(new Date().toISOString())
    const send = () =>
      h.app.request(`/payment/v2/webhooks/${t.id}/stripe`, {
        method: 'POST',
        headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
        body: payload,
      })
    const stored = async () => {
      const r = await h.deps.db.first({ sql: 'SELECT status, updated_at FROM v2_mandates WHERE id = ?', args: [m.mandate_id] })
      return { status: r?.['status'], updated: r?.['updated_at'] }
    }
    expect(await stored()).toMatchObject({ status: 'pending_mandate_signature' })
    const first = await send()
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toEqual({
      success: true,
      data: { received: true, outcome: 'applied', payment_id: null, mandate_id: m.mandate_id, status: 'active' },
    })
    const after = await stored()
    expect(after).toMatchObject({ status: 'active' })
    const replay = await send()
    expect(((await replay.json()) as { data: { outcome: string } }).data.outcome).toBe('duplicate')
    expect(await stored()).toEqual(after)
  })

  it('the minute reconciler activates a mandate signed at Stripe without any webhook or GET', async () => {
    const { h, m } = await stripeMandate('Anna Bianchi', 'anna@esempio.it')
    const status = async () =>
      (await h.deps.db.first({ sql: 'SELECT status FROM v2_mandates WHERE id = ?', args: [m.mandate_id] }))?.['status']
    const run = () => reconcilePaymentsV2Job.run(h.deps, h.deps.clock())
    const before = await run()
    expect(before.counts).toMatchObject({ mandates_checked: 1, mandates_changed: 0 })
    expect(await status()).toBe('pending_mandate_signature')
    await h.app.request(`http://varco.test/sandbox/stripe/test/setup-sessions/${m.mandate_url.split('/').at(-1)}/accept`, {
      method: 'POST',
    })
    expect((await run()).counts).toMatchObject({ mandates_checked: 1, mandates_changed: 1 })
    expect(await status()).toBe('active')
    expect((await run()).counts).toMatchObject({ mandates_checked: 0, mandates_changed: 0 })
  })

  it('a mandate revoked at Stripe reads inactive on GET, and a charge on it is refused before any debit', async () => {
    const { h, t, m } = await stripeMandate('Luca Verdi', 'luca@esempio.it')
    const accepted = (await (
      await h.app.request(`http://varco.test/sandbox/stripe/test/setup-sessions/${m.mandate_url.split('/').at(-1)}/accept`, {
        method: 'POST',
      })
    ).json()) as { setup_intent: { mandate: { id: string } } }
    expect((await t.asViewer('GET', `/payment/v2/mandates/${m.mandate_id}`)).json['data']).toMatchObject({ status: 'active' })
    const revoke = await h.app.request(`http://varco.test/sandbox/stripe/test/mandates/${accepted.setup_intent.mandate.id}/revoke`, {
      method: 'POST',
    })
    expect(revoke.status).toBe(200)
    expect((await t.asViewer('GET', `/payment/v2/mandates/${m.mandate_id}`)).json['data']).toMatchObject({ status: 'inactive' })
    const charge = await t.asOperator('POST', `/payment/v2/mandates/${m.mandate_id}/charges`, {
      amount: 15000,
      currency: 'EUR',
      description: 'Pacchetto #5',
      reference: 'PKG-5',
    })
    expect(charge.status).toBe(409)
    const intents = (await (await h.app.request('http://varco.test/sandbox/stripe/test/payment_intents')).json()) as { data: unknown[] }
    expect(intents.data).toHaveLength(0)
  })

  it('does the same at the Revolut simulator (mandate order, saved SEPA method, debit order)', async () => {
    const h = await makeV2Harness({ dbUrl: ':memory:', db: openLocalDb(':memory:') })
    const t = await h.configuredTenant('revolut')
    const created = await t.asOperator('POST', '/payment/v2/mandates', {
      customer_name: 'Mario Rossi',
      customer_email: 'mario@esempio.it',
      iban: 'IT60X0542811101000000123456',
      description: 'Abbonamento 231 Agile',
    })
    expect(created.status, created.text).toBe(201)
    const m = created.json['data'] as { mandate_id: string; mandate_url: string }
    expect(m.mandate_url).toMatch(/\/sandbox\/revolut\/sdd\//)
    const order = m.mandate_url.split('/').at(-1)
    expect((await h.app.request(`http://varco.test/sandbox/revolut/test/sdd/orders/${order}/accept`, { method: 'POST' })).status).toBe(200)
    expect((await t.asViewer('GET', `/payment/v2/mandates/${m.mandate_id}`)).json['data']).toMatchObject({ status: 'active' })
    const charge = { amount: 4200, currency: 'EUR', description: 'Rata 1', reference: 'RATA-1' }
    const c1 = await t.asOperator('POST', `/payment/v2/mandates/${m.mandate_id}/charges`, charge)
    expect(c1.status, c1.text).toBe(201)
    const p = c1.json['data'] as { payment_id: string }
    const debits = (await (await h.app.request('http://varco.test/sandbox/revolut/test/sdd/payments')).json()) as Array<{
      order_id: string
    }>
    expect(debits).toHaveLength(1)
    await h.app.request(`http://varco.test/sandbox/revolut/test/sdd/orders/${debits[0]?.order_id}/settle`, { method: 'POST' })
    expect((await t.asViewer('GET', `/payment/v2/payments/${p.payment_id}`)).json['data']).toMatchObject({ status: 'paid' })
  })
})
