/**
 * The FatturaPA 1.2.2 document as camelCase domain types, one type per XSD complex type and one
 * property per element, in the XSD's order (core/fatturapa/schema.ts maps them to element names).
 * Decimals are canonical strings (`'150.00'`, quantities and unit prices up to 8 decimals; see
 * decimal.ts); dates are `YYYY-MM-DD`; repeated elements are arrays. `buildInvoice` produces one
 * from a simpler input, the reader from XML.
 * @module
 */

import type { FormatoTrasmissione } from './codes.ts'

export type IdFiscale = { idPaese: string; idCodice: string }

/** Denominazione, or Nome + Cognome (the XSD choice). */
export type Anagrafica = { denominazione?: string; nome?: string; cognome?: string; titolo?: string; codEori?: string }

export type Indirizzo = {
  indirizzo: string
  numeroCivico?: string
  cap: string
  comune: string
  provincia?: string
  nazione: string
}

export type ContattiTrasmittente = { telefono?: string; email?: string }

export type DatiTrasmissione = {
  idTrasmittente: IdFiscale
  /** Set at render time (InvoiceGenerator option); kept here by the reader. */
  progressivoInvio?: string
  formatoTrasmissione: FormatoTrasmissione
  codiceDestinatario: string
  contattiTrasmittente?: ContattiTrasmittente
  pecDestinatario?: string
}

export type DatiAnagraficiCedente = {
  idFiscaleIva: IdFiscale
  codiceFiscale?: string
  anagrafica: Anagrafica
  alboProfessionale?: string
  provinciaAlbo?: string
  numeroIscrizioneAlbo?: string
  dataIscrizioneAlbo?: string
  regimeFiscale: string
}

export type IscrizioneRea = {
  ufficio: string
  numeroRea: string
  capitaleSociale?: string
  socioUnico?: string
  statoLiquidazione: string
}

export type Contatti = { telefono?: string; fax?: string; email?: string }

export type CedentePrestatore = {
  datiAnagrafici: DatiAnagraficiCedente
  sede: Indirizzo
  stabileOrganizzazione?: Indirizzo
  iscrizioneRea?: IscrizioneRea
  contatti?: Contatti
  riferimentoAmministrazione?: string
}

export type DatiAnagraficiSoggetto = { idFiscaleIva?: IdFiscale; codiceFiscale?: string; anagrafica: Anagrafica }

export type RappresentanteFiscale = { datiAnagrafici: DatiAnagraficiSoggetto & { idFiscaleIva: IdFiscale } }

export type RappresentanteFiscaleCessionario = { idFiscaleIva: IdFiscale; denominazione?: string; nome?: string; cognome?: string }

export type CessionarioCommittente = {
  datiAnagrafici: DatiAnagraficiSoggetto
  sede: Indirizzo
  stabileOrganizzazione?: Indirizzo
  rappresentanteFiscale?: RappresentanteFiscaleCessionario
}

export type TerzoIntermediario = { datiAnagrafici: DatiAnagraficiSoggetto }

export type Header = {
  datiTrasmissione: DatiTrasmissione
  cedentePrestatore: CedentePrestatore
  rappresentanteFiscale?: RappresentanteFiscale
  cessionarioCommittente: CessionarioCommittente
  terzoIntermediarioOSoggettoEmittente?: TerzoIntermediario
  /** CC (cessionario) or TZ (terzo). */
  soggettoEmittente?: string
}

export type DatiRitenuta = { tipoRitenuta: string; importoRitenuta: string; aliquotaRitenuta: string; causalePagamento: string }

export type DatiBollo = { bolloVirtuale: 'SI'; importoBollo?: string }

export type DatiCassaPrevidenziale = {
  tipoCassa: string
  alCassa: string
  importoContributoCassa: string
  imponibileCassa?: string
  aliquotaIva: string
  ritenuta?: 'SI'
  natura?: string
  riferimentoAmministrazione?: string
}

export type ScontoMaggiorazione = { tipo: 'SC' | 'MG'; percentuale?: string; importo?: string }

export type DatiGeneraliDocumento = {
  tipoDocumento: string
  divisa: string
  data: string
  numero: string
  datiRitenuta?: readonly DatiRitenuta[]
  datiBollo?: DatiBollo
  datiCassaPrevidenziale?: readonly DatiCassaPrevidenziale[]
  scontoMaggiorazione?: readonly ScontoMaggiorazione[]
  importoTotaleDocumento?: string
  arrotondamento?: string
  causale?: readonly string[]
  art73?: 'SI'
}

/** DatiOrdineAcquisto, DatiContratto, DatiConvenzione, DatiRicezione, DatiFattureCollegate. */
export type DatiDocumentiCorrelati = {
  riferimentoNumeroLinea?: readonly number[]
  idDocumento: string
  data?: string
  numItem?: string
  codiceCommessaConvenzione?: string
  codiceCup?: string
  codiceCig?: string
}

export type DatiSal = { riferimentoFase: number }

export type DatiDdt = { numeroDdt: string; dataDdt: string; riferimentoNumeroLinea?: readonly number[] }

export type DatiAnagraficiVettore = DatiAnagraficiSoggetto & { idFiscaleIva: IdFiscale; numeroLicenzaGuida?: string }

export type DatiTrasporto = {
  datiAnagraficiVettore?: DatiAnagraficiVettore
  mezzoTrasporto?: string
  causaleTrasporto?: string
  numeroColli?: number
  descrizione?: string
  unitaMisuraPeso?: string
  pesoLordo?: string
  pesoNetto?: string
  dataOraRitiro?: string
  dataInizioTrasporto?: string
  tipoResa?: string
  indirizzoResa?: Indirizzo
  dataOraConsegna?: string
}

export type FatturaPrincipale = { numeroFatturaPrincipale: string; dataFatturaPrincipale: string }

export type DatiGenerali = {
  datiGeneraliDocumento: DatiGeneraliDocumento
  datiOrdineAcquisto?: readonly DatiDocumentiCorrelati[]
  datiContratto?: readonly DatiDocumentiCorrelati[]
  datiConvenzione?: readonly DatiDocumentiCorrelati[]
  datiRicezione?: readonly DatiDocumentiCorrelati[]
  datiFattureCollegate?: readonly DatiDocumentiCorrelati[]
  datiSal?: readonly DatiSal[]
  datiDdt?: readonly DatiDdt[]
  datiTrasporto?: DatiTrasporto
  fatturaPrincipale?: FatturaPrincipale
}

export type CodiceArticolo = { codiceTipo: string; codiceValore: string }

export type AltriDatiGestionali = { tipoDato: string; riferimentoTesto?: string; riferimentoNumero?: string; riferimentoData?: string }

export type DettaglioLinee = {
  numeroLinea: number
  tipoCessionePrestazione?: string
  codiceArticolo?: readonly CodiceArticolo[]
  descrizione: string
  quantita?: string
  unitaMisura?: string
  dataInizioPeriodo?: string
  dataFinePeriodo?: string
  prezzoUnitario: string
  scontoMaggiorazione?: readonly ScontoMaggiorazione[]
  prezzoTotale: string
  aliquotaIva: string
  ritenuta?: 'SI'
  natura?: string
  riferimentoAmministrazione?: string
  altriDatiGestionali?: readonly AltriDatiGestionali[]
}

export type DatiRiepilogo = {
  aliquotaIva: string
  natura?: string
  speseAccessorie?: string
  arrotondamento?: string
  imponibileImporto: string
  imposta: string
  esigibilitaIva?: string
  riferimentoNormativo?: string
}

export type DatiBeniServizi = { dettaglioLinee: readonly DettaglioLinee[]; datiRiepilogo: readonly DatiRiepilogo[] }

export type DatiVeicoli = { data: string; totalePercorso: string }

export type DettaglioPagamento = {
  beneficiario?: string
  modalitaPagamento: string
  dataRiferimentoTerminiPagamento?: string
  giorniTerminiPagamento?: number
  dataScadenzaPagamento?: string
  importoPagamento: string
  codUfficioPostale?: string
  cognomeQuietanzante?: string
  nomeQuietanzante?: string
  cfQuietanzante?: string
  titoloQuietanzante?: string
  istitutoFinanziario?: string
  iban?: string
  abi?: string
  cab?: string
  bic?: string
  scontoPagamentoAnticipato?: string
  dataLimitePagamentoAnticipato?: string
  penalitaPagamentiRitardati?: string
  dataDecorrenzaPenale?: string
  codicePagamento?: string
}

export type DatiPagamento = { condizioniPagamento: string; dettaglioPagamento: readonly DettaglioPagamento[] }

export type Allegati = {
  nomeAttachment: string
  algoritmoCompressione?: string
  formatoAttachment?: string
  descrizioneAttachment?: string
  /** base64 */
  attachment: string
}

export type Body = {
  datiGenerali: DatiGenerali
  datiBeniServizi: DatiBeniServizi
  datiVeicoli?: DatiVeicoli
  datiPagamento?: readonly DatiPagamento[]
  allegati?: readonly Allegati[]
}

/** One FatturaPA file: a header and one body per invoice (a "lotto" has several). */
export type Invoice = {
  versione: FormatoTrasmissione
  sistemaEmittente?: string
  header: Header
  bodies: readonly Body[]
}
