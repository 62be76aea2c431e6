import { describe, expect, it } from 'vitest'
import { jsonLogger } from '../../adapters/log/json-logger.ts'
import { POLL_MAX_PER_KIND, pollPayments } from '../../core/jobs/poll-payments.ts'
import type { Payment } from '../../core/payment.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import type { PaymentDeps } from '../../core/use-cases/payments.ts'
import { fixedClock, sequentialIds } from '../fakes/clock.fake.ts'
import { inMemoryPaymentRepo, inMemoryServiceRepo, tenantRepoWith } from '../fakes/in-memory-repos.fake.ts'
import { testLinkSigner } from '../fakes/link-signer.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { fakeIntermediary, fakeProvider } from '../fakes/payment-provider.fake.ts'

describe('poll-payments', () => {
  it('checks due payments even behind a large backlog of creations, each within its own budget', async () => {
    const clock = fixedClock('2026-11-23T10:10:00Z')
    // Too busy to create anything; the one payment made there before is paid.
    const provider = fakeProvider({
      intermediary: fakeIntermediary({ clock }),
      script: { create: () => ({ kind: 'retryable', reason: 'busy' }) },
    })
    const { tenants, tenant } = await tenantRepoWith('60e35f02-1509-408c-b101-3b1a28109329', clock())
    const payments = inMemoryPaymentRepo()
    const dueAt = (p: Payment, iso: string) => ({
      ...p,
      links: { ...p.links, update: { ...p.links.update, next_check_at: new Date(iso) } },
    })
    const store = (p: Payment, providerRef: string | null = null) =>
      payments.insert({
        stored: { payment: p, intermediary: 'fake', providerRef },
        events: [eventToWire({ ...p, event_id: crypto.randomUUID(), event_version: '2.0', event_created_at: clock(), app_id: 'x:1' })],
        publish: [],
        at: clock(),
      })
    for (let i = 0; i < 300; i++)
      await store(dueAt(aPayment({ id: crypto.randomUUID(), status: 'CREATION_PENDING' }), '2026-11-23T10:00:00Z'))
    const pending = dueAt(
      aPayment({
        id: crypto.randomUUID(),
        status: 'PAYMENT_PENDING',
        payment: { ...aPayment().payment, notice_code: '301000000000000144' },
      }),
      '2026-11-23T10:09:00Z',
    )
    const paid = provider.intermediary.open(pending.id).providerRef
    provider.intermediary.pay(paid)
    await store(pending, paid)

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
    const report = await pollPayments.run(deps, clock())
    expect(provider.calls.read).toBe(1)
    expect(provider.calls.create).toBe(POLL_MAX_PER_KIND)
    expect(report.counts).toMatchObject({ completed: 1, checked: POLL_MAX_PER_KIND + 1 })
    expect((await payments.get(tenant.id, pending.id))?.payment.status).toBe('COMPLETE')
  })
})
