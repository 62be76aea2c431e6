import { describe, expect, it } from 'vitest'
import { isValidIban } from '../../core/iban.ts'

describe('IBAN', () => {
  it.each([
    ['IT60X0542811101000000123456', true],
    ['IT60 X054 2811 1010 0000 0123 456', true],
    ['it60x0542811101000000123456', true],
    ['DE89370400440532013000', true],
    ['GB82WEST12345698765432', true],
    ['IT60X0542811101000000123457', false],
    ['IT61X0542811101000000123456', false],
    ['IT60X054281110100000012345', false],
    ['IT6000542811101000000123456', false],
    ['XX', false],
  ])('%s → %s', (iban, valid) => {
    expect(isValidIban(iban)).toBe(valid)
  })
})
