/**
 * Webhook endpoints (`/v1/webhook_endpoints`): create (the signing `secret` is shown only then, as
 * at Stripe), list, retrieve, update (`url`, `enabled_events`, `disabled`) and delete. Each
 * endpoint has its own `whsec_…` secret; `enabled_events` names event types, `*` is every type.
 * The simulator may start with endpoints given at construction (the sandbox's own, to the gateway).
 * deliveries.ts pushes the events to them.
 * @module
 */

import { Hono } from 'hono'
import { accountOf, invalidParam, resourceMissing } from './api.ts'
import { DEFAULT_STRIPE_ACCOUNT } from './credentials.ts'
import { parseForm, record, str, strings } from './form.ts'
import type { StripeIds } from './ids.ts'

export type Endpoint = {
  id: string
  /** The account that owns it: it receives that account's events only. */
  account: string
  created: number
  url: string
  secret: string
  enabled_events: string[]
  status: 'enabled' | 'disabled'
  description: string | null
  metadata: Record<string, string>
}

/** An endpoint the simulator has from the start (option `webhookEndpoints`). */
export type WebhookEndpointConfig = {
  readonly url: string
  /** Its signing secret (default: a new `whsec_…`). */
  readonly secret?: string
  /** Event types it receives (default `['*']`, every type). */
  readonly enabledEvents?: readonly string[]
  readonly description?: string
  /** Its account (default: the default account's). */
  readonly account?: string
}

export type EndpointState = ReturnType<typeof endpointState>

export function endpointState({ nowS, rid }: StripeIds, initial: readonly WebhookEndpointConfig[] = []) {
  const endpoints = new Map<string, Endpoint>()
  const add = (c: WebhookEndpointConfig): Endpoint => {
    const e: Endpoint = {
      id: rid('we_'),
      account: c.account ?? DEFAULT_STRIPE_ACCOUNT.id,
      created: nowS(),
      url: c.url,
      secret: c.secret ?? rid('whsec_'),
      enabled_events: [...(c.enabledEvents ?? ['*'])],
      status: 'enabled',
      description: c.description ?? null,
      metadata: {},
    }
    endpoints.set(e.id, e)
    return e
  }
  for (const c of initial) add(c)
  return {
    endpoints,
    add,
    /** The enabled endpoints of `account` that receive events of `type`. */
    matching: (type: string, account: string = DEFAULT_STRIPE_ACCOUNT.id) =>
      [...endpoints.values()].filter(
        (e) => e.account === account && e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)),
      ),
  }
}

/** The `webhook_endpoint` object; `secret` only when just created. */
export const endpointView = (e: Endpoint, withSecret = false) => ({
  id: e.id,
  object: 'webhook_endpoint',
  api_version: null,
  application: null,
  created: e.created,
  description: e.description,
  enabled_events: e.enabled_events,
  livemode: false,
  metadata: e.metadata,
  status: e.status,
  url: e.url,
  ...(withSecret ? { secret: e.secret } : {}),
})

const EVENT_TYPE = /^(\*|[a-z_]+(\.[a-z_]+)+)$/
const httpUrl = (u: string | undefined): u is string => u !== undefined && URL.canParse(u) && /^https?:$/.test(new URL(u).protocol)

export function endpointsApi(state: EndpointState): Hono {
  const app = new Hono()
  const body = async (req: Request) => parseForm(await req.text())
  const missing = (c: Parameters<typeof resourceMissing>[0], id: string) => resourceMissing(c, 'webhook_endpoint', id, 'webhook_endpoint')

  app.post('/v1/webhook_endpoints', async (c) => {
    const f = await body(c.req.raw)
    const url = str(f['url'])
    if (!httpUrl(url)) return invalidParam(c, 'url', 'Invalid URL: the URL must be http(s)://…', 'url_invalid')
    const events = strings(f['enabled_events']) ?? []
    if (events.length === 0) return invalidParam(c, 'enabled_events', 'Missing required param: enabled_events.', 'parameter_missing')
    const bad = events.find((t) => !EVENT_TYPE.test(t))
    if (bad) return invalidParam(c, 'enabled_events', `Invalid enabled_events: ${bad}`)
    const e = state.add({
      url,
      enabledEvents: events,
      account: accountOf(c).id,
      ...(str(f['description']) ? { description: str(f['description']) ?? '' } : {}),
    })
    e.metadata = record(f['metadata'])
    return c.json(endpointView(e, true))
  })

  app.get('/v1/webhook_endpoints', (c) =>
    c.json({
      object: 'list',
      url: '/v1/webhook_endpoints',
      has_more: false,
      data: [...state.endpoints.values()]
        .filter((e) => e.account === accountOf(c).id)
        .reverse()
        .map((e) => endpointView(e)),
    }),
  )
  /** The caller's own endpoint; another account's reads as missing. */
  const own = (c: Parameters<typeof accountOf>[0]) => {
    const e = state.endpoints.get(c.req.param('id') ?? '')
    return e && e.account === accountOf(c).id ? e : undefined
  }

  app.get('/v1/webhook_endpoints/:id', (c) => {
    const e = own(c)
    return e ? c.json(endpointView(e)) : missing(c, c.req.param('id'))
  })

  app.post('/v1/webhook_endpoints/:id', async (c) => {
    const e = own(c)
    if (!e) return missing(c, c.req.param('id'))
    const f = await body(c.req.raw)
    const url = str(f['url'])
    if (url !== undefined && !httpUrl(url)) return invalidParam(c, 'url', 'Invalid URL: the URL must be http(s)://…', 'url_invalid')
    const events = strings(f['enabled_events'])
    if (events && (events.length === 0 || events.some((t) => !EVENT_TYPE.test(t))))
      return invalidParam(c, 'enabled_events', 'Invalid enabled_events')
    if (url !== undefined) e.url = url
    if (events) e.enabled_events = events
    if (f['disabled'] === 'true' || f['disabled'] === 'false') e.status = f['disabled'] === 'true' ? 'disabled' : 'enabled'
    if (str(f['description']) !== undefined) e.description = str(f['description']) ?? null
    return c.json(endpointView(e))
  })

  app.delete('/v1/webhook_endpoints/:id', (c) => {
    const id = c.req.param('id')
    if (!own(c) || !state.endpoints.delete(id)) return missing(c, id)
    return c.json({ id, object: 'webhook_endpoint', deleted: true })
  })

  return app
}
