/** DatiRitenuta: each withholding, by default its rate on the lines and casse subject to it; one per TipoRitenuta. @module */

import { CAUSALI_PAGAMENTO, TIPI_RITENUTA } from '../codes.ts'
import { type Dec, fmt2, sum } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiRitenuta } from '../model.ts'
import { percentage } from '../totals.ts'
import { amount, DGD, type Issues, oneOf, rate } from './checks.ts'

export function buildRitenute(is: Issues, input: InvoiceInput, base: readonly Dec[]): DatiRitenuta[] {
  const ritenute: DatiRitenuta[] = []
  for (const [i, r] of (input.ritenute ?? []).entries()) {
    const p = `${DGD}/DatiRitenuta[${i + 1}]`
    const tipo = oneOf(is, r.tipo, TIPI_RITENUTA, `${p}/TipoRitenuta`, 'TipoRitenuta')
    const aliquota = rate(is, r.aliquota, `${p}/AliquotaRitenuta`, 'AliquotaRitenuta')
    const causale = oneOf(is, r.causalePagamento, CAUSALI_PAGAMENTO, `${p}/CausalePagamento`, 'CausalePagamento')
    const override = r.importo !== undefined ? amount(is, r.importo, `${p}/ImportoRitenuta`, 'ImportoRitenuta', 2) : undefined
    if (!tipo || !aliquota || !causale) continue
    const importo = override ?? percentage(sum(base), aliquota)
    ritenute.push({ tipoRitenuta: tipo, importoRitenuta: fmt2(importo), aliquotaRitenuta: fmt2(aliquota), causalePagamento: causale })
  }
  if (ritenute.length > 1 && new Set(ritenute.map((r) => r.tipoRitenuta)).size < ritenute.length) {
    is.error('xsd', 'INPUT-DUPLICATE', `${DGD}/DatiRitenuta`, { it: 'TipoRitenuta ripetuto', en: 'TipoRitenuta repeated' })
  }
  return ritenute
}
