import { describe, expect, it } from 'vitest'
import { isValidNumericTaxId, isValidPersonCodiceFiscale, isValidTaxId } from '../../core/tax-id.ts'

describe('tax identifiers', () => {
  it.each([
    ['00341620508', true], // Comune di Pisa
    ['80016350821', true], // Comune di Palermo
    ['07776161213', true], // partita IVA from the Agile seed
    ['00341620509', false], // wrong check digit
    ['0034162050', false], // 10 digits
    ['003416205080', false], // 12 digits
    ['0034162050A', false],
  ])('numeric %s → %s', (value, valid) => {
    expect(isValidNumericTaxId(value)).toBe(valid)
  })

  it.each([
    ['RSSMRA85T10A562S', true],
    ['rssmra85t10a562s', true], // case-insensitive
    ['RSSMRA85T10A56NS', false], // omocodia letter changes the check character
    ['RSSMRA85T10A562T', false], // wrong check character
    ['RSSMRA85Z10A562S', false], // Z is not a month
    ['RSSMRA85T10A562', false],
  ])('personal %s → %s', (value, valid) => {
    expect(isValidPersonCodiceFiscale(value)).toBe(valid)
  })

  it('accepts either form and nothing else', () => {
    expect(isValidTaxId('00341620508')).toBe(true)
    expect(isValidTaxId('RSSMRA85T10A562S')).toBe(true)
    expect(isValidTaxId('')).toBe(false)
    expect(isValidTaxId('IT00341620508')).toBe(false)
  })
})
