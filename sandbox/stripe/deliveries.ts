/**
 * Webhook delivery: every emitted event is POSTed to each enabled endpoint whose `enabled_events`
 * match, with `Stripe-Signature` made with THAT endpoint's secret at the time of the attempt. As
 * in sandbox/openapi-sdi/callbacks.ts, nothing runs in the background (Workers have no timers
 * between requests): due deliveries go out on the next request or {@link WebhookSender.deliverDue},
 * one round at a time (not re-entrant: an endpoint that calls the simulator back does not start a
 * second round). An attempt that fails (network error, deadline, or not 2xx, redirects included) is
 * tried again later on the simulator's clock (5 s, 10 s, 20 s, 40 s), up to {@link MAX_ATTEMPTS}.
 * Armed faults drop or fail deliveries for tests ("the webhook was lost").
 * @module
 */

import { withDeadline } from '../../adapters/shared/deadline.ts'
import type { EndpointState } from './endpoints.ts'
import type { SimEvent } from './session.ts'
import { eventPayload, signStripePayload } from './webhooks.ts'

export const MAX_ATTEMPTS = 5
/** The first retry waits this long; each later one twice the one before. */
export const RETRY_BASE_MS = 5_000

/**
 * Makes matching deliveries misbehave. `drop`: the event never reaches the endpoint and is not
 * retried (lost). `fail`: the attempt fails as a network error and is retried as usual. Limited to
 * event `types` and one `endpoint` (id or url) when given, and to the next `times` attempts (default: until cleared).
 */
export type DeliveryFault = {
  readonly kind: 'drop' | 'fail'
  readonly types?: readonly string[]
  readonly endpoint?: string
  readonly times?: number
}

/** One attempt, as `control.deliveries()` lists it. */
export type WebhookAttempt = {
  readonly event: string
  readonly type: string
  readonly endpoint: string
  readonly url: string
  /** 1 for the first attempt of this event to this endpoint. */
  readonly attempt: number
  readonly at: Date
  readonly status: number | null
  readonly error: string | null
  readonly outcome: 'delivered' | 'failed' | 'dropped'
}

type Pending = { event: SimEvent; payload: string; endpoint: string; attempts: number; nextAt: number; done: boolean }

export type WebhookSenderOptions = { readonly now: () => Date; readonly fetch: typeof fetch; readonly timeoutMs: number }

export type WebhookSender = ReturnType<typeof webhookSender>

export function webhookSender(state: EndpointState, o: WebhookSenderOptions) {
  const queue: Pending[] = []
  const log: WebhookAttempt[] = []
  let faults: Array<DeliveryFault & { left: number }> = []
  let running = false

  const faultFor = (p: Pending, url: string) => {
    const f = faults.find(
      (x) => (!x.types || x.types.includes(p.event.type)) && (!x.endpoint || x.endpoint === p.endpoint || x.endpoint === url),
    )
    if (f && --f.left <= 0) faults = faults.filter((x) => x !== f)
    return f
  }

  async function post(p: Pending, url: string, secret: string): Promise<{ status: number | null; error: string | null }> {
    try {
      const header = await signStripePayload(p.payload, secret, Math.floor(o.now().getTime() / 1000))
      const status = await withDeadline(o.timeoutMs, async (signal) => {
        const res = await o.fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'stripe-signature': header,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          },
          body: p.payload,
          redirect: 'manual',
          signal,
        })
        await res.body?.cancel()
        return res.status
      })
      return { status, error: null }
    } catch (e) {
      return { status: null, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
    }
  }

  async function attempt(p: Pending): Promise<void> {
    const ep = state.endpoints.get(p.endpoint)
    if (ep?.status !== 'enabled') {
      p.done = true // deleted or disabled: Stripe stops trying
      return
    }
    p.attempts++
    const fault = faultFor(p, ep.url)
    const r =
      fault?.kind === 'drop'
        ? { status: null, error: 'dropped by the simulator' }
        : fault?.kind === 'fail'
          ? { status: null, error: 'simulated network error' }
          : await post(p, ep.url, ep.secret)
    const delivered = r.status !== null && r.status >= 200 && r.status < 300
    const at = o.now()
    const outcome = delivered ? 'delivered' : fault?.kind === 'drop' ? 'dropped' : 'failed'
    log.push({ event: p.event.id, type: p.event.type, endpoint: ep.id, url: ep.url, attempt: p.attempts, at, ...r, outcome })
    p.done = delivered || outcome === 'dropped' || p.attempts >= MAX_ATTEMPTS
    p.nextAt = at.getTime() + RETRY_BASE_MS * 2 ** (p.attempts - 1)
  }

  /** Sends every due delivery, oldest event first, until none is due. */
  async function deliverDue(): Promise<void> {
    if (running) return
    running = true
    try {
      for (;;) {
        const now = o.now().getTime()
        const due = queue.filter((p) => !p.done && p.nextAt <= now)
        if (due.length === 0) return
        for (const p of due) await attempt(p)
      }
    } finally {
      running = false
    }
  }

  return {
    /** Queues `e` for every endpoint that receives its type now (called as each event is emitted). */
    enqueue: (e: SimEvent) => {
      const endpoints = state.matching(e.type, e.account)
      if (endpoints.length === 0) return
      const payload = eventPayload(e)
      const now = o.now().getTime()
      for (const ep of endpoints) queue.push({ event: e, payload, endpoint: ep.id, attempts: 0, nextAt: now, done: false })
    },
    deliverDue,
    /** Every attempt so far, oldest first. */
    deliveries: (): readonly WebhookAttempt[] => [...log],
    /** Deliveries not yet delivered, dropped or given up. */
    pending: () => queue.filter((p) => !p.done).length,
    fault: (f: DeliveryFault) => {
      faults.push({ ...f, left: f.times ?? Number.POSITIVE_INFINITY })
    },
    clearFaults: () => {
      faults = []
    },
    faults: (): readonly DeliveryFault[] => faults.map(({ left: _, ...f }) => f),
  }
}
