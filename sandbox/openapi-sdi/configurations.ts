/**
 * The account set-up (spec fatturapa.md §6.2): business registry configurations (one per fiscal id;
 * 400 `610` without `fiscal_id`, 409 `612` for an email another fiscal id uses) and API
 * configurations, whose `customer-notification` callback the simulator then calls. "Every time you
 * create an API configuration it overwrites the previous one."
 * @module
 */

import { Hono } from 'hono'
import type { Callback, Registry, SdiState } from './state.ts'
import { fail, ok } from './views.ts'

const EVENTS = new Set([
  'supplier-invoice',
  'customer-invoice',
  'invoice-status-quarantena',
  'invoice-status-invoice-error',
  'customer-notification',
  'legal-storage-missing-vat',
  'legal-storage-receipt',
])

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

function readCallbacks(v: unknown): Callback[] | null {
  if (!Array.isArray(v)) return null
  const out: Callback[] = []
  for (const x of v as Array<Record<string, unknown>>) {
    const cb = {
      event: text(x?.['event']),
      url: text(x?.['url']),
      auth_header: text(x?.['auth_header']),
      field: text(x?.['field']) || 'data',
    }
    if (!EVENTS.has(cb.event) || !/^https?:\/\/\S+$/.test(cb.url)) return null
    out.push(cb)
  }
  return out
}

export function configurationsApi(state: SdiState) {
  const app = new Hono()

  app.post('/business_registry_configurations', async (c) => {
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>
    const fiscalId = text(body['fiscal_id'])
    if (!fiscalId) return fail(c, 400, 'fiscal_id is required', 610)
    const email = text(body['email'])
    if ([...state.registries.values()].some((r) => r.email === email && r.fiscal_id !== fiscalId)) {
      return fail(c, 409, 'This email already exists', 612)
    }
    if (state.registries.has(fiscalId)) return fail(c, 409, 'This fiscal_id already exists', 611)
    const r: Registry = {
      id: state.newId(),
      fiscal_id: fiscalId,
      name: text(body['name']),
      email,
      apply_signature: body['apply_signature'] === true,
      apply_legal_storage: body['apply_legal_storage'] === true,
      active: true,
    }
    state.registries.set(fiscalId, r)
    return ok(c, r)
  })
  app.get('/business_registry_configurations', (c) => ok(c, [...state.registries.values()]))
  app.get('/business_registry_configurations/:fiscalId', (c) => {
    const r = state.registries.get(c.req.param('fiscalId'))
    return r ? ok(c, r) : fail(c, 404, 'Business registry configuration not found', 404)
  })

  app.post('/api_configurations', async (c) => {
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>
    const fiscalId = text(body['fiscal_id'])
    if (!fiscalId) return fail(c, 400, 'fiscal_id is required', 610)
    const callbacks = readCallbacks(body['callbacks'])
    if (callbacks === null) return fail(c, 400, 'callbacks must be a list of {event, url, auth_header, field}', 400)
    const config = { id: state.newId(), fiscal_id: fiscalId, callbacks }
    state.apiConfigurations.set(fiscalId, config)
    return ok(c, [config])
  })
  app.get('/api_configurations', (c) => {
    const fiscalId = c.req.query('fiscal_id')
    return ok(
      c,
      [...state.apiConfigurations.values()].filter((a) => fiscalId === undefined || a.fiscal_id === fiscalId),
    )
  })

  return app
}
