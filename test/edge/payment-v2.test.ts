/**
 * The Agile payments v2 API end to end in Node: real app, embedded libSQL, the Stripe and Revolut
 * simulators as the tenants' providers, and a fake MandateProvider for SEPA mandates.
 */

import { beforeEach, describe, expect, it } from 'vitest'
import { REVOLUT_METHODS } from '../../adapters/revolut/map.ts'
import { openLocalDb } from '../../edge/local/db.ts'
import { makeV2Harness, SANDBOX_KEYS, type V2Harness } from '../contract/payments-v2-harness.ts'
import { type FakeMandateState, fakeMandateProvider } from '../fakes/payments-v2.fake.ts'

type Tenant = Awaited<ReturnType<V2Harness['configuredTenant']>>

const LINK = {
  amount: 15000,
  currency: 'EUR',
  description: 'Pacchetto Onboarding 231 #3',
  reference: 'PKG-2026-003',
  method: 'revolut_pay',
  return_url: 'https://lg231.example.it/#billing',
}

let h: V2Harness
let mandates: FakeMandateState

beforeEach(async () => {
  const fake = fakeMandateProvider()
  mandates = fake.state
  h = await makeV2Harness({
    dbUrl: ':memory:',
    db: openLocalDb(':memory:'),
    mandates: { stripe: () => fake.provider, revolut: () => fake.provider },
  })
})

const data = (r: { json: Record<string, unknown> }) => r.json['data'] as Record<string, unknown>

describe('provider-config', () => {
  it('stores the keys sealed and returns only whether they are set and the last 4 characters', async () => {
    const t = await h.configuredTenant(null)
    const put = await t.asAdmin('PUT', '/payment/v2/provider-config', { provider: 'stripe', ...SANDBOX_KEYS.stripe })
    expect(put.status).toBe(200)
    expect(put.json).toEqual({
      success: true,
      data: {
        provider: 'stripe',
        api_key_set: true,
        api_key_last4: SANDBOX_KEYS.stripe.api_key.slice(-4),
        webhook_secret_set: true,
        updated_at: expect.any(String),
      },
    })
    const get = await t.asAdmin('GET', '/payment/v2/provider-config')
    expect(get.status).toBe(200)
    expect(get.json).toEqual(put.json)
    for (const r of [put, get]) {
      expect(r.text).not.toContain(SANDBOX_KEYS.stripe.api_key)
      expect(r.text).not.toContain(SANDBOX_KEYS.stripe.webhook_secret)
    }
    const row = await h.deps.db.first({ sql: 'SELECT * FROM v2_provider_configs WHERE tenant_id = ?', args: [t.id] })
    expect(String(row?.['api_key_sealed'])).toMatch(/^v1\.k1\./)
    expect(JSON.stringify(row)).not.toContain(SANDBOX_KEYS.stripe.api_key)
    expect(JSON.stringify(row)).not.toContain(SANDBOX_KEYS.stripe.webhook_secret)
    expect(h.allLogs()).not.toContain(SANDBOX_KEYS.stripe.api_key)
    expect(h.allLogs()).not.toContain(SANDBOX_KEYS.stripe.webhook_secret)
  })

  it('is admin only (403), needs credentials (401), and 404 before any configuration', async () => {
    const t = await h.configuredTenant(null)
    expect((await t.asAdmin('GET', '/payment/v2/provider-config')).json).toMatchObject({ success: false, code: 'not_found' })
    for (const ask of [t.asOperator, t.asViewer]) {
      const r = await ask('PUT', '/payment/v2/provider-config', { provider: 'revolut', ...SANDBOX_KEYS.revolut })
      expect(r.status).toBe(403)
      expect(r.json).toMatchObject({ success: false, code: 'auth.insufficient_role' })
      expect((await ask('GET', '/payment/v2/provider-config')).status).toBe(403)
    }
    const anon = await h.call('GET', '/payment/v2/provider-config', { key: t.key })
    expect(anon.status).toBe(401)
    expect(anon.json).toMatchObject({ success: false, code: 'auth.missing_credentials' })
  })

  it('refuses bad input with 400 naming the field', async () => {
    const t = await h.configuredTenant(null)
    const bad = [
      [{ provider: 'paypal', ...SANDBOX_KEYS.revolut }, 'provider'],
      [{ provider: 'revolut', api_key: 'short', webhook_secret: SANDBOX_KEYS.revolut.webhook_secret }, 'api_key'],
      [{ provider: 'revolut', api_key: 'sk has spaces inside', webhook_secret: SANDBOX_KEYS.revolut.webhook_secret }, 'api_key'],
      [{ provider: 'revolut', api_key: SANDBOX_KEYS.revolut.api_key }, 'webhook_secret'],
      [{ provider: 'revolut', ...SANDBOX_KEYS.revolut, extra: 1 }, 'extra'],
    ] as const
    for (const [body, field] of bad) {
      const r = await t.asAdmin('PUT', '/payment/v2/provider-config', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.json).toMatchObject({ success: false, code: 'validation' })
      expect(String(r.json['error'])).toContain(field)
    }
  })

  it('a tampered stored key fails loudly: 500 secrets_unreadable, nothing leaked, logged by tenant', async () => {
    const t = await h.configuredTenant('revolut')
    const row = await h.deps.db.first({ sql: 'SELECT api_key_sealed FROM v2_provider_configs WHERE tenant_id = ?', args: [t.id] })
    const sealed = String(row?.['api_key_sealed'])
    const last = sealed.at(-2) === 'A' ? 'B' : 'A'
    const tampered = `${sealed.slice(0, -2)}${last}${sealed.at(-1)}`
    await h.deps.db.execute({
      sql: 'UPDATE v2_provider_configs SET api_key_sealed = ?, version = version + 1 WHERE tenant_id = ?',
      args: [tampered, t.id],
    })
    const r = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(r.status).toBe(500)
    expect(r.json).toEqual({ success: false, code: 'secrets_unreadable', error: expect.any(String) })
    expect(r.text).not.toContain(SANDBOX_KEYS.revolut.api_key)
    expect(h.allLogs()).toContain('does not open')
    expect(h.allLogs()).not.toContain(SANDBOX_KEYS.revolut.api_key)
    // A key copied to another tenant does not open either (the tenant is in the associated data).
    const other = await h.configuredTenant('revolut')
    const copy = await h.deps.db.first({ sql: 'SELECT api_key_sealed FROM v2_provider_configs WHERE tenant_id = ?', args: [other.id] })
    await h.deps.db.execute({
      sql: 'UPDATE v2_provider_configs SET api_key_sealed = ?, version = version + 1 WHERE tenant_id = ?',
      args: [String(copy?.['api_key_sealed']), t.id],
    })
    expect((await t.asOperator('GET', '/payment/v2/methods')).status).toBe(500)
  })
})

describe('methods', () => {
  it('lists the methods of the tenant provider', async () => {
    const rev = await h.configuredTenant('revolut')
    const r = await rev.asViewer('GET', '/payment/v2/methods')
    expect(r.status).toBe(200)
    expect(data(r)['provider']).toBe('revolut')
    expect((data(r)['methods'] as Array<{ id: string }>).map((m) => m.id)).toEqual(['revolut_pay', 'open_banking', 'card', 'sepa_debit'])
    expect((data(r)['methods'] as Array<{ recommended: boolean }>)[0]?.recommended).toBe(true)
    // The adapter's own list (PaymentProvider.methods()), labels included.
    expect(data(r)['methods']).toEqual(REVOLUT_METHODS)
    const str = await h.configuredTenant('stripe')
    expect((data(await str.asViewer('GET', '/payment/v2/methods'))['methods'] as Array<{ id: string }>).map((m) => m.id)).toEqual([
      'card',
      'sepa_debit',
    ])
  })

  it('answers 409 provider_not_configured without a configuration', async () => {
    const t = await h.configuredTenant(null)
    const r = await t.asViewer('GET', '/payment/v2/methods')
    expect(r.status).toBe(409)
    expect(r.json).toMatchObject({ success: false, code: 'provider_not_configured' })
  })
})

describe('links and payments', () => {
  it('creates a Revolut link, is idempotent on the reference, and shows it paid after paying at the simulator', async () => {
    const t = await h.configuredTenant('revolut')
    const r = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(r.status).toBe(201)
    const d = data(r)
    expect(d).toMatchObject({
      status: 'pending',
      amount: 15000,
      currency: 'EUR',
      reference: LINK.reference,
      method: 'revolut_pay',
      provider: 'revolut',
    })
    expect(String(d['payment_url'])).toMatch(/^http:\/\/varco\.test\/sandbox\/revolut\/pay\//)

    const again = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(again.status).toBe(200)
    expect(data(again)['payment_id']).toBe(d['payment_id'])
    const conflict = await t.asOperator('POST', '/payment/v2/links', { ...LINK, amount: 15001 })
    expect(conflict.status).toBe(409)
    expect(conflict.json).toMatchObject({ success: false, code: 'conflict' })

    const orderId = String(d['payment_url']).split('/').at(-1)
    expect((await h.app.request(`http://varco.test/sandbox/revolut/test/orders/${orderId}/pay`, { method: 'POST' })).status).toBe(200)
    const got = await t.asViewer('GET', `/payment/v2/payments/${d['payment_id']}`)
    expect(got.status).toBe(200)
    expect(data(got)).toMatchObject({ status: 'paid', payment_id: d['payment_id'] })
    expect(data(got)['paid_at']).not.toBeNull()
  })

  it('creates a Stripe card link at the Checkout simulator', async () => {
    const t = await h.configuredTenant('stripe')
    const r = await t.asOperator('POST', '/payment/v2/links', { ...LINK, method: 'card' })
    expect(r.status).toBe(201)
    expect(String(data(r)['payment_url'])).toMatch(/\/sandbox\/stripe\/pay\/cs_/)
  })

  it('refuses a method the provider does not offer, and bad amounts, with 400', async () => {
    const t = await h.configuredTenant('stripe')
    const m = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(m.status).toBe(400)
    expect(m.json).toMatchObject({ success: false, code: 'method_unavailable' })
    for (const body of [
      { ...LINK, amount: 0 },
      { ...LINK, amount: 10.5 },
      { ...LINK, amount: '15000' },
      { ...LINK, currency: 'USD' },
      { ...LINK, reference: 'has spaces' },
      { ...LINK, return_url: 'not a url' },
      { amount: 100 },
    ]) {
      const r = await t.asOperator('POST', '/payment/v2/links', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.json['success']).toBe(false)
    }
    expect((await h.call('POST', '/payment/v2/links', { key: t.key, raw: '{not json', token: t.operator })).status).toBe(400)
  })

  it('needs the operator role to create (viewer 403) and a token (401)', async () => {
    const t = await h.configuredTenant('revolut')
    expect((await t.asViewer('POST', '/payment/v2/links', LINK)).status).toBe(403)
    expect((await h.call('POST', '/payment/v2/links', { key: t.key, body: LINK })).status).toBe(401)
    expect((await h.call('POST', '/payment/v2/links', { key: 'vk_nope_nope', token: t.operator, body: LINK })).status).toBe(401)
  })

  it('maps refused credentials to 502 provider_auth, and the same POST retries once fixed', async () => {
    const t = await h.configuredTenant('revolut', {
      api_key: 'sk_wrong_key_0000000000',
      webhook_secret: SANDBOX_KEYS.revolut.webhook_secret,
    })
    const r = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(r.status).toBe(502)
    expect(r.json).toMatchObject({ success: false, code: 'provider_auth' })
    expect(r.text).not.toContain('sk_wrong_key')
    await t.asAdmin('PUT', '/payment/v2/provider-config', { provider: 'revolut', ...SANDBOX_KEYS.revolut })
    const retry = await t.asOperator('POST', '/payment/v2/links', LINK)
    expect(retry.status).toBe(200)
    expect(data(retry)['status']).toBe('pending')
  })

  it('keeps tenants apart: another tenant reads 404 and may reuse the reference', async () => {
    const a = await h.configuredTenant('revolut')
    const b = await h.configuredTenant('revolut')
    const r = await a.asOperator('POST', '/payment/v2/links', LINK)
    const id = data(r)['payment_id']
    const other = await b.asViewer('GET', `/payment/v2/payments/${id}`)
    expect(other.status).toBe(404)
    expect(other.json).toMatchObject({ success: false, code: 'not_found' })
    expect((await a.asViewer('GET', `/payment/v2/payments/${crypto.randomUUID()}`)).status).toBe(404)
    const reuse = await b.asOperator('POST', '/payment/v2/links', LINK)
    expect(reuse.status).toBe(201)
    expect(data(reuse)['payment_id']).not.toBe(id)
    // A token of tenant b with the key of tenant a is refused.
    expect((await h.call('GET', `/payment/v2/payments/${id}`, { key: a.key, token: b.viewer })).status).toBe(403)
  })
})

describe('402 for suspended or expired subscriptions', () => {
  it('answers 402 on every payments v2 route, after authentication, and lets active and trial tenants through', async () => {
    const t = await h.configuredTenant('revolut')
    for (const status of ['suspended', 'expired'] as const) {
      await h.deps.paymentsV2.billing.set(t.id, status)
      const r = await t.asViewer('GET', '/payment/v2/methods')
      expect(r.status).toBe(402)
      expect(r.json).toEqual({ success: false, code: 'billing_inactive', error: `the tenant subscription is ${status}` })
      expect((await t.asOperator('POST', '/payment/v2/links', LINK)).status).toBe(402)
      expect((await h.call('GET', '/payment/v2/methods', { key: t.key })).status).toBe(401)
    }
    for (const status of ['trial', 'active'] as const) {
      await h.deps.paymentsV2.billing.set(t.id, status)
      expect((await t.asViewer('GET', '/payment/v2/methods')).status).toBe(200)
    }
  })
})

describe('webhooks', () => {
  // The simulators sign with the real time; the gateway checks freshness against its clock.
  beforeEach(() => h.clock.set(new Date().toISOString()))

  async function paidRevolutLink(t: Tenant) {
    const r = await t.asOperator('POST', '/payment/v2/links', LINK)
    const id = String(data(r)['payment_id'])
    const orderId = String(data(r)['payment_url']).split('/').at(-1)
    await h.app.request(`http://varco.test/sandbox/revolut/test/orders/${orderId}/pay`, { method: 'POST' })
    const delivery = (await (await h.app.request(`http://varco.test/sandbox/revolut/test/orders/${orderId}/webhook`)).json()) as {
      payload: string
      headers: Record<string, string>
    }
    return { id, delivery }
  }
  const status = async (t: Tenant, id: string) =>
    (await h.deps.db.first({ sql: 'SELECT status FROM v2_payments WHERE tenant_id = ? AND id = ?', args: [t.id, id] }))?.['status']

  it('verifies with the tenant secret, re-reads, applies once; a replay changes nothing', async () => {
    const t = await h.configuredTenant('revolut')
    const { id, delivery } = await paidRevolutLink(t)
    const send = () =>
      h.app.request(`/payment/v2/webhooks/${t.id}/revolut`, { method: 'POST', headers: delivery.headers, body: delivery.payload })
    const first = await send()
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toEqual({
      success: true,
      data: { received: true, outcome: 'applied', payment_id: id, mandate_id: null, status: 'paid' },
    })
    const row = () =>
      h.deps.db
        .first({ sql: 'SELECT status, provider_ref, paid_at, updated_at FROM v2_payments WHERE id = ?', args: [id] })
        .then((r) => ({ status: r?.['status'], ref: r?.['provider_ref'], paid: r?.['paid_at'], updated: r?.['updated_at'] }))
    const before = await row()
    expect(before.status).toBe('paid')
    const replay = await send()
    expect(replay.status).toBe(200)
    expect(((await replay.json()) as { data: { outcome: string } }).data.outcome).toBe('duplicate')
    expect(await row()).toEqual(before)
    const rows = await h.deps.db.execute({
      sql: "SELECT COUNT(*) AS n FROM webhook_inbox WHERE source = 'payments-v2:revolut' AND scope = ?",
      args: [t.id],
    })
    expect(rows.rows[0]?.['n']).toBe(1)
  })

  it('rejects a bad signature with 400 before reading anything, and another tenant or provider with 404', async () => {
    const t = await h.configuredTenant('revolut')
    const { id, delivery } = await paidRevolutLink(t)
    const forged = await h.app.request(`/payment/v2/webhooks/${t.id}/revolut`, {
      method: 'POST',
      headers: { ...delivery.headers, 'revolut-signature': `v1=${'0'.repeat(64)}` },
      body: delivery.payload,
    })
    expect(forged.status).toBe(400)
    expect(await forged.json()).toMatchObject({ success: false, code: 'webhook.invalid_signature' })
    const tamperedBody = await h.app.request(`/payment/v2/webhooks/${t.id}/revolut`, {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.payload.replace('ORDER_COMPLETED', 'ORDER_AUTHORISED'),
    })
    expect(tamperedBody.status).toBe(400)
    expect(await status(t, id)).toBe('pending')
    // Tenant b (secret of its own) cannot be addressed with tenant a's delivery to move a's payment.
    const b = await h.configuredTenant('revolut', { api_key: SANDBOX_KEYS.revolut.api_key, webhook_secret: 'wsk_other_tenant_secret_000' })
    expect(
      (await h.app.request(`/payment/v2/webhooks/${b.id}/revolut`, { method: 'POST', headers: delivery.headers, body: delivery.payload }))
        .status,
    ).toBe(400)
    expect(
      (await h.app.request(`/payment/v2/webhooks/${t.id}/stripe`, { method: 'POST', headers: delivery.headers, body: delivery.payload }))
        .status,
    ).toBe(404)
    expect((await h.app.request(`/payment/v2/webhooks/${crypto.randomUUID()}/revolut`, { method: 'POST', body: '{}' })).status).toBe(404)
    expect(await status(t, id)).toBe('pending')
  })
})

describe('SEPA mandates and charges', () => {
  const MANDATE = {
    customer_name: 'Mario Rossi',
    customer_email: 'Mario@Esempio.it',
    iban: 'IT60 X054 2811 1010 0000 0123 456',
    description: 'Abbonamento 231 Agile',
  }

  it('creates a mandate with the IBAN masked and sealed, one open per customer', async () => {
    const t = await h.configuredTenant('stripe')
    const r = await t.asOperator('POST', '/payment/v2/mandates', MANDATE)
    expect(r.status).toBe(201)
    const m = data(r)
    expect(m).toMatchObject({ status: 'pending_mandate_signature', iban_masked: 'IT60****3456', customer_email: 'mario@esempio.it' })
    expect(String(m['mandate_url'])).toContain(String(m['mandate_id']))
    expect(r.text).not.toContain('IT60X0542811101000000123456')
    expect(mandates.created[0]?.iban).toBe('IT60X0542811101000000123456')
    const row = await h.deps.db.first({ sql: 'SELECT * FROM v2_mandates WHERE id = ?', args: [String(m['mandate_id'])] })
    expect(JSON.stringify(row)).not.toContain('0542811101000000123')
    expect(String(row?.['iban_sealed'])).toMatch(/^v1\.k1\./)
    expect(h.allLogs()).not.toContain('IT60X0542811101000000123456')

    const dup = await t.asOperator('POST', '/payment/v2/mandates', { ...MANDATE, customer_email: 'mario@esempio.it' })
    expect(dup.status).toBe(409)
    expect(dup.json).toMatchObject({ success: false, code: 'conflict', error: 'this customer already has a pending or active mandate' })
  })

  it('checks the IBAN (mod-97) and the other fields with 400', async () => {
    const t = await h.configuredTenant('stripe')
    for (const body of [
      { ...MANDATE, iban: 'IT60X0542811101000000123457' },
      { ...MANDATE, iban: 'not an iban at all' },
      { ...MANDATE, customer_email: 'nobody' },
      { ...MANDATE, customer_name: '' },
    ]) {
      const r = await t.asOperator('POST', '/payment/v2/mandates', body)
      expect(r.status, JSON.stringify(body)).toBe(400)
    }
    expect(mandates.created).toHaveLength(0)
  })

  it('charges only an active mandate (409 before), idempotently on the reference, and reads the charge back', async () => {
    const t = await h.configuredTenant('stripe')
    const id = String(data(await t.asOperator('POST', '/payment/v2/mandates', MANDATE))['mandate_id'])
    const charge = { amount: 15000, currency: 'EUR', description: 'Pacchetto Onboarding #4', reference: 'PKG-2026-004' }
    const early = await t.asOperator('POST', `/payment/v2/mandates/${id}/charges`, charge)
    expect(early.status).toBe(409)
    expect(early.json).toMatchObject({ success: false, code: 'conflict' })

    mandates.mandateStatus = 'active'
    expect(data(await t.asViewer('GET', `/payment/v2/mandates/${id}`))['status']).toBe('active')
    const c1 = await t.asOperator('POST', `/payment/v2/mandates/${id}/charges`, charge)
    expect(c1.status).toBe(201)
    expect(data(c1)).toMatchObject({ kind: 'charge', status: 'pending', mandate_id: id, method: 'sepa_debit', amount: 15000 })
    const c2 = await t.asOperator('POST', `/payment/v2/mandates/${id}/charges`, charge)
    expect(c2.status).toBe(200)
    expect(data(c2)['payment_id']).toBe(data(c1)['payment_id'])
    expect(mandates.charges).toHaveLength(1)
    expect((await t.asOperator('POST', `/payment/v2/mandates/${id}/charges`, { ...charge, amount: 1 })).status).toBe(409)

    mandates.chargeStatus = 'paid'
    expect(data(await t.asViewer('GET', `/payment/v2/payments/${data(c1)['payment_id']}`))['status']).toBe('paid')
    // Forward only: the provider saying pending again changes nothing.
    mandates.chargeStatus = 'pending'
    expect(data(await t.asViewer('GET', `/payment/v2/payments/${data(c1)['payment_id']}`))['status']).toBe('paid')

    // An active mandate is re-read too (revoked at the provider → inactive), and never comes back.
    mandates.mandateStatus = 'inactive'
    expect(data(await t.asViewer('GET', `/payment/v2/mandates/${id}`))['status']).toBe('inactive')
    mandates.mandateStatus = 'active'
    expect(data(await t.asViewer('GET', `/payment/v2/mandates/${id}`))['status']).toBe('inactive')
    expect((await t.asOperator('POST', `/payment/v2/mandates/${id}/charges`, { ...charge, reference: 'PKG-2026-005' })).status).toBe(409)
  })

  it('keeps mandates per tenant (404) and maps provider failures', async () => {
    const a = await h.configuredTenant('stripe')
    const b = await h.configuredTenant('stripe')
    const id = String(data(await a.asOperator('POST', '/payment/v2/mandates', MANDATE))['mandate_id'])
    expect((await b.asViewer('GET', `/payment/v2/mandates/${id}`)).status).toBe(404)
    expect(
      (await b.asOperator('POST', `/payment/v2/mandates/${id}/charges`, { amount: 1, currency: 'EUR', description: 'x', reference: 'R1' }))
        .status,
    ).toBe(404)
    mandates.failNext = { kind: 'auth', reason: 'Invalid API Key provided' }
    const auth = await b.asOperator('POST', '/payment/v2/mandates', MANDATE)
    expect(auth.status).toBe(502)
    expect(auth.json).toMatchObject({ code: 'provider_auth' })
    mandates.failNext = { kind: 'unknown', reason: 'timeout' }
    const unknown = await b.asOperator('POST', '/payment/v2/mandates', MANDATE)
    expect(unknown.status).toBe(202)
    expect(data(unknown)['status']).toBe('unknown')
  })
})

describe('encryption keys', () => {
  it('in production without VARCO_ENCRYPTION_KEYS, answers 503 misconfigured and stores nothing', async () => {
    const p = await makeV2Harness({
      dbUrl: ':memory:',
      db: openLocalDb(':memory:'),
      env: { VARCO_ENV: 'production', VARCO_ENCRYPTION_KEYS: '' },
    })
    const t = await p.configuredTenant(null)
    const r = await t.asAdmin('PUT', '/payment/v2/provider-config', { provider: 'revolut', ...SANDBOX_KEYS.revolut })
    expect(r.status).toBe(503)
    expect(r.json).toMatchObject({ success: false, code: 'misconfigured' })
    expect(p.allLogs()).toContain('VARCO_ENCRYPTION_KEYS')
    expect(p.allLogs()).not.toContain(SANDBOX_KEYS.revolut.api_key)
    expect(await p.deps.paymentsV2.configs.get(t.id)).toBeNull()
  })

  it('refuses a key id that is not in the ring (503), and opens values sealed under an older key', async () => {
    const bad = await makeV2Harness({ dbUrl: ':memory:', db: openLocalDb(':memory:'), env: { VARCO_ENCRYPTION_KEY_ID: 'k9' } })
    const t = await bad.configuredTenant(null)
    expect((await t.asAdmin('PUT', '/payment/v2/provider-config', { provider: 'revolut', ...SANDBOX_KEYS.revolut })).status).toBe(503)
    // Sealed under k1 by the default harness, then read after k2 became current.
    const a = await h.configuredTenant('revolut')
    const rotated = await makeV2Harness({ dbUrl: ':memory:', db: h.deps.db, env: { VARCO_ENCRYPTION_KEY_ID: 'k2' } })
    const r = await rotated.call('GET', '/payment/v2/methods', { key: a.key, token: a.viewer })
    expect(r.status).toBe(200)
  })
})

describe('reconciler job', () => {
  it('moves a link paid at the provider without any webhook, leaves final ones alone, and counts', async () => {
    const { reconcilePaymentsV2Job } = await import('../../core/jobs/reconcile-payments-v2.ts')
    const t = await h.configuredTenant('revolut')
    const paid = data(await t.asOperator('POST', '/payment/v2/links', LINK))
    const unpaid = data(await t.asOperator('POST', '/payment/v2/links', { ...LINK, reference: 'PKG-2026-004' }))
    await h.app.request(`http://varco.test/sandbox/revolut/test/orders/${String(paid['payment_url']).split('/').at(-1)}/pay`, {
      method: 'POST',
    })
    const first = await reconcilePaymentsV2Job.run(h.deps, h.clock())
    expect(first.counts).toMatchObject({ changed: 1, unreadable: 0 })
    const row = async (id: unknown) =>
      (await h.deps.db.first({ sql: 'SELECT status FROM v2_payments WHERE id = ?', args: [String(id)] }))?.['status']
    expect(await row(paid['payment_id'])).toBe('paid')
    expect(await row(unpaid['payment_id'])).toBe('pending')
    const second = await reconcilePaymentsV2Job.run(h.deps, h.clock())
    expect(second.counts['changed']).toBe(0)
  })
})
