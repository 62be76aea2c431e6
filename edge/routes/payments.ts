/** `POST /payments` (events in), `GET /payments/{id}`, `GET /payments/{id}/events`. @module */

import { OpenAPIHono } from '@hono/zod-openapi'
import { paymentToWire } from '../../core/payment-wire.ts'
import { getPaymentEventsRoute, getPaymentRoute, type IngestResultBody, ingestPaymentsRoute } from '../../openapi/payments.ts'
import type { AppEnv } from '../context.ts'
import { DomainFailure, unwrap } from '../failure.ts'
import { toHttpError } from '../http-errors.ts'
import { type IngestItem, ingestOne } from '../ingest-event.ts'
import type { MetricsRegistry } from '../metrics.ts'
import { requireRole } from '../middleware/auth.ts'
import { validationHook } from '../validation.ts'

/** A refused event of a batch: its ids and the problem it would have had on its own. */
function rejected(item: Extract<IngestItem, { ok: false }>): IngestResultBody {
  const e = toHttpError(item.error)
  return {
    outcome: 'rejected',
    payment_id: item.paymentId,
    event_id: item.eventId,
    error: { status: e.status, code: e.code, detail: e.detail, ...(e.errors ? { errors: [...e.errors] } : {}) },
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
      return item.status === 201 ? c.json(item.body, 201) : c.json(item.body, 200)
    }
    const results: IngestResultBody[] = []
    for (const raw of body) {
      const item = await ingestOne(deps, metrics, principal.tenantId, raw, 'http')
      results.push(item.ok ? item.body : rejected(item))
    }
    return c.json({ results }, 200)
  })

  app.openapi(getPaymentRoute, async (c) => {
    const principal = requireRole(c, 'viewer')
    const { id } = c.req.valid('param')
    const stored = await c.get('deps').payments.get(principal.tenantId, id.toLowerCase())
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    return c.json(paymentToWire(stored.payment), 200)
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
    return c.json({ items: await deps.payments.events(principal.tenantId, id.toLowerCase()) }, 200)
  })

  return app
}
