/**
 * `POST /payments` (events in), `GET /payments/{id}`, `GET /payments/{id}/events`. A tenant caller
 * posts its own tenant's events; a platform posts events of the tenants it created (any other
 * `tenant_id`: that event is refused as not found). Reads are scoped the same way.
 * @module
 */

import { OpenAPIHono } from '@hono/zod-openapi'
import { paymentToWire } from '../../core/payment-wire.ts'
import type { Caller } from '../../core/principal.ts'
import { paymentInScope, tenantInScope } from '../../core/use-cases/scope.ts'
import { getPaymentEventsRoute, getPaymentRoute, type IngestResultBody, ingestPaymentsRoute } from '../../openapi/payments.ts'
import type { AppEnv } from '../context.ts'
import type { Deps } from '../deps/index.ts'
import { DomainFailure } from '../failure.ts'
import { toHttpError } from '../http-errors.ts'
import { type IngestItem, ingestOne } from '../ingest-event.ts'
import type { MetricsRegistry } from '../metrics.ts'
import { requireCaller } from '../middleware/auth.ts'
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

const idOf = (raw: unknown, key: string): string | null => {
  const v = raw && typeof raw === 'object' ? (raw as Record<string, unknown>)[key] : undefined
  return typeof v === 'string' ? v : null
}

/**
 * One event from `caller`. A tenant's events must carry its tenant id (else 403, as before); a
 * platform's must name one of its tenants: another tenant reads as not found, before anything is
 * parsed or stored. An event without a string `tenant_id` fails validation (nothing matches '').
 */
async function ingestFrom(deps: Deps, metrics: MetricsRegistry, caller: Caller, raw: unknown): Promise<IngestItem> {
  if (caller.kind === 'tenant') return ingestOne(deps, metrics, caller.tenantId, raw, 'http')
  const named = idOf(raw, 'tenant_id')
  if (named !== null) {
    const tenant = await tenantInScope(deps, caller, named)
    if (!tenant.ok) return { ok: false, error: tenant.error, paymentId: idOf(raw, 'id'), eventId: idOf(raw, 'event_id') }
    return ingestOne(deps, metrics, tenant.value.id, raw, 'http')
  }
  return ingestOne(deps, metrics, '', raw, 'http')
}

export function paymentRoutes(metrics: MetricsRegistry) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })

  app.openapi(ingestPaymentsRoute, async (c) => {
    const principal = requireCaller(c, 'operator')
    const body = c.req.valid('json')
    const deps = c.get('deps')
    if (!Array.isArray(body)) {
      const item = await ingestFrom(deps, metrics, principal, body)
      if (!item.ok) throw new DomainFailure(item.error)
      return item.status === 201 ? c.json(item.body, 201) : c.json(item.body, 200)
    }
    const results: IngestResultBody[] = []
    for (const raw of body) {
      const item = await ingestFrom(deps, metrics, principal, raw)
      results.push(item.ok ? item.body : rejected(item))
    }
    return c.json({ results }, 200)
  })

  app.openapi(getPaymentRoute, async (c) => {
    const { id } = c.req.valid('param')
    const stored = await paymentInScope(c.get('deps'), requireCaller(c, 'viewer'), id)
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    return c.json(paymentToWire(stored.payment), 200)
  })

  app.openapi(getPaymentEventsRoute, async (c) => {
    const { id } = c.req.valid('param')
    const deps = c.get('deps')
    const stored = await paymentInScope(deps, requireCaller(c, 'viewer'), id)
    if (!stored) throw new DomainFailure({ code: 'not_found', resource: 'payment', id })
    return c.json({ items: await deps.payments.events(stored.payment.tenant_id, stored.payment.id) }, 200)
  })

  return app
}
