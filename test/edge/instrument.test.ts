import { describe, expect, it } from 'vitest'
import { cents } from '../../core/money.ts'
import { eventToWire } from '../../core/payment-wire.ts'
import { instrumentPayments, instrumentProvider } from '../../edge/instrument.ts'
import { MetricsRegistry } from '../../edge/metrics.ts'
import { sampleRequest } from '../contract/payment-provider.contract.ts'
import { inMemoryPaymentRepo } from '../fakes/in-memory-repos.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'
import { fakeProvider } from '../fakes/payment-provider.fake.ts'

/** Declines creates, throws on reads, and times out on cancels; checkouts work. */
const declining = fakeProvider({
  declineCreates: 'no',
  script: {
    read: () => Promise.reject(new Error('boom')),
    cancel: [{ kind: 'unknown', reason: 'timeout' }],
  },
})
const creditor = { tenantId: 't1', taxId: '00341620508', name: 'Comune' }
const ref = { providerRef: declining.intermediary.open().providerRef, creditor, noticeCode: null }
const urls = { ok: 'https://x.test/ok', cancel: 'https://x.test/cancel', error: 'https://x.test/ko' }

describe('payment metrics', () => {
  it('counts intermediary errors by operation and kind, and times every call', async () => {
    const m = new MetricsRegistry()
    const p = instrumentProvider('fake', declining, m)
    expect((await p.create(sampleRequest({ creditor, now: () => new Date() }))).kind).toBe('declined')
    expect((await p.checkout({ ref, amount: cents(100), reason: 'x', payerEmail: null, returnUrls: urls })).kind).toBe('ok')
    expect((await p.cancel(ref)).kind).toBe('unknown')
    await expect(p.read(ref)).rejects.toThrow('boom')
    const text = m.render()
    expect(text).toContain('oc_payment_provider_errors_total{intermediary="fake",operation="create",kind="declined"} 1')
    expect(text).toContain('oc_payment_provider_errors_total{intermediary="fake",operation="cancel",kind="unknown"} 1')
    expect(text).toContain('oc_payment_provider_errors_total{intermediary="fake",operation="read",kind="exception"} 1')
    expect(text).not.toContain('operation="checkout",kind')
    expect(text).toContain('oc_payment_provider_latency_count{intermediary="fake",operation="checkout"} 1')
  })

  it('counts outcomes from our own emitted events only', async () => {
    const m = new MetricsRegistry()
    const repo = instrumentPayments(inMemoryPaymentRepo(), m)
    const p = aPayment({ status: 'CREATION_FAILED' })
    const ours = eventToWire({
      ...p,
      event_id: crypto.randomUUID(),
      event_version: '2.0',
      event_created_at: p.updated_at,
      app_id: 'varco:0.1.0',
    })
    const theirs = eventToWire({
      ...p,
      status: 'COMPLETE',
      event_id: crypto.randomUUID(),
      event_version: '2.0',
      event_created_at: p.updated_at,
      app_id: 'other:1',
    })
    await repo.insert({
      stored: { payment: p, intermediary: 'pagopa', providerRef: null },
      events: [theirs, ours],
      publish: [],
      at: p.updated_at,
    })
    const text = m.render()
    expect(text).toContain('oc_payment_failed_events_total{intermediary="pagopa"} 1')
    expect(text).not.toContain('oc_payment_success_events_total{')
    expect(text).not.toContain('varco_payments_settled_total{')
  })
})
