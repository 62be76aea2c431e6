import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isRtdDateTime, parseRtdRowByRules } from '../../core/rtd/row.ts'
import { isRtdDateTimeAt, parseRtdRowFast } from '../../core/rtd/row-fast.ts'
import { generateRows, row } from './rtd-gen.ts'

/** Characters that matter to the rules: separators, padding, digits, date punctuation, non-ASCII. */
const CHARS = [';', ' ', '\t', '0', '1', '7', '9', '8', 'a', 'Z', 'T', '-', ':', '.', '+', 'é', '\u00a0', '#']

const mutated = fc
  .tuple(
    fc.constantFrom(...generateRows(300, 100, 5)),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...CHARS), fc.constantFrom('replace', 'insert', 'delete')), { minLength: 1, maxLength: 3 }),
  )
  .map(([line, edits]) => {
    let s = line
    for (const [at, ch, how] of edits) {
      const i = at % (s.length + 1)
      s =
        how === 'replace'
          ? s.slice(0, i) + ch + s.slice(i + 1)
          : how === 'insert'
            ? s.slice(0, i) + ch + s.slice(i)
            : s.slice(0, i) + s.slice(i + 1)
    }
    return s
  })

describe('RTD row fast path', () => {
  it('accepts generated valid rows with the same values as the rules', () => {
    for (const line of generateRows(2000, 500, 9)) {
      const rules = parseRtdRowByRules(line)
      expect(rules.ok).toBe(true)
      expect(parseRtdRowFast(line)).toEqual(rules.ok ? rules.value : null)
    }
  })

  it('leaves padded, non-ASCII-edged and invalid rows to the rules', () => {
    expect(parseRtdRowFast(row({ merchant: ' M1' }))).toBeNull()
    expect(parseRtdRowByRules(row({ merchant: ' M1' })).ok).toBe(true)
    expect(parseRtdRowFast(row({ merchant: 'Caffè' }))).toBeNull()
    expect(parseRtdRowFast(row({ amount: '123456789012' }))).toBeNull()
    expect(parseRtdRowFast(row({ dateTime: '2026-02-29T10:00:00.000Z' }))).toBeNull()
    expect(parseRtdRowFast(`${row()};`)).toBeNull()
  })

  it('property: whatever it accepts, the rules accept with the same values', () => {
    fc.assert(
      fc.property(mutated, (line) => {
        const fast = parseRtdRowFast(line)
        if (fast === null) return
        const rules = parseRtdRowByRules(line)
        expect(rules.ok && rules.value).toEqual(fast)
      }),
      { numRuns: 20_000 },
    )
  })

  it('property: isRtdDateTimeAt equals isRtdDateTime on near-valid instants', () => {
    const instant = fc
      .tuple(
        fc.constantFrom('2024', '2023', '1900', '2000', '0000'),
        fc.constantFrom('00', '01', '02', '04', '12', '13'),
        fc.constantFrom('00', '01', '28', '29', '30', '31', '32'),
        fc.constantFrom('00', '23', '24'),
        fc.constantFrom('00', '59', '60'),
        fc.constantFrom('Z', '+01:00', '-0500', '+18:59', '+19:00', '+01:60', '+1:00', 'z', '+01::00', ''),
        fc.constantFrom('T', ' ', 't'),
      )
      .map(([y, mo, d, h, mi, zone, t]) => `${y}-${mo}-${d}${t}${h}:${mi}:${mi}.123${zone}`)
    fc.assert(
      fc.property(instant, fc.string({ maxLength: 3 }), (s, pad) => {
        const line = `${pad};${s};${pad}`
        const a = pad.length + 1
        expect(isRtdDateTimeAt(line, a, a + s.length)).toBe(isRtdDateTime(s))
      }),
      { numRuns: 20_000 },
    )
  })
})
