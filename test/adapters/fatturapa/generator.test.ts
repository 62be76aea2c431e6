/**
 * Golden files for each document type (test/fixtures/fatturapa/golden/*.xml), each checked against
 * the XSD 1.2.2 twice: in process (adapters/fatturapa/xsd/node.ts) and with Debian's xmllint.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run -c vitest.node.config.ts test/adapters/fatturapa/generator.test.ts`
 * and review the diff.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createInvoiceGenerator, renderInvoice } from '../../../adapters/fatturapa/generator.ts'
import { readInvoice } from '../../../adapters/fatturapa/reader.ts'
import { createNodeXsdValidator, nodeXmlReader } from '../../../adapters/fatturapa/xsd/node.ts'
import { type BuildOptions, buildInvoice } from '../../../core/fatturapa/build.ts'
import { formatProgressivo } from '../../../core/fatturapa/file-name.ts'
import type { InvoiceInput } from '../../../core/fatturapa/input.ts'
import type { Invoice } from '../../../core/fatturapa/model.ts'
import { checkFatturaTree, validateFatturaXml } from '../../../core/fatturapa/validate.ts'
import { isValidNumericTaxId } from '../../../core/tax-id.ts'
import type { XsdValidator } from '../../../ports/xsd-validator.port.ts'

const GOLDEN = join(import.meta.dirname, '../../fixtures/fatturapa/golden')
const SCHEMAS = join(import.meta.dirname, '../../../adapters/fatturapa/xsd/schemas')

const cedente: InvoiceInput['cedente'] = {
  partitaIva: '07776161213',
  codiceFiscale: '07776161213',
  denominazione: '231 Agile S.r.l.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Roma', numeroCivico: '1', cap: '80100', comune: 'Napoli', provincia: 'NA' },
  rea: { ufficio: 'NA', numeroRea: '123456', capitaleSociale: '10000', socioUnico: 'SU', statoLiquidazione: 'LN' },
  contatti: { telefono: '0811234567', email: 'amministrazione@231agile.it' },
}
const cessionario: InvoiceInput['cessionario'] = {
  denominazione: 'TechnoSteel S.r.l.',
  partitaIva: '12345678903',
  sede: { indirizzo: 'Via Industria 42', cap: '20100', comune: 'Milano', provincia: 'MI' },
  codiceDestinatario: 'ABC1234',
}
const professionista: InvoiceInput['cedente'] = {
  partitaIva: '01234567897',
  codiceFiscale: 'RSSMRA85T10A562S',
  nome: 'Mario',
  cognome: 'Rossi',
  titolo: 'Avv.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Piazza Duomo 3', cap: '50122', comune: 'Firenze', provincia: 'FI' },
  albo: {
    alboProfessionale: 'Ordine degli Avvocati di Firenze',
    provinciaAlbo: 'FI',
    numeroIscrizioneAlbo: 'A1234',
    dataIscrizioneAlbo: '2012-05-10',
  },
}
const bonifico = { modalita: 'MP05', scadenza: '2026-04-30', iban: 'IT60X0542811101000000123456', istitutoFinanziario: 'Banca Esempio' }
/** Us (231 Agile) as the cessionario of the documents we issue on our own purchases (TD16–TD23, TD27–TD29). */
const noi: InvoiceInput['cessionario'] = {
  denominazione: '231 Agile S.r.l.',
  partitaIva: '07776161213',
  codiceFiscale: '07776161213',
  sede: { indirizzo: 'Via Roma', numeroCivico: '1', cap: '80100', comune: 'Napoli', provincia: 'NA' },
  // Our own SDI channel (Openapi's SDI API, ../shared/specs/fatturapa.md §4.2), so the document comes back to us.
  codiceDestinatario: 'JKKZDGR',
}
/** We transmit those documents even when the cedente is our (possibly foreign) supplier. */
const noiTrasmittente = { idPaese: 'IT', idCodice: '07776161213' }
const impresaPulizie: InvoiceInput['cedente'] = {
  partitaIva: '05487210634',
  codiceFiscale: '05487210634',
  denominazione: 'Partenope Servizi Integrati S.r.l.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Galileo Ferraris', numeroCivico: '118', cap: '80142', comune: 'Napoli', provincia: 'NA' },
}
const grossista: InvoiceInput['cedente'] = {
  partitaIva: '02915600155',
  codiceFiscale: '02915600155',
  denominazione: 'Ingrosso Elettronica Lombarda S.p.A.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Viale Monza', numeroCivico: '265', cap: '20126', comune: 'Milano', provincia: 'MI' },
}
const manutentore: InvoiceInput['cedente'] = {
  partitaIva: '03829190465',
  codiceFiscale: '03829190465',
  denominazione: 'Versilia Impianti S.n.c.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Aurelia Nord', numeroCivico: '44', cap: '55049', comune: 'Viareggio', provincia: 'LU' },
}
/** TechnoSteel as the issuer of its own autofattura (TD21). */
const technoSteel: InvoiceInput['cedente'] = {
  partitaIva: '12345678903',
  codiceFiscale: '12345678903',
  denominazione: 'TechnoSteel S.r.l.',
  regimeFiscale: 'RF01',
  sede: { indirizzo: 'Via Industria 42', cap: '20100', comune: 'Milano', provincia: 'MI' },
}
// Foreign suppliers: their own VAT numbers (with valid national check digits), RF18 (altro), no provincia;
// CAP 00000 where the postcode does not have 5 digits.
const fornitoreDE: InvoiceInput['cedente'] = {
  idPaese: 'DE',
  partitaIva: '815627392',
  denominazione: 'Nordwolke Rechenzentren GmbH',
  regimeFiscale: 'RF18',
  sede: { indirizzo: 'Industriestrasse', numeroCivico: '25', cap: '91710', comune: 'Gunzenhausen', nazione: 'DE' },
}
const fornitoreFR: InvoiceInput['cedente'] = {
  idPaese: 'FR',
  partitaIva: '37832415079',
  denominazione: 'Terminaux Monetiques de Lyon SAS',
  regimeFiscale: 'RF18',
  sede: { indirizzo: 'Rue de Gerland', numeroCivico: '60', cap: '69007', comune: 'Lyon', nazione: 'FR' },
}
const fornitoreCH: InvoiceInput['cedente'] = {
  idPaese: 'CH',
  partitaIva: 'CHE107934683',
  denominazione: 'Helvetia Payment Devices AG',
  regimeFiscale: 'RF18',
  sede: { indirizzo: 'Baarerstrasse', numeroCivico: '21', cap: '00000', comune: 'Zug', nazione: 'CH' },
}
const fornitoreES: InvoiceInput['cedente'] = {
  idPaese: 'ES',
  partitaIva: 'B86527413',
  denominazione: 'Papeleria Termica Iberica S.L.',
  regimeFiscale: 'RF18',
  sede: { indirizzo: 'Calle de la Industria', numeroCivico: '7', cap: '28823', comune: 'Coslada', nazione: 'ES' },
}
const fornitoreSM: InvoiceInput['cedente'] = {
  idPaese: 'SM',
  partitaIva: '21587',
  denominazione: 'Titano Forniture Ufficio S.r.l.',
  regimeFiscale: 'RF18',
  sede: { indirizzo: 'Strada Rovereta', numeroCivico: '12', cap: '47891', comune: 'Dogana', nazione: 'SM' },
}

const CASES: Record<string, InvoiceInput> = {
  TD01: {
    formato: 'FPR12',
    tipoDocumento: 'TD01',
    numero: 'FT-2026-0001-01',
    data: '2026-03-01',
    causale: 'Fornitura “Onboarding” — marzo 2026',
    cedente,
    cessionario,
    righe: [
      { descrizione: '231 Agile — Pacchetto Onboarding #1', quantita: 1, unitaMisura: 'pz', prezzoUnitario: 150.0, aliquotaIva: 22 },
      {
        descrizione: 'Ore di formazione',
        quantita: '2.5',
        unitaMisura: 'h',
        prezzoUnitario: '48.33333333',
        aliquotaIva: 22,
        sconti: [{ tipo: 'SC', percentuale: 10 }],
      },
      {
        descrizione: 'Manuale (libro)',
        quantita: 3,
        prezzoUnitario: '19.90',
        aliquotaIva: 4,
        codiciArticolo: [{ tipo: 'EAN', valore: '9788804668237' }],
      },
      { descrizione: 'Marca da bollo rimborsata', prezzoUnitario: '2.00', aliquotaIva: 0, natura: 'N1' },
    ],
    ordiniAcquisto: [{ idDocumento: 'PO-778', data: '2026-02-20', righe: [1, 2] }],
    pagamento: { condizioni: 'TP02', dettagli: [bonifico] },
  },
  TD02: {
    formato: 'FPR12',
    tipoDocumento: 'TD02',
    numero: 'ACC-2026-7',
    data: '2026-03-02',
    causale: 'Acconto del 30% sul contratto 2026/15',
    cedente,
    cessionario,
    righe: [{ descrizione: 'Acconto 30% contratto 2026/15', prezzoUnitario: '1500.00', aliquotaIva: 22 }],
    contratti: [{ idDocumento: '2026/15', data: '2026-02-01' }],
    pagamento: { condizioni: 'TP03', dettagli: [bonifico] },
  },
  TD04: {
    formato: 'FPR12',
    tipoDocumento: 'TD04',
    numero: 'NC-2026-3',
    data: '2026-03-10',
    causale: 'Storno parziale fattura FT-2026-0001-01',
    cedente,
    cessionario,
    righe: [{ descrizione: 'Storno ore di formazione non erogate', quantita: '1.5', prezzoUnitario: '48.33333333', aliquotaIva: 22 }],
    fattureCollegate: [{ idDocumento: 'FT-2026-0001-01', data: '2026-03-01' }],
  },
  TD05: {
    formato: 'FPR12',
    tipoDocumento: 'TD05',
    numero: 'ND-2026-1',
    data: '2026-03-12',
    cedente,
    cessionario,
    righe: [{ descrizione: 'Addebito spese di trasporto non fatturate', prezzoUnitario: '35.00', aliquotaIva: 22 }],
    fattureCollegate: [{ idDocumento: 'FT-2026-0001-01', data: '2026-03-01' }],
    pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP08' }] },
  },
  TD06: {
    formato: 'FPR12',
    tipoDocumento: 'TD06',
    numero: 'P-12/2026',
    data: '2026-03-15',
    cedente: professionista,
    cessionario,
    righe: [
      { descrizione: 'Assistenza legale stragiudiziale', prezzoUnitario: '1200.00', aliquotaIva: 22, ritenuta: true },
      { descrizione: 'Spese anticipate art. 15', prezzoUnitario: '98.00', aliquotaIva: 0, natura: 'N1', ritenuta: false },
    ],
    casse: [{ tipo: 'TC01', alCassa: 4, imponibile: '1200.00', aliquotaIva: 22 }],
    ritenute: [{ tipo: 'RT01', aliquota: 20, causalePagamento: 'A' }],
    pagamento: { condizioni: 'TP02', dettagli: [bonifico] },
  },
  TD24: {
    formato: 'FPR12',
    tipoDocumento: 'TD24',
    numero: 'FD-2026-2',
    data: '2026-02-28',
    cedente,
    cessionario,
    righe: [
      {
        descrizione: 'Tondino acciaio B450C 12 mm',
        quantita: '1250.125',
        unitaMisura: 'kg',
        prezzoUnitario: '0.87654321',
        aliquotaIva: 22,
      },
      { descrizione: 'Rete elettrosaldata', quantita: 40, unitaMisura: 'pz', prezzoUnitario: '23.10', aliquotaIva: 22 },
    ],
    ddt: [
      { numero: 'DDT-101', data: '2026-02-05', righe: [1] },
      { numero: 'DDT-117', data: '2026-02-19', righe: [2] },
    ],
    pagamento: {
      condizioni: 'TP01',
      dettagli: [
        { ...bonifico, importo: '1000.00', scadenza: '2026-03-31' },
        { ...bonifico, importo: '1464.14', scadenza: '2026-04-30' },
      ],
    },
  },
  TD25: {
    formato: 'FPR12',
    tipoDocumento: 'TD25',
    numero: 'FD-2026-3',
    data: '2026-03-31',
    cedente,
    cessionario,
    righe: [
      { descrizione: 'Lamiera zincata (triangolazione)', quantita: '12.5', unitaMisura: 'm2', prezzoUnitario: '31.2', aliquotaIva: 22 },
    ],
    ddt: [{ numero: 'DDT-130', data: '2026-02-27' }],
  },
  FPA12: {
    formato: 'FPA12',
    tipoDocumento: 'TD01',
    numero: 'PA-2026-9',
    data: '2026-03-05',
    cedente,
    cessionario: {
      denominazione: 'Comune di Bugliano',
      codiceFiscale: '00341620508',
      sede: { indirizzo: 'Piazza del Comune 1', cap: '56056', comune: 'Bugliano', provincia: 'PI' },
      codiceDestinatario: 'UF7XQ2',
    },
    esigibilitaIva: 'S',
    righe: [
      {
        descrizione: 'Canone piattaforma pagamenti, marzo 2026',
        prezzoUnitario: '1000.00',
        aliquotaIva: 22,
        dataInizioPeriodo: '2026-03-01',
        dataFinePeriodo: '2026-03-31',
      },
      {
        descrizione: 'Servizio esente',
        prezzoUnitario: '100.00',
        aliquotaIva: 0,
        natura: 'N4',
        riferimentoNormativo: 'Esente art. 10 DPR 633/72',
      },
    ],
    contratti: [{ idDocumento: 'CTR-2026-44', data: '2026-01-15', codiceCig: 'Z1A2B3C4D5', codiceCup: 'J51B21000000001' }],
    pagamento: { condizioni: 'TP02', dettagli: [{ ...bonifico, modalita: 'MP23', beneficiario: '231 Agile S.r.l.' }] },
  },
  // ---- the other document types (appended: each case's index is its progressivo) ----
  // Acconto su parcella: the lawyer bills an advance on his fees, with cassa forense and ritenuta.
  TD03: {
    formato: 'FPR12',
    tipoDocumento: 'TD03',
    numero: 'P-14/2026',
    data: '2026-03-20',
    causale: 'Acconto su parcella: contenzioso RG 4512/2026, Tribunale di Milano',
    cedente: professionista,
    cessionario,
    righe: [{ descrizione: 'Acconto su onorari, contenzioso RG 4512/2026', prezzoUnitario: '800.00', aliquotaIva: 22, ritenuta: true }],
    casse: [{ tipo: 'TC01', alCassa: 4, imponibile: '800.00', aliquotaIva: 22 }],
    ritenute: [{ tipo: 'RT01', aliquota: 20, causalePagamento: 'A' }],
    pagamento: { condizioni: 'TP03', dettagli: [{ ...bonifico, scadenza: '2026-04-10' }] },
  },
  // Integrazione reverse charge interno: we integrate, with 22% VAT, the N6.7 invoice of our office
  // cleaning contractor (art. 17 c. 6 lett. a-ter); TD16 alone may keep the Natura next to the rate (00401/00430).
  TD16: {
    formato: 'FPR12',
    tipoDocumento: 'TD16',
    numero: 'RC-2026-4',
    data: '2026-04-08',
    causale: 'Integrazione fattura 118/2026 del 31/03/2026 in inversione contabile (art. 17 c. 6 lett. a-ter DPR 633/72)',
    cedente: impresaPulizie,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      {
        descrizione: 'Servizi di pulizia uffici di Via Roma 1, Napoli - marzo 2026',
        prezzoUnitario: '640.00',
        aliquotaIva: 22,
        natura: 'N6.7',
        riferimentoNormativo: 'Inversione contabile art. 17 c. 6 lett. a-ter DPR 633/72',
        dataInizioPeriodo: '2026-03-01',
        dataFinePeriodo: '2026-03-31',
      },
    ],
    fattureCollegate: [{ idDocumento: '118/2026', data: '2026-03-31' }],
  },
  // Integrazione for B2B services bought from a German provider (art. 7-ter, reverse charge art. 17 c. 2).
  TD17: {
    formato: 'FPR12',
    tipoDocumento: 'TD17',
    numero: 'INT-2026-7',
    data: '2026-03-12',
    causale: 'Integrazione fattura NW-2026-00412 del 28/02/2026: servizi art. 7-ter DPR 633/72, inversione contabile art. 17 c. 2',
    cedente: fornitoreDE,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      {
        descrizione: 'Server dedicati in hosting, febbraio 2026',
        quantita: 3,
        unitaMisura: 'pz',
        prezzoUnitario: '189.00',
        aliquotaIva: 22,
        dataInizioPeriodo: '2026-02-01',
        dataFinePeriodo: '2026-02-28',
      },
      { descrizione: 'Backup offsite 2 TB, febbraio 2026', prezzoUnitario: '45.50', aliquotaIva: 22 },
    ],
    fattureCollegate: [{ idDocumento: 'NW-2026-00412', data: '2026-02-28' }],
  },
  // Integrazione for goods bought from a French supplier and shipped to Napoli (acquisto intracomunitario, art. 46 DL 331/93).
  TD18: {
    formato: 'FPR12',
    tipoDocumento: 'TD18',
    numero: 'INT-2026-12',
    data: '2026-05-14',
    causale: 'Integrazione fattura FA-26-1187 del 20/04/2026: acquisto intracomunitario di beni (artt. 38 e 46 DL 331/93)',
    cedente: fornitoreFR,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      { descrizione: 'Lettori di carte contactless TL-200', quantita: 50, unitaMisura: 'pz', prezzoUnitario: '42.80', aliquotaIva: 22 },
      { descrizione: 'Trasporto Lione-Napoli', prezzoUnitario: '85.00', aliquotaIva: 22 },
    ],
    fattureCollegate: [{ idDocumento: 'FA-26-1187', data: '2026-04-20' }],
  },
  // Autofattura for goods already in Italy bought from a Swiss seller not established here (art. 17 c. 2).
  TD19: {
    formato: 'FPR12',
    tipoDocumento: 'TD19',
    numero: 'AF-2026-3',
    data: '2026-06-10',
    causale: 'Autofattura art. 17 c. 2 DPR 633/72: beni esistenti in Italia acquistati da soggetto non residente (fattura HPD-26-0871)',
    cedente: fornitoreCH,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      {
        descrizione: 'Terminali POS Android A920, giacenti presso il magazzino di Peschiera Borromeo (MI)',
        quantita: 25,
        unitaMisura: 'pz',
        prezzoUnitario: '189.00',
        aliquotaIva: 22,
      },
    ],
    fattureCollegate: [{ idDocumento: 'HPD-26-0871', data: '2026-05-28' }],
  },
  // Autofattura di regolarizzazione (art. 46 c. 5 DL 331/93): goods from Spain received on 18/06, the
  // supplier's invoice not received by the end of the second month after, so we issue it by 15/09.
  TD20: {
    formato: 'FPR12',
    tipoDocumento: 'TD20',
    numero: 'AF-2026-5',
    data: '2026-09-10',
    causale: 'Autofattura art. 46 c. 5 DL 331/93: fattura del fornitore UE non ricevuta (beni ricevuti il 18/06/2026)',
    cedente: fornitoreES,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      {
        descrizione: 'Rotoli di carta termica 57x40 mm per POS',
        quantita: 2000,
        unitaMisura: 'pz',
        prezzoUnitario: '0.38',
        aliquotaIva: 22,
      },
    ],
    ddt: [{ numero: 'ALB-26-3381', data: '2026-06-16' }],
  },
  // Autofattura per splafonamento: the habitual exporter bought without VAT (art. 8 c. 1 lett. c) beyond its
  // plafond, and charges itself the VAT on the excess; cedente = cessionario, no zero rate (00472, 00474).
  TD21: {
    formato: 'FPR12',
    tipoDocumento: 'TD21',
    numero: 'SPL-2026-1',
    data: '2026-06-05',
    causale: 'Autofattura per splafonamento: acquisto oltre il plafond disponibile (art. 8 c. 1 lett. c DPR 633/72)',
    cedente: technoSteel,
    cessionario: { ...cessionario, codiceFiscale: '12345678903' },
    righe: [
      {
        descrizione: 'Splafonamento: quota eccedente il plafond della fattura 2026/318 del 12/05/2026 di Acciaierie Padane S.p.A.',
        prezzoUnitario: '12500.00',
        aliquotaIva: 22,
      },
    ],
    fattureCollegate: [{ idDocumento: '2026/318', data: '2026-05-12' }],
  },
  // Estrazione da deposito IVA of goods brought in by an intra-EU purchase (art. 50-bis c. 6 DL 331/93):
  // VAT by reverse charge; the extractor appears as both cedente and cessionario.
  TD22: {
    formato: 'FPR12',
    tipoDocumento: 'TD22',
    numero: 'DEP-2026-2',
    data: '2026-07-15',
    causale:
      'Estrazione dal deposito IVA di Logistica Vesuviana S.p.A. (art. 50-bis c. 6 DL 331/93), beni introdotti con acquisto intracomunitario',
    cedente,
    cessionario: noi,
    righe: [
      {
        descrizione: 'Terminali POS TL-300 estratti dal deposito IVA',
        quantita: 40,
        unitaMisura: 'pz',
        prezzoUnitario: '96.50',
        aliquotaIva: 22,
      },
    ],
  },
  // Estrazione da deposito IVA with payment of the VAT (F24 by the depositary): the goods went in with
  // a domestic sale by an Italian wholesaler (art. 50-bis c. 4 lett. c), who is the cedente.
  TD23: {
    formato: 'FPR12',
    tipoDocumento: 'TD23',
    numero: 'DEP-2026-3',
    data: '2026-07-22',
    causale: "Estrazione dal deposito IVA con versamento dell'IVA (art. 50-bis c. 6 DL 331/93), beni introdotti con cessione nazionale",
    cedente: grossista,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [{ descrizione: 'Stampanti termiche portatili', quantita: 60, unitaMisura: 'pz', prezzoUnitario: '74.50', aliquotaIva: 22 }],
    fattureCollegate: [{ idDocumento: 'IEL-2026/2211', data: '2026-06-30' }],
  },
  // Sale of a depreciable asset (a used server from our fixed-asset register) to a customer.
  TD26: {
    formato: 'FPR12',
    tipoDocumento: 'TD26',
    numero: 'FT-2026-0212',
    data: '2026-09-18',
    cedente,
    cessionario,
    righe: [
      {
        descrizione: 'Cessione bene ammortizzabile: server rack Dell PowerEdge R740, usato (cespite 2021/014)',
        prezzoUnitario: '2400.00',
        aliquotaIva: 22,
      },
    ],
    pagamento: { condizioni: 'TP02', dettagli: [{ ...bonifico, scadenza: '2026-10-18' }] },
  },
  // Autofattura for free gifts of goods we trade in (cessione gratuita senza rivalsa, art. 2 c. 2 n. 4),
  // taxed on the purchase price (art. 13 c. 2 lett. c); cedente = cessionario (00472).
  TD27: {
    formato: 'FPR12',
    tipoDocumento: 'TD27',
    numero: 'OM-2026-1',
    data: '2026-10-31',
    causale: 'Autofattura per omaggi a clienti, ottobre 2026 (art. 2 c. 2 n. 4 DPR 633/72)',
    cedente,
    cessionario: noi,
    righe: [
      {
        descrizione: 'Terminali POS TL-300 dati in omaggio, base imponibile al prezzo di acquisto',
        quantita: 12,
        unitaMisura: 'pz',
        prezzoUnitario: '118.40',
        aliquotaIva: 22,
      },
    ],
  },
  // Purchase of goods from San Marino on a paper invoice charging Italian VAT (DM 21/06/2021).
  TD28: {
    formato: 'FPR12',
    tipoDocumento: 'TD28',
    numero: 'SM-2026-2',
    data: '2026-07-20',
    causale: 'Acquisto da San Marino con IVA addebitata: fattura cartacea 145/2026 del 02/07/2026',
    cedente: fornitoreSM,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      { descrizione: 'Sedute ergonomiche per ufficio', quantita: 8, unitaMisura: 'pz', prezzoUnitario: '289.00', aliquotaIva: 22 },
      { descrizione: 'Trasporto e montaggio', prezzoUnitario: '120.00', aliquotaIva: 22 },
    ],
    fattureCollegate: [{ idDocumento: '145/2026', data: '2026-07-02' }],
  },
  // XSD 1.2.3 only: we report an Italian supplier who has not invoiced a service we paid (art. 6 c. 8
  // D.Lgs. 471/97, within 90 days of the deadline); the cedente must be Italian (00473).
  TD29: {
    formato: 'FPR12',
    tipoDocumento: 'TD29',
    numero: 'OMF-2026-1',
    data: '2026-09-15',
    causale: 'Comunicazione omessa fatturazione art. 6 c. 8 D.Lgs. 471/97: intervento del 15/06/2026 pagato e non fatturato',
    cedente: manutentore,
    cessionario: noi,
    trasmittente: noiTrasmittente,
    righe: [
      {
        descrizione: 'Manutenzione straordinaria impianto di climatizzazione, sede di Napoli, intervento del 15/06/2026',
        prezzoUnitario: '950.00',
        aliquotaIva: 22,
      },
    ],
  },
}

/** Build options per case: TD29 exists only in XSD 1.2.3. */
const OPTIONS: Readonly<Record<string, BuildOptions>> = { TD29: { schemaVersion: '1.2.3' } }
const is123 = (name: string): boolean => OPTIONS[name]?.schemaVersion === '1.2.3'

function build(input: InvoiceInput, options: BuildOptions = {}): Invoice {
  const r = buildInvoice(input, options)
  if (!r.ok) throw new Error(JSON.stringify(r.issues, null, 1))
  return r.invoice
}

let xsd: XsdValidator
beforeAll(async () => {
  xsd = await createNodeXsdValidator()
})

const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

describe('InvoiceGenerator golden files', () => {
  for (const [name, input] of Object.entries(CASES)) {
    it(`${name}: matches test/fixtures/fatturapa/golden/${name}.xml and passes the XSD${is123(name) ? ' (1.2.3, through validateFatturaXml)' : ''}`, async () => {
      const progressivo = formatProgressivo(Object.keys(CASES).indexOf(name) + 1)
      const out = createInvoiceGenerator().render(build(input, OPTIONS[name]), { progressivoInvio: progressivo })
      const file = join(GOLDEN, `${name}.xml`)
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
        if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1)`)
        writeFileSync(file, out.xml)
      }
      expect(out.xml).toBe(readFileSync(file, 'utf8'))
      if (is123(name)) {
        // The shipped XSD is 1.2.2: its only complaint is TipoDocumento TD29, which validateFatturaXml drops (XSD 1.2.3).
        const schema = await xsd.validate(out.xml)
        expect(schema.length).toBeGreaterThan(0)
        for (const i of schema) expect(i.xpath).toMatch(/\/DatiGeneraliDocumento\/TipoDocumento(\[1\])?$/)
        expect((await validateFatturaXml(out.xml, { xsd }, { today: '2026-11-23' })).issues).toEqual([])
      } else {
        expect(await xsd.validate(out.xml)).toEqual([])
      }
      const tree = nodeXmlReader.read(out.xml)
      expect(tree.ok && checkFatturaTree(tree.root, { today: '2026-11-23' })).toEqual([])
      // Every case is transmitted by an Italian partita IVA: its explicit trasmittente, or else the cedente.
      const t = input.trasmittente ?? { idPaese: input.cedente.idPaese ?? 'IT', idCodice: input.cedente.partitaIva }
      expect(t.idPaese).toBe('IT')
      expect(isValidNumericTaxId(t.idCodice)).toBe(true)
      expect(out.fileName).toBe(`IT${t.idCodice}_${progressivo}.xml`)
      expect(out.fileName).toMatch(/^IT[0-9]{11}_[0-9A-Z]{5}\.xml$/)
      expect(out.xml).toContain(`<ProgressivoInvio>${progressivo}</ProgressivoInvio>`)
    })
  }

  it.skipIf(!hasXmllint)(
    'every golden file passes an independent validator (xmllint --schema, XSD 1.2.2 + xmldsig, offline; TD29 fails only on its 1.2.3 value)',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'fatturapa-xsd-'))
      writeFileSync(join(dir, 'xmldsig-core-schema.xsd'), readFileSync(join(SCHEMAS, 'xmldsig-core-schema.xsd')))
      const xsdText = readFileSync(join(SCHEMAS, 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'), 'utf8').replace(
        /schemaLocation="http:\/\/www\.w3\.org\/TR\/2002\/REC-xmldsig-core-20020212\/xmldsig-core-schema\.xsd"/,
        'schemaLocation="xmldsig-core-schema.xsd"',
      )
      writeFileSync(join(dir, 'fatturapa.xsd'), xsdText)
      const files = Object.keys(CASES)
        .filter((n) => !is123(n))
        .map((n) => join(GOLDEN, `${n}.xml`))
      const run = (paths: string[]) => {
        try {
          execFileSync('xmllint', ['--nonet', '--noout', '--schema', join(dir, 'fatturapa.xsd'), ...paths], { stdio: 'pipe' })
          return { ok: true, out: '' }
        } catch (e) {
          return { ok: false, out: String((e as { stderr?: Buffer }).stderr ?? e) }
        }
      }
      const r = run(files)
      expect(r.out).toBe('')
      expect(r.ok).toBe(true)
      // XSD 1.2.3 documents (TD29): against 1.2.2 the only errors are about the TipoDocumento value.
      const v123 = Object.keys(CASES).filter(is123)
      expect(v123.length).toBeGreaterThan(0)
      for (const n of v123) {
        const r123 = run([join(GOLDEN, `${n}.xml`)])
        expect(r123.ok).toBe(false)
        const errors = r123.out.split('\n').filter((l) => /error/i.test(l))
        expect(errors.length).toBeGreaterThan(0)
        for (const l of errors) expect(l).toMatch(/Element 'TipoDocumento'.*'TD29'/)
      }
      // and the same validator does reject a broken variant (the check can fail)
      const broken = join(dir, 'broken.xml')
      writeFileSync(
        broken,
        readFileSync(files[0] as string, 'utf8')
          .replace('<Imposta>', '<Imposta>1')
          .replace(/<Divisa>EUR<\/Divisa>/, '<Divisa>EURO</Divisa>'),
      )
      expect(run([broken]).ok).toBe(false)
    },
  )
})

describe('buildInvoice refuses what SDI discards for these document types', () => {
  const codes = (input: InvoiceInput): string[] => {
    const r = buildInvoice(input)
    return r.ok ? [] : r.issues.filter((i) => i.severity === 'error').map((i) => i.code)
  }

  it('00474: a TD21 (autofattura per splafonamento) line cannot have AliquotaIVA zero', () => {
    const td21 = CASES['TD21'] as InvoiceInput
    const withZero = {
      ...td21,
      righe: [...td21.righe, { descrizione: 'Spese di trasporto', prezzoUnitario: '150.00', aliquotaIva: 0, natura: 'N3.5' }],
    }
    expect(codes(withZero)).toEqual(['00474'])
    const r = buildInvoice(withZero)
    expect(!r.ok && r.issues[0]?.xpath).toBe('/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[2]/AliquotaIVA')
    // the same zero-rate line is fine on a TD01
    expect(buildInvoice({ ...withZero, tipoDocumento: 'TD01', cedente, cessionario }).ok).toBe(true)
  })

  it('00414: the TD16 exception (Natura next to a rate) covers the lines, not DatiCassaPrevidenziale', () => {
    const td16 = CASES['TD16'] as InvoiceInput
    const cassa = { tipo: 'TC22', alCassa: 4, aliquotaIva: 22 }
    expect(codes({ ...td16, casse: [{ ...cassa, natura: 'N6.7' }] })).toEqual(['00414'])
    const ok = buildInvoice({ ...td16, casse: [cassa] })
    expect(ok.ok).toBe(true)
    if (!ok.ok) return
    const tree = nodeXmlReader.read(renderInvoice(ok.invoice, { progressivoInvio: '00001' }).xml)
    expect(tree.ok && checkFatturaTree(tree.root)).toEqual([])
  })
})

describe('InvoiceGenerator output rules', () => {
  const xmls = Object.entries(CASES).map(
    ([name, input]) => [name, renderInvoice(build(input, OPTIONS[name]), { progressivoInvio: '00001' }).xml] as const,
  )

  it('declares UTF-8 and namespaces only the root element (xmldsig declared)', () => {
    for (const [, xml] of xmls) {
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica ')).toBe(true)
      expect(xml).toContain('xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2"')
      expect(xml).toContain('xmlns:ds="http://www.w3.org/2000/09/xmldsig#"')
      const prefixed = [...xml.matchAll(/<\/?([A-Za-z]+):/g)].map((m) => m[1])
      expect(new Set(prefixed)).toEqual(new Set(['p']))
      expect([...xml.matchAll(/<\/?p:(\w+)/g)].map((m) => m[1])).toEqual(['FatturaElettronica', 'FatturaElettronica'])
      expect(xml.match(/xmlns=/g)).toBeNull()
    }
  })

  it('has no empty elements', () => {
    for (const [, xml] of xmls) {
      expect(xml).not.toMatch(/<[A-Za-z]+\/>/)
      expect(xml).not.toMatch(/<([A-Za-z]+)>\s*<\/\1>/)
    }
  })

  it('writes amounts with exactly two decimals, quantities and unit prices with 2–8', () => {
    const two = [
      'ImponibileImporto',
      'Imposta',
      'ImportoTotaleDocumento',
      'ImportoPagamento',
      'ImportoRitenuta',
      'ImportoContributoCassa',
      'ImportoBollo',
      'AliquotaIVA',
      'CapitaleSociale',
    ]
    const eight = ['Quantita', 'PrezzoUnitario', 'PrezzoTotale']
    let seen = 0
    for (const [, xml] of xmls) {
      for (const m of xml.matchAll(/<(\w+)>([^<]*)<\/\1>/g)) {
        const [, tag, text] = m as unknown as [string, string, string]
        if (two.includes(tag)) expect(text, tag).toMatch(/^-?\d{1,11}\.\d{2}$/)
        if (eight.includes(tag)) expect(text, tag).toMatch(/^-?\d{1,12}\.\d{2,8}$/)
        if (two.includes(tag) || eight.includes(tag)) seen++
      }
    }
    expect(seen).toBeGreaterThan(50)
    expect(xmls.find(([n]) => n === 'TD01')?.[1]).toContain('<PrezzoUnitario>48.33333333</PrezzoUnitario>')
  })

  it('writes the seed example with the em dash transliterated, and the XSD accepts it', async () => {
    const out = renderInvoice(build(CASES['TD01'] as InvoiceInput), { progressivoInvio: '00001' })
    expect(out.xml).toContain('<Descrizione>231 Agile - Pacchetto Onboarding #1</Descrizione>')
    expect(out.xml).toContain('<Causale>Fornitura "Onboarding" - marzo 2026</Causale>')
    expect([...out.xml].filter((c) => (c.codePointAt(0) as number) > 0xff)).toEqual([])
  })

  it('escapes markup characters and the reader gets them back', async () => {
    const { ordiniAcquisto: _, ...td01 } = CASES['TD01'] as InvoiceInput
    const input = { ...td01, righe: [{ descrizione: 'A & B <tag> "q" \'a\' ]]>', prezzoUnitario: 1, aliquotaIva: 22 }] }
    const out = renderInvoice(build(input), { progressivoInvio: '00001' })
    expect(await xsd.validate(out.xml)).toEqual([])
    const back = readInvoice(out.xml, nodeXmlReader)
    expect(back.ok && back.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[0]?.descrizione).toBe('A & B <tag> "q" \'a\' ]]>')
  })

  it('escapes entity-like text ("&A;", "&amp;", "&#65;") that xmlbuilder2 alone would pass through', async () => {
    const { ordiniAcquisto: _, ...td01 } = CASES['TD01'] as InvoiceInput
    const tricky = 'R&D &A; &amp; &#65; &lt;'
    const inv = build({ ...td01, righe: [{ descrizione: tricky, prezzoUnitario: 1, aliquotaIva: 22 }] })
    const out = renderInvoice({ ...inv, sistemaEmittente: 'S&amp;1' }, { progressivoInvio: '00001' })
    expect(out.xml).toContain('<Descrizione>R&amp;D &amp;A; &amp;amp; &amp;#65; &amp;lt;</Descrizione>')
    expect(await xsd.validate(out.xml)).toEqual([])
    const back = readInvoice(out.xml, nodeXmlReader)
    expect(back.ok && back.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[0]?.descrizione).toBe(tricky)
    expect(back.ok && back.invoice.sistemaEmittente).toBe('S&amp;1')
  })

  it('sanitises a model that did not come from buildInvoice (emoji, €) and reports it', async () => {
    const inv = build(CASES['TD01'] as InvoiceInput)
    const body = inv.bodies[0] as Invoice['bodies'][number]
    const lines = body.datiBeniServizi.dettaglioLinee.map((l, i) => (i === 0 ? { ...l, descrizione: 'Caffè ☕ 2 €' } : l))
    const tampered: Invoice = { ...inv, bodies: [{ ...body, datiBeniServizi: { ...body.datiBeniServizi, dettaglioLinee: lines } }] }
    const out = renderInvoice(tampered, { progressivoInvio: '00001' })
    expect(out.xml).toContain('<Descrizione>Caffè ? 2 EUR</Descrizione>')
    expect(out.warnings).toEqual([
      expect.objectContaining({
        code: 'TEXT-TRANSLITERATED',
        xpath: '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]/Descrizione',
      }),
    ])
    expect(await xsd.validate(out.xml)).toEqual([])
  })

  it('puts the progressivo in ProgressivoInvio and the file name, and refuses a bad one', () => {
    const out = renderInvoice(build(CASES['TD01'] as InvoiceInput), { progressivoInvio: formatProgressivo(36 ** 2) })
    expect(out.fileName).toBe('IT07776161213_00100.xml')
    expect(out.xml).toContain('<ProgressivoInvio>00100</ProgressivoInvio>')
    expect(() => renderInvoice(build(CASES['TD01'] as InvoiceInput), { progressivoInvio: 'ABC_1' })).toThrow(RangeError)
    expect(() => renderInvoice(build(CASES['TD01'] as InvoiceInput), { progressivoInvio: '' })).toThrow(RangeError)
  })

  it('the XSD check in these tests can fail: a wrong element order is rejected', async () => {
    const xml = renderInvoice(build(CASES['TD01'] as InvoiceInput), { progressivoInvio: '00001' }).xml
    const swapped = xml.replace(/(<TipoDocumento>TD01<\/TipoDocumento>\s*)(<Divisa>EUR<\/Divisa>)/, '$2$1')
    expect(swapped).not.toBe(xml)
    expect((await xsd.validate(swapped)).length).toBeGreaterThan(0)
  })
})

describe('the transmitter by default', () => {
  const withoutTransmitter = (name: string): InvoiceInput => {
    const { trasmittente: _, ...rest } = CASES[name] as InvoiceInput
    return rest
  }

  it('is the cessionario for documents the buyer issues on its own purchases (TD16–TD20, TD22, TD23, TD28, TD29)', () => {
    for (const name of ['TD17', 'TD18', 'TD28']) {
      const out = renderInvoice(build(withoutTransmitter(name)), { progressivoInvio: '00001' })
      expect(out.fileName, name).toBe('IT07776161213_00001.xml')
      expect(out.xml, name).toContain('<IdTrasmittente>\n        <IdPaese>IT</IdPaese>\n        <IdCodice>07776161213</IdCodice>')
    }
  })

  it('is the cedente otherwise', () => {
    const out = renderInvoice(build(withoutTransmitter('TD06')), { progressivoInvio: '00001' })
    expect(out.fileName).toBe('IT01234567897_00001.xml')
  })
})
