/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC as
 * Cloudflare Cron Triggers are. Supports `*`, lists `a,b`, ranges `a-b` and steps `x/n`.
 * Used by the Node and Deno schedulers so they fire the same jobs as `wrangler.toml`.
 * @module
 */

import { err, ok, type Result } from './result.ts'

export type CronExpr = {
  readonly source: string
  readonly minute: ReadonlySet<number>
  readonly hour: ReadonlySet<number>
  readonly dayOfMonth: ReadonlySet<number>
  readonly month: ReadonlySet<number>
  readonly dayOfWeek: ReadonlySet<number>
  readonly domStar: boolean
  readonly dowStar: boolean
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day-of-week', min: 0, max: 6 },
] as const

function parseField(text: string, min: number, max: number): Set<number> | null {
  const out = new Set<number>()
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part)
    if (!m) return null
    const step = m[4] === undefined ? 1 : Number(m[4])
    let lo = min
    let hi = max
    if (m[1] !== '*') {
      lo = Number(m[2])
      hi = m[3] === undefined ? (m[4] === undefined ? lo : max) : Number(m[3])
    }
    if (step < 1 || lo < min || hi > max || lo > hi) return null
    for (let v = lo; v <= hi; v += step) out.add(v)
  }
  return out
}

/** @example parseCron('*\/5 * * * *') */
export function parseCron(source: string): Result<CronExpr, string> {
  const parts = source.trim().split(/\s+/)
  if (parts.length !== 5) return err(`expected 5 fields, got ${parts.length}`)
  const sets: Set<number>[] = []
  for (const [i, f] of FIELDS.entries()) {
    const text = parts[i] as string
    const set = parseField(f.name === 'day-of-week' ? text.replace(/\b7\b/g, '0') : text, f.min, f.max)
    if (!set) return err(`invalid ${f.name} field '${text}'`)
    sets.push(set)
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>]
  return ok({
    source,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    domStar: parts[2] === '*',
    dowStar: parts[4] === '*',
  })
}

/** True when the expression fires in the UTC minute containing `at`. */
export function cronMatches(expr: CronExpr, at: Date): boolean {
  if (!expr.minute.has(at.getUTCMinutes()) || !expr.hour.has(at.getUTCHours())) return false
  if (!expr.month.has(at.getUTCMonth() + 1)) return false
  const dom = expr.dayOfMonth.has(at.getUTCDate())
  const dow = expr.dayOfWeek.has(at.getUTCDay())
  // Vixie cron: when both day fields are restricted, either may match.
  if (!expr.domStar && !expr.dowStar) return dom || dow
  return dom && dow
}
