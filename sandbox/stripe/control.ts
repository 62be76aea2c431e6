/**
 * The Stripe simulator's handles for tests and scripts: in-process ({@link StripeSimControl}) and,
 * for end-to-end runs against a served gateway, the webhook ones over HTTP under `/_control`
 * (a tick, the delivery log, delivery faults). No auth, like `/test/*`.
 * @module
 */

import { Hono } from 'hono'
import type { DeliveryFault, WebhookAttempt, WebhookSender } from './deliveries.ts'
import type { CheckoutState } from './state.ts'
import type { SignedEvent } from './webhooks.ts'

export type StripeSimControl = {
  /** A snapshot of every Checkout Session (tests and the index page). */
  readonly sessions: () => ReadonlyArray<{ id: string; status: string; payment_status: string; amount_total: number }>
  /** The events emitted for a Session, each signed now with the sandbox webhook secret. */
  readonly events: (sessionId: string) => Promise<SignedEvent[]>
  /** Expires the Sessions past `expires_at` and sends the due webhook deliveries (what every request does first). */
  readonly tick: () => Promise<void>
  /** Every webhook delivery attempt, oldest first. */
  readonly deliveries: () => readonly WebhookAttempt[]
  /** How many deliveries are still to be (re)tried. */
  readonly pendingDeliveries: () => number
  /** Drops or fails the matching deliveries until cleared (or `times` attempts). */
  readonly faultDeliveries: (f: DeliveryFault) => void
  readonly clearDeliveryFaults: () => void
}

export function simulatorControl(state: CheckoutState, sender: WebhookSender, signed: StripeSimControl['events']): StripeSimControl {
  return {
    sessions: () =>
      state.all().map((s) => ({ id: s.id, status: s.status, payment_status: s.payment_status, amount_total: s.amount_total })),
    events: signed,
    tick: async () => {
      state.all()
      await sender.deliverDue()
    },
    deliveries: sender.deliveries,
    pendingDeliveries: sender.pending,
    faultDeliveries: sender.fault,
    clearDeliveryFaults: sender.clearFaults,
  }
}

const stripeList = (data: readonly unknown[]) => ({ object: 'list', data })

/** `/_control/*`: the webhook handles over HTTP. */
export function controlApi(control: StripeSimControl, faults: () => readonly DeliveryFault[]): Hono {
  const app = new Hono()
  const state = () => ({ deliveries: control.deliveries(), pending: control.pendingDeliveries(), faults: faults() })
  app.post('/_control/tick', async (c) => {
    await control.tick()
    return c.json(state())
  })
  app.get('/_control/deliveries', (c) => c.json({ ...stripeList(control.deliveries()), pending: control.pendingDeliveries() }))
  /** Body: a {@link DeliveryFault} as JSON, e.g. `{"kind":"drop","types":["checkout.session.completed"],"times":1}`. */
  app.post('/_control/deliveries/faults', async (c) => {
    const f = (await c.req.json().catch(() => null)) as DeliveryFault | null
    const ok =
      f !== null &&
      (f.kind === 'drop' || f.kind === 'fail') &&
      (f.types === undefined || (Array.isArray(f.types) && f.types.every((t) => typeof t === 'string'))) &&
      (f.endpoint === undefined || typeof f.endpoint === 'string') &&
      (f.times === undefined || (Number.isSafeInteger(f.times) && f.times > 0))
    if (!ok) return c.json({ error: { message: 'a fault is {kind: drop|fail, types?: string[], endpoint?: string, times?: n}' } }, 400)
    control.faultDeliveries(f)
    return c.json(state())
  })
  app.delete('/_control/deliveries/faults', (c) => {
    control.clearDeliveryFaults()
    return c.json(state())
  })
  return app
}
