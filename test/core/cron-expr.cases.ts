/**
 * Cron expression cases (test/fixtures/cron/expressions.json) shared by the Node
 * (test/core/cron-expr.test.ts), workerd (test/workerd/cron-expr.test.ts) and Deno
 * (test/e2e/deno-cron.test.ts) runs: croner must give the same answers on all three runtimes.
 * Among them: Europe/Rome's clock changes move nothing (Cron Triggers run in UTC), and the
 * expressions every scheduler must refuse. Runtime-neutral: no Node APIs.
 * @module
 */

import { parseCron } from '../../core/cron-expr.ts'
import cases from '../fixtures/cron/expressions.json' with { type: 'json' }

export type MatchCase = { readonly what: string; readonly expr: string; readonly at: string; readonly fires: boolean }

export const MATCH_CASES: readonly MatchCase[] = cases.match

/** Wrong field count, out of range, bad step, bad syntax. */
export const INVALID: readonly string[] = cases.invalid

/** What this runtime answers for every case: `fires` per match case, `ok` per invalid expression. */
export function evaluateCronCases(): { readonly fires: boolean[]; readonly accepted: boolean[] } {
  const fires = MATCH_CASES.map((c) => {
    const r = parseCron(c.expr)
    if (!r.ok) throw new Error(`${c.expr}: ${r.error}`)
    return r.value.matches(new Date(c.at))
  })
  return { fires, accepted: INVALID.map((s) => parseCron(s).ok) }
}
