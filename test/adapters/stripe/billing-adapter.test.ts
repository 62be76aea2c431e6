/**
 * The Stripe billing adapter (adapters/stripe/billing.ts, the BillingCheckout port) against the
 * Stripe simulator: a configured Price or an inline one, the caller's Idempotency-Key, the
 * session read back (method, paid, failed SEPA), and webhooks verified with the endpoint secret.
 * @module
 */

import { describe, expect, it } from 'vitest'
import { createStripeBilling } from '../../../adapters/stripe/billing.ts'
import { SANDBOX_STRIPE } from '../../../sandbox/stripe/index.ts'
import { HOOK_URL, SIM_BASE, stripeSim } from './sim-client.ts'

function setup() {
  const s = stripeSim({ webhookEndpoints: [{ url: HOOK_URL, secret: SANDBOX_STRIPE.webhookSecret, enabledEvents: ['*'] }] })
  const billing = createStripeBilling({
    baseUrl: SIM_BASE,
    secretKey: SANDBOX_STRIPE.secretKey,
    webhookSecret: SANDBOX_STRIPE.webhookSecret,
    fetch: s.simFetch,
  })
  const request = (over: Partial<Parameters<typeof billing.createSession>[0]> = {}) =>
    billing.createSession({
      tenantId: '9d6151c3-0000-4000-8000-000000000001',
      packageNumber: 3,
      amountCents: 18_300,
      priceId: null,
      productName: 'Pacchetto Onboarding #3',
      successUrl: 'https://comune.example.it/ok',
      cancelUrl: 'https://comune.example.it/ko',
      customerEmail: 'ragioneria@comune.example.it',
      idempotencyKey: `k-${crypto.randomUUID()}`,
      ...over,
    })
  return { s, billing, request }
}

describe('Stripe billing adapter against the simulator', () => {
  it('creates an inline-price session naming tenant and package; the same key gives the same session', async () => {
    const { billing, request } = setup()
    const a = await request({ idempotencyKey: 'varco-billing-t-3-after-none' })
    const b = await request({ idempotencyKey: 'varco-billing-t-3-after-none' })
    expect(a.kind).toBe('ok')
    expect(b).toEqual(a)
    const other = await request()
    expect(other.kind === 'ok' && a.kind === 'ok' && other.value.id !== a.value.id).toBe(true)
    if (a.kind !== 'ok') return
    const read = await billing.readSession(a.value.id)
    expect(read).toMatchObject({
      kind: 'ok',
      value: {
        status: 'open',
        paid: false,
        failed: false,
        method: null,
        tenantId: '9d6151c3-0000-4000-8000-000000000001',
        packageNumber: 3,
        amountCents: 18_300,
      },
    })
  })

  it('uses a configured Price; an unknown Price is an invalid request', async () => {
    const { billing, request } = setup()
    const ok = await request({ priceId: SANDBOX_STRIPE.packagePrice })
    expect(ok.kind).toBe('ok')
    if (ok.kind === 'ok')
      expect((await billing.readSession(ok.value.id)).kind === 'ok' && (await billing.readSession(ok.value.id))).toMatchObject({
        value: { amountCents: 15_000 },
      })
    expect(await request({ priceId: 'price_does_not_exist' })).toMatchObject({ kind: 'invalid_request' })
  })

  it('reads card and SEPA payments, and a failed SEPA debit', async () => {
    const { s, billing, request } = setup()
    const card = await request()
    const sepa = await request()
    const failing = await request()
    if (card.kind !== 'ok' || sepa.kind !== 'ok' || failing.kind !== 'ok') throw new Error('create failed')
    await s.hook('POST', `/test/sessions/${card.value.id}/pay`)
    expect(await billing.readSession(card.value.id)).toMatchObject({
      value: { status: 'complete', paid: true, method: 'card', paymentRef: expect.stringMatching(/^pi_/), paidAt: expect.any(Date) },
    })
    await s.hook('POST', `/test/sessions/${sepa.value.id}/pay?method=sepa_debit`)
    expect(await billing.readSession(sepa.value.id)).toMatchObject({
      value: { status: 'complete', paid: false, failed: false, method: 'sepa_debit' },
    })
    await s.hook('POST', `/test/sessions/${sepa.value.id}/settle?outcome=succeeded`)
    expect(await billing.readSession(sepa.value.id)).toMatchObject({ value: { paid: true, method: 'sepa_debit' } })
    await s.hook('POST', `/test/sessions/${failing.value.id}/pay?method=sepa_debit`)
    await s.hook('POST', `/test/sessions/${failing.value.id}/settle?outcome=failed`)
    expect(await billing.readSession(failing.value.id)).toMatchObject({ value: { paid: false, failed: true } })
  })

  it('verifies pushed webhooks with the endpoint secret; a forged one is refused', async () => {
    const { s, billing, request } = setup()
    const r = await request()
    if (r.kind !== 'ok') throw new Error('create failed')
    await s.hook('POST', `/test/sessions/${r.value.id}/pay`)
    const got = s.received.find((x) => x.body.includes('"checkout.session.completed"'))
    expect(got).toBeDefined()
    const input = (body: string, sig: string) => ({ rawBody: body, headers: { 'stripe-signature': sig }, receivedAt: s.clock() })
    const v = await billing.verifyWebhook(input(got?.body ?? '', got?.signature ?? ''))
    expect(v).toMatchObject({
      ok: true,
      value: { type: 'checkout.session.completed', sessionId: r.value.id, dedupeKey: expect.stringMatching(/^evt_/) },
    })
    expect(await billing.verifyWebhook(input((got?.body ?? '').replace('complete', 'expired'), got?.signature ?? ''))).toMatchObject({
      ok: false,
      error: { kind: 'invalid_signature' },
    })
    expect(await billing.verifyWebhook(input(got?.body ?? '', ''))).toMatchObject({ ok: false })
  })
})
