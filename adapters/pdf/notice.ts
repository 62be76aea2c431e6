/**
 * The avviso di pagamento pagoPA (single instalment, A4), after the layout of pagoPA's notice
 * templates (docs.pagopa.it/avviso-pagamento, "rata unica"): who and what, how much and by when,
 * where to pay, then one section per channel: banks and other channels with the QR code
 * (pagopa.md A2.3) and, when the ente has a Poste account, the Bollettino Postale PA with its data
 * matrix (A2.4). The notice code is printed in groups of four (A2.2).
 * @module
 */

import { formatNoticeForPrint, posteDataMatrix, qrPayload } from '../../core/notice-number.ts'
import type { NoticeDocument } from '../../ports/document-renderer.port.ts'
import { encodeMatrix } from './barcode.ts'
import { newDocument } from './document.ts'
import { addressLines, formatDate, formatEuro, fullName, toAscii } from './format.ts'
import { A4, drawHeader, GREY, newSheet } from './sheet.ts'

const AMOUNT_NOTE =
  'L’importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per eventuali sgravi, note di credito, ' +
  'indennità di mora, sanzioni o interessi. Un operatore, il sito o l’app che userai potrebbero quindi chiederti una cifra ' +
  'diversa da quella qui indicata.'
const ONLINE =
  'del tuo Ente Creditore, di Poste Italiane, della tua Banca o degli altri canali di pagamento. ' +
  'Potrai pagare con carte, conto corrente, CBILL.'
const TERRITORY =
  'in tutti gli Uffici Postali, in Banca, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato. ' +
  'Potrai pagare in contanti, con carte o conto corrente.'
const BANKS_NOTE =
  'Qui accanto trovi il codice QR e il codice avviso per pagare attraverso il circuito bancario e gli altri canali di pagamento abilitati.'
const POSTE_NOTE =
  'Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di Poste Italiane e dell’Ente Creditore.'

/** A debtor tax id as the data matrix accepts it (1–16 letters or digits); `ANONIMO` when there is none. */
function matrixTaxId(taxId: string): string {
  const id = taxId.replace(/[^A-Za-z0-9]/g, '').slice(0, 16)
  return id.length > 0 ? id : 'ANONIMO'
}

export async function renderNotice(input: NoticeDocument): Promise<Uint8Array> {
  const { payment: p, creditor } = input
  const nav = p.payment.notice_code
  const amount = p.payment.amount
  if (nav === null) throw new RangeError(`payment ${p.id} has no notice code`)
  if (amount === null) throw new RangeError(`payment ${p.id} has no amount`)
  const debtor = p.debtor ?? p.payer
  const debtorName = fullName(debtor)
  const subject = p.reason ?? p.payment.iud
  const code = formatNoticeForPrint(nav)
  const euros = formatEuro(amount)
  const due = p.payment.expire_at ? `entro il ${formatDate(p.payment.expire_at)}` : 'senza scadenza'
  const qr = encodeMatrix({ kind: 'pagopa-qr' }, qrPayload({ noticeNumber: nav, creditorTaxId: creditor.taxId, amountCents: amount }))
  const account = creditor.postalAccount ?? null
  const dataMatrix =
    account === null
      ? null
      : encodeMatrix(
          { kind: 'datamatrix' },
          posteDataMatrix({
            noticeNumber: nav,
            postalAccount: account,
            amountCents: amount,
            creditorTaxId: creditor.taxId,
            debtorTaxId: matrixTaxId(debtor.tax_identification_number),
            debtorName: toAscii(debtorName),
            subject: toAscii(subject),
          }),
        )

  const doc = await newDocument({
    title: `Avviso di pagamento ${code}`,
    subject,
    author: creditor.name,
    at: p.created_at,
  })
  const s = await newSheet(doc)
  const left = 12
  const right = 110
  const column = 88

  // Header: what this is and who issues it.
  drawHeader(s, 'AVVISO DI PAGAMENTO', subject, creditor)

  // Who: creditor and debtor.
  s.text('ENTE CREDITORE', left, 49, { size: 9, bold: true })
  s.text(`Cod. Fiscale ${creditor.taxId}`, left, 54, { size: 9 })
  s.paragraph(creditor.name, left, 61, column, { size: 11, bold: true, maxLines: 2 })
  s.text('DESTINATARIO AVVISO', right, 49, { size: 9, bold: true })
  s.text(`Cod. Fiscale ${debtor.tax_identification_number}`, right, 54, { size: 9 })
  let y = s.paragraph(debtorName, right, 61, column, { size: 11, bold: true, maxLines: 2 })
  for (const line of addressLines(debtor)) y = s.text(line, right, y + 0.5, { size: 9 })
  s.rule(78)

  // How much and by when; where to pay.
  s.text('QUANTO E QUANDO PAGARE?', left, 85, { size: 9, bold: true })
  s.text(euros, left, 96, { size: 22, bold: true })
  s.text(due, left, 103, { size: 11 })
  s.paragraph(AMOUNT_NOTE, left, 110, column, { size: 7.5, color: GREY })
  s.text('DOVE PAGARE?', right, 85, { size: 9, bold: true })
  s.text('Lista dei canali di pagamento su www.pagopa.gov.it/pagare', right, 90, { size: 8 })
  s.text('PAGA SUL SITO O CON LE APP', right, 97, { size: 8.5, bold: true })
  y = s.paragraph(ONLINE, right, 101, column, { size: 8 })
  s.text('PAGA SUL TERRITORIO', right, y + 2, { size: 8.5, bold: true })
  s.paragraph(TERRITORY, right, y + 6, column, { size: 8 })
  s.text('Utilizza la porzione di avviso relativa al canale di pagamento che preferisci.', left, 139, { size: 8.5, bold: true })

  // Banks and other channels: the QR code, 25 × 25 mm as pagoPA's notice specification prints it.
  const middle = 50
  const last = 134
  s.band(144, 8, 'BANCHE E ALTRI CANALI', `RATA UNICA ${due}`)
  s.paragraph(BANKS_NOTE, left, 157, A4.width - 24, { size: 7.5, color: GREY })
  s.barcode(qr, 14, 163, 25)
  y = s.field('Destinatario', debtorName, middle, 165, 78)
  y = s.field('Ente Creditore', creditor.name, middle, y + 1.5, 78)
  s.field('Oggetto del pagamento', subject, middle, y + 1.5, 78, { bold: false, size: 9 })
  y = s.field('Codice Avviso', code, last, 165, 64, { size: 11 })
  y = s.field('Cod. Fiscale Ente Creditore', creditor.taxId, last, y + 1.5, 64)
  s.field('Importo', euros, last, y + 1.5, 64, { size: 13 })

  // Bollettino Postale PA: the Poste data matrix, only when the ente has a postal account.
  if (dataMatrix && account !== null) {
    s.band(200, 8, 'BOLLETTINO POSTALE PA', `sul C/C n. ${account.padStart(12, '0')}`)
    s.paragraph(POSTE_NOTE, left, 213, A4.width - 24, { size: 7.5, color: GREY })
    s.barcode(dataMatrix, 14, 219, 26)
    y = s.field('Intestato a', creditor.name, middle, 221, 78)
    y = s.field('Destinatario', debtorName, middle, y + 1.5, 78)
    s.field('Oggetto del pagamento', subject, middle, y + 1.5, 78, { bold: false, size: 9 })
    y = s.field('Codice Avviso', code, last, 221, 64, { size: 11 })
    y = s.field('Tipo', 'P1', last, y + 1.5, 64)
    y = s.field('Cod. Fiscale Ente Creditore', creditor.taxId, last, y + 1.5, 64)
    s.field('Importo', euros, last, y + 1.5, 64, { size: 13 })
  }

  s.rule(284)
  s.text(`Identificativo del pagamento ${p.id}`, left, 289, { size: 7, color: GREY })
  s.text('Avviso pagoPA', A4.width - 12, 289, { size: 7, color: GREY, align: 'right' })
  return doc.save()
}
