/** Payments v2 core: status machines, IBAN masking, key rotation, and provider outcomes of links. */

import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import type { PaymentsV2Deps } from '../../core/payments-v2/deps.ts'
import { canMoveMandate, canMovePayment, ibanContext, maskIban, secretContext } from '../../core/payments-v2/model.ts'
import { createLink, getPayment } from '../../core/payments-v2/payments.ts'
import { putProviderConfig, rotateSecrets } from '../../core/payments-v2/provider-config.ts'
import type { CreatedPayment, Outcome, PaymentMethod, PaymentProvider } from '../../ports/payment-provider.port.ts'
import type { SecretBox } from '../../ports/secret-box.port.ts'
import { aV2Mandate } from '../contract/payments-v2-storage.contract.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { fakeProvider } from '../fakes/payment-provider.fake.ts'
import { inMemoryPaymentsV2Repo, inMemoryProviderConfigRepo, testSecretBox } from '../fakes/payments-v2.fake.ts'
import { inMemoryWebhookInbox } from '../fakes/webhook-inbox.fake.ts'

const admin = { kind: 'tenant' as const, tenantId: 't1', userId: 'u', role: 'admin' as const, keyId: 'k' }

describe('payments v2 status machines', () => {
  it('moves payments forward only; final states never change', () => {
    expect(canMovePayment('creating', 'pending')).toBe(true)
    expect(canMovePayment('unknown', 'paid')).toBe(true)
    expect(canMovePayment('pending', 'paid')).toBe(true)
    expect(canMovePayment('pending', 'unknown')).toBe(false)
    expect(canMovePayment('pending', 'creating')).toBe(false)
    expect(canMovePayment('paid', 'canceled')).toBe(false)
    expect(canMovePayment('expired', 'paid')).toBe(false)
  })
  it('moves mandates forward only; inactive is final', () => {
    expect(canMoveMandate('pending_mandate_signature', 'active')).toBe(true)
    expect(canMoveMandate('active', 'inactive')).toBe(true)
    expect(canMoveMandate('active', 'pending_mandate_signature')).toBe(false)
    expect(canMoveMandate('inactive', 'active')).toBe(false)
  })
  it('masks an IBAN to its country, check digits and last 4', () => {
    expect(maskIban('IT60 X054 2811 1010 0000 0123 456')).toBe('IT60****3456')
    expect(maskIban('de89370400440532013000')).toBe('DE89****3000')
  })
})

const REVOLUT_LIST: Outcome<readonly PaymentMethod[]> = {
  kind: 'ok',
  value: [
    { id: 'revolut_pay', label: 'Revolut Pay', recommended: true },
    { id: 'card', label: 'Card', recommended: false },
  ],
}

function deps(box: SecretBox, provider: PaymentProvider | null): PaymentsV2Deps & { logs: string[] } {
  const logs: string[] = []
  const configs = inMemoryProviderConfigRepo()
  return {
    logs,
    clock: fixedClock(),
    newId: sequentialIds(),
    logger: jsonLogger({ level: 'debug', write: (l) => logs.push(l) }),
    secretBox: box,
    configs,
    store: inMemoryPaymentsV2Repo(),
    inbox: inMemoryWebhookInbox(),
    providers: async () =>
      provider
        ? {
            ok: true,
            value: { provider: 'revolut', version: 1, payments: () => provider, methods: async () => REVOLUT_LIST, mandates: null },
          }
        : { ok: false, error: { code: 'provider.not_configured' } },
    creditorOf: async (tenantId) => ({ tenantId, taxId: '00341620508', name: 'Comune' }),
    publicUrl: 'http://varco.test',
  }
}

describe('key rotation', () => {
  it('re-seals every secret under the current key, idempotently, and leaves values that do not open counted', async () => {
    const k1 = await testSecretBox('k1')
    const d = deps(k1, null)
    await putProviderConfig(d, admin, { provider: 'revolut', apiKey: 'sk_live_secret_0001', webhookSecret: 'wsk_secret_0001' })
    await putProviderConfig(
      d,
      { ...admin, tenantId: 't2' },
      { provider: 'stripe', apiKey: 'sk_live_secret_0002', webhookSecret: 'whsec_0002' },
    )
    const m = aV2Mandate({ tenantId: 't1', id: 'm1', ibanSealed: await k1.seal('IT60X0542811101000000123456', ibanContext('t1', 'm1')) })
    await d.store.insertMandate(m)
    await d.store.insertMandate(aV2Mandate({ tenantId: 't1', id: 'm2', customerEmail: 'x@y.it', ibanSealed: 'v1.k1.garbage.garbage' }))

    const k2 = await testSecretBox('k2')
    const rotating = { ...d, secretBox: k2 }
    const first = await rotateSecrets(rotating)
    expect(first).toEqual({
      keyId: 'k2',
      providerConfigs: { scanned: 2, resealed: 2, current: 0, failed: 0, raced: 0 },
      mandateIbans: { scanned: 2, resealed: 1, current: 0, failed: 1, raced: 0 },
    })
    const c = await d.configs.get('t1')
    expect(c?.apiKeySealed.startsWith('v1.k2.')).toBe(true)
    expect(await k2.open(c?.apiKeySealed ?? '', secretContext('t1', 'revolut', 'api_key'))).toBe('sk_live_secret_0001')
    expect(await k2.open((await d.store.getMandate('t1', 'm1'))?.ibanSealed ?? '', ibanContext('t1', 'm1'))).toBe(
      'IT60X0542811101000000123456',
    )
    expect(d.logs.join('\n')).not.toContain('sk_live_secret')

    const second = await rotateSecrets(rotating)
    expect(second.providerConfigs).toEqual({ scanned: 2, resealed: 0, current: 2, failed: 0, raced: 0 })
    expect(second.mandateIbans).toEqual({ scanned: 2, resealed: 0, current: 1, failed: 1, raced: 0 })
  })
})

describe('createLink provider outcomes', () => {
  const input = {
    amount: 15000,
    currency: 'EUR' as const,
    description: 'x',
    reference: 'R-1',
    method: 'card' as const,
    returnUrl: 'https://a.test/',
  }

  /** A provider whose creates answer `outcomes` first, then work. */
  const provider = (outcomes: Outcome<CreatedPayment>[]) => fakeProvider({ script: { create: outcomes } })

  it('a lost answer is unknown (never failed) and a read reconciles it by creating again idempotently', async () => {
    const p = provider([{ kind: 'unknown', reason: 'timeout' }])
    const d = deps(await testSecretBox(), p)
    const r = await createLink(d, 't1', input)
    expect(r.ok && r.value.payment.status).toBe('unknown')
    const id = r.ok ? r.value.payment.id : ''
    const got = await getPayment(d, 't1', id)
    const created = p.intermediary.createdFor(id)?.providerRef as string
    expect(got.ok && got.value).toMatchObject({ status: 'pending', providerRef: created, paymentUrl: p.intermediary.checkoutUrl(created) })
    expect(p.calls.create).toBe(2)
  })

  it('maps declined, auth and retryable to errors and keeps the payment retryable by the same request', async () => {
    const p = provider([
      { kind: 'declined', reason: 'no' },
      { kind: 'auth', reason: '401' },
      { kind: 'retryable', reason: '503' },
      { kind: 'invalid_request', reason: 'bad' },
    ])
    const d = deps(await testSecretBox(), p)
    const codes = []
    for (let i = 0; i < 4; i++) {
      const r = await createLink(d, 't1', input)
      codes.push(r.ok ? 'ok' : r.error.code)
    }
    expect(codes).toEqual(['provider.declined', 'provider.auth', 'provider.unavailable', 'provider.invalid_request'])
    const last = await createLink(d, 't1', input)
    expect(last.ok && last.value).toMatchObject({ replayed: true, payment: { status: 'pending' } })
  })

  it('refuses without a provider, and on bad amounts before calling anyone', async () => {
    const d = deps(await testSecretBox(), null)
    expect(await createLink(d, 't1', input)).toEqual({ ok: false, error: { code: 'provider.not_configured' } })
    const bad = await createLink(d, 't1', { ...input, amount: -1 })
    expect(!bad.ok && bad.error.code).toBe('validation')
  })
})

describe('reconcilePaymentsV2', () => {
  it('re-creates an unknown link idempotently and counts unreadable reads', async () => {
    const { reconcilePaymentsV2Job } = await import('../../core/jobs/reconcile-payments-v2.ts')
    const reconcilePaymentsV2 = (d: PaymentsV2Deps, now: Date) => reconcilePaymentsV2Job.run({ paymentsV2: d }, now)
    const p = fakeProvider({
      script: { create: [{ kind: 'unknown', reason: 'timeout' }], read: () => ({ kind: 'retryable', reason: '503' }) },
    })
    const d = deps(await testSecretBox(), p)
    const r = await createLink(d, 't1', {
      amount: 100,
      currency: 'EUR',
      description: 'x',
      reference: 'R-9',
      method: 'card',
      returnUrl: 'https://a.test/',
    })
    expect(r.ok && r.value.payment.status).toBe('unknown')
    expect((await reconcilePaymentsV2(d, d.clock())).counts).toEqual({
      checked: 1,
      changed: 1,
      unreadable: 0,
      mandates_checked: 0,
      mandates_changed: 0,
    })
    // Now pending with a reference: the read fails (503) and is counted, nothing moves.
    expect((await reconcilePaymentsV2(d, d.clock())).counts).toEqual({
      checked: 1,
      changed: 0,
      unreadable: 1,
      mandates_checked: 0,
      mandates_changed: 0,
    })
  })
})
