/**
 * The payment receipt (ricevuta di pagamento, A4): the fields of a pagoPA receipt that Varco holds
 * (pagopa.md A4 `ctReceipt`: receiptId, noticeNumber, fiscalCode, creditorReferenceId = IUV,
 * paymentAmount, description, companyName, debtor, paymentDateTime), plus the payment's own ids.
 * @module
 */

import { formatNoticeForPrint } from '../../core/notice-number.ts'
import type { ReceiptDocument } from '../../ports/document-renderer.port.ts'
import { newDocument } from './document.ts'
import { formatDateTime, formatEuro, fullName } from './format.ts'
import { A4, drawHeader, GREY, newSheet } from './sheet.ts'

const NONE = '-'

export async function renderReceipt(input: ReceiptDocument): Promise<Uint8Array> {
  const { payment: p, creditor } = input
  const amount = p.payment.amount
  const paidAt = p.payment.paid_at
  if (amount === null) throw new RangeError(`payment ${p.id} has no amount`)
  if (paidAt === null) throw new RangeError(`payment ${p.id} is not paid`)
  const nav = p.payment.notice_code
  const code = nav === null ? NONE : formatNoticeForPrint(nav)
  const subject = p.reason ?? p.payment.iud
  const debtor = p.debtor ?? p.payer
  const party = (x: typeof debtor) => `${fullName(x)} (Cod. Fiscale ${x.tax_identification_number})`

  const doc = await newDocument({
    title: `Ricevuta di pagamento ${nav ?? p.id}`,
    subject,
    author: creditor.name,
    at: paidAt,
  })
  const s = await newSheet(doc)
  const left = 12

  drawHeader(s, 'RICEVUTA DI PAGAMENTO', subject, creditor)

  s.text('IMPORTO PAGATO', left, 50, { size: 9, bold: true })
  s.text(formatEuro(amount), left, 61, { size: 22, bold: true })
  s.text(`il ${formatDateTime(paidAt)} (ora italiana)`, left, 68, { size: 11 })
  s.text('ESITO', 110, 50, { size: 9, bold: true })
  s.text('Pagamento eseguito', 110, 61, { size: 14, bold: true })
  s.rule(76)

  const rows: ReadonlyArray<readonly [string, string]> = [
    ['Oggetto del pagamento', subject],
    ['Ente creditore', creditor.name],
    ['Codice fiscale ente creditore', creditor.taxId],
    ['Pagatore', party(p.payer)],
    ...(p.debtor && p.debtor.tax_identification_number !== p.payer.tax_identification_number
      ? [['Debitore', party(p.debtor)] as const]
      : []),
    ['Codice avviso', code],
    ['Codice IUV', p.payment.iuv ?? NONE],
    ['Identificativo ricevuta (IUR)', p.payment.transaction_id ?? NONE],
    ['Data e ora del pagamento', `${formatDateTime(paidAt)} (ora italiana)`],
    ['Importo pagato', formatEuro(amount)],
    ['Identificativo del pagamento', p.id],
    ['Identificativo univoco dovuto (IUD)', p.payment.iud],
  ]
  let y = 85
  for (const [label, value] of rows) {
    s.text(label, left, y, { size: 9, color: GREY })
    const next = s.paragraph(value, 80, y, A4.width - 92, { size: 10, bold: true, maxLines: 3 })
    s.rule(next - 2.2, left, A4.width - 12)
    y = next + 3
  }

  s.paragraph(
    'La presente ricevuta attesta il pagamento registrato dall’Ente Creditore. Conservala come prova dell’avvenuto pagamento.',
    left,
    y + 6,
    A4.width - 24,
    { size: 8, color: GREY },
  )
  s.rule(284)
  s.text(`Identificativo del pagamento ${p.id}`, left, 289, { size: 7, color: GREY })
  s.text('Ricevuta di pagamento', A4.width - 12, 289, { size: 7, color: GREY, align: 'right' })
  return doc.save()
}
