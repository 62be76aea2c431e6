/**
 * Test hooks the simulators share: request headers that tests (and curious users) send to make a
 * simulator slow, failing or refusing. Each simulator says in its index which ones it honours, and
 * answers a failure or a refusal in its own provider's wire format.
 * @module
 */

import type { MiddlewareHandler } from 'hono'

/** Wait this many ms (≤ 30000) before answering. */
export const SIM_DELAY_HEADER = 'x-sim-delay-ms'
/** Answer with this HTTP status (400–599) and the provider's error body, doing nothing. */
export const SIM_FAIL_HEADER = 'x-sim-fail'
/** A business refusal, in whatever form the provider refuses (a taken IUV, a declined card, a refused link). */
export const SIM_DECLINE_HEADER = 'x-sim-decline'

/** Honours SIM_DELAY_HEADER; mount it first, so that the delay comes before any answer. */
export const simulatedDelay: MiddlewareHandler = async (c, next) => {
  const delay = Number(c.req.header(SIM_DELAY_HEADER) ?? 0)
  if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)))
  return next()
}
