import { describe, expect, it } from 'vitest'
import {
  buildNotice,
  formatNoticeForPrint,
  isValidNoticeNumber,
  iuvOfNotice,
  mod93,
  posteDataMatrix,
  qrPayload,
} from '../../core/notice-number.ts'

/** mulberry32: a small seeded PRNG, so the property runs are reproducible. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const randomDigits = (rnd: () => number, n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('')

describe('notice numbers (pagopa.md A2)', () => {
  it.each([
    // A2.2 worked examples: [input, check, IUV, NAV]
    [{ auxDigit: '3', segregationCode: '01', base: '0000000000001' }, '44', '01000000000000144', '301000000000000144'],
    [{ auxDigit: '3', segregationCode: '47', base: '1234567890123' }, '89', '47123456789012389', '347123456789012389'],
    [{ auxDigit: '0', applicationCode: '01', base: '0000000000001' }, '41', '000000000000141', '001000000000000141'],
    [{ auxDigit: '2', base: '000000000000001' }, '03', '00000000000000103', '200000000000000103'],
  ] as const)('builds the worked example %o (check %s)', (input, check, iuv, nav) => {
    expect(buildNotice(input)).toEqual({ iuv, noticeNumber: nav })
    expect(nav.slice(16)).toBe(check)
    expect(mod93(nav.slice(0, 16))).toBe(check)
    expect(isValidNoticeNumber(nav)).toBe(true)
    expect(iuvOfNotice(nav)).toBe(iuv)
  })

  it('builds aux 1 notices without a check digit', () => {
    expect(buildNotice({ auxDigit: '1', base: '12345678901234567' })).toEqual({
      iuv: '12345678901234567',
      noticeNumber: '112345678901234567',
    })
    expect(isValidNoticeNumber('112345678901234567')).toBe(true)
  })

  it('computes mod 93 exactly beyond 2^53 (BigInt)', () => {
    expect(mod93('3010000000000001')).toBe('44')
    expect(mod93('9999999999999999')).toBe((9999999999999999n % 93n).toString().padStart(2, '0'))
    expect(mod93('0')).toBe('00')
  })

  it.each([
    ['301000000000000145', 'wrong check digits'],
    ['30100000000000014', '17 digits'],
    ['3010000000000001444', '19 digits'],
    ['30100000000000014a', 'a letter'],
    ['401000000000000144', 'aux digit 4'],
    ['311111111112222222', 'a docs example that is not check-digit valid (A2.1)'],
  ])('rejects %s (%s)', (nav) => {
    expect(isValidNoticeNumber(nav)).toBe(false)
  })

  it.each([
    [{ auxDigit: '3', segregationCode: '1', base: '0000000000001' }, 'segregation code'],
    [{ auxDigit: '3', segregationCode: '01', base: '000000000001' }, '13-digit'],
    [{ auxDigit: '2', base: '0000000000001' }, '15-digit'],
    [{ auxDigit: '0', applicationCode: 'ab', base: '0000000000001' }, 'application code'],
  ] as const)('refuses malformed input %o', (input, message) => {
    expect(() => buildNotice(input)).toThrow(RangeError)
    expect(() => buildNotice(input)).toThrow(message)
  })

  it('formats the printed code in groups of four', () => {
    expect(formatNoticeForPrint('301000000000000144')).toBe('3010 0000 0000 0001 44')
    expect(formatNoticeForPrint('301000000000000144')).toHaveLength(22)
    expect(() => formatNoticeForPrint('3010')).toThrow(RangeError)
  })

  describe('property: built notices are valid, and single-digit errors are caught', () => {
    const rnd = prng(20261123)
    const cases = Array.from({ length: 300 }, () => ({ seg: randomDigits(rnd, 2), base: randomDigits(rnd, 13) }))

    it('every built aux-3 NAV is valid and starts with 3 + segregation code', () => {
      for (const { seg, base } of cases) {
        const { iuv, noticeNumber } = buildNotice({ auxDigit: '3', segregationCode: seg, base })
        expect(isValidNoticeNumber(noticeNumber)).toBe(true)
        expect(noticeNumber).toBe(`3${iuv}`)
        expect(noticeNumber.slice(1, 3)).toBe(seg)
      }
    })

    it('changing any one digit of an aux-3 NAV fails the check, except turning the leading 3 into 1', () => {
      // Why: a change of δ·10^k (0 < |δ| ≤ 9) is never ≡ 0 (mod 93), because 93 = 3·31 and 31 divides
      // neither δ nor 10^k; a changed check digit no longer matches. But aux 1 has no check digit at
      // all, so '1' + the same 17 digits is a valid aux-1 NAV: the property holds for 17 of 18 positions.
      let auxOneEscapes = 0
      for (const { seg, base } of cases.slice(0, 60)) {
        const { noticeNumber } = buildNotice({ auxDigit: '3', segregationCode: seg, base })
        for (let i = 0; i < 18; i++) {
          for (let d = 0; d <= 9; d++) {
            const digit = String(d)
            if (noticeNumber[i] === digit) continue
            const changed = noticeNumber.slice(0, i) + digit + noticeNumber.slice(i + 1)
            if (i === 0 && digit === '1') {
              expect(isValidNoticeNumber(changed)).toBe(true)
              auxOneEscapes++
            } else {
              expect(isValidNoticeNumber(changed), `${noticeNumber} → ${changed}`).toBe(false)
            }
          }
        }
      }
      expect(auxOneEscapes).toBe(60)
    })

    it('aux 0 and aux 2 notices built from random bases are valid too', () => {
      for (const { seg, base } of cases.slice(0, 100)) {
        expect(isValidNoticeNumber(buildNotice({ auxDigit: '0', applicationCode: seg, base }).noticeNumber)).toBe(true)
        expect(isValidNoticeNumber(buildNotice({ auxDigit: '2', base: `${seg}${base}` }).noticeNumber)).toBe(true)
      }
    })
  })

  describe('QR payload (A2.3)', () => {
    it('matches the spec example, with cents unpadded', () => {
      expect(qrPayload({ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 12050 })).toBe(
        'PAGOPA|002|301000000000000144|77777777777|12050',
      )
      expect(qrPayload({ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 5 })).toBe(
        'PAGOPA|002|301000000000000144|77777777777|5',
      )
    })

    it.each([
      [{ noticeNumber: '30100000000000014', creditorTaxId: '77777777777', amountCents: 1 }],
      [{ noticeNumber: '301000000000000144', creditorTaxId: '7777777777', amountCents: 1 }],
      [{ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 0 }],
      [{ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 1.5 }],
    ])('refuses %o', (input) => {
      expect(() => qrPayload(input)).toThrow(RangeError)
    })
  })

  describe('Poste data matrix (A2.4)', () => {
    const input = {
      noticeNumber: '301000000000000144',
      postalAccount: '16302093',
      amountCents: 12050,
      creditorTaxId: '00341620508',
      debtorTaxId: 'rssmra85t10a562s',
      debtorName: 'Mario Rossi',
      subject: 'TARI 2026 rata unica',
    }

    it('lays out 256 characters at the documented offsets', () => {
      const dm = posteDataMatrix(input)
      expect(dm).toHaveLength(256)
      expect(dm.slice(0, 13)).toBe('codfase=NBPA;')
      expect(dm.slice(13, 15)).toBe('18')
      expect(dm.slice(15, 33)).toBe('301000000000000144')
      expect(dm.slice(33, 35)).toBe('12')
      expect(dm.slice(35, 47)).toBe('000016302093')
      expect(dm.slice(47, 49)).toBe('10')
      expect(dm.slice(49, 59)).toBe('0000012050')
      expect(dm.slice(59, 60)).toBe('3')
      expect(dm.slice(60, 63)).toBe('896')
      expect(dm.slice(63, 66)).toBe('1P1')
      expect(dm.slice(66, 77)).toBe('00341620508')
      expect(dm.slice(77, 93)).toBe('RSSMRA85T10A562S')
      expect(dm.slice(93, 133)).toBe('Mario Rossi'.padEnd(40))
      expect(dm.slice(133, 243)).toBe('TARI 2026 rata unica'.padEnd(110))
      expect(dm.slice(243, 255)).toBe(' '.repeat(12))
      expect(dm.slice(255)).toBe('A')
      // The codeline (18…896) is 50 characters.
      expect(dm.slice(13, 63)).toHaveLength(50)
    })

    it('reproduces the IO app fixture up to the debtor name', () => {
      const dm = posteDataMatrix({
        noticeNumber: '300715700000000032',
        postalAccount: '16302093',
        amountCents: 1,
        creditorTaxId: '00085240950',
        debtorTaxId: 'BSCMTT83A12L719R',
        debtorName: 'Name Surname',
        subject: 'Causale',
      })
      expect(dm.slice(0, 93)).toBe('codfase=NBPA;183007157000000000321200001630209310000000000138961P100085240950BSCMTT83A12L719R')
      expect(dm.slice(93, 105)).toBe('Name Surname')
    })

    it('cuts names to 40 and subjects to 110 characters and keeps them on one line', () => {
      const dm = posteDataMatrix({ ...input, debtorName: 'N'.repeat(60), subject: `Riga uno\nriga due ${'S'.repeat(200)}` })
      expect(dm).toHaveLength(256)
      expect(dm.slice(93, 133)).toBe('N'.repeat(40))
      expect(dm.slice(133, 243)).toHaveLength(110)
      expect(dm.slice(133, 151)).toBe('Riga uno riga due ')
      expect(dm.slice(255)).toBe('A')
    })

    it.each([
      [{ postalAccount: '1234567890123' }],
      [{ amountCents: 10_000_000_000 }],
      [{ creditorTaxId: 'RSSMRA85T10A562S' }],
      [{ debtorTaxId: 'RSSMRA85T10A562S1' }],
    ])('refuses %o', (over) => {
      expect(() => posteDataMatrix({ ...input, ...over })).toThrow(RangeError)
    })
  })
})
