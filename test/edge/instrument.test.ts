import { describe, expect, it } from 'vitest'
import { eventToWire } from '../../core/payment-wire.ts'
import { instrumentPayments, instrumentProvider } from '../../edge/instrument.ts'
import { MetricsRegistry } from '../../edge/metrics.ts'
import type { PaymentProvider } from '../../ports/payment-provider.port.ts'
import { inMemoryPaymentRepo } from '../fakes/in-memory-repos.fake.ts'
import { aPayment } from '../fakes/payment.fake.ts'

const declining: PaymentProvider = {
  name: 'fake',
  create: async () => ({ kind: 'declined', reason: 'no' }),
  read: async () => Promise.reject(new Error('boom')),
  checkout: async () => ({ kind: 'ok', value: { url: 'http://x' } }),
  cancel: async () => ({ kind: 'unknown', reason: 'timeout' }),
}

describe('payment metrics', () => {
  it('counts intermediary errors by operation and kind, and times every call', async () => {
    const m = new MetricsRegistry()
    const p = instrumentProvider('fake', declining, m)
    await p.create({} as never)
    await p.checkout({} as never)
    await p.cancel({} as never)
    await expect(p.read({} as never)).rejects.toThrow('boom')
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
    expect(text).toContain('oc_payment_failed_total{intermediary="pagopa",status="CREATION_FAILED"} 1')
    expect(text).not.toContain('oc_payment_success_total{')
  })
})
