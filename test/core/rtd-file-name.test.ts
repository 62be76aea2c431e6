import { describe, expect, it } from 'vitest'
import { formatAdeFileName, formatCstarFileName, parseAdeFileName, parseCstarFileName, type RtdFileName } from '../../core/rtd/file-name.ts'

const parts: RtdFileName = { senderCode: '12345', date: '20240601', time: '031500', progressive: '001' }

describe('RTD file names', () => {
  it('parses the B1 example input name into its parts and formats it back', () => {
    const r = parseCstarFileName('CSTAR.12345.TRNLOG.20240601.031500.001.csv')
    expect(r).toEqual({ ok: true, value: parts })
    expect(formatCstarFileName(parts)).toBe('CSTAR.12345.TRNLOG.20240601.031500.001.csv')
  })

  it('accepts the 5-character codes PagoPA assigns (letters, digits, underscore)', () => {
    for (const sender of ['STPAY', 'BPAY1', 'AB_12']) {
      expect(parseCstarFileName(`CSTAR.${sender}.TRNLOG.20240601.031500.001.csv`).ok).toBe(true)
    }
  })

  it.each([
    'CSTAR.1234.TRNLOG.20240601.031500.001.csv',
    'CSTAR.123456.TRNLOG.20240601.031500.001.csv',
    'CSTAR.12-45.TRNLOG.20240601.031500.001.csv',
    'cstar.12345.TRNLOG.20240601.031500.001.csv',
    'CSTAR.12345.TRNLOG.2024061.031500.001.csv',
    'CSTAR.12345.TRNLOG.20240601.0315.001.csv',
    'CSTAR.12345.TRNLOG.20240601.031500.01.csv',
    'CSTAR.12345.TRNLOG.20240601.031500.001.csv.pgp',
    'CSTAR.12345.TRNLOG.20240601.031500.001.CSV',
    'ADE.12345.TRNLOG.20240601.031500.001.01.csv',
    ' CSTAR.12345.TRNLOG.20240601.031500.001.csv',
  ])('refuses %j as an input name', (name) => {
    const r = parseCstarFileName(name)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('rtd.file_name.invalid')
  })

  it.each([
    'in/CSTAR.12345.TRNLOG.20240601.031500.001.csv',
    '../CSTAR.12345.TRNLOG.20240601.031500.001.csv',
    'C:\\CSTAR.12345.TRNLOG.20240601.031500.001.csv',
    'CSTAR.12345.TRNLOG.20240601.031500.001.csv\0',
    'CSTAR..12345.TRNLOG.20240601.031500.001.csv',
  ])('refuses %j as a path, not just a bad name', (name) => {
    expect(parseCstarFileName(name)).toEqual({ ok: false, error: { code: 'rtd.file_name.path', name } })
    expect(parseAdeFileName(name).ok).toBe(false)
  })

  it('names output chunks ADE.… with a two-digit chunk number from 01 (B2.1)', () => {
    expect(formatAdeFileName(parts, 1)).toBe('ADE.12345.TRNLOG.20240601.031500.001.01.csv')
    expect(formatAdeFileName(parts, 12)).toBe('ADE.12345.TRNLOG.20240601.031500.001.12.csv')
    expect(formatAdeFileName(parts, 99)).toBe('ADE.12345.TRNLOG.20240601.031500.001.99.csv')
    expect(() => formatAdeFileName(parts, 0)).toThrow(RangeError)
    expect(() => formatAdeFileName(parts, 100)).toThrow(RangeError)
    expect(() => formatAdeFileName(parts, 1.5)).toThrow(RangeError)
  })

  it('parses output names, with and without .pgp', () => {
    expect(parseAdeFileName('ADE.12345.TRNLOG.20240601.031500.001.01.csv.pgp')).toEqual({
      ok: true,
      value: { ...parts, chunk: 1, encrypted: true },
    })
    expect(parseAdeFileName('ADE.STPAY.TRNLOG.20240601.031500.001.07.csv')).toEqual({
      ok: true,
      value: { ...parts, senderCode: 'STPAY', chunk: 7, encrypted: false },
    })
    expect(parseAdeFileName('ADE.12345.TRNLOG.20240601.031500.001.00.csv').ok).toBe(false)
    expect(parseAdeFileName('ADE.12345.TRNLOG.20240601.031500.001.csv').ok).toBe(false)
  })

  it('refuses to format parts that no parsed name could have', () => {
    expect(() => formatCstarFileName({ ...parts, senderCode: '../x1' })).toThrow(RangeError)
    expect(() => formatAdeFileName({ ...parts, progressive: '1' }, 1)).toThrow(RangeError)
  })
})
