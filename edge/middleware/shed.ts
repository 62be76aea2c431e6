/**
 * Overload shedding: at most `VARCO_MAX_INFLIGHT` requests are handled at once, at most
 * `VARCO_MAX_QUEUE` more wait (first in, first out) for at most `VARCO_QUEUE_TIMEOUT_MS`; anything
 * beyond answers 503 `overloaded` with `Retry-After` in the path's envelope (problem+json, or
 * `{success:false,error,code}` on the Agile API). Shed requests are still logged and counted (this
 * runs after the access log). `/health`, `/status`, `/metrics` and the sandbox simulators are never
 * held, so probes answer under overload. One gate per process (Node, Deno); off on Workers, where the
 * platform adds isolates, and with `VARCO_MAX_INFLIGHT=0`. A slot is freed when the handler returns
 * its response (a streamed body may still be flowing). A simulator's in-process callback made while
 * its caller holds a slot takes a slot of its own: under overload it waits or is shed, and the
 * simulator retries it, as the real intermediary would.
 * @module
 */

import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.ts'
import { errorResponse } from '../http-errors.ts'

/** Starts a timer; returns its cancel. Injectable so that tests fire deadlines without waiting. */
export type Schedule = (ms: number, fire: () => void) => () => void

const realSchedule: Schedule = (ms, fire) => {
  const t = setTimeout(fire, ms)
  return () => clearTimeout(t)
}

type Waiter = { readonly admit: () => void }

/** A counting semaphore with a bounded FIFO queue and a wait deadline. */
export class ConcurrencyGate {
  private active = 0
  private readonly waiters: Waiter[] = []
  readonly maxInflight: number
  readonly maxQueue: number
  readonly timeoutMs: number
  private readonly schedule: Schedule
  constructor(o: { maxInflight: number; maxQueue: number; timeoutMs: number; schedule?: Schedule }) {
    this.maxInflight = o.maxInflight
    this.maxQueue = o.maxQueue
    this.timeoutMs = o.timeoutMs
    this.schedule = o.schedule ?? realSchedule
  }

  get inflight(): number {
    return this.active
  }

  get queued(): number {
    return this.waiters.length
  }

  /** True when a slot is held (call {@link leave} once done); false when shed (queue full or deadline passed). */
  enter(): boolean | Promise<boolean> {
    if (this.active < this.maxInflight) {
      this.active++
      return true
    }
    if (this.waiters.length >= this.maxQueue || this.timeoutMs === 0) return false
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        admit: () => {
          cancel()
          resolve(true)
        },
      }
      const cancel = this.schedule(this.timeoutMs, () => {
        const i = this.waiters.indexOf(waiter)
        if (i >= 0) this.waiters.splice(i, 1)
        resolve(false)
      })
      this.waiters.push(waiter)
    })
  }

  /** Frees a slot: the oldest waiter takes it over, else the count drops. */
  leave(): void {
    const next = this.waiters.shift()
    if (next) next.admit()
    else this.active--
  }
}

/** Paths never held or shed: probes and metrics must answer under overload; the sandbox is dev-only. */
export function isShedExempt(path: string): boolean {
  return path === '/health' || path === '/status' || path === '/metrics' || path.startsWith('/sandbox/')
}

/** True inside a Cloudflare Workers isolate, where the platform scales isolates instead. */
const onWorkers = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers'

const gates = new WeakMap<object, ConcurrencyGate | null>()

/** The gate of these deps (one per process), or null when shedding is off. */
export function gateFor(deps: AppEnv['Variables']['deps']): ConcurrencyGate | null {
  let g = gates.get(deps)
  if (g === undefined) {
    const c = deps.config
    g =
      onWorkers || c.VARCO_MAX_INFLIGHT === 0
        ? null
        : new ConcurrencyGate({ maxInflight: c.VARCO_MAX_INFLIGHT, maxQueue: c.VARCO_MAX_QUEUE, timeoutMs: c.VARCO_QUEUE_TIMEOUT_MS })
    gates.set(deps, g)
  }
  return g
}

/** Seconds a shed client is told to wait. */
export const SHED_RETRY_AFTER_S = 1

export function overloadShedding(
  gateOf: (deps: AppEnv['Variables']['deps']) => ConcurrencyGate | null = gateFor,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isShedExempt(c.req.path)) return next()
    const gate = gateOf(c.get('deps'))
    if (gate === null) return next()
    const entered = gate.enter()
    if (!(entered === true || (entered !== false && (await entered)))) {
      const res = errorResponse(
        {
          status: 503,
          code: 'overloaded',
          title: 'Service unavailable',
          detail: `the gateway is at capacity (${gate.maxInflight} requests in flight, ${gate.maxQueue} waiting); retry after ${SHED_RETRY_AFTER_S} second`,
        },
        c.req.path,
        c.get('requestId') ?? '',
      )
      res.headers.set('retry-after', String(SHED_RETRY_AFTER_S))
      return res
    }
    try {
      await next()
    } finally {
      gate.leave()
    }
  }
}
