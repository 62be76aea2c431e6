/**
 * SdI checks on VAT arithmetic and on the consistency of DatiRiepilogo with the lines and the cassa
 * previdenziale: 00419, 00420, 00421, 00422, 00423, 00429, 00430, 00443, 00444. Exact decimal
 * arithmetic in integer units (bigint), never floats. Tolerances as ../shared/specs/fatturapa.md §3.3
 * states them: 00421 ±0.01, 00422 ±1.00 (euinvoice "tolerance ±1"), 00423 ±0.01.
 * @module
 */

import { add, cmp, type Dec, mul, parseDec, percentOf, round, sub, ZERO } from '../decimal.ts'
import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import { at, child, childrenNamed, sdiIssue, textAt } from './tree.ts'

const CENT: Dec = { units: 1n, scale: 2 }
const EURO: Dec = { units: 100n, scale: 2 }

const num = (el: XmlElement | undefined): Dec | null => (el === undefined ? null : parseDec(el.text))
const abs = (d: Dec): Dec => (d.units < 0n ? { units: -d.units, scale: d.scale } : d)
/** A map key for a rate: its value at two decimals (`22`, `22.0`, `22.00` are the same rate). */
const rateKey = (d: Dec): string => round(d, 2).units.toString()
const show = (d: Dec): string => {
  const r = d.scale < 2 ? round(d, 2) : d
  const neg = r.units < 0n
  const digits = (neg ? -r.units : r.units).toString().padStart(r.scale + 1, '0')
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - r.scale)}.${digits.slice(digits.length - r.scale)}`
}

export function checkVat(body: XmlElement, tipo: string | undefined): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const dbs = at(body, 'DatiBeniServizi')
  const lines = childrenNamed(dbs, 'DettaglioLinee')
  const riepiloghi = childrenNamed(dbs, 'DatiRiepilogo')
  const casse = childrenNamed(at(body, 'DatiGenerali', 'DatiGeneraliDocumento'), 'DatiCassaPrevidenziale')

  // Rates and nature used by the lines and the cassa (with the first element using each, for the xpath).
  const usedRates = new Map<string, { el: XmlElement; rate: Dec; base: Dec; valid: boolean }>()
  const usedNature = new Map<string, XmlElement>()
  const use = (rateEl: XmlElement | undefined, amount: Dec | null, holder: XmlElement): void => {
    const rate = num(rateEl)
    if (rateEl === undefined || rate === null) return
    const k = rateKey(rate)
    const cur = usedRates.get(k)
    if (cur === undefined) usedRates.set(k, { el: rateEl, rate, base: amount ?? ZERO, valid: amount !== null })
    else usedRates.set(k, { ...cur, base: amount === null ? cur.base : add(cur.base, amount), valid: cur.valid && amount !== null })
    const natura = textAt(holder, 'Natura')
    if (natura !== undefined && !usedNature.has(natura)) usedNature.set(natura, at(holder, 'Natura') as XmlElement)
  }
  for (const line of lines) {
    use(at(line, 'AliquotaIVA'), num(at(line, 'PrezzoTotale')), line)
    out.push(...checkLineTotal(line))
  }
  for (const cassa of casse) use(at(cassa, 'AliquotaIVA'), num(at(cassa, 'ImportoContributoCassa')), cassa)

  // Riepiloghi by rate.
  const summaryRates = new Map<string, { el: XmlElement; imponibile: Dec; valid: boolean }>()
  const summaryNature = new Map<string, XmlElement>()
  for (const r of riepiloghi) {
    const rateEl = at(r, 'AliquotaIVA')
    const rate = num(rateEl)
    const imponibileEl = at(r, 'ImponibileImporto')
    const imponibile = num(imponibileEl)
    const arrotondamento = child(r, 'Arrotondamento') === undefined ? ZERO : num(at(r, 'Arrotondamento'))
    const naturaEl = at(r, 'Natura')
    const natura = naturaEl?.text.trim()
    if (naturaEl !== undefined && natura !== undefined && natura !== '' && !summaryNature.has(natura)) summaryNature.set(natura, naturaEl)

    if (rateEl !== undefined && rate !== null) {
      // 00429 / 00430: Natura vs AliquotaIVA in the summary (TD16 may carry both).
      if (rate.units === 0n && naturaEl === undefined) {
        out.push(
          sdiIssue(
            '00429',
            rateEl.xpath,
            '2.2.2.2 <Natura> non presente a fronte di 2.2.2.1 <AliquotaIVA> pari a zero',
            '2.2.2.2 <Natura> missing although 2.2.2.1 <AliquotaIVA> is zero',
          ),
        )
      }
      if (rate.units !== 0n && naturaEl !== undefined && tipo !== 'TD16') {
        out.push(
          sdiIssue(
            '00430',
            naturaEl.xpath,
            `2.2.2.2 <Natura> (${natura}) presente a fronte di 2.2.2.1 <AliquotaIVA> diversa da zero (${rateEl.text.trim()})`,
            `2.2.2.2 <Natura> (${natura}) given although 2.2.2.1 <AliquotaIVA> is not zero (${rateEl.text.trim()})`,
          ),
        )
      }
      // 00421: Imposta = round-half-up(AliquotaIVA × ImponibileImporto / 100, 2), ±0.01.
      const impostaEl = at(r, 'Imposta')
      const imposta = num(impostaEl)
      if (imponibile !== null && impostaEl !== undefined && imposta !== null) {
        const expected = round(percentOf(imponibile, rate), 2)
        if (cmp(abs(sub(imposta, expected)), CENT) > 0) {
          out.push(
            sdiIssue(
              '00421',
              impostaEl.xpath,
              `2.2.2.6 <Imposta> non calcolato secondo le regole definite nelle specifiche tecniche: ${impostaEl.text.trim()} invece di ${show(expected)} (${rateEl.text.trim()}% di ${imponibileEl?.text.trim()}, tolleranza 0.01)`,
              `2.2.2.6 <Imposta> not computed as the technical rules require: ${impostaEl.text.trim()} instead of ${show(expected)} (${rateEl.text.trim()}% of ${imponibileEl?.text.trim()}, tolerance 0.01)`,
            ),
          )
        }
      }
      const k = rateKey(rate)
      const cur = summaryRates.get(k)
      // The riepilogo's own Arrotondamento is part of the lines' side of 00422: fold it into the comparison base.
      const lhs = imponibile === null || arrotondamento === null ? null : sub(imponibile, arrotondamento)
      if (cur === undefined) summaryRates.set(k, { el: rateEl, imponibile: lhs ?? ZERO, valid: lhs !== null })
      else
        summaryRates.set(k, {
          ...cur,
          imponibile: lhs === null ? cur.imponibile : add(cur.imponibile, lhs),
          valid: cur.valid && lhs !== null,
        })
    }

    // 00420: N6.x (reverse charge) with split payment.
    if (natura?.startsWith('N6') === true && textAt(r, 'EsigibilitaIVA') === 'S') {
      out.push(
        sdiIssue(
          '00420',
          at(r, 'EsigibilitaIVA')?.xpath ?? r.xpath,
          `2.2.2.2 <Natura> con valore di tipo N6 (${natura}) a fronte di 2.2.2.7 <EsigibilitaIVA> uguale a S (scissione pagamenti)`,
          `2.2.2.2 <Natura> of type N6 (${natura}) with 2.2.2.7 <EsigibilitaIVA> S (split payment)`,
        ),
      )
    }
  }

  // 00419 / 00443: the rates of the lines and cassa and those of the summary must be the same set.
  for (const [k, u] of usedRates) {
    if (summaryRates.has(k)) continue
    out.push(
      sdiIssue(
        '00419',
        u.el.xpath,
        `2.2.2 <DatiRiepilogo> non presente in corrispondenza del valore ${u.el.text.trim()} di 2.1.1.7.5 <AliquotaIVA> o 2.2.1.12 <AliquotaIVA>`,
        `no 2.2.2 <DatiRiepilogo> for the 2.1.1.7.5 or 2.2.1.12 <AliquotaIVA> value ${u.el.text.trim()}`,
      ),
      sdiIssue(
        '00443',
        u.el.xpath,
        `non c'è corrispondenza tra i valori indicati nell'elemento 2.2.1.12 <AliquotaIVA> o 2.1.1.7.5 <AliquotaIVA> e quelli dell'elemento 2.2.2.1 <AliquotaIVA> (${u.el.text.trim()} manca nel riepilogo)`,
        `2.2.1.12 / 2.1.1.7.5 <AliquotaIVA> values do not match 2.2.2.1 <AliquotaIVA> (${u.el.text.trim()} is missing from the summary)`,
      ),
    )
  }
  for (const [k, s] of summaryRates) {
    if (usedRates.has(k)) continue
    out.push(
      sdiIssue(
        '00443',
        s.el.xpath,
        `non c'è corrispondenza tra i valori indicati nell'elemento 2.2.1.12 <AliquotaIVA> o 2.1.1.7.5 <AliquotaIVA> e quelli dell'elemento 2.2.2.1 <AliquotaIVA> (${s.el.text.trim()} non usata da nessuna linea)`,
        `2.2.1.12 / 2.1.1.7.5 <AliquotaIVA> values do not match 2.2.2.1 <AliquotaIVA> (${s.el.text.trim()} is used by no line)`,
      ),
    )
  }

  // 00444: the same for Natura.
  for (const [n, el] of usedNature) {
    if (summaryNature.has(n)) continue
    out.push(
      sdiIssue(
        '00444',
        el.xpath,
        `non c'è corrispondenza tra i valori indicati nell'elemento 2.2.1.14 <Natura> o 2.1.1.7.7 <Natura> e quelli dell'elemento 2.2.2.2 <Natura> (${n} manca nel riepilogo)`,
        `2.2.1.14 / 2.1.1.7.7 <Natura> values do not match 2.2.2.2 <Natura> (${n} is missing from the summary)`,
      ),
    )
  }
  for (const [n, el] of summaryNature) {
    if (usedNature.has(n)) continue
    out.push(
      sdiIssue(
        '00444',
        el.xpath,
        `non c'è corrispondenza tra i valori indicati nell'elemento 2.2.1.14 <Natura> o 2.1.1.7.7 <Natura> e quelli dell'elemento 2.2.2.2 <Natura> (${n} non usata da nessuna linea)`,
        `2.2.1.14 / 2.1.1.7.7 <Natura> values do not match 2.2.2.2 <Natura> (${n} is used by no line)`,
      ),
    )
  }

  // 00422: per rate, Σ ImponibileImporto − Σ Arrotondamento = Σ PrezzoTotale + Σ ImportoContributoCassa, ±1.00.
  for (const [k, s] of summaryRates) {
    const u = usedRates.get(k)
    if (u === undefined || !u.valid || !s.valid) continue
    const diff = abs(sub(s.imponibile, u.base))
    if (cmp(diff, EURO) > 0) {
      const imp = riepiloghi.find((r) => {
        const rate = num(at(r, 'AliquotaIVA'))
        return rate !== null && rateKey(rate) === k
      })
      out.push(
        sdiIssue(
          '00422',
          at(imp, 'ImponibileImporto')?.xpath ?? s.el.xpath,
          `2.2.2.5 <ImponibileImporto> non calcolato secondo le regole definite nelle specifiche tecniche: per l'aliquota ${s.el.text.trim()} le linee e la cassa sommano ${show(u.base)}, il riepilogo (al netto di Arrotondamento) ${show(s.imponibile)} (tolleranza 1.00)`,
          `2.2.2.5 <ImponibileImporto> not computed as the technical rules require: for rate ${s.el.text.trim()} the lines and cassa add up to ${show(u.base)}, the summary (net of Arrotondamento) to ${show(s.imponibile)} (tolerance 1.00)`,
        ),
      )
    }
  }
  return out
}

type Adjustment = { readonly sign: bigint; readonly importo: Dec | undefined; readonly perc: Dec | undefined }

const signed = (sign: bigint, d: Dec): Dec => ({ units: sign * d.units, scale: d.scale })

/** The unit price after the adjustments, one reading: cascade in document order, or every percentage on the base price. */
function adjusted(base: Dec, adjustments: readonly Adjustment[], cascade: boolean, preferImporto: boolean): Dec {
  let price = base
  for (const a of adjustments) {
    const useImporto = a.importo !== undefined && (preferImporto || a.perc === undefined)
    if (useImporto) price = add(price, signed(a.sign, a.importo as Dec))
    else if (a.perc !== undefined) price = add(price, signed(a.sign, percentOf(cascade ? price : base, a.perc)))
  }
  return price
}

/**
 * 00423: PrezzoTotale = (PrezzoUnitario ± ScontoMaggiorazione) × Quantita, ±0.01. An Importo is per
 * unit. Allegato A's prose leaves some cases open, so a line is reported only when no reading matches:
 * several percentages in cascade or each on the base price, and for an entry with both Percentuale
 * and Importo either of the two. A line without Quantita is not checked (allowed when the service
 * "non sia quantificabile", 2.2.1.5; letsrevel/euinvoice does the same; FatturaElettronica.NET
 * would use 1).
 */
export function checkLineTotal(line: XmlElement): ValidationIssue[] {
  const totalEl = at(line, 'PrezzoTotale')
  const total = num(totalEl)
  const unit = num(at(line, 'PrezzoUnitario'))
  const qty = num(at(line, 'Quantita'))
  if (totalEl === undefined || total === null || unit === null || qty === null) return []
  const adjustments: Adjustment[] = []
  for (const sm of childrenNamed(line, 'ScontoMaggiorazione')) {
    const tipo = textAt(sm, 'Tipo')
    const sign = tipo === 'SC' ? -1n : tipo === 'MG' ? 1n : null
    const importo = child(sm, 'Importo') === undefined ? undefined : num(at(sm, 'Importo'))
    const perc = child(sm, 'Percentuale') === undefined ? undefined : num(at(sm, 'Percentuale'))
    if (sign === null || importo === null || perc === null) return [] // not schema-valid: the XSD layer reports it
    adjustments.push({ sign, importo, perc })
  }
  const within = (expected: Dec): boolean => cmp(abs(sub(total, expected)), CENT) <= 0
  const expected = mul(adjusted(unit, adjustments, true, true), qty)
  if (within(expected)) return []
  // Only when the first reading fails (and there is more than one reading) try the others.
  if (adjustments.length > 0) {
    for (const [cascade, preferImporto] of [
      [true, false],
      [false, true],
      [false, false],
    ] as const) {
      if (within(mul(adjusted(unit, adjustments, cascade, preferImporto), qty))) return []
    }
  }
  return [
    sdiIssue(
      '00423',
      totalEl.xpath,
      `2.2.1.11 <PrezzoTotale> non calcolato secondo le regole definite nelle specifiche tecniche: ${totalEl.text.trim()} invece di ${show(round(expected, 2))} ((PrezzoUnitario ± sconti/maggiorazioni) × Quantita, tolleranza 0.01)`,
      `2.2.1.11 <PrezzoTotale> not computed as the technical rules require: ${totalEl.text.trim()} instead of ${show(round(expected, 2))} ((PrezzoUnitario ± discounts/surcharges) × Quantita, tolerance 0.01)`,
    ),
  ]
}
