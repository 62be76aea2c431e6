/**
 * Opencity dates: ISO 8601, seconds precision, Europe/Rome offset (`2022-06-22T15:11:20+02:00`),
 * per the platform standard (opencity.md §7.2). The offset comes from the runtime's time-zone data
 * (Intl) and is memoised per UTC hour: Rome changes offset only on the hour, so this is exact.
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
const offsets = new Map<number, number>()

/** Minutes east of UTC for Europe/Rome during the UTC hour containing `ms`. */
function romeOffsetMinutes(ms: number): number {
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
      Number(p['hour']),
      Number(p['minute']),
      Number(p['second']),
    )
    offset = Math.round((local - at) / 60_000)
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
  const l = new Date(ms + offset * 60_000)
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return (
    `${pad(l.getUTCFullYear(), 4)}-${pad(l.getUTCMonth() + 1)}-${pad(l.getUTCDate())}` +
    `T${pad(l.getUTCHours())}:${pad(l.getUTCMinutes())}:${pad(l.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}
