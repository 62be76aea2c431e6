/**
 * OnPay's zone-less `datetime` (`YYYY-mm-dd HH:ii:ss`), read and written as Europe/Rome wall time,
 * on top of the gateway's one Rome-time module (core/rome-time.ts).
 * @module
 */

import { formatRome } from '../../core/rome-time.ts'

/** Rome wall time `YYYY-mm-dd HH:ii:ss` (the simulator's "datetime"). */
export const romeText = (d: Date) => formatRome(d).slice(0, 19).replace('T', ' ')

/** `YYYY-mm-dd[ HH:ii[:ss]]` in Rome time → Date (via the offset at that instant), or null. */
export function romeParse(s: string, dayEnd = false): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s.trim())
  if (!m) return null
  const wall = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? (dayEnd ? 23 : 0)),
    Number(m[5] ?? (dayEnd ? 59 : 0)),
    Number(m[6] ?? (dayEnd ? 59 : 0)),
  )
  if (Number.isNaN(wall)) return null
  const offset = (ms: number) => {
    const t = romeText(new Date(ms))
    return Date.parse(`${t.replace(' ', 'T')}Z`) - Math.floor(ms / 1000) * 1000
  }
  return new Date(wall - offset(wall - offset(wall)))
}
