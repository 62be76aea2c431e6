import { describe, expect, it } from 'vitest'
import { parseCron } from '../../core/cron-expr.ts'
import { evaluateCronCases, INVALID, MATCH_CASES } from './cron-expr.cases.ts'

const parsed = (s: string) => {
  const r = parseCron(s)
  if (!r.ok) throw new Error(r.error)
  return r.value
}

describe('cron expressions', () => {
  it.each(MATCH_CASES)('$what: $expr at $at → $fires', ({ expr, at, fires }) => {
    expect(parsed(expr).matches(new Date(at))).toBe(fires)
  })

  it.each(INVALID)('rejects %j, saying why', (s) => {
    const r = parseCron(s)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(/\w{4}/)
  })

  it('keeps the source, and accepts the padding a TOML array may leave', () => {
    expect(parsed('  */5   *  * * * ').source).toBe('  */5   *  * * * ')
    expect(parsed('  */5   *  * * * ').matches(new Date('2026-11-23T10:05:00Z'))).toBe(true)
  })

  it("does not depend on the host's time zone", () => {
    const before = process.env['TZ']
    const baseline = evaluateCronCases()
    try {
      for (const tz of ['Europe/Rome', 'America/St_Johns', 'Pacific/Chatham']) {
        process.env['TZ'] = tz
        expect(new Date('2026-07-01T00:00:00Z').getTimezoneOffset()).not.toBe(0)
        expect(evaluateCronCases()).toEqual(baseline)
      }
    } finally {
      if (before === undefined) delete process.env['TZ']
      else process.env['TZ'] = before
    }
  })
})
