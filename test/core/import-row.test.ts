import { describe, expect, it } from 'vitest'
import { checkRow, DOVUTI_COLUMNS, type DovutiHeader, parseAmount, parseExpiry, readHeader } from '../../core/import/dovuti-row.ts'
import { isValidNoticeNumber } from '../../core/notice-number.ts'

const NOW = new Date('2026-11-23T10:00:00Z')
const header = (readHeader([...DOVUTI_COLUMNS]) as { ok: true; header: DovutiHeader }).header

const good: Record<string, string> = {
  external_id: 'TARI-2026-0001',
  notice_number: '',
  amount: '16.50',
  reason: 'TARI 2026 rata 1',
  expire_at: '2026-12-31',
  payer_type: 'human',
  payer_tax_code: 'RSSMRA85T10A562S',
  payer_name: 'Mario',
  payer_family_name: 'Rossi',
  payer_email: 'mario@example.it',
}
const record = (over: Record<string, string> = {}, row = 2) => ({
  row,
  fields: DOVUTI_COLUMNS.map((c) => over[c] ?? good[c] ?? ''),
  problem: null,
})

describe('dovuti CSV header', () => {
  it('accepts exactly the template columns, in any order and case, with spaces around', () => {
    const r = readHeader([' PAYER_EMAIL ', ...DOVUTI_COLUMNS.slice(0, -1).reverse()])
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.header.index.payer_email).toBe(0)
  })

  it.each([
    [DOVUTI_COLUMNS.filter((c) => c !== 'amount'), /missing column: amount/],
    [DOVUTI_COLUMNS.filter((c) => c !== 'amount' && c !== 'reason'), /missing columns: amount, reason/],
    [[...DOVUTI_COLUMNS, 'colour'], /unknown column: colour/],
    [[...DOVUTI_COLUMNS, ''], /unknown column: \(empty\)/],
    [[...DOVUTI_COLUMNS, 'amount'], /repeated column: amount/],
    [['notice_number;amount;reason'], /separated by ";"/],
  ])('refuses %j', (names, message) => {
    const r = readHeader(names)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.issues.join('\n')).toMatch(message)
  })
})

describe('dovuti CSV row', () => {
  it('turns a good row into cents, a Rome end-of-day expiry and a payer', () => {
    const r = checkRow(record(), header, NOW)
    expect(r).toEqual({
      ok: true,
      value: {
        row: 2,
        external_id: 'TARI-2026-0001',
        notice_number: null,
        amount: 1650,
        reason: 'TARI 2026 rata 1',
        expire_at: new Date('2026-12-31T22:59:59Z'),
        payer: {
          type: 'human',
          tax_identification_number: 'RSSMRA85T10A562S',
          name: 'Mario',
          family_name: 'Rossi',
          email: 'mario@example.it',
        },
      },
    })
  })

  it('leaves optional fields empty as null, trims and upper-cases the tax code, lower-cases the type', () => {
    const r = checkRow(
      record({
        reason: '',
        expire_at: '',
        payer_family_name: '',
        payer_email: '',
        payer_type: ' LEGAL ',
        payer_tax_code: '00341620508',
        payer_name: ' Bar Centrale S.r.l. ',
      }),
      header,
      NOW,
    )
    expect(r).toMatchObject({
      ok: true,
      value: { reason: null, expire_at: null, payer: { type: 'legal', name: 'Bar Centrale S.r.l.', family_name: null, email: null } },
    })
    const lower = checkRow(record({ payer_tax_code: 'rssmra85t10a562s' }), header, NOW)
    expect(lower).toMatchObject({ ok: true, value: { payer: { tax_identification_number: 'RSSMRA85T10A562S' } } })
  })

  it('keeps an existing notice number', () => {
    expect(checkRow(record({ notice_number: '301000000000000144' }), header, NOW)).toMatchObject({
      ok: true,
      value: { notice_number: '301000000000000144' },
    })
  })

  it.each([
    [{ external_id: '' }, 'external_id', /required/],
    [{ external_id: 'x'.repeat(65) }, 'external_id', /at most 64/],
    [{ notice_number: '30100000000000014' }, 'notice_number', /18-digit/],
    [{ notice_number: '301000000000000145' }, 'notice_number', /check digits/],
    [{ notice_number: '401000000000000144' }, 'notice_number', /18-digit/],
    [{ amount: '' }, 'amount', /required/],
    [{ amount: '16,50' }, 'amount', /"\." as the decimal separator/],
    [{ amount: '16.505' }, 'amount', /two decimals/],
    [{ amount: '1.650,00' }, 'amount', /two decimals/],
    [{ amount: '-5' }, 'amount', /two decimals/],
    [{ amount: '0.00' }, 'amount', /greater than 0/],
    [{ amount: '€ 16.50' }, 'amount', /two decimals/],
    [{ reason: 'x'.repeat(141) }, 'reason', /at most 140/],
    [{ reason: 'two\nlines' }, 'reason', /line breaks/],
    [{ reason: 'citt\uFFFD' }, 'reason', /UTF-8/],
    [{ expire_at: '31/12/2026' }, 'expire_at', /YYYY-MM-DD/],
    [{ expire_at: '2026-02-30' }, 'expire_at', /YYYY-MM-DD/],
    [{ expire_at: '2026-12-31T25:00:00' }, 'expire_at', /YYYY-MM-DD/],
    [{ expire_at: '2026-11-22' }, 'expire_at', /future/],
    [{ expire_at: '2026-11-23T09:00:00Z' }, 'expire_at', /future/],
    [{ payer_type: '' }, 'payer_type', /required/],
    [{ payer_type: 'person' }, 'payer_type', /human or legal/],
    [{ payer_tax_code: '' }, 'payer_tax_code', /required/],
    [{ payer_tax_code: 'RSSMRA85T10A562X' }, 'payer_tax_code', /codice fiscale/],
    [{ payer_type: 'legal', payer_tax_code: 'RSSMRA85T10A562S' }, 'payer_tax_code', /11-digit/],
    [{ payer_name: '' }, 'payer_name', /required/],
    [{ payer_name: 'x'.repeat(141) }, 'payer_name', /at most 140/],
    [{ payer_email: 'mario@' }, 'payer_email', /e-mail/],
  ])('refuses %j: %s %s', (over, field, message) => {
    const r = checkRow(record(over, 7), header, NOW)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toEqual([{ row: 7, field, message: expect.stringMatching(message) }])
  })

  it('reports every bad field of a row, once per field', () => {
    const r = checkRow(record({ amount: 'x', payer_type: 'robot', payer_tax_code: '', payer_email: 'no' }), header, NOW)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['amount', 'payer_type', 'payer_tax_code', 'payer_email'])
  })

  it('refuses a record with another number of fields, or one the parser flagged, as a whole row', () => {
    expect(checkRow({ row: 3, fields: ['a', 'b'], problem: null }, header, NOW)).toEqual({
      ok: false,
      errors: [{ row: 3, field: '(row)', message: 'has 2 fields; the header has 10' }],
    })
    expect(checkRow({ ...record(), problem: 'a quoted field is not closed' }, header, NOW)).toEqual({
      ok: false,
      errors: [{ row: 2, field: '(row)', message: 'a quoted field is not closed' }],
    })
  })
})

describe('dovuti CSV values', () => {
  it.each([
    ['16.50', 1650],
    ['16.5', 1650],
    ['16', 1600],
    ['0.01', 1],
    ['9999999999.99', 999_999_999_999],
    ['16.', null],
    ['.50', null],
    ['1e3', null],
    ['12345678901', null],
  ])('amount %s → %s cents', (text, cents) => {
    expect(parseAmount(text)).toBe(cents)
  })

  it.each([
    ['2026-12-31', '2026-12-31T22:59:59.000Z'],
    ['2026-07-31', '2026-07-31T21:59:59.000Z'],
    ['2026-12-31T12:00', '2026-12-31T11:00:00.000Z'],
    ['2026-07-01T12:00:00', '2026-07-01T10:00:00.000Z'],
    ['2026-12-31T12:00:00Z', '2026-12-31T12:00:00.000Z'],
    ['2026-12-31T12:00:00+02:00', '2026-12-31T10:00:00.000Z'],
    ['2026-12-31T12:00:00.250+01:00', '2026-12-31T11:00:00.250Z'],
  ])('expiry %s → %s', (text, iso) => {
    expect(parseExpiry(text)?.toISOString()).toBe(iso)
  })

  it.each(['2026-13-01', '2026-02-29', '2026-12-31 12:00', '20261231', '2026-12-31T12:00:00+0100'])('expiry %s is refused', (text) => {
    expect(parseExpiry(text)).toBeNull()
  })

  it('checks notice numbers per aux digit', () => {
    expect(isValidNoticeNumber('301000000000000144')).toBe(true)
    expect(isValidNoticeNumber('100000000000000001')).toBe(true)
    expect(isValidNoticeNumber('301000000000000143')).toBe(false)
    expect(isValidNoticeNumber('501000000000000144')).toBe(false)
  })
})
