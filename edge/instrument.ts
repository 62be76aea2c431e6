/**
 * Payment metrics (opencity.md §2.4/§6) collected at the composition root, so core stays free of
 * them: a decorator around each intermediary adapter (latency histogram, errors by outcome kind) and
 * one around the payment repository (COMPLETE and failed outcomes, counted from the emitted events).
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

const FAILED = new Set(['CREATION_FAILED', 'EXPIRED', 'CANCELED'])

export function instrumentPayments(repo: PaymentRepo, metrics: MetricsRegistry): PaymentRepo {
  const count = (w: PaymentWrite) => {
    for (const e of w.events) {
      // Only our own events mark an outcome; received ones were counted by their producer.
      if (!e.app_id.startsWith('varco:')) continue
      if (e.status === 'COMPLETE') metrics.paymentSuccess.inc({ intermediary: w.stored.intermediary })
      else if (FAILED.has(e.status)) metrics.paymentFailed.inc({ intermediary: w.stored.intermediary, status: e.status })
    }
  }
  return {
    ...repo,
    async insert(w) {
      const r = await repo.insert(w)
      if (r.ok) count(w)
      return r
    },
    async update(w, expected) {
      const r = await repo.update(w, expected)
      if (r.ok) count(w)
      return r
    },
  }
}
