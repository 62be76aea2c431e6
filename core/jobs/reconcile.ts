/**
 * One shape for "things left unknown or pending": a Reconciler lists what is due and refreshes one
 * item (re-read at its source of truth, applied forward only). One job body runs the reconcilers an
 * API registers, each within its own budget, and counts what they report. Payments v1 (the poller)
 * and v2 register today; SDI outcomes and RTD reports will. Each API keeps its own job name and
 * counters, so /status shows one row per API.
 * @module
 */

import type { Job } from '../job.ts'

export type Reconciler<D, T> = {
  /** Names the queue (logs, docs), e.g. `payments.checks`. */
  readonly name: string
  /** Items read per call of `listDue`, and at most per run. */
  readonly batch: number
  readonly maxPerRun: number
  /** Items due at `now`, most overdue first, at most `limit`. */
  listDue(deps: D, now: Date, limit: number): Promise<readonly T[]>
  /** A stable id, so an item listed again within one run is not refreshed twice. */
  idOf(item: T): string
  /** Re-reads the item and applies what it finds; returns the counters to add one to. */
  refresh(deps: D, item: T, now: Date): Promise<readonly string[]>
}

export type ReconcileJobSpec<D> = {
  readonly name: string
  readonly description: string
  /** Every counter the report carries, zero when nothing happened. */
  readonly counters: readonly string[]
  // biome-ignore lint/suspicious/noExplicitAny: each reconciler has its own item type.
  readonly reconcilers: readonly Reconciler<D, any>[]
}

/** The job that runs `spec.reconcilers` in order, in batches, each up to its own budget. */
export function reconcileJob<D>(spec: ReconcileJobSpec<D>): Job<D> {
  return {
    name: spec.name,
    description: spec.description,
    async run(deps, now) {
      const counts: Record<string, number> = Object.fromEntries(spec.counters.map((c) => [c, 0]))
      for (const r of spec.reconcilers) {
        const seen = new Set<string>()
        let done = 0
        while (done < r.maxPerRun) {
          const limit = Math.min(r.batch, r.maxPerRun - done)
          const listed = await r.listDue(deps, now, limit)
          const due = listed.filter((item) => !seen.has(r.idOf(item)))
          if (due.length === 0) break
          done += due.length
          for (const item of due) {
            seen.add(r.idOf(item))
            for (const c of await r.refresh(deps, item, now)) counts[c] = (counts[c] ?? 0) + 1
          }
          // A short list means nothing else was due when it was read.
          if (listed.length < limit) break
        }
      }
      return { counts }
    },
  }
}
