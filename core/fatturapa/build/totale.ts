/**
 * ImportoTotaleDocumento: the VAT summary's total, then the document-level discounts and surcharges
 * (2.1.1.8), which change this total only.
 * @module
 */

import { cmp, type Dec, round } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { ScontoMaggiorazione } from '../model.ts'
import { documentTotal, netUnitPrice, type SummaryRow } from '../totals.ts'
import { abs, DGD, type Issues, MAX_AMOUNT } from './checks.ts'
import { buildSconti } from './sconti.ts'

export type TotalePart = { sconti: ScontoMaggiorazione[]; totale: Dec }

export function buildTotale(is: Issues, input: InvoiceInput, rows: readonly SummaryRow[]): TotalePart {
  const { discounts, sconti } = buildSconti(is, input.scontiDocumento, DGD, 'document')
  const totale = round(netUnitPrice(documentTotal(rows), discounts), 2)
  if (cmp(abs(totale), MAX_AMOUNT) > 0) {
    is.error('xsd', 'INPUT-RANGE', `${DGD}/ImportoTotaleDocumento`, { it: 'Importo totale troppo grande', en: 'Total amount too large' })
  }
  return { sconti, totale }
}
