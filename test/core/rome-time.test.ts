import { describe, expect, it } from 'vitest'
import { formatRome } from '../../core/rome-time.ts'

describe('formatRome', () => {
  it('uses +01:00 in winter and +02:00 in summer, seconds precision', () => {
    expect(formatRome(new Date('2026-11-23T12:12:55.999Z'))).toBe('2026-11-23T13:12:55+01:00')
    expect(formatRome(new Date('2026-07-01T10:00:00Z'))).toBe('2026-07-01T12:00:00+02:00')
  })

  it('handles the DST switch and the day boundary', () => {
    expect(formatRome(new Date('2026-03-29T00:59:59Z'))).toBe('2026-03-29T01:59:59+01:00')
    expect(formatRome(new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00:00+02:00')
    expect(formatRome(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01T00:30:00+01:00')
  })
})
