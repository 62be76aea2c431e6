/**
 * DettaglioLinee: every line (line.ts), 00474 for TD21, which lines are subject to withholding (00411),
 * and what the lines add to the VAT summary and to the withholding base.
 * @module
 */

import { cmp, type Dec, ZERO } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DettaglioLinee } from '../model.ts'
import type { SummaryItem } from '../totals.ts'
import { B, type Issues, required } from './checks.ts'
import { buildLine } from './line.ts'

export type LinesPart = {
  lines: DettaglioLinee[]
  /** PrezzoTotale of each line, exact. */
  totals: Dec[]
  summary: SummaryItem[]
  /** The PrezzoTotale of the lines subject to withholding. */
  ritenutaBase: Dec[]
}

export function buildLines(is: Issues, input: InvoiceInput): LinesPart {
  const righe = input.righe ?? []
  if (righe.length === 0) required(is, `${B}/DatiBeniServizi/DettaglioLinee`, 'DettaglioLinee')
  if (righe.length > 9999) {
    is.error('xsd', 'INPUT-RANGE', `${B}/DatiBeniServizi/DettaglioLinee`, { it: 'Al massimo 9999 linee', en: 'At most 9999 lines' })
  }
  // Without a per-line flag, DatiRitenuta applies to every line not marked `ritenuta: false`.
  const anyRitenutaFlag = righe.some((r) => r.ritenuta === true)
  const hasRitenute = (input.ritenute?.length ?? 0) > 0
  const out: LinesPart = { lines: [], totals: [], summary: [], ritenutaBase: [] }
  righe.forEach((r, i) => {
    const p = `${B}/DatiBeniServizi/DettaglioLinee[${i + 1}]`
    const line = buildLine(is, r, i + 1, p, input.tipoDocumento)
    if (!line) return
    if (input.tipoDocumento === 'TD21' && cmp(line.aliquota, ZERO) === 0) {
      is.error('sdi', '00474', `${p}/AliquotaIVA`, {
        it: 'Con TD21 (autofattura per splafonamento) non sono ammesse linee con AliquotaIVA pari a zero',
        en: 'With TD21 (autofattura per splafonamento) no line may have AliquotaIVA zero',
      })
    }
    const subject = r.ritenuta === true || (hasRitenute && !anyRitenutaFlag && r.ritenuta !== false)
    if (subject && !hasRitenute) {
      is.error('sdi', '00411', `${p}/Ritenuta`, {
        it: 'Linea soggetta a ritenuta senza DatiRitenuta',
        en: 'Line subject to withholding without DatiRitenuta',
      })
    }
    if (subject) out.ritenutaBase.push(line.total)
    out.lines.push({ ...line.model, ...(subject ? { ritenuta: 'SI' as const } : {}) })
    out.totals.push(line.total)
    out.summary.push({
      aliquota: line.aliquota,
      amount: line.total,
      ...(line.model.natura !== undefined ? { natura: line.model.natura } : {}),
      ...(line.rif !== undefined ? { riferimentoNormativo: line.rif } : {}),
    })
  })
  return out
}
