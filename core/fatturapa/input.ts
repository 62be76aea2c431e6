/**
 * What a caller gives `buildInvoice`: the facts of one invoice (parties, lines, references, payment
 * terms), without any computed amount. Decimals are strings or JS numbers read through their
 * shortest decimal form (`150.5`, `'0.33333333'`); dates are `YYYY-MM-DD`.
 * @module
 */

export type DecimalInput = string | number

export type AddressInput = {
  indirizzo: string
  numeroCivico?: string
  cap: string
  comune: string
  provincia?: string
  /** ISO 3166-1 alpha-2; default IT. */
  nazione?: string
}

/** Denominazione (a company), or nome + cognome (a person). */
export type NameInput = { denominazione?: string; nome?: string; cognome?: string; titolo?: string }

export type CedenteInput = NameInput & {
  /** Default IT. */
  idPaese?: string
  partitaIva: string
  codiceFiscale?: string
  regimeFiscale: string
  sede: AddressInput
  rea?: { ufficio: string; numeroRea: string; capitaleSociale?: DecimalInput; socioUnico?: 'SU' | 'SM'; statoLiquidazione: 'LS' | 'LN' }
  contatti?: { telefono?: string; fax?: string; email?: string }
  albo?: { alboProfessionale: string; provinciaAlbo?: string; numeroIscrizioneAlbo?: string; dataIscrizioneAlbo?: string }
  riferimentoAmministrazione?: string
}

export type CessionarioInput = NameInput & {
  /** Country of the P.IVA; default IT. */
  idPaese?: string
  partitaIva?: string
  codiceFiscale?: string
  sede: AddressInput
  /** FPA12: the 6-character codice univoco ufficio (required). FPR12: 7 characters; default 0000000. */
  codiceDestinatario?: string
  /** FPR12 only, with codiceDestinatario 0000000. */
  pec?: string
}

export type DiscountInput = { tipo: 'SC' | 'MG'; percentuale?: DecimalInput; importo?: DecimalInput }

export type LineInput = {
  descrizione: string
  /** Up to 8 decimals; omitted means a single service (PrezzoTotale = unit price). */
  quantita?: DecimalInput
  unitaMisura?: string
  /** Up to 8 decimals; negative allowed (e.g. a discount line). */
  prezzoUnitario: DecimalInput
  /** Percent, e.g. 22 or '22.00'; 0 needs a natura. */
  aliquotaIva: DecimalInput
  natura?: string
  /** For natura lines: the legal reference printed in DatiRiepilogo (default: the natura's description). */
  riferimentoNormativo?: string
  sconti?: readonly DiscountInput[]
  /** Subject to withholding (DatiRitenuta). */
  ritenuta?: boolean
  codiciArticolo?: readonly { tipo: string; valore: string }[]
  tipoCessionePrestazione?: 'SC' | 'PR' | 'AB' | 'AC'
  dataInizioPeriodo?: string
  dataFinePeriodo?: string
  riferimentoAmministrazione?: string
}

export type DocRefInput = {
  idDocumento: string
  data?: string
  numItem?: string
  codiceCommessaConvenzione?: string
  codiceCup?: string
  codiceCig?: string
  /** NumeroLinea of the lines this reference applies to (all when omitted). */
  righe?: readonly number[]
}

export type DdtInput = { numero: string; data: string; righe?: readonly number[] }

export type RitenutaInput = {
  tipo: string
  /** AliquotaRitenuta, percent. */
  aliquota: DecimalInput
  causalePagamento: string
  /** Override of ImportoRitenuta (default: aliquota × the lines and cassa marked ritenuta). */
  importo?: DecimalInput
}

export type CassaInput = {
  tipo: string
  /** AlCassa, percent. */
  alCassa: DecimalInput
  /** Default: Σ PrezzoTotale of the lines. */
  imponibile?: DecimalInput
  aliquotaIva: DecimalInput
  natura?: string
  ritenuta?: boolean
  riferimentoAmministrazione?: string
}

export type PaymentDetailInput = {
  modalita: string
  /** Default: the amount due (total − ritenuta − VAT under split payment) for a single detail. */
  importo?: DecimalInput
  scadenza?: string
  dataRiferimento?: string
  giorni?: number
  beneficiario?: string
  istitutoFinanziario?: string
  iban?: string
  abi?: string
  cab?: string
  bic?: string
  codicePagamento?: string
}

export type PaymentInput = { condizioni: string; dettagli: readonly PaymentDetailInput[] }

export type InvoiceInput = {
  formato: string
  tipoDocumento: string
  numero: string
  data: string
  /** Default EUR. */
  divisa?: string
  causale?: string
  cedente: CedenteInput
  cessionario: CessionarioInput
  /** The transmitter (default: the cedente's IdFiscaleIVA). */
  trasmittente?: { idPaese: string; idCodice: string }
  contattiTrasmittente?: { telefono?: string; email?: string }
  righe: readonly LineInput[]
  /** I (default), D, or S (split payment). */
  esigibilitaIva?: string
  /**
   * Discounts/surcharges on the whole document (2.1.1.8), applied in order to the total: they change
   * ImportoTotaleDocumento (and the default payment amount) only, not the VAT summary; to discount
   * the taxable amount use a line discount or a negative line.
   */
  scontiDocumento?: readonly DiscountInput[]
  fattureCollegate?: readonly DocRefInput[]
  ordiniAcquisto?: readonly DocRefInput[]
  contratti?: readonly DocRefInput[]
  convenzioni?: readonly DocRefInput[]
  ddt?: readonly DdtInput[]
  ritenute?: readonly RitenutaInput[]
  casse?: readonly CassaInput[]
  /** 'auto' (default): €2.00 bollo virtuale when the amounts outside VAT exceed €77.47. */
  bollo?: 'auto' | boolean
  pagamento?: PaymentInput
  art73?: boolean
}

export type BuildOptions = {
  /** 1.2.2 (default, what the shipped XSD validates) refuses TD29 and RF20; 1.2.3 accepts them. */
  schemaVersion?: '1.2.2' | '1.2.3'
}
