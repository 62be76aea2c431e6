/**
 * The parts of `buildInvoice` that turn one block of input into its model block: a line (with its
 * discounts, natura and exact total), the payment terms, and references to other documents.
 * @module
 */

import { isValidIban } from '../iban.ts'
import { abs, amount, B, bad, compact, date, type Issues, MAX_AMOUNT, oneOf, rate, required } from './build-checks.ts'
import { CONDIZIONI_PAGAMENTO, MODALITA_PAGAMENTO, NATURE_CODES, NATURE_GENERIC, TIPI_CESSIONE } from './codes.ts'
import { cmp, type Dec, fmt2, fmt8, parseDec, ZERO } from './decimal.ts'
import type { DocRefInput, InvoiceInput, LineInput } from './input.ts'
import type { DatiDocumentiCorrelati, DatiPagamento, DettaglioLinee, ScontoMaggiorazione } from './model.ts'
import { type Discount, lineTotal } from './totals.ts'

export function buildLine(
  is: Issues,
  r: LineInput,
  n: number,
  p: string,
  tipo: string,
): { model: DettaglioLinee; total: Dec; aliquota: Dec; rif?: string } | null {
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
  const discounts: Discount[] = []
  const sconti: ScontoMaggiorazione[] = []
  for (const [j, s] of (r.sconti ?? []).entries()) {
    const sp = `${p}/ScontoMaggiorazione[${j + 1}]`
    if (s.tipo !== 'SC' && s.tipo !== 'MG') bad(is, `${sp}/Tipo`, 'Tipo', 'SC o MG', 'SC or MG')
    if (s.percentuale === undefined && s.importo === undefined) {
      is.error('sdi', '00438', sp, {
        it: 'Sconto/maggiorazione senza Percentuale né Importo',
        en: 'Discount/surcharge with neither Percentuale nor Importo',
      })
      continue
    }
    const perc = s.percentuale !== undefined ? rate(is, s.percentuale, `${sp}/Percentuale`, 'Percentuale') : undefined
    const imp = s.importo !== undefined ? amount(is, s.importo, `${sp}/Importo`, 'Importo', 8) : undefined
    if (imp && cmp(imp, ZERO) < 0) bad(is, `${sp}/Importo`, 'Importo', 'un importo positivo', 'a positive amount')
    if (perc) discounts.push({ tipo: s.tipo, percentuale: perc })
    else if (imp) discounts.push({ tipo: s.tipo, importo: imp })
    sconti.push(compact({ tipo: s.tipo, percentuale: perc ? fmt2(perc) : undefined, importo: !perc && imp ? fmt8(imp) : undefined }))
  }
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

export function natureFor(
  is: Issues,
  natura: string | undefined,
  aliquota: Dec | undefined,
  p: string,
  tipo: string,
  codes: [string, string],
): string | undefined {
  if (natura !== undefined && !(NATURE_CODES as readonly string[]).includes(natura)) {
    bad(is, `${p}/Natura`, 'Natura', 'un codice N1…N7 (es. N2.2, N3.1, N6.9)', 'a code N1…N7 (e.g. N2.2, N3.1, N6.9)')
    return undefined
  }
  if (natura !== undefined && NATURE_GENERIC.has(natura)) {
    is.error('sdi', '00445', `${p}/Natura`, {
      it: `Natura generica ${natura} non più ammessa: usare un sottocodice (es. ${natura}.1)`,
      en: `Generic natura ${natura} is no longer accepted: use a sub-code (e.g. ${natura}.1)`,
    })
  }
  if (aliquota === undefined) return natura
  const zero = cmp(aliquota, ZERO) === 0
  if (zero && natura === undefined) {
    is.error('sdi', codes[0], `${p}/Natura`, {
      it: 'Natura obbligatoria con AliquotaIVA pari a zero',
      en: 'Natura is required when AliquotaIVA is zero',
    })
  }
  // TD16 may keep the Natura next to a rate on its lines (00401) and in the summary (00430), not on the cassa (00414).
  if (!zero && natura !== undefined && !(tipo === 'TD16' && codes[1] === '00401')) {
    is.error('sdi', codes[1], `${p}/Natura`, {
      it: 'Natura non ammessa con AliquotaIVA diversa da zero',
      en: 'Natura is not allowed when AliquotaIVA is not zero',
    })
  }
  return natura
}

export function payment(is: Issues, input: NonNullable<InvoiceInput['pagamento']>, dovuto: Dec): DatiPagamento | undefined {
  const p = `${B}/DatiPagamento`
  const condizioni = oneOf(is, input.condizioni, CONDIZIONI_PAGAMENTO, `${p}/CondizioniPagamento`, 'CondizioniPagamento')
  if (input.dettagli.length === 0) required(is, `${p}/DettaglioPagamento`, 'DettaglioPagamento')
  const dettagli = input.dettagli.map((d, i) => {
    const dp = `${p}/DettaglioPagamento[${i + 1}]`
    const modalita = oneOf(is, d.modalita, MODALITA_PAGAMENTO, `${dp}/ModalitaPagamento`, 'ModalitaPagamento')
    let importo: Dec | undefined
    if (d.importo !== undefined) importo = amount(is, d.importo, `${dp}/ImportoPagamento`, 'ImportoPagamento', 2)
    else if (input.dettagli.length === 1) importo = dovuto
    else required(is, `${dp}/ImportoPagamento`, 'ImportoPagamento')
    const iban = d.iban?.replace(/\s/g, '').toUpperCase()
    if (iban !== undefined && !isValidIban(iban)) {
      is.error('identifier', 'ID-IBAN', `${dp}/IBAN`, {
        it: 'IBAN non valido (formato o cifre di controllo)',
        en: 'Invalid IBAN (format or check digits)',
      })
    }
    if (d.abi !== undefined && !/^\d{5}$/.test(d.abi)) bad(is, `${dp}/ABI`, 'ABI', '5 cifre', '5 digits')
    if (d.cab !== undefined && !/^\d{5}$/.test(d.cab)) bad(is, `${dp}/CAB`, 'CAB', '5 cifre', '5 digits')
    if (d.bic !== undefined && !/^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/.test(d.bic))
      bad(is, `${dp}/BIC`, 'BIC', 'un BIC valido', 'a valid BIC')
    if (d.giorni !== undefined && !(Number.isInteger(d.giorni) && d.giorni >= 0 && d.giorni <= 999)) {
      bad(is, `${dp}/GiorniTerminiPagamento`, 'GiorniTerminiPagamento', 'un intero 0-999', 'an integer 0–999')
    }
    return compact({
      beneficiario: d.beneficiario,
      modalitaPagamento: modalita ?? '',
      dataRiferimentoTerminiPagamento: d.dataRiferimento
        ? date(is, d.dataRiferimento, `${dp}/DataRiferimentoTerminiPagamento`, 'DataRiferimentoTerminiPagamento', false)
        : undefined,
      giorniTerminiPagamento: d.giorni,
      dataScadenzaPagamento: d.scadenza ? date(is, d.scadenza, `${dp}/DataScadenzaPagamento`, 'DataScadenzaPagamento', false) : undefined,
      importoPagamento: fmt2(importo ?? ZERO),
      istitutoFinanziario: d.istitutoFinanziario,
      iban,
      abi: d.abi,
      cab: d.cab,
      bic: d.bic,
      codicePagamento: d.codicePagamento,
    })
  })
  return condizioni ? { condizioniPagamento: condizioni, dettaglioPagamento: dettagli } : undefined
}

export function docRefs(is: Issues, refs: readonly DocRefInput[] | undefined, path: string, nLines: number): DatiDocumentiCorrelati[] {
  return (refs ?? []).map((r, i) => {
    const p = `${path}[${i + 1}]`
    if (!r.idDocumento?.trim()) required(is, `${p}/IdDocumento`, 'IdDocumento')
    lineRefs(is, r.righe, `${p}/RiferimentoNumeroLinea`, nLines)
    if (r.codiceCig !== undefined && !/^[A-Za-z0-9]{1,15}$/.test(r.codiceCig))
      bad(is, `${p}/CodiceCIG`, 'CodiceCIG', '1-15 caratteri alfanumerici', '1–15 alphanumeric characters')
    if (r.codiceCup !== undefined && !/^[A-Za-z0-9]{1,15}$/.test(r.codiceCup))
      bad(is, `${p}/CodiceCUP`, 'CodiceCUP', '1-15 caratteri alfanumerici', '1–15 alphanumeric characters')
    return compact({
      riferimentoNumeroLinea: r.righe?.length ? r.righe : undefined,
      idDocumento: r.idDocumento ?? '',
      data: r.data ? date(is, r.data, `${p}/Data`, 'Data', false) : undefined,
      numItem: r.numItem,
      codiceCommessaConvenzione: r.codiceCommessaConvenzione,
      codiceCup: r.codiceCup,
      codiceCig: r.codiceCig,
    })
  })
}

export function lineRefs(is: Issues, righe: readonly number[] | undefined, path: string, nLines: number): void {
  for (const n of righe ?? []) {
    if (!Number.isInteger(n) || n < 1 || n > nLines) {
      bad(is, path, 'RiferimentoNumeroLinea', `un numero di linea esistente (1-${nLines})`, `an existing line number (1–${nLines})`)
    }
  }
}
