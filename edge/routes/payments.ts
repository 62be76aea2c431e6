/** `POST /payments` (events in), `GET /payments/{id}`, `GET /payments/{id}/events`. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import type { DomainError } from '../../core/errors.ts'
import { paymentToWire } from '../../core/payment-wire.ts'
import { createAtIntermediary, ingestPaymentEvent } from '../../core/use-cases/payments.ts'
import { isVersion2, PaymentEventInSchema } from '../../openapi/payment-event.ts'
import { getPaymentEventsRoute, getPaymentRoute, ingestPaymentsRoute } from '../../openapi/payments.ts'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { toHttpError } from '../http-errors.ts'
import type { MetricsRegistry } from '../metrics.ts'
import { requireRole } from '../middleware/auth.ts'
import { eventFromWire } from '../payment-wire-in.ts'
import { issuesOf, validationHook } from '../validation.ts'

type Item =
  | { readonly ok: true; readonly status: 200 | 201; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly error: DomainError; readonly paymentId: string | null; readonly eventId: string | null }

const idOf = (raw: unknown, key: string): string | null => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined
  return typeof v === 'string' ? v : null
}

/** Validates, ingests and (for new payments) creates one event at the intermediary. */
async function ingestOne(deps: Deps, metrics: MetricsRegistry, tenantId: string, raw: unknown, source: string): Promise<Item> {
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
  return {
    ok: true,
    status: 201,
    body: { outcome: r.outcome, payment_id: stored.payment.id, event_id: ids.eventId, payment: paymentToWire(stored.payment) },
  }
}

export function paymentRoutes(metrics: MetricsRegistry) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(ingestPaymentsRoute, async (c) => {
    const principal = requireRole(c, 'operator')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    if (!Array.isArray(body)) {
      const item = await ingestOne(deps, metrics, principal.tenantId, body, 'http')
      if (!item.ok) throw new DomainFailure(item.error)
      return c.json(item.body as never, item.status)
    }
    const results = []
    for (const raw of body) {
      const item = await ingestOne(deps, metrics, principal.tenantId, raw, 'http')
      if (item.ok) results.push(item.body)
      else {
        const e = toHttpError(item.error)
        results.push({
          outcome: 'rejected',
          payment_id: item.paymentId,
          event_id: item.eventId,
          error: { status: e.status, code: e.code, detail: e.detail, ...(e.errors ? { errors: e.errors } : {}) },
        })
      }
    }
    return c.json({ results } as never, 200)
  })

  app.openapi(getPaymentRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { id } = c.req.valid('param')
    const stored = await c.get('deps').payments.get(principal.tenantId, id.toLowerCase())
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    return c.json(paymentToWire(stored.payment) as never, 200)
  })

  app.openapi(getPaymentEventsRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { id } = c.req.valid('param')
    const deps = c.get('deps')
    unwrap(
      (await deps.payments.get(principal.tenantId, id.toLowerCase()))
        ? { ok: true, value: null }
        : { ok: false, error: { code: 'not_found', resource: 'payment', id } as const },
    )
    return c.json({ items: await deps.payments.events(principal.tenantId, id.toLowerCase()) } as never, 200)
  })

  return app
}
