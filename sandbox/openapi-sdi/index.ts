/**
 * OpenAPI.it SDI API simulator, mounted at `/sandbox/openapi-sdi` (the SDI API at its root, the
 * OAuth token endpoint under `/oauth`): the wire of spec fatturapa.md §6 as Varco reads it (issue
 * 11). It takes FatturaPA files, judges them with the injected
 * {@link InspectInvoice} (the real wiring passes Varco's own four-layer validation; without one it
 * reads only what it needs, see inspect.ts), keeps invoices and notifications, makes RC or NS
 * itself a few seconds after each send (on its clock, lazily: due work happens on the next request
 * or {@link OpenapiSdiControl.tick}), makes any notification on `POST /simulate/customer-notification`,
 * and posts each one to the configured callback with the configured header. It can misbehave on
 * demand (faults.ts). In-memory; written independently of adapters/openapi-sdi.
 * @module
 */

import { Hono } from 'hono'
import { SIM_FAIL_HEADER, simulatedDelay } from '../shared/hooks.ts'
import type { Simulator } from '../types.ts'
import { apiAuth, oauthApi } from './auth.ts'
import { callbackSender } from './callbacks.ts'
import { configurationsApi } from './configurations.ts'
import { controlApi, type OpenapiSdiControl, simulatorControl } from './control.ts'
import { type OpenapiSdiCredentials, SANDBOX_OPENAPI_SDI } from './credentials.ts'
import { faultInjector } from './faults.ts'
import { type InspectInvoice, minimalInspect } from './inspect.ts'
import { invoicesApi } from './invoices.ts'
import { page } from './page.ts'
import { simulateApi } from './simulate.ts'
import { sdiState } from './state.ts'
import { fail } from './views.ts'

/** Test hooks honoured besides `control` and `/_control`: delay, and failure (an OpenAPI.it error with that status). */
export { SIM_DELAY_HEADER, SIM_FAIL_HEADER } from '../shared/hooks.ts'
export type { DeliveryAttempt } from './callbacks.ts'
export type { InvoiceSnapshot, NotifyResult, OpenapiSdiControl } from './control.ts'
export { type OpenapiSdiCredentials, SANDBOX_OPENAPI_SDI } from './credentials.ts'
export type { FaultSpec } from './faults.ts'
export { type InspectInvoice, type InvoiceFacts, minimalInspect } from './inspect.ts'
export { type NotificationFacts, notificationFileName, renderNotification } from './messages.ts'

const DESCRIPTION = 'OpenAPI.it SDI API: FatturaPA sending, SDI notifications (RC, NS, MC, NE, DT, AT), callbacks, OAuth tokens.'

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
  /** Where notifications go for a sender without an API configuration (none by default, as at OpenAPI.it). */
  readonly defaultCallbackUrl?: string
}

export type OpenapiSdiSimulator = Simulator & { readonly control: OpenapiSdiControl }

export function openapiSdiSimulator(options: OpenapiSdiSimOptions = {}): OpenapiSdiSimulator {
  const now = options.clock ?? (() => new Date())
  const creds = options.credentials ?? SANDBOX_OPENAPI_SDI
  const defaultCallback = options.defaultCallbackUrl
    ? { event: 'customer-notification', url: options.defaultCallbackUrl, auth_header: creds.callbackHeader, field: 'data' }
    : null
  const state = sdiState(now, options.newId ?? (() => crypto.randomUUID()), defaultCallback)
  const callbacks = callbackSender(state, {
    fetch: options.callbackFetch ?? ((input, init) => fetch(input, init)),
    secret: creds.callbackSecret,
    timeoutMs: options.callbackTimeoutMs ?? 5_000,
  })
  const faults = faultInjector()
  const control = simulatorControl(state, faults, callbacks)
  const app = new Hono()

  app.use('*', simulatedDelay)
  app.use('*', async (_c, next) => {
    await control.tick()
    return next()
  })
  app.use('*', faults.middleware)
  app.use('*', async (c, next) => {
    const failWith = Number(c.req.header(SIM_FAIL_HEADER) ?? 0)
    return failWith >= 400 && failWith <= 599 ? fail(c, failWith as 500, `simulated ${failWith}`, failWith) : next()
  })
  app.use('*', apiAuth(state))
  app.route('/', oauthApi(state, creds))
  app.route('/', invoicesApi(state, options.inspectInvoice ?? minimalInspect, options.autoDeliverMs ?? 3_000))
  app.route('/', configurationsApi(state))
  app.route('/', simulateApi(state, control))
  app.route('/', controlApi(control, faults.armed))

  app.get('/', (c) => {
    const p = page(state.invoices.size, creds)
    return c.html(p.html, 200, p.headers)
  })

  return { name: 'openapi-sdi', description: DESCRIPTION, app, control }
}
