import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { renderInvoiceHtml } from '../../../adapters/fatturapa/html-view.ts'
import { renderInvoicePdf } from '../../../adapters/fatturapa/pdf-view.ts'
import { nodeXmlReader } from '../../../adapters/fatturapa/xsd/node.ts'
import { invoiceView } from '../../../core/fatturapa/view-model.ts'
import { pdfInfo, pdfText, skipPdfTools } from '../pdf/pdf-tools.ts'

const EXAMPLES = join(import.meta.dirname, '../../fixtures/fatturapa/examples')

function viewOf(file: string) {
  const parsed = nodeXmlReader.read(readFileSync(join(EXAMPLES, file), 'utf8'))
  if (!parsed.ok) throw new Error(parsed.issue.message.en)
  const view = invoiceView(parsed.root)
  if (!view) throw new Error('not a FatturaElettronica')
  return view
}

describe('FatturaPA human-readable view', () => {
  it('takes parties, document data, lines, VAT summary and payment from the XML', () => {
    const v = viewOf('IT01234567890_FPR01.xml')
    expect(v.format).toBe('FPR12')
    expect(v.supplier.vat).toBe('IT01234567890')
    expect(v.supplier.name).toBe("SOCIETA' ALPHA SRL")
    expect(v.customer.taxCode).toBe('09876543210')
    expect(v.bodies).toHaveLength(1)
    const b = v.bodies[0]
    expect(b).toMatchObject({ documentType: 'TD01', documentLabel: 'Fattura', number: '123', date: '2014-12-18' })
    expect(b?.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.rate, l.total])).toEqual([
      ['DESCRIZIONE DELLA FORNITURA', '5.00', '1.00', '22.00%', '5.00'],
    ])
    expect(b?.summary).toEqual([expect.objectContaining({ rate: '22.00%', taxable: '5.00', tax: '1.10' })])
    expect(b?.payments[0]).toMatchObject({ terms: 'Pagamento a rate', method: 'Contanti', amount: '6.10', due: '2015-01-30' })
  })

  it('shows every body of a batch (lotto di fatture)', () => {
    const v = viewOf('IT01234567890_FPR03.xml')
    expect(v.bodies.map((b) => b.number)).toHaveLength(2)
  })

  it('is null for a document that is not a FatturaElettronica', () => {
    const parsed = nodeXmlReader.read('<?xml version="1.0"?><Other/>')
    expect(parsed.ok && invoiceView(parsed.root)).toBeNull()
  })

  it('renders HTML with every value escaped and no script or external resource', () => {
    const v = viewOf('IT01234567890_FPR01.xml')
    const evil = { ...v, supplier: { ...v.supplier, name: '<script>alert(1)</script> & "Co"' } }
    const html = renderInvoiceHtml(evil)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;')
    expect(html).not.toMatch(/<script|src=|href=/i)
    const plain = renderInvoiceHtml(v)
    expect(plain).toContain('Fattura (TD01) n. 123 del 2014-12-18')
    expect(plain).toContain('<td>DESCRIZIONE DELLA FORNITURA</td>')
    expect(plain).toContain('IT01234567890')
  })

  it.skipIf(skipPdfTools)('renders a PDF whose text carries the same facts, the same bytes every time', async () => {
    const v = viewOf('IT01234567890_FPA01.xml')
    const bytes = await renderInvoicePdf(v)
    const text = pdfText(bytes)
    expect(text).toContain('Fattura (TD01)')
    expect(text).toContain('CEDENTE / PRESTATORE')
    for (const l of v.bodies[0]?.lines ?? []) expect(text).toContain(l.total)
    expect(pdfInfo(bytes)['Pages']).toBe('1')
    expect(Buffer.from(await renderInvoicePdf(v)).equals(Buffer.from(bytes))).toBe(true)
  })

  it.skipIf(skipPdfTools)('breaks long invoices over pages', async () => {
    const v = viewOf('IT01234567890_FPR01.xml')
    const line = v.bodies[0]?.lines[0]
    if (!line || !v.bodies[0]) throw new Error('sample without lines')
    const many = Array.from({ length: 120 }, (_, i) => ({ ...line, number: String(i + 1) }))
    const bytes = await renderInvoicePdf({ ...v, bodies: [{ ...v.bodies[0], lines: many }] })
    expect(Number(pdfInfo(bytes)['Pages'])).toBeGreaterThan(2)
    expect(pdfText(bytes)).toContain('120')
  })
})
