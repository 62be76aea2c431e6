/**
 * Payment metrics (opencity.md §2.4/§6) collected at the composition root, so core stays free of
 * them: a decorator around each intermediary adapter (latency histogram, errors by outcome kind) and
 * one around the payment repository, which counts outcomes from the writes: a payment created at its
 * intermediary (our PAYMENT_PENDING) or imported as PAYMENT_PENDING is a success event, our
 * CREATION_FAILED a failed one, and COMPLETE, EXPIRED and CANCELED are settled payments.
 * @module
 */

import type { PaymentProvider } from '../ports/payment-provider.port.ts'
import type { PaymentRepo, PaymentWrite } from '../ports/payment-repo.port.ts'
import type { MetricsRegistry } from './metrics.ts'

export function instrumentProvider(name: string, provider: PaymentProvider, metrics: MetricsRegistry): PaymentProvider {
  const timed =
    <A, R extends { kind: string }>(operation: string, call: (a: A) => Promise<R>) =>
    async (a: A): Promise<R> => {
      const started = performance.now()
      try {
        const r = await call(a)
        if (r.kind !== 'ok') metrics.providerErrors.inc({ intermediary: name, operation, kind: r.kind })
        return r
      } catch (e) {
        metrics.providerErrors.inc({ intermediary: name, operation, kind: 'exception' })
        throw e
      } finally {
        metrics.providerLatency.observe({ intermediary: name, operation }, (performance.now() - started) / 1000)
      }
    }
  return {
    name: provider.name,
    create: timed('create', (r) => provider.create(r)),
    read: timed('read', (r) => provider.read(r)),
    checkout: timed('checkout', (r) => provider.checkout(r)),
    cancel: timed('cancel', (r) => provider.cancel(r)),
    ...(provider.verifyWebhook
      ? { verifyWebhook: (input) => (provider.verifyWebhook as NonNullable<PaymentProvider['verifyWebhook']>)(input) }
      : {}),
    ...(provider.methods
      ? { methods: () => timed('methods', (_: undefined) => (provider.methods as NonNullable<PaymentProvider['methods']>)())(undefined) }
      : {}),
  }
}

const SETTLED = new Set(['COMPLETE', 'EXPIRED', 'CANCELED'])

export function instrumentPayments(repo: PaymentRepo, metrics: MetricsRegistry): PaymentRepo {
  const count = (w: PaymentWrite, inserted: boolean) => {
    const intermediary = w.stored.intermediary
    // An imported payment (event or CSV with its notice) is written PAYMENT_PENDING at once.
    if (inserted && w.stored.payment.status === 'PAYMENT_PENDING') metrics.successEvents.inc({ intermediary })
    for (const e of w.events) {
      // Only our own events mark an outcome; received ones were counted by their producer.
      if (!e.app_id.startsWith('varco:')) continue
      if (e.status === 'PAYMENT_PENDING') metrics.successEvents.inc({ intermediary })
      else if (e.status === 'CREATION_FAILED') metrics.failedEvents.inc({ intermediary })
      else if (SETTLED.has(e.status)) metrics.settled.inc({ intermediary, status: e.status })
    }
  }
  return {
    ...repo,
    async insert(w) {
      const r = await repo.insert(w)
      if (r.ok) count(w, true)
      return r
    },
    async update(w, expected) {
      const r = await repo.update(w, expected)
      if (r.ok) count(w, false)
      return r
    },
  }
}
