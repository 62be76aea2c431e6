/**
 * The pdf-lib DocumentRenderer, checked with independent readers: poppler extracts the text and
 * lists the fonts, the page is rasterised and its QR code decoded by zbar and its data matrix by
 * libdmtx. A PNG of the notice is kept in .test-results/notice.png for a human look.
 */

import { mkdirSync } from 'node:fs'
import { PDFDocument, PDFRawStream } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { createPdfRenderer } from '../../../adapters/pdf/index.ts'
import { cents } from '../../../core/money.ts'
import { posteDataMatrix } from '../../../core/notice-number.ts'
import type { Payment } from '../../../core/payment.ts'
import type { DocumentCreditor } from '../../../ports/document-renderer.port.ts'
import { aPayment } from '../../fakes/payment.fake.ts'
import { decodeDataMatrix, decodeQr, missingTools, pdfFonts, pdfInfo, pdfText, renderPng, skipPdfTools } from './pdf-tools.ts'

const renderer = createPdfRenderer()
const NAV = '301000000000000144'
const creditor: DocumentCreditor = { name: 'Comune di Bugliano', taxId: '00341620508', postalAccount: '1234567' }
const noPostal: DocumentCreditor = { name: 'Comune di Bugliano', taxId: '00341620508', postalAccount: null }

function pending(over: Partial<Payment['payment']> = {}, more: Partial<Payment> = {}): Payment {
  const base = aPayment()
  return aPayment({
    status: 'PAYMENT_PENDING',
    reason: 'TARI 2026 - saldo',
    payment: {
      ...base.payment,
      notice_code: NAV,
      iuv: '01000000000000144',
      expire_at: new Date('2026-12-23T22:59:59Z'),
      ...over,
    },
    payer: {
      type: 'human',
      tax_identification_number: 'RSSMRA85T10A562S',
      name: 'Mario',
      family_name: 'Rossi',
      street_name: 'Via Roma',
      building_number: '1',
      postal_code: '56100',
      town_name: 'Bugliano',
      country_subdivision: 'PI',
    },
    ...more,
  })
}

function paid(over: Partial<Payment['payment']> = {}): Payment {
  return {
    ...pending({ transaction_id: 'IUR-20261124-0001', paid_at: new Date('2026-11-24T10:05:00Z'), ...over }),
    status: 'COMPLETE',
  }
}

const ascii = (b: Uint8Array) => new TextDecoder('latin1').decode(b)

describe('pdf DocumentRenderer: structure (no external tools)', () => {
  it('writes a one-page A4 PDF with only the standard Helvetica faces and no external resources', async () => {
    const bytes = await renderer.noticePdf({ payment: pending(), creditor })
    expect(ascii(bytes.slice(0, 8))).toBe('%PDF-1.7')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBe(1)
    const { width, height } = doc.getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842])
    // Every object's dictionary (streams included, decompressed from object streams by pdf-lib).
    const objects = doc.context.enumerateIndirectObjects().map(([, o]) => (o instanceof PDFRawStream ? o.dict : o).toString())
    const fonts = objects.filter((o) => o.includes('/Type /Font'))
    expect(fonts.map((f) => /\/BaseFont \/([\w-]+)/.exec(f)?.[1]).sort()).toEqual(['Helvetica', 'Helvetica-Bold'])
    expect(objects.join('\n')).not.toMatch(
      /\/FontFile|\/FontDescriptor|\/Subtype \/Image|\/URI|\/Launch|\/JavaScript|\/GoToR|\/EmbeddedFile/,
    )
  })

  it('is deterministic: the same payment gives the same bytes', async () => {
    const a = await renderer.noticePdf({ payment: pending(), creditor })
    const b = await renderer.noticePdf({ payment: pending(), creditor })
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true)
    const r1 = await renderer.receiptPdf({ payment: paid(), creditor })
    const r2 = await renderer.receiptPdf({ payment: paid(), creditor })
    expect(Buffer.from(r1).equals(Buffer.from(r2))).toBe(true)
  })

  it('refuses what it cannot print: no notice code, no amount, a bad creditor tax id, an unpaid receipt', async () => {
    await expect(renderer.noticePdf({ payment: pending({ notice_code: null }), creditor })).rejects.toThrow(RangeError)
    await expect(renderer.noticePdf({ payment: pending({ amount: null }), creditor })).rejects.toThrow(RangeError)
    await expect(renderer.noticePdf({ payment: pending(), creditor: { ...creditor, taxId: 'RSSMRA85T10A562S' } })).rejects.toThrow(
      RangeError,
    )
    await expect(renderer.receiptPdf({ payment: pending(), creditor })).rejects.toThrow(RangeError)
  })
})

describe.skipIf(skipPdfTools)('pdf DocumentRenderer, read back with poppler, zbar and libdmtx', () => {
  it('has every tool it needs', () => {
    expect(missingTools).toEqual([])
  })

  it('prints the notice fields as real text: code in groups, amount in euros, ente and debtor', async () => {
    const bytes = await renderer.noticePdf({ payment: pending(), creditor })
    const text = pdfText(bytes)
    for (const s of [
      'AVVISO DI PAGAMENTO',
      '3010 0000 0000 0001 44',
      '16,50 €',
      'entro il 23/12/2026',
      '00341620508',
      'Comune di Bugliano',
      'Mario Rossi',
      'RSSMRA85T10A562S',
      'Via Roma, 1',
      'TARI 2026 - saldo',
      'BANCHE E ALTRI CANALI',
      'BOLLETTINO POSTALE PA',
      'sul C/C n. 000001234567',
    ])
      expect(text).toContain(s)
    const info = pdfInfo(bytes)
    expect(info).toMatchObject({ Pages: '1', Title: 'Avviso di pagamento 3010 0000 0000 0001 44', Author: 'Comune di Bugliano' })
    expect(info['Page size']).toContain('(A4)')
    expect(pdfFonts(bytes)).toEqual([
      { name: 'Helvetica-Bold', type: 'Type 1', encoding: 'WinAnsi', embedded: false },
      { name: 'Helvetica', type: 'Type 1', encoding: 'WinAnsi', embedded: false },
    ])
    mkdirSync('.test-results', { recursive: true })
    renderPng(bytes, '.test-results/notice.png')
  })

  it('prints a QR code that decodes to exactly PAGOPA|002|<notice>|<ente CF>|<cents>', async () => {
    expect(decodeQr(await renderer.noticePdf({ payment: pending(), creditor }))).toEqual([`PAGOPA|002|${NAV}|00341620508|1650`])
  })

  it('prints the Poste data matrix of posteDataMatrix(...) when the ente has a postal account', async () => {
    const decoded = decodeDataMatrix(await renderer.noticePdf({ payment: pending(), creditor }))
    expect(decoded).toEqual([
      posteDataMatrix({
        noticeNumber: NAV,
        postalAccount: '1234567',
        amountCents: 1650,
        creditorTaxId: '00341620508',
        debtorTaxId: 'RSSMRA85T10A562S',
        debtorName: 'Mario Rossi',
        subject: 'TARI 2026 - saldo',
      }),
    ])
    expect(decoded[0]).toHaveLength(256)
  })

  it('leaves the Poste section out without a postal account', async () => {
    const bytes = await renderer.noticePdf({ payment: pending(), creditor: noPostal })
    expect(pdfText(bytes)).not.toContain('BOLLETTINO POSTALE PA')
    expect(decodeQr(bytes)).toEqual([`PAGOPA|002|${NAV}|00341620508|1650`])
    expect(decodeDataMatrix(bytes)).toEqual([])
  })

  it('prints large amounts with grouping, unpadded in the QR, and a notice without due date', async () => {
    const bytes = await renderer.noticePdf({ payment: pending({ amount: cents(123_456_789), expire_at: null }), creditor: noPostal })
    const text = pdfText(bytes)
    expect(text).toContain('1.234.567,89 €')
    expect(text).toContain('senza scadenza')
    expect(decodeQr(bytes)).toEqual([`PAGOPA|002|${NAV}|00341620508|123456789`])
  })

  it('copes with names outside Helvetica’s character set, and keeps the data matrix ASCII', async () => {
    const payment = pending(
      {},
      {
        reason: 'Canone — “occupazione” suolo 中文',
        payer: { type: 'human', tax_identification_number: 'ZLWLKS80A01Z127X', name: 'Łukasz', family_name: 'Żółć' },
      },
    )
    const bytes = await renderer.noticePdf({ payment, creditor })
    const text = pdfText(bytes)
    expect(text).toContain('Lukasz Zólc')
    expect(text).toContain('Canone — “occupazione” suolo ??')
    const [dataMatrix] = decodeDataMatrix(bytes)
    expect(dataMatrix?.slice(77, 93)).toBe('ZLWLKS80A01Z127X')
    expect(dataMatrix?.slice(93, 133).trimEnd()).toBe('Lukasz Zolc')
    expect(dataMatrix?.slice(133, 243).trimEnd()).toBe('Canone - "occupazione" suolo')
  })

  it('prints the receipt fields as real text', async () => {
    const bytes = await renderer.receiptPdf({ payment: paid(), creditor })
    const text = pdfText(bytes)
    for (const s of [
      'RICEVUTA DI PAGAMENTO',
      'Pagamento eseguito',
      '16,50 €',
      '24/11/2026 11:05',
      '3010 0000 0000 0001 44',
      '01000000000000144',
      'IUR-20261124-0001',
      'Comune di Bugliano',
      '00341620508',
      'Mario Rossi (Cod. Fiscale RSSMRA85T10A562S)',
      'TARI 2026 - saldo',
      'bb7044e4-066c-4bf7-915e-87ee97270eae',
    ])
      expect(text).toContain(s)
    expect(pdfInfo(bytes)).toMatchObject({ Pages: '1', Title: `Ricevuta di pagamento ${NAV}` })
    expect(decodeQr(bytes)).toEqual([])
  })

  it('names the debtor on the receipt when someone else paid', async () => {
    const payment: Payment = {
      ...paid(),
      debtor: { type: 'human', tax_identification_number: 'VRDGPP80A01H501U', name: 'Giuseppe', family_name: 'Verdi' },
    }
    const text = pdfText(await renderer.receiptPdf({ payment, creditor }))
    expect(text).toContain('Debitore')
    expect(text).toContain('Giuseppe Verdi (Cod. Fiscale VRDGPP80A01H501U)')
  })
})
