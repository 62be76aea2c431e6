/**
 * Opencity dates: ISO 8601, seconds precision, Europe/Rome offset (`2022-06-22T15:11:20+02:00`),
 * per the platform standard (opencity.md §7.2).
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

/** @example formatRome(new Date('2026-07-01T10:00:00Z')) // '2026-07-01T12:00:00+02:00' */
export function formatRome(at: Date): string {
  const p: Record<string, string> = {}
  for (const part of PARTS.formatToParts(at)) p[part.type] = part.value
  const local = Date.UTC(
    Number(p['year']),
    Number(p['month']) - 1,
    Number(p['day']),
    Number(p['hour']),
    Number(p['minute']),
    Number(p['second']),
  )
  const offsetMin = Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000)
  const sign = offsetMin >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMin)
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}:${p['second']}${sign}${hh}:${mm}`
}
