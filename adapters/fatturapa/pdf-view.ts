/**
 * A FatturaPA as a printable A4 PDF (pdf-lib, works on Workers): the same content as the HTML view,
 * with real extractable text and as many pages as the lines need. The creation date written into
 * the file is the document date, so the same invoice always renders to the same bytes.
 * @module
 */

import type { PDFDocument } from 'pdf-lib'
import type { InvoiceView, ViewBody, ViewParty } from '../../core/fatturapa/view-model.ts'
import { newDocument } from '../pdf/document.ts'
import { A4, newSheet, type Sheet } from '../pdf/sheet.ts'

const BOTTOM = A4.height - 18

type Cursor = { sheet: Sheet; y: number }

async function ensure(doc: PDFDocument, c: Cursor, needed: number): Promise<void> {
  if (c.y + needed <= BOTTOM) return
  c.sheet = await newSheet(doc)
  c.y = 16
}

function drawParty(s: Sheet, title: string, p: ViewParty, x: number, y: number): number {
  let next = s.text(title, x, y, { size: 7.5, bold: true })
  next = s.paragraph(p.name, x, next + 0.5, 90, { size: 10, bold: true, maxLines: 2 })
  const ids = [p.vat ? `P.IVA ${p.vat}` : null, p.taxCode ? `C.F. ${p.taxCode}` : null].filter((l) => l !== null)
  for (const l of [...ids, ...p.address, ...p.extra]) next = s.paragraph(l, x, next, 90, { size: 8.5, maxLines: 2 })
  return next
}

// Columns of the lines table: x (mm) and alignment.
const COLS = { n: 12, desc: 19, qty: 118, price: 140, rate: 162, total: 198 } as const

async function drawBody(doc: PDFDocument, c: Cursor, b: ViewBody, label: string): Promise<void> {
  await ensure(doc, c, 30)
  c.sheet.band(c.y, 8, `${b.documentLabel} (${b.documentType}) n. ${b.number}`, `${b.date}${label}`)
  c.y += 12
  for (const r of b.reasons) {
    await ensure(doc, c, 10)
    c.y = c.sheet.paragraph(r, 12, c.y, 186, { size: 8.5, maxLines: 6 })
  }
  await ensure(doc, c, 14)
  c.y += 2
  const head = { size: 7.5, bold: true } as const
  c.sheet.text('#', COLS.n, c.y, head)
  c.sheet.text('Descrizione', COLS.desc, c.y, head)
  c.sheet.text('Quantità', COLS.qty + 14, c.y, { ...head, align: 'right' })
  c.sheet.text('Prezzo unit.', COLS.price + 16, c.y, { ...head, align: 'right' })
  c.sheet.text('IVA', COLS.rate, c.y, head)
  c.y = c.sheet.text('Totale', COLS.total, c.y, { ...head, align: 'right' })
  c.sheet.rule(c.y - 2.5)
  for (const l of b.lines) {
    await ensure(doc, c, 10)
    const row = c.y
    c.sheet.text(l.number, COLS.n, row, { size: 8.5 })
    const after = c.sheet.paragraph(l.discount ? `${l.description} (${l.discount})` : l.description, COLS.desc, row, 92, {
      size: 8.5,
      maxLines: 4,
    })
    c.sheet.text(l.quantity ? `${l.quantity}${l.unit ? ` ${l.unit}` : ''}` : '', COLS.qty + 14, row, { size: 8.5, align: 'right' })
    c.sheet.text(l.unitPrice, COLS.price + 16, row, { size: 8.5, align: 'right' })
    c.sheet.text(l.rate.split(' – ')[0] ?? l.rate, COLS.rate, row, { size: 8.5 })
    c.sheet.text(l.total, COLS.total, row, { size: 8.5, align: 'right' })
    c.y = after + 0.8
  }
  await ensure(doc, c, 20)
  c.y += 3
  c.y = c.sheet.text('Riepilogo IVA', 12, c.y, { size: 9, bold: true })
  for (const s of b.summary) {
    await ensure(doc, c, 8)
    c.sheet.paragraph(`${s.rate}${s.chargeability ? ` · ${s.chargeability}` : ''}`, 12, c.y, 120, { size: 8.5, maxLines: 2 })
    c.sheet.text(`imponibile ${s.taxable}`, 170, c.y, { size: 8.5, align: 'right' })
    c.y = c.sheet.text(`imposta ${s.tax}`, COLS.total, c.y, { size: 8.5, align: 'right' })
  }
  if (b.total) {
    await ensure(doc, c, 10)
    c.y += 2
    c.y = c.sheet.text(`Totale documento ${b.total} ${b.currency}`, COLS.total, c.y, { size: 11, bold: true, align: 'right' })
  }
  for (const n of b.notes) {
    await ensure(doc, c, 8)
    c.y = c.sheet.paragraph(n, 12, c.y, 186, { size: 8.5, maxLines: 2 })
  }
  for (const p of b.payments) {
    await ensure(doc, c, 10)
    const parts = [p.terms, p.method, p.amount, p.due ? `scadenza ${p.due}` : null, p.iban ? `IBAN ${p.iban}` : null]
    c.y = c.sheet.paragraph(`Pagamento: ${parts.filter((x) => x).join(' · ')}`, 12, c.y, 186, { size: 8.5, maxLines: 2 })
  }
  c.y += 6
}

export async function renderInvoicePdf(view: InvoiceView): Promise<Uint8Array> {
  const first = view.bodies[0]
  const date = first && /^\d{4}-\d{2}-\d{2}$/.test(first.date) ? new Date(`${first.date}T00:00:00Z`) : new Date(0)
  const title = first ? `${first.documentLabel} ${first.number}` : 'FatturaPA'
  const doc = await newDocument({ title, subject: `${view.format} ${view.progressivo}`, author: view.supplier.name, at: date })
  const c: Cursor = { sheet: await newSheet(doc), y: 16 }
  c.sheet.text(title, 12, 18, { size: 16, bold: true })
  c.sheet.text(
    `${view.format} · progressivo ${view.progressivo} · ${view.recipientPec ? `PEC ${view.recipientPec}` : `destinatario ${view.recipientCode}`}`,
    12,
    25,
    { size: 8.5 },
  )
  c.sheet.rule(28)
  const left = drawParty(c.sheet, 'CEDENTE / PRESTATORE', view.supplier, 12, 34)
  const right = drawParty(c.sheet, 'CESSIONARIO / COMMITTENTE', view.customer, 110, 34)
  c.y = Math.max(left, right) + 4
  for (const [i, b] of view.bodies.entries()) {
    await drawBody(doc, c, b, view.bodies.length > 1 ? ` (${i + 1}/${view.bodies.length})` : '')
  }
  return doc.save({ useObjectStreams: false })
}
