/**
 * ScontoMaggiorazione, on a line (2.2.1.10: SDI 00438, Importo up to 8 decimals, read even beside a
 * Percentuale) or on the document (2.1.1.8: SDI 00437, Importo with 2 decimals, ignored beside a
 * Percentuale). A Percentuale wins over an Importo.
 * @module
 */

import { cmp, fmt2, fmt8, ZERO } from '../decimal.ts'
import type { DiscountInput } from '../input.ts'
import type { ScontoMaggiorazione } from '../model.ts'
import type { Discount } from '../totals.ts'
import { amount, bad, compact, type Issues, rate } from './checks.ts'

export type ScontiPart = { discounts: Discount[]; sconti: ScontoMaggiorazione[] }

const ON = {
  line: { missing: '00438', scale: 8, fmt: fmt8 },
  document: { missing: '00437', scale: 2, fmt: fmt2 },
} as const

/** `path`: the parent element; each discount is `${path}/ScontoMaggiorazione[n]`. */
export function buildSconti(is: Issues, input: readonly DiscountInput[] | undefined, path: string, on: keyof typeof ON): ScontiPart {
  const o = ON[on]
  const out: ScontiPart = { discounts: [], sconti: [] }
  for (const [i, d] of (input ?? []).entries()) {
    const p = `${path}/ScontoMaggiorazione[${i + 1}]`
    if (d.tipo !== 'SC' && d.tipo !== 'MG') bad(is, `${p}/Tipo`, 'Tipo', 'SC o MG', 'SC or MG')
    if (d.percentuale === undefined && d.importo === undefined) {
      is.error('sdi', o.missing, p, {
        it: 'Sconto/maggiorazione senza Percentuale né Importo',
        en: 'Discount/surcharge with neither Percentuale nor Importo',
      })
      continue
    }
    const perc = d.percentuale !== undefined ? rate(is, d.percentuale, `${p}/Percentuale`, 'Percentuale') : undefined
    const imp =
      d.importo !== undefined && (on === 'line' || d.percentuale === undefined)
        ? amount(is, d.importo, `${p}/Importo`, 'Importo', o.scale)
        : undefined
    if (imp && cmp(imp, ZERO) < 0) bad(is, `${p}/Importo`, 'Importo', 'un importo positivo', 'a positive amount')
    if (perc) out.discounts.push({ tipo: d.tipo, percentuale: perc })
    else if (imp) out.discounts.push({ tipo: d.tipo, importo: imp })
    out.sconti.push(compact({ tipo: d.tipo, percentuale: perc ? fmt2(perc) : undefined, importo: !perc && imp ? o.fmt(imp) : undefined }))
  }
  return out
}
