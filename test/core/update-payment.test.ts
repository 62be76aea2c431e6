import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import type { Payment } from '../../core/payment.ts'
import type { PaymentDeps } from '../../core/use-cases/payments.ts'
import { updateOnDemand } from '../../core/use-cases/update-payment.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemoryPaymentRepo, inMemoryServiceRepo, tenantRepoWith } from '../fakes/in-memory-repos.fake.ts'
import { testLinkSigner } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { fakeIntermediary, fakeProvider } from '../fakes/payment-provider.fake.ts'

const INTERVAL = 10_000

async function setup(latencyMs = 0) {
  const clock = fixedClock('2026-11-23T10:10:00Z')
  const provider = fakeProvider({ intermediary: fakeIntermediary({ clock }), latencyMs })
  const { tenants } = await tenantRepoWith('60e35f02-1509-408c-b101-3b1a28109329', clock())
  const payments = inMemoryPaymentRepo()
  const p: Payment = aPayment({
    id: crypto.randomUUID(),
    status: 'PAYMENT_PENDING',
    created_at: new Date('2026-11-23T10:00:00Z'),
    updated_at: new Date('2026-11-23T10:09:00Z'),
    payment: { ...aPayment().payment, notice_code: '301000000000000144' },
  })
  const ref = provider.intermediary.open(p.id).providerRef
  const stored = { payment: p, intermediary: 'fake', providerRef: ref }
  await payments.insert({ stored, events: [], publish: [], at: clock() })
  const deps: PaymentDeps = {
    tenants,
    services: inMemoryServiceRepo(),
    payments,
    providers: { fake: provider },
    creditorOf: (t) => ({ tenantId: t.id, taxId: t.taxIdentificationNumber, name: t.name }),
    clock,
    newId: sequentialIds(),
    logger: jsonLogger({ level: 'error', write: () => {} }),
    appId: 'varco:test',
    publishers: [],
    publicUrl: 'http://varco.test',
    linkSigner: testLinkSigner(),
  }
  const current = async () => (await payments.get(p.tenant_id, p.id)) ?? stored
  return { clock, provider, deps, current, ref }
}

describe('GET /update: the intermediary at most once per payment per interval', () => {
  it('asks the intermediary, then answers from storage until the interval has passed', async () => {
    const { clock, provider, deps, current, ref } = await setup()
    expect((await updateOnDemand(deps, await current(), INTERVAL)).checked).toBe(true)
    expect(provider.calls.read).toBe(1)
    provider.intermediary.pay(ref)
    clock.advance(INTERVAL - 1)
    const early = await updateOnDemand(deps, await current(), INTERVAL)
    expect(early).toMatchObject({ checked: false, stored: { payment: { status: 'PAYMENT_PENDING' } } })
    expect(provider.calls.read).toBe(1)
    clock.advance(1)
    const due = await updateOnDemand(deps, await current(), INTERVAL)
    expect(due).toMatchObject({ checked: true, stored: { payment: { status: 'COMPLETE' } } })
    expect(provider.calls.read).toBe(2)
    clock.advance(INTERVAL)
    expect((await updateOnDemand(deps, await current(), INTERVAL)).checked).toBe(false) // final: nothing to ask
    expect(provider.calls.read).toBe(2)
  })

  it('makes one intermediary call for concurrent calls on the same payment', async () => {
    const { provider, deps, current } = await setup(20)
    const before = await current()
    const results = await Promise.all(Array.from({ length: 8 }, () => updateOnDemand(deps, before, INTERVAL)))
    expect(provider.calls.read).toBe(1)
    expect(results.filter((r) => r.checked)).toHaveLength(1)
    expect(results.every((r) => r.stored.payment.id === before.payment.id)).toBe(true)
  })

  it('asks on every call when the interval is 0', async () => {
    const { clock, provider, deps, current } = await setup()
    for (let i = 0; i < 3; i++) {
      await updateOnDemand(deps, await current(), 0)
      clock.advance(1)
    }
    expect(provider.calls.read).toBe(3)
  })
})
