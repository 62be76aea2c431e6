import { describe, expect, it } from 'vitest'
import { iuvBaseFor, newNotice } from '../../../adapters/pagopa/iuv.ts'
import { IUV_BASE_DIGITS, isValidNoticeNumber } from '../../../core/notice-number.ts'
import { CREDITOR } from './harness.ts'

describe('iuvBaseFor', () => {
  it('is deterministic per payment id and attempt, and has the requested length', async () => {
    const a = await iuvBaseFor('pay-1', 0)
    expect(a).toMatch(/^\d{13}$/)
    expect(await iuvBaseFor('pay-1', 0)).toBe(a)
    expect(await iuvBaseFor('pay-1', 1)).not.toBe(a)
    expect(await iuvBaseFor('pay-2', 0)).not.toBe(a)
    expect(await iuvBaseFor('pay-1', 0, IUV_BASE_DIGITS['2'])).toMatch(/^\d{15}$/)
    expect(await iuvBaseFor('pay-1', 0, IUV_BASE_DIGITS['1'])).toMatch(/^\d{17}$/)
  })

  it('keeps the derivation of the IUVs already issued (a retried create must find the same notice)', async () => {
    expect(await iuvBaseFor('pay-1', 0)).toBe('5569804101054')
    expect(await iuvBaseFor('pay-1', 1)).toBe('3965812613046')
    expect(await iuvBaseFor('pay-1', 0, 17)).toBe('61195569804101054')
  })

  it('refuses a negative attempt', async () => {
    await expect(iuvBaseFor('pay-1', -1)).rejects.toThrow(RangeError)
  })
})

describe('newNotice', () => {
  it('builds a valid notice from the creditor aux digit and segregation code', async () => {
    const n = await newNotice(CREDITOR, 'pay-1', 0)
    expect(n).toEqual({ iuv: expect.stringMatching(/^47\d{15}$/), noticeNumber: expect.stringMatching(/^347\d{15}$/) })
    expect(typeof n !== 'string' && isValidNoticeNumber(n.noticeNumber)).toBe(true)
  })

  it('says why when the creditor lacks the code its aux digit needs', async () => {
    expect(await newNotice({ ...CREDITOR, segregationCode: null }, 'pay-1', 0)).toBe('aux digit 3 needs a 2-digit segregation code')
    expect(await newNotice({ ...CREDITOR, auxDigit: '0', segregationCode: '1' }, 'pay-1', 0)).toBe(
      'aux digit 0 needs a 2-digit application code',
    )
  })
})
