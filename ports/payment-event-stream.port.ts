/**
 * Events in, pushed as they come: a long-lived consumer (Node and Deno) that waits on its source
 * (a long poll) instead of being started by the per-minute cron. Same handler and the same
 * at-least-once rules as a PaymentEventSource: a position is committed only after its message is
 * settled, so a crash or a proxy restart means redelivery, never loss.
 * @module
 */

import type { HandleInboundEvent } from './payment-event-source.port.ts'

export interface PaymentEventStream {
  readonly name: string
  /** True while `run` is consuming; a cron drain in the same process stands aside meanwhile. */
  readonly running: () => boolean
  /**
   * Consumes until `signal` aborts, handing each message to `handle`: one payment's messages in
   * order, different payments possibly side by side.
   * Survives its source going away (recreates what it needs, backs off on errors, never spins).
   * Resolves once stopped, after the message being handled is settled; never rejects.
   */
  run(handle: HandleInboundEvent, signal: AbortSignal): Promise<void>
}
