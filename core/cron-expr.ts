/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC as
 * Cloudflare Cron Triggers are, by croner: `*`, lists, ranges, steps, names (`MON`, `JAN`), 7 for
 * Sunday, `L`/`W`/`#`, and vixie-cron's OR of two restricted day fields. Used by the Node and Deno
 * schedulers so they fire the same jobs as `wrangler.toml`.
 *
 * Core imports croner directly, with no port: it is a dependency-free, pure library (ECMAScript
 * `Date`/`Intl` only, no I/O, the same code on Node, Deno and workerd), and matching a pattern
 * against a given instant is a pure function nobody would swap or fake. Only its pattern side is
 * used here; its timers (`new Cron(pattern, fn)`) stay out of core, which never schedules.
 * @module
 */

import { Cron } from 'croner'
import { err, ok, type Result } from './result.ts'

export type CronExpr = {
  readonly source: string
  /** True when the expression fires in the UTC minute containing `at`. */
  readonly matches: (at: Date) => boolean
}

const OPTIONS = { mode: '5-part', timezone: 'UTC', domAndDow: false } as const

/** @example const r = parseCron('*\/5 * * * *'); if (r.ok) r.value.matches(new Date('2026-11-23T10:05:30Z')) // true */
export function parseCron(source: string): Result<CronExpr, string> {
  let cron: Cron
  try {
    cron = new Cron(source, OPTIONS)
  } catch (e) {
    return err(e instanceof Error ? e.message.replace(/^CronPattern: /, '') : String(e))
  }
  // A 5-part pattern fires at second 0: match the start of the minute, as Cron Triggers fire per minute.
  return ok({ source, matches: (at) => cron.match(new Date(Math.floor(at.getTime() / 60_000) * 60_000)) })
}
