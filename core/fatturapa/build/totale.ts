/**
 * ImportoTotaleDocumento: the VAT summary's total, then the document-level discounts and surcharges
 * (2.1.1.8), which change this total only.
 * @module
 */

import { cmp, type Dec, fmt2, round, ZERO } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { ScontoMaggiorazione } from '../model.ts'
import { type Discount, documentTotal, netUnitPrice, type SummaryRow } from '../totals.ts'
import { abs, amount, bad, compact, DGD, type Issues, MAX_AMOUNT, rate } from './checks.ts'

export type TotalePart = { sconti: ScontoMaggiorazione[]; totale: Dec }

export function buildTotale(is: Issues, input: InvoiceInput, rows: readonly SummaryRow[]): TotalePart {
  const discounts: Discount[] = []
  const sconti: ScontoMaggiorazione[] = []
  for (const [i, d] of (input.scontiDocumento ?? []).entries()) {
    const p = `${DGD}/ScontoMaggiorazione[${i + 1}]`
    if (d.tipo !== 'SC' && d.tipo !== 'MG') bad(is, `${p}/Tipo`, 'Tipo', 'SC o MG', 'SC or MG')
    if (d.percentuale === undefined && d.importo === undefined) {
      is.error('sdi', '00437', p, {
        it: 'Sconto/maggiorazione senza Percentuale né Importo',
        en: 'Discount/surcharge with neither Percentuale nor Importo',
      })
      continue
    }
    const perc = d.percentuale !== undefined ? rate(is, d.percentuale, `${p}/Percentuale`, 'Percentuale') : undefined
    const imp = d.percentuale === undefined && d.importo !== undefined ? amount(is, d.importo, `${p}/Importo`, 'Importo', 2) : undefined
    if (imp && cmp(imp, ZERO) < 0) bad(is, `${p}/Importo`, 'Importo', 'un importo positivo', 'a positive amount')
    if (perc) discounts.push({ tipo: d.tipo, percentuale: perc })
    else if (imp) discounts.push({ tipo: d.tipo, importo: imp })
    sconti.push(compact({ tipo: d.tipo, percentuale: perc ? fmt2(perc) : undefined, importo: imp ? fmt2(imp) : undefined }))
  }
  const totale = round(netUnitPrice(documentTotal(rows), discounts), 2)
  if (cmp(abs(totale), MAX_AMOUNT) > 0) {
    is.error('xsd', 'INPUT-RANGE', `${DGD}/ImportoTotaleDocumento`, { it: 'Importo totale troppo grande', en: 'Total amount too large' })
  }
  return { sconti, totale }
}
