/**
 * `POST /simulate/customer-notification` `{uuid, notification, esito?}` ("valid only in Sandbox",
 * spec fatturapa.md §6.2): SDI sends that notification about the invoice now, if it could follow
 * what came before (notify.ts), and the callback goes out. `esito` (EC01 or EC02, for NE; default
 * EC01) is Varco's extension.
 * @module
 */

import { Hono } from 'hono'
import type { OpenapiSdiControl } from './control.ts'
import type { NotificationType, SdiState } from './state.ts'
import { fail, invoiceNotFound, notificationView, ok } from './views.ts'

const TYPES: readonly string[] = ['RC', 'NS', 'MC', 'NE', 'DT', 'AT']

export function simulateApi(state: SdiState, control: OpenapiSdiControl) {
  const app = new Hono()
  app.post('/simulate/customer-notification', async (c) => {
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>
    const [uuid, type, esito] = [body['uuid'], body['notification'], body['esito']]
    if (typeof uuid !== 'string' || typeof type !== 'string' || !TYPES.includes(type)) {
      return fail(c, 400, 'uuid and notification (NS, RC, MC, NE, DT, AT) are required', 400)
    }
    if (esito !== undefined && (type !== 'NE' || (esito !== 'EC01' && esito !== 'EC02'))) {
      return fail(c, 400, 'esito is EC01 or EC02, for NE only', 400)
    }
    const r = await control.notify(uuid, type as NotificationType, esito)
    if (!r.ok) return r.status === 404 ? invoiceNotFound(c) : fail(c, 400, r.reason, 400)
    const n = state.invoices.get(uuid)?.notifications.find((x) => x.uuid === r.uuid)
    return ok(c, n ? notificationView(n) : { uuid: r.uuid })
  })
  return app
}
