/**
 * One payment event in, whatever carried it: `POST /payments` (source `http`), the Cloudflare
 * Queue consumer (`queue`) and the Kafka consumer (`kafka`) share validation (v2.0 only, schema,
 * counted in oc_payment_validation_errors_total{source}), the ingest rules (opencity.md §5.2) and
 * the creation at the intermediary. Right after a new payment is written, its outbox events are
 * dispatched for that payment alone (VARCO_DISPATCH_ON_WRITE); the per-minute dispatcher is the
 * backstop. Moved here from routes/payments.ts so the message sources reuse it.
 * @module
 */

import type { DomainError } from '../core/errors.ts'
import type { Job } from '../core/job.ts'
import { consumeKafka } from '../core/jobs/consume-kafka.ts'
import { dispatchOutbox } from '../core/jobs/dispatch-outbox.ts'
import { paymentToWire } from '../core/payment-wire.ts'
import { createAtIntermediary, ingestPaymentEvent } from '../core/use-cases/payments.ts'
import { isVersion2, PaymentEventInSchema } from '../openapi/payment-event.ts'
import type { IngestIgnoredBody, IngestStoredBody } from '../openapi/payments.ts'
import type { HandleInboundEvent, InboundDisposition } from '../ports/payment-event-source.port.ts'
import type { Deps } from './deps/index.ts'
import type { MetricsRegistry } from './metrics.ts'
import { eventFromWire } from './payment-wire-in.ts'
import { issuesOf } from './validation.ts'

export type IngestItem =
  | { readonly ok: true; readonly status: 200; readonly body: IngestIgnoredBody }
  | { readonly ok: true; readonly status: 201; readonly body: IngestStoredBody }
  | { readonly ok: false; readonly error: DomainError; readonly paymentId: string | null; readonly eventId: string | null }

const idOf = (raw: unknown, key: string): string | null => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined
  return typeof v === 'string' ? v : null
}

/** Publishes the outbox rows of one payment now; failures stay in the outbox for the cron dispatcher. */
async function dispatchPayment(deps: Deps, paymentId: string): Promise<void> {
  if (!deps.config.VARCO_DISPATCH_ON_WRITE || Object.keys(deps.eventPublishers).length === 0) return
  try {
    await dispatchOutbox(deps, deps.clock(), { paymentId, max: 20 })
  } catch (e) {
    deps.logger.warn('dispatch after write failed; the cron dispatcher will retry', { payment_id: paymentId, error: e })
  }
}

/**
 * Validates, ingests and (for new payments) creates one event at the intermediary. `tenantId` is
 * the caller's tenant (HTTP), or null for message sources, where the event's own tenant applies.
 */
export async function ingestOne(
  deps: Deps,
  metrics: MetricsRegistry,
  tenantId: string | null,
  raw: unknown,
  source: string,
): Promise<IngestItem> {
  const ids = { paymentId: idOf(raw, 'id'), eventId: idOf(raw, 'event_id') }
  const version = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)['event_version'] : undefined
  if (!isVersion2(version)) {
    metrics.paymentValidationErrors.inc({ source, reason: 'version' })
    return {
      ok: false,
      ...ids,
      error: { code: 'validation', issues: [{ path: 'event_version', message: 'only version 2.0 events are accepted' }] },
    }
  }
  const parsed = PaymentEventInSchema.safeParse(raw)
  if (!parsed.success) {
    metrics.paymentValidationErrors.inc({ source, reason: 'schema' })
    return { ok: false, ...ids, error: { code: 'validation', issues: issuesOf(parsed.error.issues) } }
  }
  const result = await ingestPaymentEvent(deps, { tenantId }, eventFromWire(parsed.data))
  if (!result.ok) {
    if (result.error.code === 'validation') metrics.paymentValidationErrors.inc({ source, reason: 'semantic' })
    return { ok: false, ...ids, error: result.error }
  }
  const r = result.value
  if (r.outcome === 'ignored') {
    return { ok: true, status: 200, body: { outcome: 'ignored', reason: r.reason, payment_id: r.paymentId, event_id: ids.eventId } }
  }
  const stored = r.outcome === 'created' ? await createAtIntermediary(deps, r.stored) : r.stored
  await dispatchPayment(deps, stored.payment.id)
  return {
    ok: true,
    status: 201,
    body: { outcome: r.outcome, payment_id: stored.payment.id, event_id: ids.eventId, payment: paymentToWire(stored.payment) },
  }
}

/**
 * The handler message sources call for each body: JSON text is parsed first; the outcome says
 * whether to ack (stored, ignored, rejected) or redeliver (retry, on any unexpected error).
 * Other event versions are discarded at DEBUG (opencity.md §7.2); invalid events are counted and
 * logged at WARN, without the event itself (it carries personal data).
 */
export function inboundHandler(deps: Deps, source: 'queue' | 'kafka'): HandleInboundEvent {
  const log = deps.logger.child({ source })
  return async (body): Promise<InboundDisposition> => {
    let raw = body
    if (typeof raw === 'string') {
      try {
        raw = JSON.parse(raw)
      } catch {
        deps.metrics.paymentValidationErrors.inc({ source, reason: 'json' })
        log.warn('inbound message is not JSON; dropped')
        return 'rejected'
      }
    }
    try {
      const item = await ingestOne(deps, deps.metrics, null, raw, source)
      if (item.ok) {
        const fields = { payment_id: item.body['payment_id'], event_id: item.body['event_id'], outcome: item.body['outcome'] }
        if (item.status === 201) {
          log.info('payment event ingested', fields)
          return 'stored'
        }
        log.debug('payment event ignored', { ...fields, reason: item.body['reason'] })
        return 'ignored'
      }
      const fields = { payment_id: item.paymentId, event_id: item.eventId, code: item.error.code }
      switch (item.error.code) {
        case 'validation':
          if (item.error.issues[0]?.path === 'event_version') {
            log.debug('payment event of another version; discarded', fields)
            return 'ignored'
          }
          log.warn('invalid payment event; dropped', { ...fields, issues: item.error.issues.slice(0, 10) })
          return 'rejected'
        case 'unprocessable':
          // Not for this gateway (no active tenant/service here), or not a creation: normal on a shared topic.
          ;(source === 'kafka' ? log.debug : log.warn)('payment event not processable here; ignored', {
            ...fields,
            detail: item.error.detail,
          })
          return 'ignored'
        case 'unavailable':
          log.warn('payment event deferred: a dependency is unavailable', fields)
          return 'retry'
        default:
          log.warn('payment event refused; dropped', fields)
          return 'rejected'
      }
    } catch (e) {
      deps.metrics.internalErrors.inc({ source })
      deps.metrics.failedEvents.inc({ source })
      log.error('payment event failed; it will be redelivered', { error: e })
      return 'retry'
    }
  }
}

/** The cron job: `consume-kafka` over this gateway's source and inbound handler. */
export const consumeKafkaJob: Job<Deps> = {
  name: consumeKafka.name,
  description: `${consumeKafka.description} Off unless KAFKA_CONSUME=true; stands aside while the long-lived consumer runs (Node, Deno).`,
  run: (deps, now) =>
    consumeKafka.run(
      {
        source: deps.paymentEventSource,
        handle: inboundHandler(deps, 'kafka'),
        max: deps.config.KAFKA_CONSUME_MAX,
        streaming: deps.paymentEventStream?.running() ?? false,
      },
      now,
    ),
}
