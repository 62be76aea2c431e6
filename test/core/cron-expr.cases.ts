/**
 * Cron expression cases shared by the Node (test/core/cron-expr.test.ts), workerd
 * (test/workerd/cron-expr.test.ts) and Deno (test/e2e/deno-cron.test.ts) runs: croner must give
 * the same answers on all three runtimes. Runtime-neutral: no Node APIs.
 * @module
 */

import { parseCron } from '../../core/cron-expr.ts'

export type MatchCase = { readonly what: string; readonly expr: string; readonly at: string; readonly fires: boolean }

export const MATCH_CASES: readonly MatchCase[] = [
  { what: '*/5 on a minute divisible by five, any second of it', expr: '*/5 * * * *', at: '2026-11-23T10:05:30Z', fires: true },
  { what: '*/5 at the last millisecond of its minute', expr: '*/5 * * * *', at: '2026-11-23T10:05:59.999Z', fires: true },
  { what: '*/5 on another minute', expr: '*/5 * * * *', at: '2026-11-23T10:06:00Z', fires: false },
  { what: 'a daily job at its hour and minute', expr: '17 3 * * *', at: '2026-11-23T03:17:00Z', fires: true },
  { what: 'a daily job an hour later', expr: '17 3 * * *', at: '2026-11-23T04:17:00Z', fires: false },
  { what: 'a daily job a minute later', expr: '17 3 * * *', at: '2026-11-23T03:18:00Z', fires: false },
  { what: 'lists, ranges and steps within ranges (a Monday)', expr: '0,30 8-18/2 * * 1-5', at: '2026-11-23T08:30:00Z', fires: true },
  { what: 'a step within a range skips odd hours', expr: '0,30 8-18/2 * * 1-5', at: '2026-11-23T09:30:00Z', fires: false },
  { what: 'a weekday range excludes Sunday', expr: '0,30 8-18/2 * * 1-5', at: '2026-11-22T08:30:00Z', fires: false },
  { what: '7 is Sunday', expr: '0 0 * * 7', at: '2026-11-22T00:00:00Z', fires: true },
  {
    what: 'two restricted day fields are ORed (vixie cron): the 1st, a Tuesday',
    expr: '0 0 1 * 1',
    at: '2026-12-01T00:00:00Z',
    fires: true,
  },
  { what: 'two restricted day fields are ORed: a Monday', expr: '0 0 1 * 1', at: '2026-11-23T00:00:00Z', fires: true },
  { what: 'two restricted day fields: neither', expr: '0 0 1 * 1', at: '2026-11-24T00:00:00Z', fires: false },
  { what: 'a restricted day-of-month alone is not ORed with *', expr: '0 0 1 * *', at: '2026-11-23T00:00:00Z', fires: false },
  { what: 'names of days and months', expr: '0 12 * JAN,NOV MON', at: '2026-11-23T12:00:00Z', fires: true },
  // Cron Triggers run in UTC: Europe/Rome's clock changes (29 March, 25 October 2026) move nothing.
  { what: 'UTC, not Rome: the night Rome skips 02:00-03:00', expr: '30 1 * * *', at: '2026-03-29T01:30:00Z', fires: true },
  { what: 'UTC, not Rome: 02:30 UTC exists on the spring-forward day', expr: '30 2 * * *', at: '2026-03-29T02:30:00Z', fires: true },
  { what: 'UTC, not Rome: a daily job the day after spring-forward', expr: '17 3 * * *', at: '2026-03-30T03:17:00Z', fires: true },
  { what: 'UTC, not Rome: 03:17 Rome time (01:17 UTC) is not 03:17', expr: '17 3 * * *', at: '2026-03-30T01:17:00Z', fires: false },
  { what: 'UTC, not Rome: the hour Rome repeats (fall-back), first pass', expr: '30 0 * * *', at: '2026-10-25T00:30:00Z', fires: true },
  {
    what: 'UTC, not Rome: the hour Rome repeats, second pass is another UTC hour',
    expr: '30 0 * * *',
    at: '2026-10-25T01:30:00Z',
    fires: false,
  },
  { what: 'UTC, not Rome: midnight UTC is 01:00 or 02:00 in Rome', expr: '0 0 * * *', at: '2026-07-01T00:00:00Z', fires: true },
  { what: 'the last day of February in a leap year (L)', expr: '0 0 L 2 *', at: '2028-02-29T00:00:00Z', fires: true },
]

/** Expressions every scheduler must refuse (wrong field count, out of range, bad step, bad syntax). */
export const INVALID: readonly string[] = [
  '* * * *',
  '* * * * * *',
  '',
  '60 * * * *',
  '* 24 * * *',
  '* * 0 * *',
  '* * 32 * *',
  '* * * 13 *',
  '* * * * 8',
  '1-60 * * * *',
  '*/0 * * * *',
  '5-1 * * * *',
  'a * * * *',
  '5/5 * * * *',
]

/** What this runtime answers for every case: `fires` per match case, `ok` per invalid expression. */
export function evaluateCronCases(): { readonly fires: boolean[]; readonly accepted: boolean[] } {
  const fires = MATCH_CASES.map((c) => {
    const r = parseCron(c.expr)
    if (!r.ok) throw new Error(`${c.expr}: ${r.error}`)
    return r.value.matches(new Date(c.at))
  })
  return { fires, accepted: INVALID.map((s) => parseCron(s).ok) }
}
