import { describe, expect, it } from 'vitest'
import { isRtdDateTime, parseRtdRow, RTD_COLUMNS } from '../../core/rtd/row.ts'
import { type Fields, row } from './rtd-gen.ts'

const B1_EXAMPLE = [
  '36081;00;10;pan1;2020-08-06T12:19:16.000+00:00;80205005000037219007587693;657098;;12;978;09509;400000080205;80205005;40236010;4900;fc123456;12345678901;00;',
  '36081;00;02;pan2;2020-08-07T16:03:53.000+00:00;98174002575951220007275953;005423;;1150;978;09509;400000098174;98174002;54133300;4900;fc321543;12345678901;01;par2',
]

const problem = (f: Fields) => {
  const r = parseRtdRow(row(f))
  return r.ok ? null : r.error
}

describe('RTD input row (B1)', () => {
  it('reads the spec example rows into what aggregation needs', () => {
    expect(parseRtdRow(B1_EXAMPLE[0] as string)).toEqual({
      ok: true,
      value: {
        senderCode: '36081',
        operationType: '00',
        accountingDate: '2020-08-06',
        amount: 12,
        acquirerId: '09509',
        merchantId: '400000080205',
        terminalId: '80205005',
        fiscalCode: 'fc123456',
        vat: '12345678901',
        posType: '00',
      },
    })
    const second = parseRtdRow(B1_EXAMPLE[1] as string)
    expect(second.ok && second.value.posType).toBe('01')
    expect(second.ok && second.value.amount).toBe(1150)
  })

  it('takes the accounting date as written, without moving it to UTC', () => {
    const r = parseRtdRow(row({ dateTime: '2026-11-21T23:30:00.000-05:00' }))
    expect(r.ok && r.value.accountingDate).toBe('2026-11-21')
  })

  it('trims fields as the reference reader does, and keeps an empty VAT empty', () => {
    const r = parseRtdRow(row({ merchant: ' M1 ', vat: '  ' }))
    expect(r.ok && r.value.merchantId).toBe('M1')
    expect(r.ok && r.value.vat).toBe('')
  })

  it.each([18, 20])('refuses a row of %i columns', (n) => {
    const fields = row().split(';')
    const line = n < 19 ? fields.slice(0, n).join(';') : [...fields, 'x'].join(';')
    expect(parseRtdRow(line)).toEqual({
      ok: false,
      error: { column: null, field: null, reason: `has ${n} columns separated by ';', expected 19` },
    })
  })

  it('refuses a comma-separated row', () => {
    expect(parseRtdRow(row().replaceAll(';', ',')).ok).toBe(false)
  })

  const bad: [keyof Fields, string, string, RegExp][] = [
    ['sender', 'sender_code', '', /empty/],
    ['sender', 'sender_code', 'x'.repeat(21), /longer than 20/],
    ['op', 'operation_type', '02', /00 or 01/],
    ['op', 'operation_type', '0', /00 or 01/],
    ['circuit', 'circuit_type', '1', /two digits/],
    ['circuit', 'circuit_type', 'AB', /two digits/],
    ['pan', 'pan', '', /empty/],
    ['pan', 'pan', 'p'.repeat(65), /longer than 64/],
    ['dateTime', 'date_time', '2026-11-21', /yyyy-MM-dd/],
    ['dateTime', 'date_time', '2026-11-21T19:05:41Z', /yyyy-MM-dd/],
    ['dateTime', 'date_time', '2026-11-21T19:05:41.000', /yyyy-MM-dd/],
    ['dateTime', 'date_time', '2026-02-30T19:05:41.000Z', /real date/],
    ['dateTime', 'date_time', '2026-11-21T24:05:41.000Z', /real date/],
    ['idAcq', 'id_trx_acquirer', '', /empty/],
    ['idAcq', 'id_trx_acquirer', 'a'.repeat(256), /longer than 255/],
    ['idIss', 'id_trx_issuer', '', /empty/],
    ['corr', 'correlation_id', 'c'.repeat(256), /longer than 255/],
    ['amount', 'total_amount', '', /empty/],
    ['amount', 'total_amount', '-5', /cents/],
    ['amount', 'total_amount', '12.50', /cents/],
    ['amount', 'total_amount', '100000000000', /cents/],
    ['currency', 'currency', 'EUR', /978/],
    ['currency', 'currency', '840', /978/],
    ['acquirer', 'acquirer_id', '', /empty/],
    ['merchant', 'merchant_id', '', /empty/],
    ['merchant', 'merchant_id', 'm'.repeat(256), /longer than 255/],
    ['terminal', 'terminal_id', '', /empty/],
    ['bin', 'bin', '1234567', /6 or 8 digits/],
    ['bin', 'bin', '', /empty/],
    ['bin', 'bin', '4023601A', /6 or 8 digits/],
    ['mcc', 'mcc', '', /empty/],
    ['mcc', 'mcc', '123456', /longer than 5/],
    ['fiscal', 'fiscal_code', '', /empty/],
    ['fiscal', 'fiscal_code', 'f'.repeat(51), /longer than 50/],
    ['vat', 'vat', 'v'.repeat(51), /longer than 50/],
    ['pos', 'pos_type', '99', /00 or 01/],
    ['pos', 'pos_type', '', /empty/],
    ['par', 'par', 'p'.repeat(256), /longer than 255/],
  ]
  it.each(bad)('refuses %s = %#: names column and field', (key, field, value, reason) => {
    const p = problem({ [key]: value })
    expect(p?.field).toBe(field)
    expect(p?.column).toBe(RTD_COLUMNS.indexOf(field as (typeof RTD_COLUMNS)[number]) + 1)
    expect(p?.reason).toMatch(reason)
  })

  it('accepts the limits themselves', () => {
    expect(problem({ amount: '99999999999', bin: '402360', corr: 'c'.repeat(255), par: 'p'.repeat(255), vat: 'v'.repeat(50) })).toBeNull()
    expect(problem({ amount: '0', op: '01', pos: '01', sender: 's'.repeat(20) })).toBeNull()
  })

  it.each([
    ['2024-02-29T00:00:00.000Z', true],
    ['2023-02-29T00:00:00.000Z', false],
    ['2026-11-21T19:05:41.500+01:30', true],
    ['2026-11-21T19:05:41.500+0130', true],
    ['2026-11-21T19:05:41.500-05:00', true],
    ['2026-11-21T19:05:41.500+19:00', false],
    ['2026-13-21T19:05:41.500Z', false],
    ['2026-11-21T19:60:41.500Z', false],
    ['2026-11-21 19:05:41.500Z', false],
  ])('date_time %s valid: %s', (s, valid) => {
    expect(isRtdDateTime(s)).toBe(valid)
  })
})
