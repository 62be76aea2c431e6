/** One DettaglioLinee: its checks, discounts (2.2.1.10), natura and exact PrezzoTotale. @module */

import { TIPI_CESSIONE } from '../codes.ts'
import { cmp, type Dec, fmt2, fmt8, parseDec, ZERO } from '../decimal.ts'
import type { LineInput } from '../input.ts'
import type { DettaglioLinee } from '../model.ts'
import { lineTotal } from '../totals.ts'
import { abs, amount, bad, compact, date, type Issues, MAX_AMOUNT, rate, required } from './checks.ts'
import { natureFor } from './natura.ts'
import { buildSconti } from './sconti.ts'

export type BuiltLine = { model: DettaglioLinee; total: Dec; aliquota: Dec; rif?: string }

export function buildLine(is: Issues, r: LineInput, n: number, p: string, tipo: string): BuiltLine | null {
  if (!r.descrizione?.trim()) required(is, `${p}/Descrizione`, 'Descrizione')
  if (r.tipoCessionePrestazione !== undefined && !(TIPI_CESSIONE as readonly string[]).includes(r.tipoCessionePrestazione)) {
    bad(is, `${p}/TipoCessionePrestazione`, 'TipoCessionePrestazione', 'SC, PR, AB o AC', 'SC, PR, AB or AC')
  }
  for (const [j, c] of (r.codiciArticolo ?? []).entries()) {
    if (!c.tipo?.trim() || !c.valore?.trim()) required(is, `${p}/CodiceArticolo[${j + 1}]`, 'CodiceTipo/CodiceValore')
  }
  const qty = r.quantita !== undefined ? amount(is, r.quantita, `${p}/Quantita`, 'Quantita', 8) : undefined
  if (qty && cmp(qty, ZERO) <= 0) bad(is, `${p}/Quantita`, 'Quantita', 'un numero maggiore di zero', 'a number greater than zero')
  if (qty && cmp(qty, parseDec('999999999999.99999999') as Dec) > 0)
    bad(is, `${p}/Quantita`, 'Quantita', 'al massimo 12 cifre intere', 'at most 12 integer digits')
  const unit = amount(is, r.prezzoUnitario, `${p}/PrezzoUnitario`, 'PrezzoUnitario', 8)
  const aliquota = rate(is, r.aliquotaIva, `${p}/AliquotaIVA`, 'AliquotaIVA')
  const natura = natureFor(is, r.natura, aliquota, p, tipo, ['00400', '00401'])
  const { discounts, sconti } = buildSconti(is, r.sconti, p, 'line')
  const dataInizio = r.dataInizioPeriodo ? date(is, r.dataInizioPeriodo, `${p}/DataInizioPeriodo`, 'DataInizioPeriodo', false) : undefined
  const dataFine = r.dataFinePeriodo ? date(is, r.dataFinePeriodo, `${p}/DataFinePeriodo`, 'DataFinePeriodo', false) : undefined
  if (unit === undefined || aliquota === undefined) return null
  const total = lineTotal(unit, qty, discounts)
  if (cmp(abs(total), MAX_AMOUNT) > 0)
    is.error('xsd', 'INPUT-RANGE', `${p}/PrezzoTotale`, { it: 'Importo troppo grande', en: 'Amount too large' })
  const model: DettaglioLinee = compact({
    numeroLinea: n,
    tipoCessionePrestazione: r.tipoCessionePrestazione,
    codiceArticolo: r.codiciArticolo?.length ? r.codiciArticolo.map((c) => ({ codiceTipo: c.tipo, codiceValore: c.valore })) : undefined,
    descrizione: r.descrizione ?? '',
    quantita: qty ? fmt8(qty) : undefined,
    unitaMisura: r.unitaMisura,
    dataInizioPeriodo: dataInizio,
    dataFinePeriodo: dataFine,
    prezzoUnitario: fmt8(unit),
    scontoMaggiorazione: sconti.length ? sconti : undefined,
    prezzoTotale: fmt2(total),
    aliquotaIva: fmt2(aliquota),
    natura,
    riferimentoAmministrazione: r.riferimentoAmministrazione,
  })
  return { model, total, aliquota, ...(r.riferimentoNormativo ? { rif: r.riferimentoNormativo } : {}) }
}
