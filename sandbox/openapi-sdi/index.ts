/**
 * OpenAPI.it SDI API simulator, mounted at `/sandbox/openapi-sdi` (the SDI API at its root, the
 * OAuth token endpoint under `/oauth`): the wire of spec fatturapa.md §6 as Varco reads it
 * (/work COMMON "The OpenAPI.it wire"). It takes FatturaPA files, judges them with the injected
 * {@link InspectInvoice} (the real wiring passes Varco's own four-layer validation; without one it
 * reads only what it needs, see inspect.ts), keeps invoices and notifications, makes RC or NS
 * itself a few seconds after each send (on its clock, lazily: due work happens on the next request
 * or {@link OpenapiSdiControl.tick}), makes any notification on `POST /simulate/customer-notification`,
 * and posts each one to the configured callback with the configured header. It can misbehave on
 * demand (faults.ts). In-memory; written independently of adapters/openapi-sdi.
 * @module
 */

import { Hono, type MiddlewareHandler } from 'hono'
import { SIM_FAIL_HEADER, simulatedDelay } from '../shared/hooks.ts'
import type { Simulator } from '../types.ts'
import { bearer, oauthApi } from './auth.ts'
import { callbackSender, type DeliveryAttempt } from './callbacks.ts'
import { configurationsApi } from './configurations.ts'
import { type OpenapiSdiCredentials, SANDBOX_OPENAPI_SDI } from './credentials.ts'
import { type FaultSpec, faultInjector, relativePath } from './faults.ts'
import { type InspectInvoice, minimalInspect } from './inspect.ts'
import { invoicesApi } from './invoices.ts'
import { materialize, notify, refusal } from './notify.ts'
import { page } from './page.ts'
import { type NotificationType, sdiState } from './state.ts'
import { fail, invoiceNotFound, notificationView, ok } from './views.ts'

/** Test hooks honoured besides `control` and `/_control`: delay, and failure (an OpenAPI.it error with that status). */
export { SIM_DELAY_HEADER, SIM_FAIL_HEADER } from '../shared/hooks.ts'
export type { DeliveryAttempt } from './callbacks.ts'
export { type OpenapiSdiCredentials, SANDBOX_OPENAPI_SDI } from './credentials.ts'
export type { FaultSpec } from './faults.ts'
export { type InspectInvoice, type InvoiceFacts, minimalInspect } from './inspect.ts'
export { type NotificationFacts, notificationFileName, renderNotification } from './messages.ts'

const DESCRIPTION = 'OpenAPI.it SDI API: FatturaPA sending, SDI notifications (RC, NS, MC, NE, DT, AT), callbacks, OAuth tokens.'

const TYPES: readonly NotificationType[] = ['RC', 'NS', 'MC', 'NE', 'DT', 'AT']

export type OpenapiSdiSimOptions = {
  /** How the simulator judges a file (Varco's validation, injected); default {@link minimalInspect}. */
  readonly inspectInvoice?: InspectInvoice
  readonly clock?: () => Date
  readonly newId?: () => string
  /** RC (or NS) this long after a send, on the simulator's clock (default 3000; Infinity: never). */
  readonly autoDeliverMs?: number
  /** How callbacks are posted (default: the global fetch). */
  readonly callbackFetch?: typeof fetch
  /** Per callback attempt (default 5000). */
  readonly callbackTimeoutMs?: number
  readonly credentials?: OpenapiSdiCredentials
}

export type InvoiceSnapshot = {
  readonly uuid: string
  readonly fileName: string
  readonly sdiFileId: number
  readonly marking: string
  readonly toPa: boolean
  readonly sdiErrors: readonly string[]
  readonly notifications: ReadonlyArray<{ readonly uuid: string; readonly type: NotificationType; readonly fileName: string }>
}

export type NotifyResult =
  | { readonly ok: true; readonly uuid: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly reason: string }

export type OpenapiSdiControl = {
  /** Makes the due automatic notifications and sends the due callbacks (what any request does first). */
  readonly tick: () => Promise<void>
  /** What `POST /simulate/customer-notification` does: the notification, if SDI could send it now, and its callback. */
  readonly notify: (invoiceUuid: string, type: NotificationType, esito?: 'EC01' | 'EC02') => Promise<NotifyResult>
  readonly fault: (spec: FaultSpec) => void
  readonly clearFaults: () => void
  /** Every token issued so far expires now. */
  readonly expireTokens: () => void
  /** How many `POST /invoices` were accepted (stored), whether or not their answer arrived. */
  readonly accepted: () => number
  /** How many tokens were issued. */
  readonly tokensIssued: () => number
  readonly invoices: () => readonly InvoiceSnapshot[]
  /** Every callback attempt, oldest first. */
  readonly deliveries: () => readonly DeliveryAttempt[]
}

export type OpenapiSdiSimulator = Simulator & { readonly control: OpenapiSdiControl }

export function openapiSdiSimulator(options: OpenapiSdiSimOptions = {}): OpenapiSdiSimulator {
  const now = options.clock ?? (() => new Date())
  const creds = options.credentials ?? SANDBOX_OPENAPI_SDI
  const state = sdiState(now, options.newId ?? (() => crypto.randomUUID()))
  const callbacks = callbackSender(state, {
    fetch: options.callbackFetch ?? ((input, init) => fetch(input, init)),
    secret: creds.callbackSecret,
    timeoutMs: options.callbackTimeoutMs ?? 5_000,
  })
  const faults = faultInjector()
  const app = new Hono()

  const tick = async () => {
    materialize(state)
    await callbacks.deliverDue()
  }

  async function notifyNow(uuid: string, type: NotificationType, esito?: 'EC01' | 'EC02'): Promise<NotifyResult> {
    materialize(state)
    const inv = state.invoices.get(uuid)
    if (!inv) return { ok: false, status: 404, reason: 'Invoice not found' }
    const refused = refusal(inv, type)
    if (refused) return { ok: false, status: 400, reason: refused }
    const n = notify(state, inv, type, esito)
    await callbacks.deliverDue()
    return { ok: true, uuid: n.uuid }
  }

  const auth = { scoped: bearer(state, true), any: bearer(state, false) }
  const authenticate: MiddlewareHandler = (c, next) => {
    const path = relativePath(new URL(c.req.url).pathname)
    if (path.startsWith('/simulate/')) return auth.any(c, next)
    if (/^\/(invoices|invoices_notifications|business_registry_configurations|api_configurations)(\/|$)/.test(path))
      return auth.scoped(c, next)
    return next()
  }

  app.use('*', simulatedDelay)
  app.use('*', async (_c, next) => {
    await tick()
    return next()
  })
  app.use('*', faults.middleware)
  app.use('*', async (c, next) => {
    const failWith = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    return failWith >= 400 && failWith <= 599 ? fail(c, failWith as 500, `simulated ${failWith}`, failWith) : next()
  })
  app.use('*', authenticate)
  app.route('/', oauthApi(state, creds))
  app.route('/', invoicesApi(state, options.inspectInvoice ?? minimalInspect, options.autoDeliverMs ?? 3_000))
  app.route('/', configurationsApi(state))

  app.post('/simulate/customer-notification', async (c) => {
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>
    const type = body['notification'] as NotificationType
    const esito = body['esito']
    if (typeof body['uuid'] !== 'string' || !TYPES.includes(type))
      return fail(c, 400, 'uuid and notification (NS, RC, MC, NE, DT, AT) are required', 400)
    if (esito !== undefined && (type !== 'NE' || (esito !== 'EC01' && esito !== 'EC02')))
      return fail(c, 400, 'esito is EC01 or EC02, for NE only', 400)
    const r = await notifyNow(body['uuid'], type, esito)
    if (!r.ok) return r.status === 404 ? invoiceNotFound(c) : fail(c, 400, r.reason, 400)
    const inv = state.invoices.get(body['uuid'])
    const n = inv?.notifications.find((x) => x.uuid === r.uuid)
    return ok(c, n ? notificationView(n) : { uuid: r.uuid })
  })

  const control: OpenapiSdiControl = {
    tick,
    notify: notifyNow,
    fault: faults.arm,
    clearFaults: faults.clear,
    expireTokens: () => {
      const nowS = Math.floor(now().getTime() / 1000)
      for (const t of state.tokens.values()) t.expire = Math.min(t.expire, nowS)
    },
    accepted: state.accepted,
    tokensIssued: () => state.tokens.size,
    invoices: () =>
      [...state.invoices.values()].map((i) => ({
        uuid: i.uuid,
        fileName: i.fileName,
        sdiFileId: i.sdiFileId,
        marking: i.marking,
        toPa: i.facts.toPa,
        sdiErrors: i.facts.sdiErrors.map((e) => e.code),
        notifications: i.notifications.map((n) => ({ uuid: n.uuid, type: n.type, fileName: n.fileName })),
      })),
    deliveries: callbacks.deliveries,
  }

  // Test hooks over HTTP (e2e runs against a served gateway).
  app.post('/_control/faults', async (c) => {
    const spec = (await c.req.json().catch(() => null)) as FaultSpec | null
    if (!spec || typeof spec.path !== 'string' || !['fail', 'hang', 'drop'].includes(spec.kind))
      return fail(c, 400, 'a fault is {path, kind: fail|hang|drop, …}', 400)
    faults.arm(spec)
    return ok(c, faults.armed())
  })
  app.delete('/_control/faults', (c) => {
    faults.clear()
    return ok(c, [])
  })
  app.post('/_control/tokens/expire', (c) => {
    control.expireTokens()
    return ok(c, { expired: state.tokens.size })
  })
  app.post('/_control/tick', (c) => ok(c, { invoices: control.invoices() }))
  app.get('/_control/state', (c) =>
    ok(c, {
      accepted: state.accepted(),
      tokens_issued: state.tokens.size,
      invoices: control.invoices(),
      deliveries: callbacks.deliveries(),
    }),
  )

  app.get('/', (c) => {
    const p = page(state.invoices.size, creds)
    return c.html(p.html, 200, p.headers)
  })

  return { name: 'openapi-sdi', description: DESCRIPTION, app, control }
}
