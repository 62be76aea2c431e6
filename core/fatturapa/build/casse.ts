/** DatiCassaPrevidenziale: each contribution on its base (default: Σ PrezzoTotale), for the VAT summary and the withholding base. @module */

import { TIPI_CASSA } from '../codes.ts'
import { cmp, type Dec, fmt2, sum } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiCassaPrevidenziale } from '../model.ts'
import { percentage, type SummaryItem } from '../totals.ts'
import { abs, amount, compact, DGD, type Issues, MAX_AMOUNT, oneOf, rate } from './checks.ts'
import { natureFor } from './natura.ts'

export type CassePart = { casse: DatiCassaPrevidenziale[]; summary: SummaryItem[]; ritenutaBase: Dec[] }

export function buildCasse(is: Issues, input: InvoiceInput, lineTotals: readonly Dec[]): CassePart {
  const hasRitenute = (input.ritenute?.length ?? 0) > 0
  const out: CassePart = { casse: [], summary: [], ritenutaBase: [] }
  for (const [i, c] of (input.casse ?? []).entries()) {
    const p = `${DGD}/DatiCassaPrevidenziale[${i + 1}]`
    const tipoCassa = oneOf(is, c.tipo, TIPI_CASSA, `${p}/TipoCassa`, 'TipoCassa')
    const alCassa = rate(is, c.alCassa, `${p}/AlCassa`, 'AlCassa')
    const aliquota = rate(is, c.aliquotaIva, `${p}/AliquotaIVA`, 'AliquotaIVA')
    const imponibile = c.imponibile !== undefined ? amount(is, c.imponibile, `${p}/ImponibileCassa`, 'ImponibileCassa', 2) : sum(lineTotals)
    const natura = natureFor(is, c.natura, aliquota, p, input.tipoDocumento, ['00413', '00414'])
    if (c.ritenuta && !hasRitenute) {
      is.error('sdi', '00415', `${p}/Ritenuta`, {
        it: 'Cassa soggetta a ritenuta senza DatiRitenuta',
        en: 'Cassa subject to withholding without DatiRitenuta',
      })
    }
    if (!tipoCassa || !alCassa || !aliquota || !imponibile) continue
    if (cmp(abs(imponibile), MAX_AMOUNT) > 0) {
      // The default base is the sum of the lines, which can exceed the 11 integer digits of Amount2DecimalType.
      is.error('xsd', 'INPUT-RANGE', `${p}/ImponibileCassa`, { it: 'Importo troppo grande', en: 'Amount too large' })
      continue
    }
    const contributo = percentage(imponibile, alCassa)
    if (c.ritenuta) out.ritenutaBase.push(contributo)
    out.casse.push(
      compact({
        tipoCassa,
        alCassa: fmt2(alCassa),
        importoContributoCassa: fmt2(contributo),
        imponibileCassa: fmt2(imponibile),
        aliquotaIva: fmt2(aliquota),
        ritenuta: c.ritenuta ? ('SI' as const) : undefined,
        natura,
        riferimentoAmministrazione: c.riferimentoAmministrazione,
      }),
    )
    out.summary.push({ aliquota, amount: contributo, ...(natura !== undefined ? { natura } : {}) })
  }
  return out
}
