/**
 * Test-only fault points: named steps of a flow where a fault test (test/e2e/faults) makes the process die
 * at once, so that a SIGKILL lands exactly there. Wired only outside production from VARCO_FAULT_POINT
 * (edge/env.ts refuses it in production); absent, reaching a point does nothing.
 * @module
 */

/** The steps a fault test can stop the process at. */
export const FAULT_POINTS = [
  /** Billing: the legal Numero and the ProgressivoInvio are taken, the invoice is not written yet. */
  'invoice.after-number-reserved',
  /** Billing: the invoice is written, it is not sent to SDI yet. */
  'invoice.before-sdi-send',
] as const

export type FaultPoint = (typeof FAULT_POINTS)[number]

/** Called when a flow reaches `point`; the wired one kills the process when `point` is the configured one. */
export type ReachFaultPoint = (point: FaultPoint) => void
