/**
 * The document's identity (FormatoTrasmissione, TipoDocumento, Divisa, Data, Numero), and the
 * DatiGeneraliDocumento block that gathers it with the computed amounts.
 * @module
 */

import { FORMATI, type FormatoTrasmissione, TIPI_DOCUMENTO, type TipoDocumento } from '../codes.ts'
import { type Dec, fmt2 } from '../decimal.ts'
import type { InvoiceInput } from '../input.ts'
import type { DatiBollo, DatiCassaPrevidenziale, DatiGeneraliDocumento, DatiRitenuta, ScontoMaggiorazione } from '../model.ts'
import { bad, compact, DGD, DT, date, type Issues, oneOf, onlyInSchema123, required } from './checks.ts'

export type DocumentFacts = {
  formato: FormatoTrasmissione | undefined
  tipo: TipoDocumento | undefined
  divisa: string
  data: string | undefined
  numero: string
}

export function checkDocument(is: Issues, input: InvoiceInput, v123: boolean): DocumentFacts {
  const formato = oneOf(is, input.formato, FORMATI, `${DT}/FormatoTrasmissione`, 'FormatoTrasmissione')
  const tipo = oneOf(is, input.tipoDocumento, TIPI_DOCUMENTO, `${DGD}/TipoDocumento`, 'TipoDocumento')
  onlyInSchema123(is, input.tipoDocumento, v123, `${DGD}/TipoDocumento`)
  const divisa = input.divisa ?? 'EUR'
  if (!/^[A-Z]{3}$/.test(divisa)) bad(is, `${DGD}/Divisa`, 'Divisa', 'un codice ISO 4217 di 3 lettere', 'a 3-letter ISO 4217 code')
  const data = date(is, input.data, `${DGD}/Data`, 'Data', true)
  const numero = (input.numero ?? '').trim()
  if (numero === '') required(is, `${DGD}/Numero`, 'Numero')
  else if (!/\d/.test(numero)) {
    is.error('sdi', '00425', `${DGD}/Numero`, { it: 'Numero senza caratteri numerici', en: 'Numero has no digit' })
  }
  return { formato, tipo, divisa, data, numero }
}

export type DocumentAmounts = {
  ritenute: readonly DatiRitenuta[]
  bollo: DatiBollo | undefined
  casse: readonly DatiCassaPrevidenziale[]
  sconti: readonly ScontoMaggiorazione[]
  totale: Dec
}

export function datiGeneraliDocumento(
  input: InvoiceInput,
  doc: { tipo: TipoDocumento; divisa: string; data: string; numero: string },
  amounts: DocumentAmounts,
): DatiGeneraliDocumento {
  return compact({
    tipoDocumento: doc.tipo,
    divisa: doc.divisa,
    data: doc.data,
    numero: doc.numero,
    datiRitenuta: amounts.ritenute.length ? amounts.ritenute : undefined,
    datiBollo: amounts.bollo,
    datiCassaPrevidenziale: amounts.casse.length ? amounts.casse : undefined,
    scontoMaggiorazione: amounts.sconti.length ? amounts.sconti : undefined,
    importoTotaleDocumento: fmt2(amounts.totale),
    causale: input.causale?.trim() ? [input.causale] : undefined,
    art73: input.art73 ? ('SI' as const) : undefined,
  })
}
