/**
 * The simulator's handles for tests and scripts: in-process ({@link OpenapiSdiControl}) and, for
 * end-to-end runs against a served gateway, the same over HTTP under `/_control` (faults, token
 * expiry, a tick, a snapshot with the count of accepted sends).
 * @module
 */

import { Hono } from 'hono'
import type { callbackSender, DeliveryAttempt } from './callbacks.ts'
import type { FaultSpec, faultInjector } from './faults.ts'
import { materialize, notify, refusal } from './notify.ts'
import type { NotificationType, SdiState } from './state.ts'
import { fail, ok } from './views.ts'

export type InvoiceSnapshot = {
  readonly uuid: string
  readonly fileName: string
  readonly sdiFileId: number
  readonly marking: string
  readonly toPa: boolean
  /** The SdI codes the inspector found (an NS will carry them). */
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

export function simulatorControl(
  state: SdiState,
  faults: ReturnType<typeof faultInjector>,
  callbacks: ReturnType<typeof callbackSender>,
): OpenapiSdiControl {
  return {
    tick: async () => {
      materialize(state)
      await callbacks.deliverDue()
    },
    notify: async (uuid, type, esito) => {
      materialize(state)
      const inv = state.invoices.get(uuid)
      if (!inv) return { ok: false, status: 404, reason: 'Invoice not found' }
      const refused = refusal(inv, type)
      if (refused) return { ok: false, status: 400, reason: refused }
      const n = notify(state, inv, type, esito)
      await callbacks.deliverDue()
      return { ok: true, uuid: n.uuid }
    },
    fault: faults.arm,
    clearFaults: faults.clear,
    expireTokens: () => {
      const nowS = Math.floor(state.now().getTime() / 1000)
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
}

const KINDS = ['fail', 'hang', 'drop']

/** `/_control/*`: the same handles over HTTP. */
export function controlApi(control: OpenapiSdiControl, armed: () => readonly FaultSpec[]) {
  const app = new Hono()
  app.post('/_control/faults', async (c) => {
    const spec = (await c.req.json().catch(() => null)) as FaultSpec | null
    if (!spec || typeof spec.path !== 'string' || !KINDS.includes(spec.kind))
      return fail(c, 400, 'a fault is {path, kind: fail|hang|drop, …}', 400)
    control.fault(spec)
    return ok(c, armed())
  })
  app.delete('/_control/faults', (c) => {
    control.clearFaults()
    return ok(c, [])
  })
  app.post('/_control/tokens/expire', (c) => {
    control.expireTokens()
    return ok(c, { tokens_issued: control.tokensIssued() })
  })
  app.post('/_control/tick', async (c) => {
    await control.tick()
    return ok(c, { invoices: control.invoices() })
  })
  app.get('/_control/state', (c) =>
    ok(c, {
      accepted: control.accepted(),
      tokens_issued: control.tokensIssued(),
      invoices: control.invoices(),
      deliveries: control.deliveries(),
    }),
  )
  return app
}
