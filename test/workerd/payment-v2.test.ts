/**
 * Payments v2 inside workerd against a real sqld: the storage contract, and the flow configure
 * provider → create link → pay at the simulator → GET payment shows paid (plus a verified, replayed webhook).
 */

import { describe, expect, inject, it } from 'vitest'
import { openDb } from '../../adapters/libsql/index.ts'
import { makeV2Harness } from '../contract/payments-v2-harness.ts'
import { runPaymentsV2StorageContract } from '../contract/payments-v2-storage.contract.ts'
import { libsqlPaymentsV2Storage } from '../contract/payments-v2-storage.libsql.ts'

runPaymentsV2StorageContract({ name: 'sqld over http (workerd)', make: () => libsqlPaymentsV2Storage(openDb({ url: inject('sqldUrl') })) })

const LINK = { amount: 2500, currency: 'EUR', description: 'Quota 2026', reference: 'Q-2026-1', return_url: 'https://example.it/back' }

describe('payments v2 in workerd', () => {
  const harness = () => makeV2Harness({ dbUrl: inject('sqldUrl'), db: openDb({ url: inject('sqldUrl') }) })

  it('configures Revolut, creates a link, pays it at the simulator, and reads it paid', async () => {
    expect(navigator.userAgent).toBe('Cloudflare-Workers')
    const h = await harness()
    const t = await h.configuredTenant('revolut')
    const link = await t.asOperator('POST', '/payment/v2/links', { ...LINK, method: 'open_banking' })
    expect(link.status).toBe(201)
    const d = link.json['data'] as { payment_id: string; payment_url: string; status: string }
    expect(d.status).toBe('pending')
    const orderId = d.payment_url.split('/').at(-1)
    expect((await h.app.request(`http://varco.test/sandbox/revolut/test/orders/${orderId}/pay`, { method: 'POST' })).status).toBe(200)
    const got = await t.asViewer('GET', `/payment/v2/payments/${d.payment_id}`)
    expect(got.status).toBe(200)
    expect(got.json['data']).toMatchObject({ payment_id: d.payment_id, status: 'paid' })
  })

  it('configures Stripe, pays the Checkout Session, applies its signed webhook once and ignores the replay', async () => {
    const h = await harness()
    h.clock.set(new Date().toISOString())
    const t = await h.configuredTenant('stripe')
    const link = await t.asOperator('POST', '/payment/v2/links', { ...LINK, method: 'card' })
    expect(link.status).toBe(201)
    const d = link.json['data'] as { payment_id: string; payment_url: string }
    const session = d.payment_url.split('/').at(-1)
    expect((await h.app.request(`http://varco.test/sandbox/stripe/test/sessions/${session}/pay`, { method: 'POST' })).status).toBe(200)
    const events = (await (await h.app.request(`http://varco.test/sandbox/stripe/sandbox-events/${session}`)).json()) as {
      data: Array<{ type: string; payload: string; header: string }>
    }
    const completed = events.data.find((e) => e.type === 'checkout.session.completed')
    expect(completed).toBeDefined()
    const send = () =>
      h.app.request(`/payment/v2/webhooks/${t.id}/stripe`, {
        method: 'POST',
        headers: { 'stripe-signature': completed?.header ?? '', 'content-type': 'application/json' },
        body: completed?.payload ?? '',
      })
    const first = await send()
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toMatchObject({ success: true, data: { outcome: 'applied', payment_id: d.payment_id, status: 'paid' } })
    expect(await (await send()).json()).toMatchObject({ success: true, data: { outcome: 'duplicate', status: 'paid' } })
    const forged = await h.app.request(`/payment/v2/webhooks/${t.id}/stripe`, {
      method: 'POST',
      headers: { 'stripe-signature': completed?.header.replace(/v1=[0-9a-f]{4}/, 'v1=0000') ?? '' },
      body: completed?.payload ?? '',
    })
    expect(forged.status).toBe(400)
  })
})
