import { describe, expect, it } from 'vitest'
import { formatRome, fromRomeWallClock, romeOffsetMinutes, wallClockMs } from '../../core/rome-time.ts'

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

  it('follows the time-zone data before the EU rules too (1990: summer time ended in September)', () => {
    expect(romeOffsetMinutes(Date.parse('1990-09-29T12:00:00Z'))).toBe(120)
    expect(romeOffsetMinutes(Date.parse('1990-10-05T12:00:00Z'))).toBe(60)
  })
})

describe('wallClockMs', () => {
  it('is Date.UTC of real dates and times', () => {
    expect(wallClockMs(2026, 12, 31, 23, 59, 59)).toBe(Date.UTC(2026, 11, 31, 23, 59, 59))
    expect(wallClockMs(2028, 2, 29)).toBe(Date.UTC(2028, 1, 29))
  })

  it.each([
    [2026, 2, 29, 0, 0, 0],
    [2026, 13, 1, 0, 0, 0],
    [2026, 4, 31, 0, 0, 0],
    [2026, 1, 1, 24, 0, 0],
    [2026, 1, 1, 0, 60, 0],
    [2026, 1, 1, 0, 0, 60],
    [50, 1, 1, 0, 0, 0], // Date.UTC would read it as 1950
  ])('refuses %i-%i-%i %i:%i:%i', (y, mo, d, h, mi, s) => {
    expect(wallClockMs(y, mo, d, h, mi, s)).toBeNull()
  })
})

describe('fromRomeWallClock', () => {
  const at = (y: number, mo: number, d: number, h: number, mi = 0) => fromRomeWallClock(Date.UTC(y, mo - 1, d, h, mi)).toISOString()

  it('reads winter and summer wall times', () => {
    expect(at(2026, 12, 23, 10)).toBe('2026-12-23T09:00:00.000Z')
    expect(at(2026, 7, 1, 10, 30)).toBe('2026-07-01T08:30:00.000Z')
  })

  it('on the spring change: 01:30 is winter time, 02:30 does not exist and reads as 03:30 summer time, 03:30 is summer time', () => {
    expect(at(2026, 3, 29, 1, 30)).toBe('2026-03-29T00:30:00.000Z')
    expect(at(2026, 3, 29, 2, 30)).toBe('2026-03-29T01:30:00.000Z')
    expect(at(2026, 3, 29, 3, 30)).toBe('2026-03-29T01:30:00.000Z')
  })

  it('on the autumn change: 01:30 is summer time, 02:30 (seen twice) is the second, in winter time', () => {
    expect(at(2026, 10, 25, 1, 30)).toBe('2026-10-24T23:30:00.000Z')
    expect(at(2026, 10, 25, 2, 30)).toBe('2026-10-25T01:30:00.000Z')
    expect(at(2026, 10, 25, 3, 30)).toBe('2026-10-25T02:30:00.000Z')
  })

  it('is the inverse of formatRome for every quarter hour of 2026 outside the autumn repeat', () => {
    const wrong: string[] = []
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 15 * 60_000) {
      const local = formatRome(new Date(ms))
      const back = fromRomeWallClock(Date.parse(`${local.slice(0, 19)}Z`)).getTime()
      const repeated = local.startsWith('2026-10-25T02:') && local.endsWith('+02:00')
      if (back !== (repeated ? ms + 3_600_000 : ms)) wrong.push(local)
    }
    expect(wrong).toEqual([])
  })
})
