import bwipjs from 'bwip-js/generic'
import { describe, expect, it } from 'vitest'
import { encodeMatrix, type ModuleMatrix } from '../../../adapters/pdf/barcode.ts'
import { posteDataMatrix, qrPayload } from '../../../core/notice-number.ts'

const qrText = qrPayload({ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 12050 })
const matrixText = posteDataMatrix({
  noticeNumber: '301000000000000144',
  postalAccount: '1234567',
  amountCents: 1650,
  creditorTaxId: '00341620508',
  debtorTaxId: 'RSSMRA85T10A562S',
  debtorName: 'Mario Rossi',
  subject: 'TARI 2026',
})

/** The module grid the outlines paint with the even-odd rule (ray casting at each module's centre). */
function paint(m: ModuleMatrix): number[] {
  const dark = (x: number, y: number) => {
    let inside = false
    for (const o of m.outlines) {
      for (let i = 0, j = o.length - 1; i < o.length; j = i++) {
        const [xi, yi] = o[i] as readonly [number, number]
        const [xj, yj] = o[j] as readonly [number, number]
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
      }
    }
    return inside
  }
  const out: number[] = []
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.columns; c++) out.push(dark(c + 0.5, r + 0.5) ? 1 : 0)
  return out
}

/** bwip-js's own module matrix of the same symbol, for comparison. */
function rawModules(bcid: string, text: string, options: string): { pixs: number[]; pixx: number; pixy: number } {
  return bwipjs.raw(bcid, text, options)[0] as { pixs: number[]; pixx: number; pixy: number }
}

describe('barcode outlines', () => {
  it('makes the pagoPA QR a version 4 symbol: 33×33 modules (pagopa.md A2.3)', () => {
    const m = encodeMatrix({ kind: 'pagopa-qr' }, qrText)
    expect([m.columns, m.rows]).toEqual([33, 33])
    // Outlines span the symbol exactly, in module units.
    const coords = m.outlines.flat()
    expect([Math.min(...coords.map((p) => p[0])), Math.max(...coords.map((p) => p[0]))]).toEqual([0, 33])
    expect([Math.min(...coords.map((p) => p[1])), Math.max(...coords.map((p) => p[1]))]).toEqual([0, 33])
  })

  it('paints exactly the modules of bwip-js’s QR matrix (version 4, ECC M)', () => {
    const m = encodeMatrix({ kind: 'pagopa-qr' }, qrText)
    expect(paint(m)).toEqual(rawModules('qrcode', qrText, 'eclevel=M version=4').pixs.map((v) => (v ? 1 : 0)))
  })

  it('keeps version 4 up to the largest amount pagoPA allows', () => {
    const big = qrPayload({ noticeNumber: '301000000000000144', creditorTaxId: '77777777777', amountCents: 99_999_999_999 })
    expect(encodeMatrix({ kind: 'pagopa-qr' }, big).columns).toBe(33)
  })

  it('makes the Poste data matrix square and paints exactly bwip-js’s modules', () => {
    const m = encodeMatrix({ kind: 'datamatrix' }, matrixText)
    const raw = rawModules('datamatrix', matrixText, 'format=square')
    expect([m.columns, m.rows]).toEqual([raw.pixx, raw.pixy])
    expect(m.columns).toBe(m.rows)
    expect(paint(m)).toEqual(raw.pixs.map((v) => (v ? 1 : 0)))
  })

  it('refuses text too long for a version 4 QR', () => {
    expect(() => encodeMatrix({ kind: 'pagopa-qr' }, 'x'.repeat(100))).toThrow()
  })
})
