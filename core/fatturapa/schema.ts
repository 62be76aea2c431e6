/**
 * The XSD 1.2.2 element tree as data: for each complex type, its elements in schema order with the
 * model property, the value kind, the length limit and whether it repeats. The generator, the
 * reader and the text sanitiser all walk this one table, so element order and names live here only.
 *
 * Length policy for text over the XSD limit (`long`): `split` (Causale: more Causale elements, as
 * the official samples do), `truncate` (free descriptions: a warning), otherwise refuse (names,
 * addresses, numbers and codes: truncating them would change what the document says).
 * @module
 */

export type LeafKind =
  | 'a2' // Amount2DecimalType
  | 'a8' // Amount8DecimalType
  | 'rate' // RateType
  | 'qty' // QuantitaType
  | 'peso' // PesoType
  | 'int'
  | 'date'
  | 'dateTime'
  | 'code' // enumerations and patterned codes: ASCII, never transliterated
  | 'ascii' // String*Type: \p{IsBasicLatin}
  | 'latin' // String*LatinType: BasicLatin + Latin-1 Supplement
  | 'ext' // String35LatinExtType: any character, length only
  | 'b64'

export type Field = {
  readonly key: string
  readonly xml: string
  /** A LeafKind, or the name of a complex type in TYPES. */
  readonly kind: LeafKind | TypeName
  readonly max?: number
  readonly many?: boolean
  readonly long?: 'truncate' | 'split'
}

function f(
  key: string,
  xml: string,
  kind: LeafKind | TypeName,
  opts: { max?: number; many?: boolean; long?: 'truncate' | 'split' } = {},
): Field {
  return { key, xml, kind, ...opts }
}
const m = { many: true } as const

export type TypeName =
  | 'FatturaElettronicaHeader'
  | 'FatturaElettronicaBody'
  | 'DatiTrasmissione'
  | 'IdFiscale'
  | 'ContattiTrasmittente'
  | 'CedentePrestatore'
  | 'DatiAnagraficiCedente'
  | 'Anagrafica'
  | 'Indirizzo'
  | 'IscrizioneREA'
  | 'Contatti'
  | 'RappresentanteFiscale'
  | 'DatiAnagraficiRappresentante'
  | 'CessionarioCommittente'
  | 'DatiAnagraficiCessionario'
  | 'RappresentanteFiscaleCessionario'
  | 'TerzoIntermediario'
  | 'DatiGenerali'
  | 'DatiGeneraliDocumento'
  | 'DatiRitenuta'
  | 'DatiBollo'
  | 'DatiCassaPrevidenziale'
  | 'ScontoMaggiorazione'
  | 'DatiDocumentiCorrelati'
  | 'DatiSAL'
  | 'DatiDDT'
  | 'DatiTrasporto'
  | 'DatiAnagraficiVettore'
  | 'FatturaPrincipale'
  | 'DatiBeniServizi'
  | 'DettaglioLinee'
  | 'CodiceArticolo'
  | 'AltriDatiGestionali'
  | 'DatiRiepilogo'
  | 'DatiVeicoli'
  | 'DatiPagamento'
  | 'DettaglioPagamento'
  | 'Allegati'

const anagraficaChoice = [
  f('denominazione', 'Denominazione', 'latin', { max: 80 }),
  f('nome', 'Nome', 'latin', { max: 60 }),
  f('cognome', 'Cognome', 'latin', { max: 60 }),
]

export const TYPES: Readonly<Record<TypeName, readonly Field[]>> = {
  FatturaElettronicaHeader: [
    f('datiTrasmissione', 'DatiTrasmissione', 'DatiTrasmissione'),
    f('cedentePrestatore', 'CedentePrestatore', 'CedentePrestatore'),
    f('rappresentanteFiscale', 'RappresentanteFiscale', 'RappresentanteFiscale'),
    f('cessionarioCommittente', 'CessionarioCommittente', 'CessionarioCommittente'),
    f('terzoIntermediarioOSoggettoEmittente', 'TerzoIntermediarioOSoggettoEmittente', 'TerzoIntermediario'),
    f('soggettoEmittente', 'SoggettoEmittente', 'code'),
  ],
  FatturaElettronicaBody: [
    f('datiGenerali', 'DatiGenerali', 'DatiGenerali'),
    f('datiBeniServizi', 'DatiBeniServizi', 'DatiBeniServizi'),
    f('datiVeicoli', 'DatiVeicoli', 'DatiVeicoli'),
    f('datiPagamento', 'DatiPagamento', 'DatiPagamento', m),
    f('allegati', 'Allegati', 'Allegati', m),
  ],
  DatiTrasmissione: [
    f('idTrasmittente', 'IdTrasmittente', 'IdFiscale'),
    f('progressivoInvio', 'ProgressivoInvio', 'ascii', { max: 10 }),
    f('formatoTrasmissione', 'FormatoTrasmissione', 'code'),
    f('codiceDestinatario', 'CodiceDestinatario', 'code'),
    f('contattiTrasmittente', 'ContattiTrasmittente', 'ContattiTrasmittente'),
    f('pecDestinatario', 'PECDestinatario', 'code'),
  ],
  IdFiscale: [f('idPaese', 'IdPaese', 'code'), f('idCodice', 'IdCodice', 'code')],
  ContattiTrasmittente: [f('telefono', 'Telefono', 'ascii', { max: 12 }), f('email', 'Email', 'ascii', { max: 256 })],
  CedentePrestatore: [
    f('datiAnagrafici', 'DatiAnagrafici', 'DatiAnagraficiCedente'),
    f('sede', 'Sede', 'Indirizzo'),
    f('stabileOrganizzazione', 'StabileOrganizzazione', 'Indirizzo'),
    f('iscrizioneRea', 'IscrizioneREA', 'IscrizioneREA'),
    f('contatti', 'Contatti', 'Contatti'),
    f('riferimentoAmministrazione', 'RiferimentoAmministrazione', 'ascii', { max: 20 }),
  ],
  DatiAnagraficiCedente: [
    f('idFiscaleIva', 'IdFiscaleIVA', 'IdFiscale'),
    f('codiceFiscale', 'CodiceFiscale', 'code'),
    f('anagrafica', 'Anagrafica', 'Anagrafica'),
    f('alboProfessionale', 'AlboProfessionale', 'latin', { max: 60 }),
    f('provinciaAlbo', 'ProvinciaAlbo', 'code'),
    f('numeroIscrizioneAlbo', 'NumeroIscrizioneAlbo', 'ascii', { max: 60 }),
    f('dataIscrizioneAlbo', 'DataIscrizioneAlbo', 'date'),
    f('regimeFiscale', 'RegimeFiscale', 'code'),
  ],
  Anagrafica: [...anagraficaChoice, f('titolo', 'Titolo', 'ascii', { max: 10 }), f('codEori', 'CodEORI', 'code')],
  Indirizzo: [
    f('indirizzo', 'Indirizzo', 'latin', { max: 60 }),
    f('numeroCivico', 'NumeroCivico', 'ascii', { max: 8 }),
    f('cap', 'CAP', 'code'),
    f('comune', 'Comune', 'latin', { max: 60 }),
    f('provincia', 'Provincia', 'code'),
    f('nazione', 'Nazione', 'code'),
  ],
  IscrizioneREA: [
    f('ufficio', 'Ufficio', 'code'),
    f('numeroRea', 'NumeroREA', 'ascii', { max: 20 }),
    f('capitaleSociale', 'CapitaleSociale', 'a2'),
    f('socioUnico', 'SocioUnico', 'code'),
    f('statoLiquidazione', 'StatoLiquidazione', 'code'),
  ],
  Contatti: [
    f('telefono', 'Telefono', 'ascii', { max: 12 }),
    f('fax', 'Fax', 'ascii', { max: 12 }),
    f('email', 'Email', 'ascii', { max: 256 }),
  ],
  RappresentanteFiscale: [f('datiAnagrafici', 'DatiAnagrafici', 'DatiAnagraficiRappresentante')],
  DatiAnagraficiRappresentante: [
    f('idFiscaleIva', 'IdFiscaleIVA', 'IdFiscale'),
    f('codiceFiscale', 'CodiceFiscale', 'code'),
    f('anagrafica', 'Anagrafica', 'Anagrafica'),
  ],
  CessionarioCommittente: [
    f('datiAnagrafici', 'DatiAnagrafici', 'DatiAnagraficiCessionario'),
    f('sede', 'Sede', 'Indirizzo'),
    f('stabileOrganizzazione', 'StabileOrganizzazione', 'Indirizzo'),
    f('rappresentanteFiscale', 'RappresentanteFiscale', 'RappresentanteFiscaleCessionario'),
  ],
  DatiAnagraficiCessionario: [
    f('idFiscaleIva', 'IdFiscaleIVA', 'IdFiscale'),
    f('codiceFiscale', 'CodiceFiscale', 'code'),
    f('anagrafica', 'Anagrafica', 'Anagrafica'),
  ],
  RappresentanteFiscaleCessionario: [f('idFiscaleIva', 'IdFiscaleIVA', 'IdFiscale'), ...anagraficaChoice],
  TerzoIntermediario: [f('datiAnagrafici', 'DatiAnagrafici', 'DatiAnagraficiCessionario')],
  DatiGenerali: [
    f('datiGeneraliDocumento', 'DatiGeneraliDocumento', 'DatiGeneraliDocumento'),
    f('datiOrdineAcquisto', 'DatiOrdineAcquisto', 'DatiDocumentiCorrelati', m),
    f('datiContratto', 'DatiContratto', 'DatiDocumentiCorrelati', m),
    f('datiConvenzione', 'DatiConvenzione', 'DatiDocumentiCorrelati', m),
    f('datiRicezione', 'DatiRicezione', 'DatiDocumentiCorrelati', m),
    f('datiFattureCollegate', 'DatiFattureCollegate', 'DatiDocumentiCorrelati', m),
    f('datiSal', 'DatiSAL', 'DatiSAL', m),
    f('datiDdt', 'DatiDDT', 'DatiDDT', m),
    f('datiTrasporto', 'DatiTrasporto', 'DatiTrasporto'),
    f('fatturaPrincipale', 'FatturaPrincipale', 'FatturaPrincipale'),
  ],
  DatiGeneraliDocumento: [
    f('tipoDocumento', 'TipoDocumento', 'code'),
    f('divisa', 'Divisa', 'code'),
    f('data', 'Data', 'date'),
    f('numero', 'Numero', 'ascii', { max: 20 }),
    f('datiRitenuta', 'DatiRitenuta', 'DatiRitenuta', m),
    f('datiBollo', 'DatiBollo', 'DatiBollo'),
    f('datiCassaPrevidenziale', 'DatiCassaPrevidenziale', 'DatiCassaPrevidenziale', m),
    f('scontoMaggiorazione', 'ScontoMaggiorazione', 'ScontoMaggiorazione', m),
    f('importoTotaleDocumento', 'ImportoTotaleDocumento', 'a2'),
    f('arrotondamento', 'Arrotondamento', 'a2'),
    f('causale', 'Causale', 'latin', { max: 200, many: true, long: 'split' }),
    f('art73', 'Art73', 'code'),
  ],
  DatiRitenuta: [
    f('tipoRitenuta', 'TipoRitenuta', 'code'),
    f('importoRitenuta', 'ImportoRitenuta', 'a2'),
    f('aliquotaRitenuta', 'AliquotaRitenuta', 'rate'),
    f('causalePagamento', 'CausalePagamento', 'code'),
  ],
  DatiBollo: [f('bolloVirtuale', 'BolloVirtuale', 'code'), f('importoBollo', 'ImportoBollo', 'a2')],
  DatiCassaPrevidenziale: [
    f('tipoCassa', 'TipoCassa', 'code'),
    f('alCassa', 'AlCassa', 'rate'),
    f('importoContributoCassa', 'ImportoContributoCassa', 'a2'),
    f('imponibileCassa', 'ImponibileCassa', 'a2'),
    f('aliquotaIva', 'AliquotaIVA', 'rate'),
    f('ritenuta', 'Ritenuta', 'code'),
    f('natura', 'Natura', 'code'),
    f('riferimentoAmministrazione', 'RiferimentoAmministrazione', 'ascii', { max: 20 }),
  ],
  ScontoMaggiorazione: [f('tipo', 'Tipo', 'code'), f('percentuale', 'Percentuale', 'rate'), f('importo', 'Importo', 'a8')],
  DatiDocumentiCorrelati: [
    f('riferimentoNumeroLinea', 'RiferimentoNumeroLinea', 'int', m),
    f('idDocumento', 'IdDocumento', 'ascii', { max: 20 }),
    f('data', 'Data', 'date'),
    f('numItem', 'NumItem', 'ascii', { max: 20 }),
    f('codiceCommessaConvenzione', 'CodiceCommessaConvenzione', 'latin', { max: 100 }),
    f('codiceCup', 'CodiceCUP', 'ascii', { max: 15 }),
    f('codiceCig', 'CodiceCIG', 'ascii', { max: 15 }),
  ],
  DatiSAL: [f('riferimentoFase', 'RiferimentoFase', 'int')],
  DatiDDT: [
    f('numeroDdt', 'NumeroDDT', 'ascii', { max: 20 }),
    f('dataDdt', 'DataDDT', 'date'),
    f('riferimentoNumeroLinea', 'RiferimentoNumeroLinea', 'int', m),
  ],
  DatiTrasporto: [
    f('datiAnagraficiVettore', 'DatiAnagraficiVettore', 'DatiAnagraficiVettore'),
    f('mezzoTrasporto', 'MezzoTrasporto', 'latin', { max: 80, long: 'truncate' }),
    f('causaleTrasporto', 'CausaleTrasporto', 'latin', { max: 100, long: 'truncate' }),
    f('numeroColli', 'NumeroColli', 'int'),
    f('descrizione', 'Descrizione', 'latin', { max: 100, long: 'truncate' }),
    f('unitaMisuraPeso', 'UnitaMisuraPeso', 'ascii', { max: 10 }),
    f('pesoLordo', 'PesoLordo', 'peso'),
    f('pesoNetto', 'PesoNetto', 'peso'),
    f('dataOraRitiro', 'DataOraRitiro', 'dateTime'),
    f('dataInizioTrasporto', 'DataInizioTrasporto', 'date'),
    f('tipoResa', 'TipoResa', 'code'),
    f('indirizzoResa', 'IndirizzoResa', 'Indirizzo'),
    f('dataOraConsegna', 'DataOraConsegna', 'dateTime'),
  ],
  DatiAnagraficiVettore: [
    f('idFiscaleIva', 'IdFiscaleIVA', 'IdFiscale'),
    f('codiceFiscale', 'CodiceFiscale', 'code'),
    f('anagrafica', 'Anagrafica', 'Anagrafica'),
    f('numeroLicenzaGuida', 'NumeroLicenzaGuida', 'ascii', { max: 20 }),
  ],
  FatturaPrincipale: [
    f('numeroFatturaPrincipale', 'NumeroFatturaPrincipale', 'ascii', { max: 20 }),
    f('dataFatturaPrincipale', 'DataFatturaPrincipale', 'date'),
  ],
  DatiBeniServizi: [f('dettaglioLinee', 'DettaglioLinee', 'DettaglioLinee', m), f('datiRiepilogo', 'DatiRiepilogo', 'DatiRiepilogo', m)],
  DettaglioLinee: [
    f('numeroLinea', 'NumeroLinea', 'int'),
    f('tipoCessionePrestazione', 'TipoCessionePrestazione', 'code'),
    f('codiceArticolo', 'CodiceArticolo', 'CodiceArticolo', m),
    f('descrizione', 'Descrizione', 'latin', { max: 1000, long: 'truncate' }),
    f('quantita', 'Quantita', 'qty'),
    f('unitaMisura', 'UnitaMisura', 'ascii', { max: 10 }),
    f('dataInizioPeriodo', 'DataInizioPeriodo', 'date'),
    f('dataFinePeriodo', 'DataFinePeriodo', 'date'),
    f('prezzoUnitario', 'PrezzoUnitario', 'a8'),
    f('scontoMaggiorazione', 'ScontoMaggiorazione', 'ScontoMaggiorazione', m),
    f('prezzoTotale', 'PrezzoTotale', 'a8'),
    f('aliquotaIva', 'AliquotaIVA', 'rate'),
    f('ritenuta', 'Ritenuta', 'code'),
    f('natura', 'Natura', 'code'),
    f('riferimentoAmministrazione', 'RiferimentoAmministrazione', 'ascii', { max: 20 }),
    f('altriDatiGestionali', 'AltriDatiGestionali', 'AltriDatiGestionali', m),
  ],
  CodiceArticolo: [f('codiceTipo', 'CodiceTipo', 'ascii', { max: 35 }), f('codiceValore', 'CodiceValore', 'ext', { max: 35 })],
  AltriDatiGestionali: [
    f('tipoDato', 'TipoDato', 'ascii', { max: 10 }),
    f('riferimentoTesto', 'RiferimentoTesto', 'latin', { max: 60, long: 'truncate' }),
    f('riferimentoNumero', 'RiferimentoNumero', 'a8'),
    f('riferimentoData', 'RiferimentoData', 'date'),
  ],
  DatiRiepilogo: [
    f('aliquotaIva', 'AliquotaIVA', 'rate'),
    f('natura', 'Natura', 'code'),
    f('speseAccessorie', 'SpeseAccessorie', 'a2'),
    f('arrotondamento', 'Arrotondamento', 'a8'),
    f('imponibileImporto', 'ImponibileImporto', 'a2'),
    f('imposta', 'Imposta', 'a2'),
    f('esigibilitaIva', 'EsigibilitaIVA', 'code'),
    f('riferimentoNormativo', 'RiferimentoNormativo', 'latin', { max: 100, long: 'truncate' }),
  ],
  DatiVeicoli: [f('data', 'Data', 'date'), f('totalePercorso', 'TotalePercorso', 'ascii', { max: 15 })],
  DatiPagamento: [
    f('condizioniPagamento', 'CondizioniPagamento', 'code'),
    f('dettaglioPagamento', 'DettaglioPagamento', 'DettaglioPagamento', m),
  ],
  DettaglioPagamento: [
    f('beneficiario', 'Beneficiario', 'latin', { max: 200 }),
    f('modalitaPagamento', 'ModalitaPagamento', 'code'),
    f('dataRiferimentoTerminiPagamento', 'DataRiferimentoTerminiPagamento', 'date'),
    f('giorniTerminiPagamento', 'GiorniTerminiPagamento', 'int'),
    f('dataScadenzaPagamento', 'DataScadenzaPagamento', 'date'),
    f('importoPagamento', 'ImportoPagamento', 'a2'),
    f('codUfficioPostale', 'CodUfficioPostale', 'ascii', { max: 20 }),
    f('cognomeQuietanzante', 'CognomeQuietanzante', 'latin', { max: 60 }),
    f('nomeQuietanzante', 'NomeQuietanzante', 'latin', { max: 60 }),
    f('cfQuietanzante', 'CFQuietanzante', 'code'),
    f('titoloQuietanzante', 'TitoloQuietanzante', 'ascii', { max: 10 }),
    f('istitutoFinanziario', 'IstitutoFinanziario', 'latin', { max: 80 }),
    f('iban', 'IBAN', 'code'),
    f('abi', 'ABI', 'code'),
    f('cab', 'CAB', 'code'),
    f('bic', 'BIC', 'code'),
    f('scontoPagamentoAnticipato', 'ScontoPagamentoAnticipato', 'a2'),
    f('dataLimitePagamentoAnticipato', 'DataLimitePagamentoAnticipato', 'date'),
    f('penalitaPagamentiRitardati', 'PenalitaPagamentiRitardati', 'a2'),
    f('dataDecorrenzaPenale', 'DataDecorrenzaPenale', 'date'),
    f('codicePagamento', 'CodicePagamento', 'ascii', { max: 60 }),
  ],
  Allegati: [
    f('nomeAttachment', 'NomeAttachment', 'latin', { max: 60 }),
    f('algoritmoCompressione', 'AlgoritmoCompressione', 'ascii', { max: 10 }),
    f('formatoAttachment', 'FormatoAttachment', 'ascii', { max: 10 }),
    f('descrizioneAttachment', 'DescrizioneAttachment', 'latin', { max: 100, long: 'truncate' }),
    f('attachment', 'Attachment', 'b64'),
  ],
}

export const ROOT_NS = 'http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2'
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#'

/** Every LeafKind (the Record type makes the list complete). */
const LEAF_KINDS: Readonly<Record<LeafKind, true>> = {
  a2: true,
  a8: true,
  rate: true,
  qty: true,
  peso: true,
  int: true,
  date: true,
  dateTime: true,
  code: true,
  ascii: true,
  latin: true,
  ext: true,
  b64: true,
}
const LEAVES: ReadonlySet<string> = new Set(Object.keys(LEAF_KINDS))

export function isLeaf(kind: Field['kind']): kind is LeafKind {
  return LEAVES.has(kind)
}
