/**
 * What an accountant reads on a FatturaPA, taken from its XML tree (any valid document, ours or
 * not): the parties, each body's document data, lines, VAT summary, totals and payment terms.
 * Values stay as written in the XML (amounts as their decimal strings), labels come from the code
 * tables. Pure; the HTML and PDF views in adapters/fatturapa draw it.
 * @module
 */

import { NATURE } from './codes.ts'
import type { XmlElement } from './xml-tree.ts'

export type ViewParty = {
  readonly name: string
  readonly vat: string | null
  readonly taxCode: string | null
  readonly address: readonly string[]
  readonly extra: readonly string[]
}

export type ViewLine = {
  readonly number: string
  readonly description: string
  readonly quantity: string | null
  readonly unit: string | null
  readonly unitPrice: string
  readonly discount: string | null
  readonly rate: string
  readonly total: string
}

export type ViewSummary = {
  readonly rate: string
  readonly taxable: string
  readonly tax: string
  readonly chargeability: string | null
  readonly reference: string | null
}

export type ViewPayment = {
  readonly terms: string
  readonly method: string
  readonly amount: string
  readonly due: string | null
  readonly iban: string | null
  readonly beneficiary: string | null
}

export type ViewBody = {
  readonly documentType: string
  readonly documentLabel: string
  readonly number: string
  readonly date: string
  readonly currency: string
  readonly reasons: readonly string[]
  readonly lines: readonly ViewLine[]
  readonly summary: readonly ViewSummary[]
  readonly total: string | null
  readonly notes: readonly string[]
  readonly payments: readonly ViewPayment[]
}

export type InvoiceView = {
  readonly format: string
  readonly progressivo: string
  readonly recipientCode: string
  readonly recipientPec: string | null
  readonly supplier: ViewParty
  readonly customer: ViewParty
  readonly bodies: readonly ViewBody[]
}

const DOCUMENT_LABELS: Readonly<Record<string, string>> = {
  TD01: 'Fattura',
  TD02: 'Acconto/anticipo su fattura',
  TD03: 'Acconto/anticipo su parcella',
  TD04: 'Nota di credito',
  TD05: 'Nota di debito',
  TD06: 'Parcella',
  TD16: 'Integrazione fattura reverse charge interno',
  TD17: 'Integrazione/autofattura per acquisto servizi dall’estero',
  TD18: 'Integrazione per acquisto di beni intracomunitari',
  TD19: 'Integrazione/autofattura per acquisto di beni ex art. 17 c.2 DPR 633/72',
  TD20: 'Autofattura per regolarizzazione e integrazione delle fatture',
  TD21: 'Autofattura per splafonamento',
  TD22: 'Estrazione beni da Deposito IVA',
  TD23: 'Estrazione beni da Deposito IVA con versamento dell’IVA',
  TD24: 'Fattura differita (art. 21 c.4 lett. a)',
  TD25: 'Fattura differita (art. 21 c.4 terzo periodo lett. b)',
  TD26: 'Cessione di beni ammortizzabili e passaggi interni',
  TD27: 'Fattura per autoconsumo o cessioni gratuite senza rivalsa',
  TD28: 'Acquisti da San Marino con IVA (fattura cartacea)',
  TD29: 'Comunicazione per omessa o irregolare fatturazione',
}

const PAYMENT_TERMS: Readonly<Record<string, string>> = {
  TP01: 'Pagamento a rate',
  TP02: 'Pagamento completo',
  TP03: 'Anticipo',
}

const PAYMENT_METHODS: Readonly<Record<string, string>> = {
  MP01: 'Contanti',
  MP02: 'Assegno',
  MP03: 'Assegno circolare',
  MP04: 'Contanti presso Tesoreria',
  MP05: 'Bonifico',
  MP06: 'Vaglia cambiario',
  MP07: 'Bollettino bancario',
  MP08: 'Carta di pagamento',
  MP09: 'RID',
  MP10: 'RID utenze',
  MP11: 'RID veloce',
  MP12: 'RIBA',
  MP13: 'MAV',
  MP14: 'Quietanza erario',
  MP15: 'Giroconto su conti di contabilità speciale',
  MP16: 'Domiciliazione bancaria',
  MP17: 'Domiciliazione postale',
  MP18: 'Bollettino di c/c postale',
  MP19: 'SEPA Direct Debit',
  MP20: 'SEPA Direct Debit CORE',
  MP21: 'SEPA Direct Debit B2B',
  MP22: 'Trattenuta su somme già riscosse',
  MP23: 'PagoPA',
}

const CHARGEABILITY: Readonly<Record<string, string>> = {
  I: 'IVA ad esigibilità immediata',
  D: 'IVA ad esigibilità differita',
  S: 'Scissione dei pagamenti',
}

function child(e: XmlElement | undefined, name: string): XmlElement | undefined {
  return e?.children.find((c) => c.name === name)
}

function children(e: XmlElement | undefined, name: string): readonly XmlElement[] {
  return e ? e.children.filter((c) => c.name === name) : []
}

function at(e: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = e
  for (const p of path) cur = child(cur, p)
  return cur
}

function text(e: XmlElement | undefined, ...path: string[]): string | null {
  const t = at(e, ...path)?.text.trim()
  return t ? t : null
}

function partyOf(e: XmlElement | undefined, extra: readonly (string | null)[]): ViewParty {
  const dati = child(e, 'DatiAnagrafici')
  const anagrafica = child(dati, 'Anagrafica')
  const name =
    text(anagrafica, 'Denominazione') ??
    [text(anagrafica, 'Titolo'), text(anagrafica, 'Nome'), text(anagrafica, 'Cognome')].filter((s) => s !== null).join(' ')
  const vatCountry = text(dati, 'IdFiscaleIVA', 'IdPaese')
  const vatCode = text(dati, 'IdFiscaleIVA', 'IdCodice')
  const sede = child(e, 'Sede')
  const street = [text(sede, 'Indirizzo'), text(sede, 'NumeroCivico')].filter((s) => s !== null).join(' ')
  const town = [text(sede, 'CAP'), text(sede, 'Comune'), text(sede, 'Provincia') ? `(${text(sede, 'Provincia')})` : null]
    .filter((s) => s !== null)
    .join(' ')
  return {
    name: name || '—',
    vat: vatCountry && vatCode ? `${vatCountry}${vatCode}` : null,
    taxCode: text(dati, 'CodiceFiscale'),
    address: [street, town, text(sede, 'Nazione')].filter((s): s is string => s !== null && s.length > 0),
    extra: extra.filter((s): s is string => s !== null),
  }
}

function rateOf(e: XmlElement): string {
  const rate = text(e, 'AliquotaIVA') ?? '0.00'
  const natura = text(e, 'Natura')
  if (!natura) return `${rate}%`
  const label = (NATURE as Readonly<Record<string, string>>)[natura]
  return label ? `${natura} – ${label}` : natura
}

function lineOf(e: XmlElement): ViewLine {
  const discounts = children(e, 'ScontoMaggiorazione').map((s) => {
    const sign = text(s, 'Tipo') === 'MG' ? '+' : '−'
    const pct = text(s, 'Percentuale')
    const amount = text(s, 'Importo')
    return `${sign}${pct ? `${pct}%` : (amount ?? '')}`
  })
  return {
    number: text(e, 'NumeroLinea') ?? '',
    description: text(e, 'Descrizione') ?? '',
    quantity: text(e, 'Quantita'),
    unit: text(e, 'UnitaMisura'),
    unitPrice: text(e, 'PrezzoUnitario') ?? '',
    discount: discounts.length > 0 ? discounts.join(' ') : null,
    rate: rateOf(e),
    total: text(e, 'PrezzoTotale') ?? '',
  }
}

function bodyOf(b: XmlElement): ViewBody {
  const doc = at(b, 'DatiGenerali', 'DatiGeneraliDocumento')
  const type = text(doc, 'TipoDocumento') ?? ''
  const beni = child(b, 'DatiBeniServizi')
  const notes: string[] = []
  const ritenute = children(doc, 'DatiRitenuta')
  for (const r of ritenute)
    notes.push(`Ritenuta ${text(r, 'TipoRitenuta') ?? ''}: ${text(r, 'ImportoRitenuta') ?? ''} (${text(r, 'AliquotaRitenuta') ?? ''}%)`)
  const bollo = child(doc, 'DatiBollo')
  if (bollo) notes.push(`Bollo virtuale: ${text(bollo, 'ImportoBollo') ?? ''}`)
  for (const c of children(doc, 'DatiCassaPrevidenziale')) {
    notes.push(
      `Cassa previdenziale ${text(c, 'TipoCassa') ?? ''}: ${text(c, 'ImportoContributoCassa') ?? ''} (${text(c, 'AlCassa') ?? ''}%)`,
    )
  }
  for (const linked of ['DatiOrdineAcquisto', 'DatiContratto', 'DatiConvenzione', 'DatiFattureCollegate', 'DatiDDT']) {
    for (const r of children(child(b, 'DatiGenerali'), linked)) {
      const id = text(r, 'IdDocumento') ?? text(r, 'NumeroDDT')
      const date = text(r, 'Data') ?? text(r, 'DataDDT')
      if (id) notes.push(`${linked.replace('Dati', '')}: ${id}${date ? ` del ${date}` : ''}`)
    }
  }
  const payments = children(b, 'DatiPagamento').flatMap((p) =>
    children(p, 'DettaglioPagamento').map((d) => ({
      terms: PAYMENT_TERMS[text(p, 'CondizioniPagamento') ?? ''] ?? text(p, 'CondizioniPagamento') ?? '',
      method: PAYMENT_METHODS[text(d, 'ModalitaPagamento') ?? ''] ?? text(d, 'ModalitaPagamento') ?? '',
      amount: text(d, 'ImportoPagamento') ?? '',
      due: text(d, 'DataScadenzaPagamento'),
      iban: text(d, 'IBAN'),
      beneficiary: text(d, 'Beneficiario'),
    })),
  )
  return {
    documentType: type,
    documentLabel: DOCUMENT_LABELS[type] ?? type,
    number: text(doc, 'Numero') ?? '',
    date: text(doc, 'Data') ?? '',
    currency: text(doc, 'Divisa') ?? 'EUR',
    reasons: children(doc, 'Causale').map((c) => c.text.trim()),
    lines: children(beni, 'DettaglioLinee').map(lineOf),
    summary: children(beni, 'DatiRiepilogo').map((r) => ({
      rate: rateOf(r),
      taxable: text(r, 'ImponibileImporto') ?? '',
      tax: text(r, 'Imposta') ?? '',
      chargeability: CHARGEABILITY[text(r, 'EsigibilitaIVA') ?? ''] ?? null,
      reference: text(r, 'RiferimentoNormativo'),
    })),
    total: text(doc, 'ImportoTotaleDocumento'),
    notes,
    payments,
  }
}

/** The view of a parsed FatturaPA; `null` when the root is not a FatturaElettronica. */
export function invoiceView(root: XmlElement): InvoiceView | null {
  if (root.name !== 'FatturaElettronica') return null
  const header = child(root, 'FatturaElettronicaHeader')
  const trasmissione = child(header, 'DatiTrasmissione')
  const cedente = child(header, 'CedentePrestatore')
  const cessionario = child(header, 'CessionarioCommittente')
  const regime = text(cedente, 'DatiAnagrafici', 'RegimeFiscale')
  return {
    format: root.attrs['versione'] ?? text(trasmissione, 'FormatoTrasmissione') ?? '',
    progressivo: text(trasmissione, 'ProgressivoInvio') ?? '',
    recipientCode: text(trasmissione, 'CodiceDestinatario') ?? '',
    recipientPec: text(trasmissione, 'PECDestinatario'),
    supplier: partyOf(cedente, [
      regime ? `Regime fiscale ${regime}` : null,
      text(cedente, 'Contatti', 'Email'),
      text(cedente, 'IscrizioneREA', 'Ufficio') && text(cedente, 'IscrizioneREA', 'NumeroREA')
        ? `REA ${text(cedente, 'IscrizioneREA', 'Ufficio')}-${text(cedente, 'IscrizioneREA', 'NumeroREA')}`
        : null,
    ]),
    customer: partyOf(cessionario, []),
    bodies: children(root, 'FatturaElettronicaBody').map(bodyOf),
  }
}
