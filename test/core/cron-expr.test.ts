import { describe, expect, it } from 'vitest'
import { cronMatches, parseCron } from '../../core/cron-expr.ts'

const parsed = (s: string) => {
  const r = parseCron(s)
  if (!r.ok) throw new Error(r.error)
  return r.value
}
const at = (iso: string) => new Date(iso)

describe('cron expressions', () => {
  it('fires */5 on minutes divisible by five, in UTC', () => {
    const e = parsed('*/5 * * * *')
    expect(cronMatches(e, at('2026-11-23T10:05:30Z'))).toBe(true)
    expect(cronMatches(e, at('2026-11-23T10:06:00Z'))).toBe(false)
  })

  it('fires a daily job at its hour and minute only', () => {
    const e = parsed('17 3 * * *')
    expect(cronMatches(e, at('2026-11-23T03:17:00Z'))).toBe(true)
    expect(cronMatches(e, at('2026-11-23T04:17:00Z'))).toBe(false)
    expect(cronMatches(e, at('2026-11-23T03:18:00Z'))).toBe(false)
  })

  it('supports lists, ranges and steps within ranges', () => {
    const e = parsed('0,30 8-18/2 * * 1-5')
    expect(cronMatches(e, at('2026-11-23T08:30:00Z'))).toBe(true) // Monday
    expect(cronMatches(e, at('2026-11-23T09:30:00Z'))).toBe(false) // odd hour
    expect(cronMatches(e, at('2026-11-22T08:30:00Z'))).toBe(false) // Sunday
  })

  it('treats 7 as Sunday and ORs restricted day fields (vixie cron)', () => {
    expect(cronMatches(parsed('0 0 * * 7'), at('2026-11-22T00:00:00Z'))).toBe(true)
    const e = parsed('0 0 1 * 1')
    expect(cronMatches(e, at('2026-12-01T00:00:00Z'))).toBe(true) // 1st, a Tuesday
    expect(cronMatches(e, at('2026-11-23T00:00:00Z'))).toBe(true) // a Monday
    expect(cronMatches(e, at('2026-11-24T00:00:00Z'))).toBe(false)
  })

  it.each(['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', '5-1 * * * *', 'a * * * *', '* * 0 * *'])('rejects %s', (s) => {
    expect(parseCron(s).ok).toBe(false)
  })
})
