import { describe, expect, it } from 'vitest'
import { addressLines, formatDate, formatDateTime, formatEuro, fullName, toAscii } from '../../../adapters/pdf/format.ts'
import { cents } from '../../../core/money.ts'

describe('print formats', () => {
  it.each([
    [0, '0,00 €'],
    [1, '0,01 €'],
    [50, '0,50 €'],
    [1650, '16,50 €'],
    [100000, '1.000,00 €'],
    [123456, '1.234,56 €'],
    [99_999_999_999, '999.999.999,99 €'],
  ])('writes %i cents as %s (Italian grouping and decimal comma)', (amount, text) => {
    expect(formatEuro(cents(amount))).toBe(text)
  })

  it('refuses amounts that are not whole cents', () => {
    expect(() => formatEuro(16.5 as never)).toThrow(RangeError)
  })

  it('writes dates and times in Rome time, across the day boundary and DST', () => {
    expect(formatDate(new Date('2026-12-23T22:59:59Z'))).toBe('23/12/2026')
    expect(formatDate(new Date('2026-12-23T23:00:00Z'))).toBe('24/12/2026')
    expect(formatDateTime(new Date('2026-07-01T22:30:00Z'))).toBe('02/07/2026 00:30')
    expect(formatDateTime(new Date('2026-11-23T10:05:59Z'))).toBe('23/11/2026 11:05')
  })

  it('names a person by given and family name, and an organisation by its name', () => {
    expect(fullName({ type: 'human', tax_identification_number: 'X', name: ' Mario ', family_name: 'Rossi' })).toBe('Mario Rossi')
    expect(fullName({ type: 'legal', tax_identification_number: 'X', name: 'ACME S.p.A.', family_name: null })).toBe('ACME S.p.A.')
  })

  it('writes an address in two lines, leaving out what is unknown', () => {
    const party = { type: 'human' as const, tax_identification_number: 'X', name: 'M' }
    expect(
      addressLines({
        ...party,
        street_name: 'Via Roma',
        building_number: '1',
        postal_code: '56100',
        town_name: 'Bugliano',
        country_subdivision: 'PI',
      }),
    ).toEqual(['Via Roma, 1', '56100 Bugliano (PI)'])
    expect(addressLines({ ...party, town_name: 'Bugliano' })).toEqual(['Bugliano'])
    expect(addressLines(party)).toEqual([])
  })

  it('folds text to printable ASCII for the data matrix', () => {
    expect(toAscii('Niccolò Dell’Àcqua')).toBe("Niccolo Dell'Acqua")
    expect(toAscii('Łukasz Strauß 中 €')).toBe('Lukasz Strauss    ')
    expect(toAscii('TARI 2026 - rata unica')).toBe('TARI 2026 - rata unica')
  })
})
