/**
 * Failed-authentication counters shared by every instance of the gateway (Workers isolates, Node
 * processes on one remote database): one fixed window per counter (a client address or a key id).
 * Only failures are counted; a successful authentication never reaches this port.
 * @module
 */

export type FailureWindow = { readonly failures: number; readonly windowEnd: number }

export interface AuthFailureCounter {
  /**
   * Counts one failure against each counter, in one write, and returns each counter's failures in
   * its current window and that window's end (ms). A window past its end restarts at 1.
   */
  fail(counters: readonly string[], now: number, windowMs: number): Promise<readonly FailureWindow[]>
}
