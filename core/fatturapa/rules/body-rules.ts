/**
 * SdI content checks on one FatturaElettronicaBody (block 2) that are not VAT arithmetic:
 * 00400/00401 (line Natura vs AliquotaIVA), 00403 (future date, only with a `today`), 00411, 00413/00414
 * (cassa previdenziale Natura vs AliquotaIVA), 00415, 00418, 00424 (warning), 00425, 00437, 00438, 00445,
 * and the document-type checks 00471–00475 as amended by Specifiche tecniche 1.9 (TD29).
 * Sources: ../shared/specs/fatturapa.md §3.3–§3.4.
 * @module
 */

import { cmp, parseDec } from '../decimal.ts'
import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import { type Header, sameSubject } from './parties.ts'
import { at, child, childrenNamed, sdiIssue, textAt } from './tree.ts'

/** 00471: cedente and cessionario must differ (euinvoice list, with TD29 from spec 1.9). */
const MUST_DIFFER = new Set(['TD01', 'TD02', 'TD03', 'TD06', 'TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD24', 'TD25', 'TD28', 'TD29'])
/** 00472: cedente and cessionario must be the same subject. */
const MUST_MATCH = new Set(['TD21', 'TD27'])
/** 00473: the cedente must be foreign (TD17–TD19, TD28) or Italian (TD29). */
const FOREIGN_CEDENTE = new Set(['TD17', 'TD18', 'TD19', 'TD28'])
/** 00475: the cessionario's IdFiscaleIVA is required. */
const NEEDS_CESSIONARIO_VAT = new Set(['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29'])
/** 00445: generic natura codes no longer accepted since 2021-01-01 (still in the XSD). */
const GENERIC_NATURA = new Set(['N2', 'N3', 'N6'])

const ONE = parseDec('1') as NonNullable<ReturnType<typeof parseDec>>

export type BodyContext = {
  readonly body: XmlElement
  readonly header: Header
  /** Today in Europe/Rome (`YYYY-MM-DD`) for 00403; the check is skipped without it. */
  readonly today?: string | undefined
}

const isZeroRate = (s: string | undefined): boolean | undefined => {
  if (s === undefined) return undefined
  const d = parseDec(s)
  return d === null ? undefined : d.units === 0n
}

export function checkBody({ body, header, today }: BodyContext): ValidationIssue[] {
  const out: ValidationIssue[] = []
  const dgd = at(body, 'DatiGenerali', 'DatiGeneraliDocumento')
  const tipo = textAt(dgd, 'TipoDocumento')
  const data = textAt(dgd, 'Data')
  const numero = at(dgd, 'Numero')
  const lines = childrenNamed(at(body, 'DatiBeniServizi'), 'DettaglioLinee')
  const casse = childrenNamed(dgd, 'DatiCassaPrevidenziale')
  const hasRitenuta = child(dgd, 'DatiRitenuta') !== undefined

  // 00425: Numero must contain a digit.
  if (numero !== undefined && !/[0-9]/.test(numero.text)) {
    out.push(
      sdiIssue(
        '00425',
        numero.xpath,
        `2.1.1.4 <Numero> non contenente caratteri numerici (${numero.text.trim()})`,
        `2.1.1.4 <Numero> contains no digit (${numero.text.trim()})`,
      ),
    )
  }

  // 00403: the invoice date cannot be after the day SdI receives it.
  if (today !== undefined && data !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(data) && data > today) {
    out.push(
      sdiIssue(
        '00403',
        at(dgd, 'Data')?.xpath ?? body.xpath,
        `2.1.1.3 <Data> (${data}) successiva alla data di ricezione (${today})`,
        `2.1.1.3 <Data> (${data}) is after the date of receipt (${today})`,
      ),
    )
  }

  // 00418: the invoice date cannot precede the date of a linked invoice (2.1.6.3).
  if (data !== undefined) {
    for (const dfc of childrenNamed(at(body, 'DatiGenerali'), 'DatiFattureCollegate')) {
      const d = child(dfc, 'Data')
      const linked = d?.text.trim()
      if (d !== undefined && linked !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(linked) && data < linked) {
        out.push(
          sdiIssue(
            '00418',
            d.xpath,
            `2.1.1.3 <Data> (${data}) antecedente a 2.1.6.3 <Data> (${linked})`,
            `2.1.1.3 <Data> (${data}) is before 2.1.6.3 <Data> of the linked invoice (${linked})`,
          ),
        )
      }
    }
  }

  // 00437: document-level ScontoMaggiorazione needs Percentuale or Importo.
  for (const sm of childrenNamed(dgd, 'ScontoMaggiorazione')) out.push(...scontoWithoutValue(sm, '00437', '2.1.1.8'))

  for (const line of lines) {
    const rate = textAt(line, 'AliquotaIVA')
    const natura = at(line, 'Natura')
    const zero = isZeroRate(rate)
    // 00400 / 00401
    if (zero === true && natura === undefined) {
      out.push(
        sdiIssue(
          '00400',
          at(line, 'AliquotaIVA')?.xpath ?? line.xpath,
          '2.2.1.14 <Natura> non presente a fronte di 2.2.1.12 <AliquotaIVA> pari a zero',
          '2.2.1.14 <Natura> missing although 2.2.1.12 <AliquotaIVA> is zero',
        ),
      )
    }
    if (zero === false && natura !== undefined && tipo !== 'TD16') {
      out.push(
        sdiIssue(
          '00401',
          natura.xpath,
          `2.2.1.14 <Natura> (${natura.text.trim()}) presente a fronte di 2.2.1.12 <AliquotaIVA> diversa da zero (${rate})`,
          `2.2.1.14 <Natura> (${natura.text.trim()}) given although 2.2.1.12 <AliquotaIVA> is not zero (${rate})`,
        ),
      )
    }
    // 00438: line-level ScontoMaggiorazione needs Percentuale or Importo.
    for (const sm of childrenNamed(line, 'ScontoMaggiorazione')) out.push(...scontoWithoutValue(sm, '00438', '2.2.1.10'))
  }

  // 00411: a line with Ritenuta=SI needs DatiRitenuta.
  const lineWithRitenuta = lines.find((l) => textAt(l, 'Ritenuta') === 'SI')
  if (lineWithRitenuta !== undefined && !hasRitenuta) {
    out.push(
      sdiIssue(
        '00411',
        at(lineWithRitenuta, 'Ritenuta')?.xpath ?? lineWithRitenuta.xpath,
        '2.1.1.5 <DatiRitenuta> non presente a fronte di almeno un blocco 2.2.1 <DettaglioLinee> con 2.2.1.13 <Ritenuta> uguale a SI',
        '2.1.1.5 <DatiRitenuta> missing although a 2.2.1 <DettaglioLinee> has 2.2.1.13 <Ritenuta> SI',
      ),
    )
  }

  for (const cassa of casse) {
    const rate = textAt(cassa, 'AliquotaIVA')
    const natura = at(cassa, 'Natura')
    const zero = isZeroRate(rate)
    if (zero === true && natura === undefined) {
      out.push(
        sdiIssue(
          '00413',
          at(cassa, 'AliquotaIVA')?.xpath ?? cassa.xpath,
          '2.1.1.7.7 <Natura> non presente a fronte di 2.1.1.7.5 <AliquotaIVA> pari a zero',
          '2.1.1.7.7 <Natura> missing although 2.1.1.7.5 <AliquotaIVA> is zero',
        ),
      )
    }
    if (zero === false && natura !== undefined) {
      out.push(
        sdiIssue(
          '00414',
          natura.xpath,
          `2.1.1.7.7 <Natura> (${natura.text.trim()}) presente a fronte di 2.1.1.7.5 <AliquotaIVA> diversa da zero (${rate})`,
          `2.1.1.7.7 <Natura> (${natura.text.trim()}) given although 2.1.1.7.5 <AliquotaIVA> is not zero (${rate})`,
        ),
      )
    }
    if (textAt(cassa, 'Ritenuta') === 'SI' && !hasRitenuta) {
      out.push(
        sdiIssue(
          '00415',
          at(cassa, 'Ritenuta')?.xpath ?? cassa.xpath,
          '2.1.1.5 <DatiRitenuta> non presente a fronte di 2.1.1.7.6 <Ritenuta> uguale a SI',
          '2.1.1.5 <DatiRitenuta> missing although 2.1.1.7.6 <Ritenuta> is SI',
        ),
      )
    }
  }

  // 00445: generic N2/N3/N6 anywhere a Natura appears; 00424: a rate that looks like a fraction.
  const riepiloghi = childrenNamed(at(body, 'DatiBeniServizi'), 'DatiRiepilogo')
  for (const holder of [...lines, ...casse, ...riepiloghi]) {
    const natura = at(holder, 'Natura')
    const n = natura?.text.trim()
    if (natura !== undefined && n !== undefined && GENERIC_NATURA.has(n)) {
      out.push(
        sdiIssue(
          '00445',
          natura.xpath,
          `non è più ammesso il valore generico ${n} come codice natura dell'operazione (usare un sottocodice, es. ${n}.1)`,
          `the generic value ${n} is no longer accepted as natura code (use a sub-code such as ${n}.1)`,
        ),
      )
    }
    const rateEl = at(holder, 'AliquotaIVA')
    const rate = rateEl === undefined ? null : parseDec(rateEl.text)
    if (rateEl !== undefined && rate !== null && rate.units > 0n && cmp(rate, ONE) < 0) {
      out.push(
        sdiIssue(
          '00424',
          rateEl.xpath,
          `<AliquotaIVA> ${rateEl.text.trim()} non sembra indicata in termini percentuali (es. 22.00 per il 22%)`,
          `<AliquotaIVA> ${rateEl.text.trim()} does not look like a percentage (22.00 means 22%)`,
          'warning',
        ),
      )
    }
  }

  out.push(...checkDocumentType(tipo, at(dgd, 'TipoDocumento'), header, lines))
  return out
}

function scontoWithoutValue(sm: XmlElement, code: '00437' | '00438', id: string): ValidationIssue[] {
  if (textAt(sm, 'Tipo') === undefined || child(sm, 'Percentuale') !== undefined || child(sm, 'Importo') !== undefined) return []
  return [
    sdiIssue(
      code,
      sm.xpath,
      `${id}.2 <Percentuale> e ${id}.3 <Importo> non presenti a fronte di ${id}.1 <Tipo> valorizzato`,
      `${id}.2 <Percentuale> and ${id}.3 <Importo> both missing although ${id}.1 <Tipo> is given`,
    ),
  ]
}

function checkDocumentType(
  tipo: string | undefined,
  tipoEl: XmlElement | undefined,
  header: Header,
  lines: readonly XmlElement[],
): ValidationIssue[] {
  if (tipo === undefined || tipoEl === undefined) return []
  const out: ValidationIssue[] = []
  const { cedente, cessionario } = header

  const same = sameSubject(cedente, cessionario)
  if (MUST_DIFFER.has(tipo) && same === true) {
    out.push(
      sdiIssue(
        '00471',
        tipoEl.xpath,
        `per il valore indicato nell'elemento 2.1.1.1 <TipoDocumento> (${tipo}) il cedente/prestatore non può essere uguale al cessionario/committente`,
        `with 2.1.1.1 <TipoDocumento> ${tipo} the cedente/prestatore cannot be the cessionario/committente`,
      ),
    )
  }

  if (MUST_MATCH.has(tipo)) {
    if (same === false) {
      out.push(
        sdiIssue(
          '00472',
          tipoEl.xpath,
          `per il valore indicato nell'elemento 2.1.1.1 <TipoDocumento> (${tipo}) il cedente/prestatore deve essere uguale al cessionario/committente`,
          `with 2.1.1.1 <TipoDocumento> ${tipo} the cedente/prestatore must be the cessionario/committente`,
        ),
      )
    }
  }

  const paese = cedente.idPaese?.toUpperCase()
  if (paese !== undefined && ((FOREIGN_CEDENTE.has(tipo) && paese === 'IT') || (tipo === 'TD29' && paese !== 'IT'))) {
    out.push(
      sdiIssue(
        '00473',
        at(cedente.idFiscale, 'IdPaese')?.xpath ?? tipoEl.xpath,
        `per il valore indicato nell'elemento 2.1.1.1 <TipoDocumento> (${tipo}) il valore presente nell'elemento 1.2.1.1.1 <IdPaese> (${paese}) non è ammesso`,
        `with 2.1.1.1 <TipoDocumento> ${tipo} the value of 1.2.1.1.1 <IdPaese> (${paese}) is not allowed`,
      ),
    )
  }

  if (tipo === 'TD21') {
    for (const line of lines) {
      if (isZeroRate(textAt(line, 'AliquotaIVA')) === true) {
        out.push(
          sdiIssue(
            '00474',
            at(line, 'AliquotaIVA')?.xpath ?? line.xpath,
            `per il valore indicato nell'elemento 2.1.1.1 <TipoDocumento> (${tipo}) non sono ammesse linee di dettaglio con l'elemento 2.2.1.12 <AliquotaIVA> contenente valore zero`,
            `with 2.1.1.1 <TipoDocumento> ${tipo} no detail line may have 2.2.1.12 <AliquotaIVA> zero`,
          ),
        )
      }
    }
  }

  if (NEEDS_CESSIONARIO_VAT.has(tipo) && cessionario.el !== undefined && cessionario.idFiscale === undefined) {
    out.push(
      sdiIssue(
        '00475',
        tipoEl.xpath,
        `per il valore indicato nell'elemento 2.1.1.1 <TipoDocumento> (${tipo}) deve essere presente l'elemento 1.4.1.1 <IdFiscaleIVA> del cessionario/committente`,
        `with 2.1.1.1 <TipoDocumento> ${tipo} the cessionario/committente's 1.4.1.1 <IdFiscaleIVA> is required`,
      ),
    )
  }
  return out
}
