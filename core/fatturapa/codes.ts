/**
 * FatturaPA code lists (XSD 1.2.2 enumerations; TD29 and RF20 come from XSD 1.2.3, in force at SDI
 * since 2025-04-01, and are accepted only when the caller asks for schema 1.2.3).
 * Source: ../shared/specs/fatturapa.md §4.1 (copied, not read at run time).
 * @module
 */

export const FORMATI = ['FPA12', 'FPR12'] as const
export type FormatoTrasmissione = (typeof FORMATI)[number]

export const TIPI_DOCUMENTO = [
  'TD01',
  'TD02',
  'TD03',
  'TD04',
  'TD05',
  'TD06',
  'TD16',
  'TD17',
  'TD18',
  'TD19',
  'TD20',
  'TD21',
  'TD22',
  'TD23',
  'TD24',
  'TD25',
  'TD26',
  'TD27',
  'TD28',
  'TD29',
] as const
export type TipoDocumento = (typeof TIPI_DOCUMENTO)[number]

export const REGIMI = [
  'RF01',
  'RF02',
  'RF04',
  'RF05',
  'RF06',
  'RF07',
  'RF08',
  'RF09',
  'RF10',
  'RF11',
  'RF12',
  'RF13',
  'RF14',
  'RF15',
  'RF16',
  'RF17',
  'RF18',
  'RF19',
  'RF20',
] as const
export type RegimeFiscale = (typeof REGIMI)[number]

/** Codes that exist only in XSD 1.2.3. */
export const ONLY_1_2_3: ReadonlySet<string> = new Set(['TD29', 'RF20'])

/** Natura with the XSD annotation, used as the default RiferimentoNormativo (≤ 100 chars). */
export const NATURE = {
  N1: 'Escluse ex art. 15 del DPR 633/72',
  N2: 'Non soggette',
  'N2.1': 'Non soggette ad IVA ai sensi degli artt. da 7 a 7-septies del DPR 633/72',
  'N2.2': 'Non soggette - altri casi',
  N3: 'Non imponibili',
  'N3.1': 'Non imponibili - esportazioni',
  'N3.2': 'Non imponibili - cessioni intracomunitarie',
  'N3.3': 'Non imponibili - cessioni verso San Marino',
  'N3.4': "Non imponibili - operazioni assimilate alle cessioni all'esportazione",
  'N3.5': "Non imponibili - a seguito di dichiarazioni d'intento",
  'N3.6': 'Non imponibili - altre operazioni che non concorrono alla formazione del plafond',
  N4: 'Esenti',
  N5: 'Regime del margine/IVA non esposta in fattura',
  N6: 'Inversione contabile',
  'N6.1': 'Inversione contabile - cessione di rottami e altri materiali di recupero',
  'N6.2': 'Inversione contabile - cessione di oro e argento',
  'N6.3': 'Inversione contabile - subappalto nel settore edile',
  'N6.4': 'Inversione contabile - cessione di fabbricati',
  'N6.5': 'Inversione contabile - cessione di telefoni cellulari',
  'N6.6': 'Inversione contabile - cessione di prodotti elettronici',
  'N6.7': 'Inversione contabile - prestazioni comparto edile e settori connessi',
  'N6.8': 'Inversione contabile - operazioni settore energetico',
  'N6.9': 'Inversione contabile - altri casi',
  N7: 'IVA assolta in altro stato UE',
} as const
export type Natura = keyof typeof NATURE
export const NATURE_CODES = Object.keys(NATURE) as readonly Natura[]

/** Generic codes still in the XSD but refused by SDI since 2021 (00445). */
export const NATURE_GENERIC: ReadonlySet<string> = new Set(['N2', 'N3', 'N6'])

/**
 * Nature whose amounts count towards the €77.47 stamp-duty threshold (DPR 642/72 tariff art. 13:
 * operations outside VAT). Exports and intra-EU supplies (N3.1–N3.4), reverse charge (N6.x), the
 * margin scheme (N5) and N7 are not subject to bollo. An assumption documented in the README note.
 */
export const NATURE_BOLLO: ReadonlySet<string> = new Set(['N1', 'N2.1', 'N2.2', 'N3.5', 'N3.6', 'N4'])

export const ESIGIBILITA = ['I', 'D', 'S'] as const
export type EsigibilitaIva = (typeof ESIGIBILITA)[number]

export const CONDIZIONI_PAGAMENTO = ['TP01', 'TP02', 'TP03'] as const
export type CondizioniPagamento = (typeof CONDIZIONI_PAGAMENTO)[number]

export const MODALITA_PAGAMENTO = Array.from({ length: 23 }, (_, i) => `MP${String(i + 1).padStart(2, '0')}`) as readonly string[]

export const TIPI_RITENUTA = ['RT01', 'RT02', 'RT03', 'RT04', 'RT05', 'RT06'] as const
export type TipoRitenuta = (typeof TIPI_RITENUTA)[number]

export const CAUSALI_PAGAMENTO = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'G',
  'H',
  'I',
  'L',
  'M',
  'N',
  'O',
  'P',
  'Q',
  'R',
  'S',
  'T',
  'U',
  'V',
  'W',
  'X',
  'Y',
  'Z',
  'L1',
  'M1',
  'M2',
  'O1',
  'V1',
  'ZO',
] as const

export const TIPI_CASSA = Array.from({ length: 22 }, (_, i) => `TC${String(i + 1).padStart(2, '0')}`) as readonly string[]

export const TIPI_CESSIONE = ['SC', 'PR', 'AB', 'AC'] as const
export const TIPI_SCONTO = ['SC', 'MG'] as const

/** 00471: cedente and cessionario must differ. */
export const TD_DISTINCT_PARTIES: ReadonlySet<string> = new Set([
  'TD01',
  'TD02',
  'TD03',
  'TD06',
  'TD16',
  'TD17',
  'TD18',
  'TD19',
  'TD20',
  'TD24',
  'TD25',
  'TD28',
  'TD29',
])
/** 00472: cedente and cessionario must be the same subject. */
export const TD_SAME_PARTY: ReadonlySet<string> = new Set(['TD21', 'TD27'])
/** 00475: the cessionario needs IdFiscaleIVA. */
export const TD_NEED_CESSIONARIO_IVA: ReadonlySet<string> = new Set([
  'TD16',
  'TD17',
  'TD18',
  'TD19',
  'TD20',
  'TD22',
  'TD23',
  'TD28',
  'TD29',
])
/** 00473: the cedente must be foreign. */
export const TD_FOREIGN_CEDENTE: ReadonlySet<string> = new Set(['TD17', 'TD18', 'TD19', 'TD28'])
/** Documents that correct an earlier invoice: DatiFattureCollegate is required. */
export const TD_NEED_LINKED_INVOICE: ReadonlySet<string> = new Set(['TD04', 'TD05'])
/** Deferred invoices: DatiDDT is required. */
export const TD_DEFERRED: ReadonlySet<string> = new Set(['TD24', 'TD25'])
