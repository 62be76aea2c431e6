/** DatiRiepilogo: one row per rate and natura (totals.ts), with EsigibilitaIVA and the natura's legal reference. @module */

import { ESIGIBILITA, NATURE } from '../codes.ts'
import { cmp, fmt2 } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiRiepilogo } from '../model.ts'
import { type SummaryItem, type SummaryRow, vatSummary } from '../totals.ts'
import { abs, B, bad, compact, type Issues, MAX_AMOUNT } from './checks.ts'

export type RiepilogoPart = { esigibilita: string; rows: SummaryRow[]; riepilogo: DatiRiepilogo[] }

export function buildRiepilogo(is: Issues, input: InvoiceInput, items: readonly SummaryItem[]): RiepilogoPart {
  const p = `${B}/DatiBeniServizi/DatiRiepilogo`
  const esig = input.esigibilitaIva ?? 'I'
  if (!(ESIGIBILITA as readonly string[]).includes(esig)) bad(is, `${p}/EsigibilitaIVA`, 'EsigibilitaIVA', 'I, D o S', 'I, D or S')
  const rows = vatSummary(items)
  const riepilogo: DatiRiepilogo[] = rows.map((r) =>
    compact({
      aliquotaIva: fmt2(r.aliquota),
      natura: r.natura,
      imponibileImporto: fmt2(r.imponibile),
      imposta: fmt2(r.imposta),
      // 00420: no split payment on reverse charge; natura rows keep the esigibilità only when it is not S.
      esigibilitaIva: r.natura !== undefined && esig === 'S' ? undefined : esig,
      riferimentoNormativo: r.natura !== undefined ? (r.riferimentoNormativo ?? NATURE[r.natura as keyof typeof NATURE]) : undefined,
    }),
  )
  for (const r of rows) {
    if (cmp(abs(r.imponibile), MAX_AMOUNT) > 0) {
      is.error('xsd', 'INPUT-RANGE', `${p}/ImponibileImporto`, { it: 'Importo troppo grande', en: 'Amount too large' })
    }
  }
  return { esigibilita: esig, rows, riepilogo }
}
