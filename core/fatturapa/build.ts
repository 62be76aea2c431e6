/**
 * `buildInvoice`: checks an {@link InvoiceInput}, computes every amount (totals.ts) and returns the
 * complete {@link Invoice} with its warnings, or every problem found. Problems carry stable codes:
 * SDI's own (`00400`, `00422`, … layer `sdi`) where SDI would discard the file for the same reason,
 * `ID-PIVA` / `ID-CF` (layer `identifier`) for a wrong check digit or character, and `INPUT-*`,
 * `DOC-*`, `TEXT-*` (layer `xsd`) for what the schema or the document type requires.
 * @module
 */

import {
  abs,
  address,
  amount,
  anagrafica,
  B,
  bad,
  codiceFiscale,
  compact,
  contacts,
  DGD,
  date,
  dayOfNextMonth,
  endOfNextMonth,
  H,
  Issues,
  MAX_AMOUNT,
  oneOf,
  rate,
  required,
  taxIdIva,
} from './build-checks.ts'
import { buildLine, docRefs, lineRefs, natureFor, payment } from './build-parts.ts'
import {
  CAUSALI_PAGAMENTO,
  ESIGIBILITA,
  FORMATI,
  type FormatoTrasmissione,
  NATURE,
  NATURE_BOLLO,
  ONLY_1_2_3,
  REGIMI,
  TD_DEFERRED,
  TD_DISTINCT_PARTIES,
  TD_FOREIGN_CEDENTE,
  TD_NEED_CESSIONARIO_IVA,
  TD_NEED_LINKED_INVOICE,
  TD_SAME_PARTY,
  TIPI_CASSA,
  TIPI_DOCUMENTO,
  TIPI_RITENUTA,
} from './codes.ts'
import { cmp, type Dec, fmt2, parseDec, round, sub, sum, ZERO } from './decimal.ts'
import { isValidTransmitterId } from './file-name.ts'
import type { BuildOptions, InvoiceInput } from './input.ts'
import type { ValidationIssue } from './issue.ts'
import type { Body, DatiCassaPrevidenziale, DatiRiepilogo, DatiRitenuta, DettaglioLinee, Invoice, ScontoMaggiorazione } from './model.ts'
import { sameSubject } from './rules/parties.ts'
import { sanitizeInvoice } from './sanitize.ts'
import { type Discount, documentTotal, netUnitPrice, percentage, type SummaryItem, vatSummary } from './totals.ts'

export type { BuildOptions, InvoiceInput } from './input.ts'

/** Document types the cessionario issues about its own purchases (integrazioni, autofatture, TD29). */
const ISSUED_BY_CESSIONARIO: ReadonlySet<string> = new Set(['TD16', 'TD17', 'TD18', 'TD19', 'TD20', 'TD22', 'TD23', 'TD28', 'TD29'])

export type BuildResult = { ok: true; invoice: Invoice; warnings: ValidationIssue[] } | { ok: false; issues: ValidationIssue[] }

const BOLLO_THRESHOLD = parseDec('77.47') as Dec
const BOLLO_AMOUNT = '2.00'

/**
 * @example
 * const r = buildInvoice({ formato: 'FPR12', tipoDocumento: 'TD01', numero: 'FT-1', data: '2026-03-01', cedente, cessionario,
 *   righe: [{ descrizione: 'Pacchetto', prezzoUnitario: 150, aliquotaIva: 22 }] })
 * if (r.ok) r.invoice.bodies[0]?.datiBeniServizi.datiRiepilogo[0]?.imposta // '33.00'
 */
export function buildInvoice(input: InvoiceInput, options: BuildOptions = {}): BuildResult {
  const is = new Issues()
  const v123 = options.schemaVersion === '1.2.3'

  // ---- document ----
  const formato = oneOf(
    is,
    input.formato,
    FORMATI,
    `${H}/DatiTrasmissione/FormatoTrasmissione`,
    'FormatoTrasmissione',
  ) as FormatoTrasmissione
  const tipo = oneOf(is, input.tipoDocumento, TIPI_DOCUMENTO, `${DGD}/TipoDocumento`, 'TipoDocumento')
  if (ONLY_1_2_3.has(input.tipoDocumento) && !v123) {
    is.error('xsd', 'INPUT-SCHEMA-1.2.3', `${DGD}/TipoDocumento`, {
      it: `${input.tipoDocumento} esiste solo nello schema 1.2.3: richiedere schemaVersion 1.2.3`,
      en: `${input.tipoDocumento} exists only in schema 1.2.3: ask for schemaVersion 1.2.3`,
    })
  }
  const divisa = input.divisa ?? 'EUR'
  if (!/^[A-Z]{3}$/.test(divisa)) bad(is, `${DGD}/Divisa`, 'Divisa', 'un codice ISO 4217 di 3 lettere', 'a 3-letter ISO 4217 code')
  const data = date(is, input.data, `${DGD}/Data`, 'Data', true)
  const numero = (input.numero ?? '').trim()
  if (numero === '') required(is, `${DGD}/Numero`, 'Numero')
  else if (!/\d/.test(numero)) {
    is.error('sdi', '00425', `${DGD}/Numero`, { it: 'Numero senza caratteri numerici', en: 'Numero has no digit' })
  }

  // ---- parties ----
  const cedIdPaese = input.cedente.idPaese ?? 'IT'
  const cedPiva = taxIdIva(is, cedIdPaese, input.cedente.partitaIva, `${H}/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA`, true)
  const cedCf = input.cedente.codiceFiscale
    ? codiceFiscale(is, input.cedente.codiceFiscale, `${H}/CedentePrestatore/DatiAnagrafici/CodiceFiscale`)
    : undefined
  const regime = oneOf(is, input.cedente.regimeFiscale, REGIMI, `${H}/CedentePrestatore/DatiAnagrafici/RegimeFiscale`, 'RegimeFiscale')
  if (ONLY_1_2_3.has(input.cedente.regimeFiscale) && !v123) {
    is.error('xsd', 'INPUT-SCHEMA-1.2.3', `${H}/CedentePrestatore/DatiAnagrafici/RegimeFiscale`, {
      it: `${input.cedente.regimeFiscale} esiste solo nello schema 1.2.3: richiedere schemaVersion 1.2.3`,
      en: `${input.cedente.regimeFiscale} exists only in schema 1.2.3: ask for schemaVersion 1.2.3`,
    })
  }
  const cedAna = anagrafica(is, input.cedente, `${H}/CedentePrestatore/DatiAnagrafici/Anagrafica`)
  const cedSede = address(is, input.cedente.sede, `${H}/CedentePrestatore/Sede`)

  const cess = input.cessionario
  const cessIdPaese = cess.idPaese ?? 'IT'
  const cessPath = `${H}/CessionarioCommittente/DatiAnagrafici`
  const cessPiva = cess.partitaIva ? taxIdIva(is, cessIdPaese, cess.partitaIva, `${cessPath}/IdFiscaleIVA`, false) : undefined
  const cessCf = cess.codiceFiscale ? codiceFiscale(is, cess.codiceFiscale, `${cessPath}/CodiceFiscale`) : undefined
  if (!cess.partitaIva && !cess.codiceFiscale) {
    is.error('sdi', '00417', cessPath, {
      it: 'Cessionario senza IdFiscaleIVA né CodiceFiscale (almeno uno è obbligatorio)',
      en: 'Cessionario has neither IdFiscaleIVA nor CodiceFiscale (one is required)',
    })
  }
  const cessAna = anagrafica(is, cess, `${cessPath}/Anagrafica`)
  const cessSede = address(is, cess.sede, `${H}/CessionarioCommittente/Sede`)

  // ---- routing ----
  const dt = `${H}/DatiTrasmissione`
  let codiceDestinatario = cess.codiceDestinatario?.trim() ?? ''
  if (formato === 'FPA12') {
    if (!/^[A-Z0-9]{6}$/.test(codiceDestinatario)) {
      is.error('sdi', '00427', `${dt}/CodiceDestinatario`, {
        it: 'FPA12 richiede il codice univoco ufficio di 6 caratteri (A-Z, 0-9) in CodiceDestinatario',
        en: 'FPA12 needs the 6-character codice univoco ufficio (A-Z, 0-9) in CodiceDestinatario',
      })
    }
    if (cess.pec) {
      is.error('sdi', '00426', `${dt}/PECDestinatario`, {
        it: 'PECDestinatario non si usa verso la Pubblica Amministrazione (FPA12)',
        en: 'PECDestinatario is not used towards a public administration (FPA12)',
      })
    }
  } else if (formato === 'FPR12') {
    if (codiceDestinatario === '') codiceDestinatario = '0000000'
    if (!/^[A-Z0-9]{7}$/.test(codiceDestinatario)) {
      is.error('sdi', '00427', `${dt}/CodiceDestinatario`, {
        it: 'FPR12 richiede un CodiceDestinatario di 7 caratteri (A-Z, 0-9) oppure 0000000',
        en: 'FPR12 needs a 7-character CodiceDestinatario (A-Z, 0-9) or 0000000',
      })
    }
    if (codiceDestinatario === 'XXXXXXX' && !(cess.partitaIva && cessIdPaese !== 'IT')) {
      is.error('sdi', '00313', `${dt}/CodiceDestinatario`, {
        it: 'XXXXXXX solo per un cessionario non residente con IdFiscaleIVA estero',
        en: 'XXXXXXX only for a non-resident cessionario with a foreign IdFiscaleIVA',
      })
    }
    if (cess.pec !== undefined) {
      if (codiceDestinatario !== '0000000') {
        is.error('sdi', '00426', `${dt}/PECDestinatario`, {
          it: 'PECDestinatario ammesso solo con CodiceDestinatario 0000000',
          en: 'PECDestinatario is allowed only with CodiceDestinatario 0000000',
        })
      }
      if (!/^[^\s@"()<>[\]\\,;:]+@[^\s@"()<>[\]\\,;:]+\.[^\s@"()<>[\]\\,;:]+$/.test(cess.pec) || cess.pec.length > 256) {
        bad(is, `${dt}/PECDestinatario`, 'PECDestinatario', 'un indirizzo email valido', 'a valid email address')
      }
    }
  }

  // ---- document type / parties rules (00471–00476; 00474, on the lines, is checked with them below) ----
  const cedKey = `${cedIdPaese}${input.cedente.partitaIva}`
  const cessKey = cess.partitaIva ? `${cessIdPaese}${cess.partitaIva}` : undefined
  // The same notion of "the same subject" as the SDI rules (rules/parties.ts): a VAT group's members
  // share an IdFiscaleIVA but not a CodiceFiscale; without the cessionario's IdFiscaleIVA, codici fiscali decide.
  const same = sameSubject(
    { idFiscale: true, idPaese: cedIdPaese, idCodice: input.cedente.partitaIva, codiceFiscale: input.cedente.codiceFiscale },
    { idFiscale: cessKey, idPaese: cessIdPaese, idCodice: cess.partitaIva, codiceFiscale: cess.codiceFiscale },
  )
  if (TD_DISTINCT_PARTIES.has(input.tipoDocumento) && same === true) {
    is.error('sdi', '00471', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${input.tipoDocumento} cedente e cessionario non possono coincidere`,
      en: `With ${input.tipoDocumento} cedente and cessionario cannot be the same`,
    })
  }
  const sameByCf =
    cess.codiceFiscale !== undefined &&
    (cess.codiceFiscale === input.cedente.codiceFiscale || cess.codiceFiscale === input.cedente.partitaIva)
  if (TD_SAME_PARTY.has(input.tipoDocumento) && cessKey !== cedKey && !sameByCf) {
    is.error('sdi', '00472', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${input.tipoDocumento} cedente e cessionario devono coincidere`,
      en: `With ${input.tipoDocumento} cedente and cessionario must be the same`,
    })
  }
  if ((TD_FOREIGN_CEDENTE.has(input.tipoDocumento) && cedIdPaese === 'IT') || (input.tipoDocumento === 'TD29' && cedIdPaese !== 'IT')) {
    is.error('sdi', '00473', `${H}/CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdPaese`, {
      it: `IdPaese del cedente non ammesso per ${input.tipoDocumento}`,
      en: `The cedente's IdPaese is not allowed for ${input.tipoDocumento}`,
    })
  }
  if (TD_NEED_CESSIONARIO_IVA.has(input.tipoDocumento) && !cess.partitaIva) {
    is.error('sdi', '00475', `${cessPath}/IdFiscaleIVA`, {
      it: `Con ${input.tipoDocumento} è obbligatorio l'IdFiscaleIVA del cessionario`,
      en: `With ${input.tipoDocumento} the cessionario's IdFiscaleIVA is required`,
    })
  }
  if (cedIdPaese !== 'IT' && cessIdPaese !== 'IT' && cess.partitaIva) {
    is.error('sdi', '00476', `${cessPath}/IdFiscaleIVA/IdPaese`, {
      it: 'Cedente e cessionario non possono essere entrambi esteri',
      en: 'Cedente and cessionario cannot both be foreign',
    })
  }

  // ---- lines ----
  const righe = input.righe ?? []
  if (righe.length === 0) required(is, `${B}/DatiBeniServizi/DettaglioLinee`, 'DettaglioLinee')
  if (righe.length > 9999) {
    is.error('xsd', 'INPUT-RANGE', `${B}/DatiBeniServizi/DettaglioLinee`, { it: 'Al massimo 9999 linee', en: 'At most 9999 lines' })
  }
  const anyRitenutaFlag = righe.some((r) => r.ritenuta === true)
  const hasRitenute = (input.ritenute?.length ?? 0) > 0
  const lines: DettaglioLinee[] = []
  const lineTotals: Dec[] = []
  const summaryItems: SummaryItem[] = []
  const ritenutaBase: Dec[] = []
  righe.forEach((r, i) => {
    const p = `${B}/DatiBeniServizi/DettaglioLinee[${i + 1}]`
    const line = buildLine(is, r, i + 1, p, input.tipoDocumento)
    if (!line) return
    if (input.tipoDocumento === 'TD21' && cmp(line.aliquota, ZERO) === 0) {
      is.error('sdi', '00474', `${p}/AliquotaIVA`, {
        it: 'Con TD21 (autofattura per splafonamento) non sono ammesse linee con AliquotaIVA pari a zero',
        en: 'With TD21 (autofattura per splafonamento) no line may have AliquotaIVA zero',
      })
    }
    const subject = r.ritenuta === true || (hasRitenute && !anyRitenutaFlag && r.ritenuta !== false)
    if (subject && !hasRitenute) {
      is.error('sdi', '00411', `${p}/Ritenuta`, {
        it: 'Linea soggetta a ritenuta senza DatiRitenuta',
        en: 'Line subject to withholding without DatiRitenuta',
      })
    }
    if (subject) ritenutaBase.push(line.total)
    lines.push({ ...line.model, ...(subject ? { ritenuta: 'SI' as const } : {}) })
    lineTotals.push(line.total)
    summaryItems.push({
      aliquota: line.aliquota,
      amount: line.total,
      ...(line.model.natura !== undefined ? { natura: line.model.natura } : {}),
      ...(line.rif !== undefined ? { riferimentoNormativo: line.rif } : {}),
    })
  })

  // ---- cassa previdenziale ----
  const casse: DatiCassaPrevidenziale[] = []
  for (const [i, c] of (input.casse ?? []).entries()) {
    const p = `${DGD}/DatiCassaPrevidenziale[${i + 1}]`
    const tipoCassa = oneOf(is, c.tipo, TIPI_CASSA, `${p}/TipoCassa`, 'TipoCassa')
    const alCassa = rate(is, c.alCassa, `${p}/AlCassa`, 'AlCassa')
    const aliquota = rate(is, c.aliquotaIva, `${p}/AliquotaIVA`, 'AliquotaIVA')
    const imponibile = c.imponibile !== undefined ? amount(is, c.imponibile, `${p}/ImponibileCassa`, 'ImponibileCassa', 2) : sum(lineTotals)
    const natura = natureFor(is, c.natura, aliquota, p, input.tipoDocumento, ['00413', '00414'])
    if (c.ritenuta && !hasRitenute) {
      is.error('sdi', '00415', `${p}/Ritenuta`, {
        it: 'Cassa soggetta a ritenuta senza DatiRitenuta',
        en: 'Cassa subject to withholding without DatiRitenuta',
      })
    }
    if (!tipoCassa || !alCassa || !aliquota || !imponibile) continue
    if (cmp(abs(imponibile), MAX_AMOUNT) > 0) {
      // The default base is the sum of the lines, which can exceed the 11 integer digits of Amount2DecimalType.
      is.error('xsd', 'INPUT-RANGE', `${p}/ImponibileCassa`, { it: 'Importo troppo grande', en: 'Amount too large' })
      continue
    }
    const contributo = percentage(imponibile, alCassa)
    if (c.ritenuta) ritenutaBase.push(contributo)
    casse.push(
      compact({
        tipoCassa,
        alCassa: fmt2(alCassa),
        importoContributoCassa: fmt2(contributo),
        imponibileCassa: fmt2(imponibile),
        aliquotaIva: fmt2(aliquota),
        ritenuta: c.ritenuta ? ('SI' as const) : undefined,
        natura,
        riferimentoAmministrazione: c.riferimentoAmministrazione,
      }),
    )
    summaryItems.push({ aliquota, amount: contributo, ...(natura !== undefined ? { natura } : {}) })
  }

  // ---- ritenute ----
  const ritenute: DatiRitenuta[] = []
  for (const [i, r] of (input.ritenute ?? []).entries()) {
    const p = `${DGD}/DatiRitenuta[${i + 1}]`
    const tipoR = oneOf(is, r.tipo, TIPI_RITENUTA, `${p}/TipoRitenuta`, 'TipoRitenuta')
    const aliquota = rate(is, r.aliquota, `${p}/AliquotaRitenuta`, 'AliquotaRitenuta')
    const causale = oneOf(is, r.causalePagamento, CAUSALI_PAGAMENTO, `${p}/CausalePagamento`, 'CausalePagamento')
    const override = r.importo !== undefined ? amount(is, r.importo, `${p}/ImportoRitenuta`, 'ImportoRitenuta', 2) : undefined
    if (!tipoR || !aliquota || !causale) continue
    const importo = override ?? percentage(sum(ritenutaBase), aliquota)
    ritenute.push({ tipoRitenuta: tipoR, importoRitenuta: fmt2(importo), aliquotaRitenuta: fmt2(aliquota), causalePagamento: causale })
  }
  if (ritenute.length > 1 && new Set(ritenute.map((r) => r.tipoRitenuta)).size < ritenute.length) {
    is.error('xsd', 'INPUT-DUPLICATE', `${DGD}/DatiRitenuta`, { it: 'TipoRitenuta ripetuto', en: 'TipoRitenuta repeated' })
  }

  // ---- VAT summary ----
  const esig = input.esigibilitaIva ?? 'I'
  if (!(ESIGIBILITA as readonly string[]).includes(esig))
    bad(is, `${B}/DatiBeniServizi/DatiRiepilogo/EsigibilitaIVA`, 'EsigibilitaIVA', 'I, D o S', 'I, D or S')
  const rows = vatSummary(summaryItems)
  const riepilogo: DatiRiepilogo[] = rows.map((r) =>
    compact({
      aliquotaIva: fmt2(r.aliquota),
      natura: r.natura,
      imponibileImporto: fmt2(r.imponibile),
      imposta: fmt2(r.imposta),
      // 00420: no split payment on reverse charge; natura rows keep the esigibilità only when it is not S.
      esigibilitaIva: r.natura !== undefined && esig === 'S' ? undefined : esig,
      riferimentoNormativo: r.natura !== undefined ? (r.riferimentoNormativo ?? NATURE[r.natura as keyof typeof NATURE]) : undefined,
    }),
  )
  for (const r of rows) {
    if (cmp(abs(r.imponibile), MAX_AMOUNT) > 0) {
      is.error('xsd', 'INPUT-RANGE', `${B}/DatiBeniServizi/DatiRiepilogo/ImponibileImporto`, {
        it: 'Importo troppo grande',
        en: 'Amount too large',
      })
    }
  }
  // Document-level discounts and surcharges (2.1.1.8) change ImportoTotaleDocumento only.
  const docDiscounts: Discount[] = []
  const scontiDocumento: ScontoMaggiorazione[] = []
  for (const [i, d] of (input.scontiDocumento ?? []).entries()) {
    const p = `${DGD}/ScontoMaggiorazione[${i + 1}]`
    if (d.tipo !== 'SC' && d.tipo !== 'MG') bad(is, `${p}/Tipo`, 'Tipo', 'SC o MG', 'SC or MG')
    if (d.percentuale === undefined && d.importo === undefined) {
      is.error('sdi', '00437', p, {
        it: 'Sconto/maggiorazione senza Percentuale né Importo',
        en: 'Discount/surcharge with neither Percentuale nor Importo',
      })
      continue
    }
    const perc = d.percentuale !== undefined ? rate(is, d.percentuale, `${p}/Percentuale`, 'Percentuale') : undefined
    const imp = d.percentuale === undefined && d.importo !== undefined ? amount(is, d.importo, `${p}/Importo`, 'Importo', 2) : undefined
    if (imp && cmp(imp, ZERO) < 0) bad(is, `${p}/Importo`, 'Importo', 'un importo positivo', 'a positive amount')
    if (perc) docDiscounts.push({ tipo: d.tipo, percentuale: perc })
    else if (imp) docDiscounts.push({ tipo: d.tipo, importo: imp })
    scontiDocumento.push(compact({ tipo: d.tipo, percentuale: perc ? fmt2(perc) : undefined, importo: imp ? fmt2(imp) : undefined }))
  }
  const totale = round(netUnitPrice(documentTotal(rows), docDiscounts), 2)
  if (cmp(abs(totale), MAX_AMOUNT) > 0) {
    is.error('xsd', 'INPUT-RANGE', `${DGD}/ImportoTotaleDocumento`, { it: 'Importo totale troppo grande', en: 'Total amount too large' })
  }

  // ---- bollo ----
  const exempt = sum(rows.filter((r) => r.natura !== undefined && NATURE_BOLLO.has(r.natura)).map((r) => r.imponibile))
  const bollo = input.bollo === undefined || input.bollo === 'auto' ? cmp(exempt, BOLLO_THRESHOLD) > 0 : input.bollo

  // ---- references ----
  const linkedPath = `${B}/DatiGenerali/DatiFattureCollegate`
  const fattureCollegate = docRefs(is, input.fattureCollegate, linkedPath, lines.length)
  const ordini = docRefs(is, input.ordiniAcquisto, `${B}/DatiGenerali/DatiOrdineAcquisto`, lines.length)
  const contratti = docRefs(is, input.contratti, `${B}/DatiGenerali/DatiContratto`, lines.length)
  const convenzioni = docRefs(is, input.convenzioni, `${B}/DatiGenerali/DatiConvenzione`, lines.length)
  if (TD_NEED_LINKED_INVOICE.has(input.tipoDocumento) && fattureCollegate.length === 0) {
    is.error('xsd', 'DOC-LINKED-INVOICE', linkedPath, {
      it: `${input.tipoDocumento} deve indicare la fattura rettificata in DatiFattureCollegate`,
      en: `${input.tipoDocumento} must reference the invoice it corrects in DatiFattureCollegate`,
    })
  }
  for (const [i, f] of fattureCollegate.entries()) {
    if (f.data !== undefined && data !== undefined && f.data > data) {
      is.error('sdi', '00418', `${linkedPath}[${i + 1}]/Data`, {
        it: 'Data della fattura successiva alla data della fattura collegata',
        en: 'The linked invoice is dated after this document',
      })
    }
  }
  const ddt = (input.ddt ?? []).map((d, i) => {
    const p = `${B}/DatiGenerali/DatiDDT[${i + 1}]`
    if (!d.numero?.trim()) required(is, `${p}/NumeroDDT`, 'NumeroDDT')
    const dataDdt = date(is, d.data, `${p}/DataDDT`, 'DataDDT', true)
    if (dataDdt !== undefined && data !== undefined && dataDdt > data) {
      is.error('xsd', 'DOC-DDT-DATE', `${p}/DataDDT`, {
        it: 'Il DDT è successivo alla data della fattura',
        en: 'The DDT is dated after the invoice',
      })
    }
    lineRefs(is, d.righe, `${p}/RiferimentoNumeroLinea`, lines.length)
    return compact({ numeroDdt: d.numero ?? '', dataDdt: d.data, riferimentoNumeroLinea: d.righe?.length ? d.righe : undefined })
  })
  if (TD_DEFERRED.has(input.tipoDocumento)) {
    if (ddt.length === 0) {
      is.error('xsd', 'DOC-DDT', `${B}/DatiGenerali/DatiDDT`, {
        it: `${input.tipoDocumento} (fattura differita) deve indicare i DDT in DatiDDT`,
        en: `${input.tipoDocumento} (deferred invoice) must reference its delivery notes in DatiDDT`,
      })
    } else if (data !== undefined) {
      // TD24: issued by the 15th of the month after delivery; TD25: by the end of that month.
      const first = ddt.map((d) => d.dataDdt).sort()[0] as string
      const limit = input.tipoDocumento === 'TD24' ? dayOfNextMonth(first, 15) : endOfNextMonth(first)
      if (data > limit) {
        is.warn('DOC-DDT-LATE', `${DGD}/Data`, {
          it: `Fattura differita oltre il termine (${limit}) rispetto al DDT del ${first}`,
          en: `Deferred invoice after the deadline (${limit}) for the delivery note of ${first}`,
        })
      }
    }
  }

  // ---- payment ----
  const ritenutaTot = sum(ritenute.map((r) => parseDec(r.importoRitenuta) as Dec))
  const vatTot = sum(rows.map((r) => r.imposta))
  const dovuto = sub(sub(totale, ritenutaTot), esig === 'S' ? vatTot : ZERO)
  const pagamento = input.pagamento ? payment(is, input.pagamento, dovuto) : undefined
  if (input.tipoDocumento === 'TD02' && input.pagamento && input.pagamento.condizioni !== 'TP03') {
    is.warn('DOC-TD02-TP03', `${B}/DatiPagamento/CondizioniPagamento`, {
      it: 'Una fattura di acconto (TD02) di norma ha CondizioniPagamento TP03 (anticipo)',
      en: 'An advance invoice (TD02) normally has CondizioniPagamento TP03 (advance)',
    })
  }

  // ---- contacts, REA, albo ----
  contacts(is, input.contattiTrasmittente, `${dt}/ContattiTrasmittente`)
  const ced0 = input.cedente
  contacts(is, ced0.contatti, `${H}/CedentePrestatore/Contatti`)
  if (ced0.contatti?.fax !== undefined && !/^[\x20-\x7e]{5,12}$/.test(ced0.contatti.fax))
    bad(is, `${H}/CedentePrestatore/Contatti/Fax`, 'Fax', '5-12 caratteri ASCII', '5–12 ASCII characters')
  if (ced0.rea) {
    const p = `${H}/CedentePrestatore/IscrizioneREA`
    if (!/^[A-Z]{2}$/.test(ced0.rea.ufficio))
      bad(is, `${p}/Ufficio`, 'Ufficio', 'una sigla di provincia di 2 lettere', 'a 2-letter province code')
    if (!ced0.rea.numeroRea?.trim()) required(is, `${p}/NumeroREA`, 'NumeroREA')
    if (ced0.rea.socioUnico !== undefined && ced0.rea.socioUnico !== 'SU' && ced0.rea.socioUnico !== 'SM')
      bad(is, `${p}/SocioUnico`, 'SocioUnico', 'SU o SM', 'SU or SM')
    if (ced0.rea.statoLiquidazione !== 'LS' && ced0.rea.statoLiquidazione !== 'LN')
      bad(is, `${p}/StatoLiquidazione`, 'StatoLiquidazione', 'LS o LN', 'LS or LN')
  }
  if (ced0.albo) {
    const p = `${H}/CedentePrestatore/DatiAnagrafici`
    if (!ced0.albo.alboProfessionale?.trim()) required(is, `${p}/AlboProfessionale`, 'AlboProfessionale')
    if (ced0.albo.provinciaAlbo !== undefined && !/^[A-Z]{2}$/.test(ced0.albo.provinciaAlbo))
      bad(is, `${p}/ProvinciaAlbo`, 'ProvinciaAlbo', 'una sigla di 2 lettere', 'a 2-letter code')
    if (ced0.albo.dataIscrizioneAlbo !== undefined)
      date(is, ced0.albo.dataIscrizioneAlbo, `${p}/DataIscrizioneAlbo`, 'DataIscrizioneAlbo', false)
  }

  // ---- trasmittente ----
  // Who sends the file: the cedente, except for the documents the buyer issues on its own purchases
  // (integrations, self-invoices, TD29), where it is the cessionario when it has an IdFiscaleIVA.
  const trasm =
    input.trasmittente ??
    (ISSUED_BY_CESSIONARIO.has(input.tipoDocumento) && cess.partitaIva
      ? { idPaese: cessIdPaese, idCodice: cess.partitaIva }
      : { idPaese: cedIdPaese, idCodice: input.cedente.partitaIva })
  if (!isValidTransmitterId(trasm.idPaese, trasm.idCodice)) {
    bad(
      is,
      `${dt}/IdTrasmittente`,
      'IdTrasmittente',
      'IdPaese di 2 lettere e IdCodice di 11-16 caratteri (IT) o 2-28 (estero), usabile nel nome file',
      'a 2-letter IdPaese and an IdCodice of 11–16 characters (IT) or 2–28 (abroad), usable in the file name',
    )
  }

  if (is.hasErrors || !tipo || !regime || !cedPiva || !data) return { ok: false, issues: is.list }

  const body: Body = compact({
    datiGenerali: compact({
      datiGeneraliDocumento: compact({
        tipoDocumento: tipo,
        divisa,
        data,
        numero,
        datiRitenuta: ritenute.length ? ritenute : undefined,
        datiBollo: bollo ? { bolloVirtuale: 'SI' as const, importoBollo: BOLLO_AMOUNT } : undefined,
        datiCassaPrevidenziale: casse.length ? casse : undefined,
        scontoMaggiorazione: scontiDocumento.length ? scontiDocumento : undefined,
        importoTotaleDocumento: fmt2(totale),
        causale: input.causale?.trim() ? [input.causale] : undefined,
        art73: input.art73 ? ('SI' as const) : undefined,
      }),
      datiOrdineAcquisto: ordini.length ? ordini : undefined,
      datiContratto: contratti.length ? contratti : undefined,
      datiConvenzione: convenzioni.length ? convenzioni : undefined,
      datiFattureCollegate: fattureCollegate.length ? fattureCollegate : undefined,
      datiDdt: ddt.length ? ddt : undefined,
    }),
    datiBeniServizi: { dettaglioLinee: lines, datiRiepilogo: riepilogo },
    datiPagamento: pagamento ? [pagamento] : undefined,
  })

  const ced = input.cedente
  const invoice: Invoice = {
    versione: formato,
    header: compact({
      datiTrasmissione: compact({
        idTrasmittente: { idPaese: trasm.idPaese, idCodice: trasm.idCodice },
        formatoTrasmissione: formato,
        codiceDestinatario,
        contattiTrasmittente: input.contattiTrasmittente ? compact({ ...input.contattiTrasmittente }) : undefined,
        pecDestinatario: formato === 'FPR12' ? cess.pec : undefined,
      }),
      cedentePrestatore: compact({
        datiAnagrafici: compact({
          idFiscaleIva: { idPaese: cedIdPaese, idCodice: cedPiva },
          codiceFiscale: cedCf,
          anagrafica: cedAna,
          alboProfessionale: ced.albo?.alboProfessionale,
          provinciaAlbo: ced.albo?.provinciaAlbo,
          numeroIscrizioneAlbo: ced.albo?.numeroIscrizioneAlbo,
          dataIscrizioneAlbo: ced.albo?.dataIscrizioneAlbo,
          regimeFiscale: regime,
        }),
        sede: cedSede,
        iscrizioneRea: ced.rea
          ? compact({
              ufficio: ced.rea.ufficio,
              numeroRea: ced.rea.numeroRea,
              capitaleSociale:
                ced.rea.capitaleSociale !== undefined
                  ? fmt2(
                      amount(is, ced.rea.capitaleSociale, `${H}/CedentePrestatore/IscrizioneREA/CapitaleSociale`, 'CapitaleSociale', 2) ??
                        ZERO,
                    )
                  : undefined,
              socioUnico: ced.rea.socioUnico,
              statoLiquidazione: ced.rea.statoLiquidazione,
            })
          : undefined,
        contatti: ced.contatti ? compact({ ...ced.contatti }) : undefined,
        riferimentoAmministrazione: ced.riferimentoAmministrazione,
      }),
      cessionarioCommittente: {
        datiAnagrafici: compact({
          idFiscaleIva: cessPiva ? { idPaese: cessIdPaese, idCodice: cessPiva } : undefined,
          codiceFiscale: cessCf,
          anagrafica: cessAna,
        }),
        sede: cessSede,
      },
    }),
    bodies: [body],
  }

  const s = sanitizeInvoice(invoice)
  const issues = [...is.list, ...s.warnings, ...s.errors]
  if (s.errors.length > 0 || is.hasErrors) return { ok: false, issues }
  return { ok: true, invoice: s.invoice, warnings: issues }
}
