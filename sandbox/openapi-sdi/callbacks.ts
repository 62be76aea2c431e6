/**
 * Callback delivery: each new notification is POSTed to the sender's `customer-notification` URL
 * as `{event, data: {notification}}` with the configured header carrying the shared secret. A
 * delivery that fails (no answer within the deadline, or not 2xx) is tried again on a later tick,
 * a few seconds apart on the simulator's clock, up to {@link MAX_ATTEMPTS} times.
 * @module
 */

import { withDeadline } from '../../adapters/shared/deadline.ts'
import type { SdiState, SimNotification } from './state.ts'
import { notificationView } from './views.ts'

export const MAX_ATTEMPTS = 5
/** Between attempts: 2 s, 4 s, 6 s, … */
export const RETRY_STEP_MS = 2_000

/** One attempt, as `control.deliveries()` lists it. */
export type DeliveryAttempt = {
  readonly notification: string
  readonly url: string
  readonly at: Date
  readonly status: number | null
  readonly error: string | null
}

export type CallbackOptions = { readonly fetch: typeof fetch; readonly secret: string; readonly timeoutMs: number }

/** The body of the callback for `n`. */
export const callbackBody = (n: SimNotification) =>
  JSON.stringify({ event: 'customer-notification', data: { notification: notificationView(n) } })

export function callbackSender(state: SdiState, o: CallbackOptions) {
  const log: DeliveryAttempt[] = []
  let running = false

  async function attempt(n: SimNotification): Promise<void> {
    const d = n.delivery
    if (d === null) return
    d.attempts++
    let status: number | null = null
    let error: string | null = null
    try {
      status = await withDeadline(o.timeoutMs, async (signal) => {
        const res = await o.fetch(d.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [d.header]: o.secret },
          body: callbackBody(n),
          signal,
        })
        await res.body?.cancel()
        return res.status
      })
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
    }
    const at = state.now()
    log.push({ notification: n.uuid, url: d.url, at, status, error })
    d.delivered = status !== null && status >= 200 && status < 300
    d.lastError = d.delivered ? null : (error ?? `HTTP ${status}`)
    d.nextAt = new Date(at.getTime() + RETRY_STEP_MS * d.attempts)
  }

  /**
   * Sends every due callback, oldest first. Not re-entrant: a callback handler that calls the
   * simulator back (and so ticks it) does not start a second round.
   */
  async function deliverDue(): Promise<void> {
    if (running) return
    running = true
    try {
      for (;;) {
        const now = state.now().getTime()
        const due = [...state.invoices.values()]
          .flatMap((inv) => inv.notifications)
          .filter((n) => n.delivery && !n.delivery.delivered && n.delivery.attempts < MAX_ATTEMPTS && n.delivery.nextAt.getTime() <= now)
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
        if (due.length === 0) return
        for (const n of due) await attempt(n)
      }
    } finally {
      running = false
    }
  }

  return { deliverDue, deliveries: (): readonly DeliveryAttempt[] => [...log] }
}
