/**
 * Europe/Rome time, the one implementation for the whole gateway: Opencity dates (ISO 8601, seconds,
 * Rome offset: `2022-06-22T15:11:20+02:00`, opencity.md §7.2), OnPay's zone-less wall times and the
 * dovuti CSV's dates. The offset comes from the runtime's time-zone data (`Intl`, present on Node,
 * Deno and workerd alike), read once per UTC hour and memoised: Rome changes offset only on the hour,
 * so this is exact, including the historical rules before the EU's. No clock is read here.
 * @module
 */

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

const HOUR = 3_600_000
const MINUTE = 60_000
const offsets = new Map<number, number>()

/** Minutes east of UTC for Europe/Rome at the instant `ms` (60 in winter, 120 in summer). */
export function romeOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR)
  let offset = offsets.get(hour)
  if (offset === undefined) {
    const at = hour * HOUR
    const p: Record<string, string> = {}
    for (const part of PARTS.formatToParts(new Date(at))) p[part.type] = part.value
    const local = Date.UTC(
      Number(p['year']),
      Number(p['month']) - 1,
      Number(p['day']),
      // `% 24`: some ICU builds have written midnight as 24 even with h23.
      Number(p['hour']) % 24,
      Number(p['minute']),
      Number(p['second']),
    )
    offset = Math.round((local - at) / MINUTE)
    if (offsets.size > 10_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** @example formatRome(new Date('2026-07-01T10:00:00Z')) // '2026-07-01T12:00:00+02:00' */
export function formatRome(at: Date): string {
  const ms = Math.floor(at.getTime() / 1000) * 1000
  const offset = romeOffsetMinutes(ms)
  const l = new Date(ms + offset * MINUTE)
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${pad(l.getUTCFullYear(), 4)}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` +
    `T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

/**
 * A wall-clock date and time as if it were UTC (`Date.UTC` of the fields), or null when the fields
 * name no real calendar date (30 February) or time (hour 24). Months are 1–12.
 * @example wallClockMs(2026, 2, 30) // null
 */
export function wallClockMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | null {
  if (hour > 23 || minute > 59 || second > 59) return null
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  const d = new Date(ms)
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? ms : null
}

/**
 * The instant at which clocks in Rome show `wallMs` (a wall time given as if it were UTC, see
 * {@link wallClockMs}). A time skipped by the spring change (02:30 on the last Sunday of March) is
 * read with the winter offset, i.e. one hour later in summer time; a time seen twice in autumn is
 * the second one, in winter time.
 * @example fromRomeWallClock(Date.UTC(2026, 11, 31, 23, 59, 59)) // 2026-12-31T22:59:59Z
 */
export function fromRomeWallClock(wallMs: number): Date {
  const guess = wallMs - romeOffsetMinutes(wallMs) * MINUTE
  return new Date(wallMs - romeOffsetMinutes(guess) * MINUTE)
}
