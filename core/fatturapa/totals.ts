/**
 * Line totals and the VAT summary exactly as SDI recomputes them (../shared/specs/fatturapa.md §4.3):
 * - PrezzoTotale = (PrezzoUnitario with each ScontoMaggiorazione applied in order: a percentage of
 *   the running unit price, or an amount per unit) × Quantita (1 when absent), rounded half-up to
 *   cents (00423 tolerates 0.01);
 * - one DatiRiepilogo per (AliquotaIVA, Natura), in order of first use: ImponibileImporto = Σ
 *   PrezzoTotale + Σ ImportoContributoCassa at that rate/natura (00422), exact because every term
 *   has two decimals; Imposta = roundHalfUp(AliquotaIVA × ImponibileImporto / 100, 2) (00421).
 * All arithmetic is exact (decimal.ts).
 * @module
 */

import { add, type Dec, fmt2, mul, percentOf, round, sub, sum, ZERO } from './decimal.ts'

export type Discount = { readonly tipo: 'SC' | 'MG'; readonly percentuale?: Dec; readonly importo?: Dec }

/** The unit price after discounts and surcharges, exact. */
export function netUnitPrice(prezzoUnitario: Dec, discounts: readonly Discount[]): Dec {
  let unit = prezzoUnitario
  for (const d of discounts) {
    const delta = d.percentuale !== undefined ? percentOf(unit, d.percentuale) : (d.importo ?? ZERO)
    unit = d.tipo === 'SC' ? sub(unit, delta) : add(unit, delta)
  }
  return unit
}

/**
 * @example lineTotal(dec('0.33333333'), dec('3'), []) // 1.00
 */
export function lineTotal(prezzoUnitario: Dec, quantita: Dec | undefined, discounts: readonly Discount[] = []): Dec {
  const unit = netUnitPrice(prezzoUnitario, discounts)
  return round(quantita === undefined ? unit : mul(unit, quantita), 2)
}

/** roundHalfUp(base × rate / 100, 2): Imposta, ImportoContributoCassa, ImportoRitenuta. */
export function percentage(base: Dec, rate: Dec): Dec {
  return round(percentOf(base, rate), 2)
}

export type SummaryItem = { readonly aliquota: Dec; readonly natura?: string; readonly amount: Dec; readonly riferimentoNormativo?: string }

export type SummaryRow = {
  readonly aliquota: Dec
  readonly natura?: string
  readonly imponibile: Dec
  readonly imposta: Dec
  readonly riferimentoNormativo?: string
}

/** Groups line totals and cassa contributions per (rate, natura), in order of first appearance. */
export function vatSummary(items: readonly SummaryItem[]): SummaryRow[] {
  const groups = new Map<string, { aliquota: Dec; natura?: string; amounts: Dec[]; rif?: string }>()
  for (const it of items) {
    const key = `${fmt2(it.aliquota)}|${it.natura ?? ''}`
    let g = groups.get(key)
    if (!g) {
      g = { aliquota: it.aliquota, amounts: [], ...(it.natura !== undefined ? { natura: it.natura } : {}) }
      groups.set(key, g)
    }
    g.amounts.push(it.amount)
    if (g.rif === undefined && it.riferimentoNormativo) g.rif = it.riferimentoNormativo
  }
  return [...groups.values()].map((g) => {
    const imponibile = round(sum(g.amounts), 2)
    return {
      aliquota: g.aliquota,
      imponibile,
      imposta: percentage(imponibile, g.aliquota),
      ...(g.natura !== undefined ? { natura: g.natura } : {}),
      ...(g.rif !== undefined ? { riferimentoNormativo: g.rif } : {}),
    }
  })
}

/** ImportoTotaleDocumento: Σ ImponibileImporto + Σ Imposta (stamp duty not included). */
export function documentTotal(rows: readonly SummaryRow[]): Dec {
  return sum(rows.flatMap((r) => [r.imponibile, r.imposta]))
}
