import { describe, expect, it, vi } from 'vitest'
import { nodeXmlReader } from '../../adapters/fatturapa/xsd/node.ts'
import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import { checkIdentifiers, checkSdiRules, SDI_CODES } from '../../core/fatturapa/rules/index.ts'
import { checkFatturaTree, inspectFatturaXml, validateFatturaXml } from '../../core/fatturapa/validate.ts'
import type { XmlReadOptions } from '../../core/fatturapa/xml-refusals.ts'
import type { XmlElement } from '../../core/fatturapa/xml-tree.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'

// Check-digit-valid identifiers (core/tax-id.ts): two partite IVA, a person's codice fiscale, an omocodia one.
const PIVA_A = '01234567897'
const PIVA_B = '12345678903'
const CF_PERSON = 'RSSMRA85T10A562S'
const CF_OMOCODIA = 'RSSMRA85T10A56NH' // the same person, last digit 2 → N
const CF_OTHER = 'BNCGVN80A01F205M'

type Line = { rate?: string; natura?: string; qty?: string | null; price?: string; total?: string; extra?: string; after?: string }
type Riep = { rate?: string; natura?: string; imponibile?: string; imposta?: string; esig?: string; arr?: string }

const line = (l: Line = {}): string =>
  '<DettaglioLinee><NumeroLinea>1</NumeroLinea><Descrizione>Servizio</Descrizione>' +
  (l.qty === null ? '' : `<Quantita>${l.qty ?? '2.00'}</Quantita>`) +
  `<PrezzoUnitario>${l.price ?? '50.00'}</PrezzoUnitario>${l.extra ?? ''}<PrezzoTotale>${l.total ?? '100.00'}</PrezzoTotale>` +
  `<AliquotaIVA>${l.rate ?? '22.00'}</AliquotaIVA>${l.after ?? ''}${l.natura === undefined ? '' : `<Natura>${l.natura}</Natura>`}</DettaglioLinee>`

const riep = (r: Riep = {}): string =>
  `<DatiRiepilogo><AliquotaIVA>${r.rate ?? '22.00'}</AliquotaIVA>${r.natura === undefined ? '' : `<Natura>${r.natura}</Natura>`}` +
  `${r.arr === undefined ? '' : `<Arrotondamento>${r.arr}</Arrotondamento>`}<ImponibileImporto>${r.imponibile ?? '100.00'}</ImponibileImporto>` +
  `<Imposta>${r.imposta ?? '22.00'}</Imposta>${r.esig === undefined ? '' : `<EsigibilitaIVA>${r.esig}</EsigibilitaIVA>`}</DatiRiepilogo>`

type Body = { tipo?: string; numero?: string; data?: string; dgd?: string; generali?: string; lines?: string[]; riepiloghi?: string[] }
type Inv = {
  versione?: string
  formato?: string
  codice?: string
  pec?: string
  cedente?: { paese?: string; codice?: string; cf?: string; regime?: string }
  cessionario?: { paese?: string; codice?: string; cf?: string } | 'none'
  bodies?: Body[]
} & Body

const vatId = (paese: string, codice: string) => `<IdFiscaleIVA><IdPaese>${paese}</IdPaese><IdCodice>${codice}</IdCodice></IdFiscaleIVA>`
const sede = '<Sede><Indirizzo>VIA ROMA 1</Indirizzo><CAP>00100</CAP><Comune>ROMA</Comune><Nazione>IT</Nazione></Sede>'

function body(b: Body): string {
  return (
    '<FatturaElettronicaBody><DatiGenerali><DatiGeneraliDocumento>' +
    `<TipoDocumento>${b.tipo ?? 'TD01'}</TipoDocumento><Divisa>EUR</Divisa><Data>${b.data ?? '2025-03-15'}</Data><Numero>${b.numero ?? '2025/1'}</Numero>${b.dgd ?? ''}` +
    `</DatiGeneraliDocumento>${b.generali ?? ''}</DatiGenerali><DatiBeniServizi>${(b.lines ?? [line()]).join('')}${(b.riepiloghi ?? [riep()]).join('')}</DatiBeniServizi></FatturaElettronicaBody>`
  )
}

function invoice(inv: Inv = {}): string {
  const ced = { paese: 'IT', codice: PIVA_A, regime: 'RF01', ...inv.cedente }
  const ces = inv.cessionario === 'none' ? undefined : (inv.cessionario ?? { cf: CF_PERSON })
  const formato = inv.formato ?? 'FPR12'
  const cessionario =
    '<CessionarioCommittente><DatiAnagrafici>' +
    (ces?.codice === undefined ? '' : vatId(ces.paese ?? 'IT', ces.codice)) +
    (ces?.cf === undefined ? '' : `<CodiceFiscale>${ces.cf}</CodiceFiscale>`) +
    `<Anagrafica><Denominazione>CLIENTE</Denominazione></Anagrafica></DatiAnagrafici>${sede}</CessionarioCommittente>`
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<p:FatturaElettronica versione="${inv.versione ?? formato}" xmlns:p="http://ivaservizi.agenziaentrate.gov.it/docs/xsd/fatture/v1.2">` +
    `<FatturaElettronicaHeader><DatiTrasmissione><IdTrasmittente><IdPaese>IT</IdPaese><IdCodice>${PIVA_A}</IdCodice></IdTrasmittente>` +
    `<ProgressivoInvio>00001</ProgressivoInvio><FormatoTrasmissione>${formato}</FormatoTrasmissione><CodiceDestinatario>${inv.codice ?? (formato === 'FPA12' ? 'UFABCD' : '0000000')}</CodiceDestinatario>` +
    `${inv.pec === undefined ? '' : `<PECDestinatario>${inv.pec}</PECDestinatario>`}</DatiTrasmissione>` +
    `<CedentePrestatore><DatiAnagrafici>${vatId(ced.paese, ced.codice)}${ced.cf === undefined ? '' : `<CodiceFiscale>${ced.cf}</CodiceFiscale>`}` +
    `<Anagrafica><Denominazione>ACME SRL</Denominazione></Anagrafica><RegimeFiscale>${ced.regime}</RegimeFiscale></DatiAnagrafici>${sede}</CedentePrestatore>` +
    `${cessionario}</FatturaElettronicaHeader>${(inv.bodies ?? [inv]).map(body).join('')}</p:FatturaElettronica>`
  )
}

function tree(xml: string): XmlElement {
  const r = nodeXmlReader.read(xml)
  if (!r.ok) throw new Error(r.issue.message.en)
  return r.root
}

const sdi = (xml: string, today?: string): ValidationIssue[] => checkSdiRules(tree(xml), { today })
const codes = (xml: string, today?: string): string[] => [...new Set(sdi(xml, today).map((i) => i.code))].sort()

describe('SDI content checks: the base invoice', () => {
  it('is clean in every layer, and every issue the rules produce is well-formed', () => {
    expect(checkFatturaTree(tree(invoice()))).toEqual([])
    const issues = sdi(invoice({ lines: [line({ rate: '0.00' })], numero: 'ABC', formato: 'FPA12', codice: '0000000' }))
    expect(issues.length).toBeGreaterThan(2)
    for (const i of issues) {
      expect(i.layer).toBe('sdi')
      expect(SDI_CODES).toContain(i.code)
      expect(i.xpath).toMatch(/^\/FatturaElettronica\//)
      expect(i.message.it.startsWith(`${i.code}: `)).toBe(true)
      expect(i.message.en.startsWith(`${i.code}: `)).toBe(true)
    }
  })
})

// Each code: a failing invoice (the code is reported, at the right element) and a passing one (it is not).
type Case = { code: string; name: string; bad: Inv; good: Inv; xpath?: RegExp; today?: string }

const Z = { lines: [line({ rate: '0.00', natura: 'N2.1' })], riepiloghi: [riep({ rate: '0.00', natura: 'N2.1', imposta: '0.00' })] }
const cassa = (rate: string, extra = '') =>
  `<DatiCassaPrevidenziale><TipoCassa>TC01</TipoCassa><AlCassa>4.00</AlCassa><ImportoContributoCassa>4.00</ImportoContributoCassa><ImponibileCassa>100.00</ImponibileCassa><AliquotaIVA>${rate}</AliquotaIVA>${extra}</DatiCassaPrevidenziale>`
const ritenuta =
  '<DatiRitenuta><TipoRitenuta>RT01</TipoRitenuta><ImportoRitenuta>20.00</ImportoRitenuta><AliquotaRitenuta>20.00</AliquotaRitenuta><CausalePagamento>A</CausalePagamento></DatiRitenuta>'
const foreign = { paese: 'DE', codice: 'DE123456789' }

const CASES: Case[] = [
  {
    code: '00313',
    name: 'XXXXXXX only towards a foreign cessionario',
    bad: { codice: 'XXXXXXX' },
    good: { codice: 'XXXXXXX', cessionario: foreign },
    xpath: /CodiceDestinatario$/,
  },
  {
    code: '00400',
    name: 'line with rate 0 needs Natura',
    bad: { ...Z, lines: [line({ rate: '0.00' })] },
    good: Z,
    xpath: /DettaglioLinee\[1\]\/AliquotaIVA$/,
  },
  {
    code: '00401',
    name: 'line with a non-zero rate cannot have Natura (except TD16)',
    bad: {
      lines: [line({ natura: 'N2.1' })],
      riepiloghi: [riep(), riep({ rate: '0.00', natura: 'N2.1', imponibile: '0.00', imposta: '0.00' })],
    },
    good: { tipo: 'TD16', cessionario: { codice: PIVA_B }, lines: [line({ natura: 'N6.9' })], riepiloghi: [riep({ natura: 'N6.9' })] },
    xpath: /DettaglioLinee\[1\]\/Natura$/,
  },
  {
    code: '00403',
    name: 'invoice date after the day of receipt (only with a clock)',
    bad: { data: '2025-03-16' },
    good: { data: '2025-03-15' },
    today: '2025-03-15',
    xpath: /DatiGeneraliDocumento\/Data$/,
  },
  {
    code: '00409',
    name: 'same Numero in the same year twice in one file (a TD04 may share it)',
    bad: {
      bodies: [
        { numero: 'FT-1', data: '2025-01-15' },
        { numero: 'FT-1', data: '2025-12-01' },
      ],
    },
    good: { bodies: [{ numero: 'FT-1' }, { numero: 'FT-1', tipo: 'TD04' }, { numero: 'FT-1', data: '2026-01-01' }] },
    xpath: /FatturaElettronicaBody\[2\]\/.*Numero$/,
  },
  {
    code: '00411',
    name: 'line Ritenuta SI needs DatiRitenuta',
    bad: { lines: [line({ after: '<Ritenuta>SI</Ritenuta>' })] },
    good: { dgd: ritenuta, lines: [line({ after: '<Ritenuta>SI</Ritenuta>' })] },
    xpath: /Ritenuta$/,
  },
  {
    code: '00413',
    name: 'cassa with rate 0 needs Natura',
    bad: { dgd: cassa('0.00'), riepiloghi: [riep(), riep({ rate: '0.00', natura: 'N4', imponibile: '4.00', imposta: '0.00' })] },
    good: {
      dgd: cassa('0.00', '<Natura>N4</Natura>'),
      riepiloghi: [riep(), riep({ rate: '0.00', natura: 'N4', imponibile: '4.00', imposta: '0.00' })],
    },
    xpath: /DatiCassaPrevidenziale\[1\]\/AliquotaIVA$/,
  },
  {
    code: '00414',
    name: 'cassa with a non-zero rate cannot have Natura',
    bad: { dgd: cassa('22.00', '<Natura>N4</Natura>'), riepiloghi: [riep({ imponibile: '104.00', imposta: '22.88' })] },
    good: { dgd: cassa('22.00'), riepiloghi: [riep({ imponibile: '104.00', imposta: '22.88' })] },
    xpath: /DatiCassaPrevidenziale\[1\]\/Natura$/,
  },
  {
    code: '00415',
    name: 'cassa Ritenuta SI needs DatiRitenuta',
    bad: { dgd: cassa('22.00', '<Ritenuta>SI</Ritenuta>'), riepiloghi: [riep({ imponibile: '104.00', imposta: '22.88' })] },
    good: { dgd: ritenuta + cassa('22.00', '<Ritenuta>SI</Ritenuta>'), riepiloghi: [riep({ imponibile: '104.00', imposta: '22.88' })] },
    xpath: /DatiCassaPrevidenziale\[1\]\/Ritenuta$/,
  },
  {
    code: '00417',
    name: 'cessionario needs IdFiscaleIVA or CodiceFiscale',
    bad: { cessionario: {} },
    good: { cessionario: { codice: PIVA_B } },
    xpath: /CessionarioCommittente\/DatiAnagrafici$/,
  },
  {
    code: '00418',
    name: 'invoice date before a linked invoice',
    bad: {
      tipo: 'TD04',
      data: '2025-03-15',
      generali: '<DatiFattureCollegate><IdDocumento>9</IdDocumento><Data>2025-03-16</Data></DatiFattureCollegate>',
    },
    good: {
      tipo: 'TD04',
      data: '2025-03-15',
      generali: '<DatiFattureCollegate><IdDocumento>9</IdDocumento><Data>2025-03-15</Data></DatiFattureCollegate>',
    },
    xpath: /DatiFattureCollegate\[1\]\/Data$/,
  },
  {
    code: '00419',
    name: 'every rate of the lines has a DatiRiepilogo',
    bad: { lines: [line(), line({ rate: '10.00', total: '10.00', qty: '1.00', price: '10.00' })] },
    good: {
      lines: [line(), line({ rate: '10.00', total: '10.00', qty: '1.00', price: '10.00' })],
      riepiloghi: [riep(), riep({ rate: '10.00', imponibile: '10.00', imposta: '1.00' })],
    },
    xpath: /DettaglioLinee\[2\]\/AliquotaIVA$/,
  },
  {
    code: '00420',
    name: 'N6 with split payment',
    bad: {
      ...Z,
      lines: [line({ rate: '0.00', natura: 'N6.3' })],
      riepiloghi: [riep({ rate: '0.00', natura: 'N6.3', imposta: '0.00', esig: 'S' })],
    },
    good: {
      ...Z,
      lines: [line({ rate: '0.00', natura: 'N6.3' })],
      riepiloghi: [riep({ rate: '0.00', natura: 'N6.3', imposta: '0.00', esig: 'I' })],
    },
    xpath: /EsigibilitaIVA$/,
  },
  {
    code: '00421',
    name: 'Imposta = round-half-up(rate × imponibile / 100) ±0.01',
    bad: { lines: [line({ qty: '1.00', price: '10.25', total: '10.25' })], riepiloghi: [riep({ imponibile: '10.25', imposta: '2.23' })] },
    // 10.25 × 22% = 2.255 → 2.26 (half-up); 2.25 and 2.27 are within the one-cent tolerance.
    good: { lines: [line({ qty: '1.00', price: '10.25', total: '10.25' })], riepiloghi: [riep({ imponibile: '10.25', imposta: '2.27' })] },
    xpath: /DatiRiepilogo\[1\]\/Imposta$/,
  },
  {
    code: '00422',
    name: 'ImponibileImporto = Σ PrezzoTotale + Σ cassa + Arrotondamento, ±1.00',
    bad: { riepiloghi: [riep({ imponibile: '101.01', imposta: '22.22' })] },
    good: { riepiloghi: [riep({ imponibile: '101.00', imposta: '22.22' })] },
    xpath: /DatiRiepilogo\[1\]\/ImponibileImporto$/,
  },
  {
    code: '00423',
    name: 'PrezzoTotale = (PrezzoUnitario ± sconti) × Quantita, ±0.01',
    bad: { lines: [line({ qty: '3.00', price: '10.00', total: '30.02' })], riepiloghi: [riep({ imponibile: '30.02', imposta: '6.60' })] },
    good: { lines: [line({ qty: '3.00', price: '10.00', total: '30.01' })], riepiloghi: [riep({ imponibile: '30.01', imposta: '6.60' })] },
    xpath: /DettaglioLinee\[1\]\/PrezzoTotale$/,
  },
  { code: '00425', name: 'Numero must contain a digit', bad: { numero: 'ABC/X' }, good: { numero: 'A1' }, xpath: /Numero$/ },
  {
    code: '00426',
    name: 'PEC only with CodiceDestinatario 0000000',
    bad: { codice: 'ABC1234', pec: 'a@pec.it' },
    good: { codice: '0000000', pec: 'a@pec.it' },
    xpath: /PECDestinatario$/,
  },
  {
    code: '00427',
    name: 'CodiceDestinatario: 6 characters for FPA12, 7 for FPR12',
    bad: { formato: 'FPA12', codice: '0000000' },
    good: { formato: 'FPA12', codice: 'UFABCD' },
    xpath: /CodiceDestinatario$/,
  },
  {
    code: '00428',
    name: 'FormatoTrasmissione matches versione',
    bad: { versione: 'FPA12', formato: 'FPR12' },
    good: { versione: 'FPR12' },
    xpath: /FormatoTrasmissione$/,
  },
  {
    code: '00429',
    name: 'summary with rate 0 needs Natura',
    bad: { ...Z, riepiloghi: [riep({ rate: '0.00', imposta: '0.00' })] },
    good: Z,
    xpath: /DatiRiepilogo\[1\]\/AliquotaIVA$/,
  },
  {
    code: '00430',
    name: 'summary with a non-zero rate cannot have Natura (except TD16)',
    bad: { riepiloghi: [riep({ natura: 'N6.9' })] },
    good: { tipo: 'TD16', cessionario: { codice: PIVA_B }, lines: [line({ natura: 'N6.9' })], riepiloghi: [riep({ natura: 'N6.9' })] },
    xpath: /DatiRiepilogo\[1\]\/Natura$/,
  },
  {
    code: '00437',
    name: 'document ScontoMaggiorazione needs Percentuale or Importo',
    bad: { dgd: '<ScontoMaggiorazione><Tipo>SC</Tipo></ScontoMaggiorazione>' },
    good: { dgd: '<ScontoMaggiorazione><Tipo>SC</Tipo><Importo>1.00</Importo></ScontoMaggiorazione>' },
    xpath: /DatiGeneraliDocumento\/ScontoMaggiorazione\[1\]$/,
  },
  {
    code: '00438',
    name: 'line ScontoMaggiorazione needs Percentuale or Importo',
    bad: { lines: [line({ extra: '<ScontoMaggiorazione><Tipo>SC</Tipo></ScontoMaggiorazione>' })] },
    good: { lines: [line({ price: '55.00', extra: '<ScontoMaggiorazione><Tipo>SC</Tipo><Importo>5.00</Importo></ScontoMaggiorazione>' })] },
    xpath: /DettaglioLinee\[1\]\/ScontoMaggiorazione\[1\]$/,
  },
  {
    code: '00443',
    name: 'a summary rate used by no line',
    bad: { riepiloghi: [riep(), riep({ rate: '10.00', imponibile: '0.00', imposta: '0.00' })] },
    good: { riepiloghi: [riep(), riep({ imponibile: '0.00', imposta: '0.00', esig: 'D' })] },
    xpath: /DatiRiepilogo\[2\]\/AliquotaIVA$/,
  },
  {
    code: '00444',
    name: 'the Natura values of lines and summary match',
    bad: { ...Z, riepiloghi: [riep({ rate: '0.00', natura: 'N2.2', imposta: '0.00' })] },
    good: Z,
    xpath: /Natura$/,
  },
  {
    code: '00445',
    name: 'generic N2/N3/N6 are no longer accepted',
    bad: { lines: [line({ rate: '0.00', natura: 'N2' })], riepiloghi: [riep({ rate: '0.00', natura: 'N2', imposta: '0.00' })] },
    good: Z,
    xpath: /Natura$/,
  },
  {
    code: '00459',
    name: 'RF03 is not a RegimeFiscale',
    bad: { cedente: { regime: 'RF03' } },
    good: { cedente: { regime: 'RF19' } },
    xpath: /RegimeFiscale$/,
  },
  {
    code: '00471',
    name: 'TD01: cedente and cessionario differ (a VAT group with different codici fiscali is allowed)',
    bad: { cessionario: { codice: PIVA_A } },
    good: { cedente: { cf: CF_PERSON }, cessionario: { codice: PIVA_A, cf: CF_OTHER } },
    xpath: /TipoDocumento$/,
  },
  {
    code: '00472',
    name: 'TD27: cedente and cessionario are the same',
    bad: { tipo: 'TD27', cessionario: { codice: PIVA_B } },
    good: { tipo: 'TD27', cessionario: { codice: PIVA_A } },
  },
  {
    code: '00473',
    name: 'TD17 needs a foreign cedente, TD29 an Italian one',
    bad: { bodies: [{ tipo: 'TD17' }, { tipo: 'TD29', numero: '2' }] },
    good: { tipo: 'TD17', cedente: foreign, cessionario: { codice: PIVA_B } },
    xpath: /IdFiscaleIVA\/IdPaese$/,
  },
  {
    code: '00474',
    name: 'TD21: no line with rate 0',
    bad: { tipo: 'TD21', cessionario: { codice: PIVA_A }, ...Z },
    good: { tipo: 'TD21', cessionario: { codice: PIVA_A } },
    xpath: /DettaglioLinee\[1\]\/AliquotaIVA$/,
  },
  {
    code: '00475',
    name: 'TD29: the cessionario IdFiscaleIVA is required',
    bad: { tipo: 'TD29' },
    good: { tipo: 'TD29', cessionario: { codice: PIVA_B } },
    xpath: /TipoDocumento$/,
  },
  {
    code: '00476',
    name: 'not both parties foreign',
    bad: { cedente: foreign, cessionario: { paese: 'FR', codice: 'FR12345678901' } },
    good: { cedente: foreign, cessionario: { codice: PIVA_B } },
  },
]

describe('SDI content checks: each code fails and passes', () => {
  it('covers every code the rules can report (00424 has its own test)', () => {
    expect([...CASES.map((c) => c.code), '00424'].sort()).toEqual([...SDI_CODES].sort())
  })

  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      const bad = sdi(invoice(c.bad), c.today).filter((i) => i.code === c.code)
      expect(bad.length, `${c.code} not reported`).toBeGreaterThan(0)
      expect(bad[0]?.severity).toBe('error')
      if (c.xpath !== undefined) expect(bad[0]?.xpath).toMatch(c.xpath)
      expect(codes(invoice(c.good), c.today)).not.toContain(c.code)
    })
  }
})

describe('SDI content checks: details', () => {
  it('00424 warns (never errors) on a rate that looks like a fraction', () => {
    const w = sdi(invoice({ lines: [line({ rate: '0.22' })], riepiloghi: [riep({ rate: '0.22', imposta: '0.22' })] })).filter(
      (i) => i.code === '00424',
    )
    expect(w.map((i) => i.severity)).toEqual(['warning', 'warning'])
    expect(codes(invoice())).not.toContain('00424')
  })

  it('00403 is not checked without a clock', () => {
    expect(codes(invoice({ data: '2999-01-01' }))).not.toContain('00403')
  })

  it('00422 counts the cassa contribution and the summary Arrotondamento, per rate, with exact decimals', () => {
    const withCassa = { dgd: cassa('22.00'), riepiloghi: [riep({ imponibile: '104.00', imposta: '22.88' })] }
    expect(codes(invoice(withCassa))).toEqual([])
    expect(codes(invoice({ ...withCassa, riepiloghi: [riep({ imponibile: '102.99', imposta: '22.66' })] }))).toEqual(['00422'])
    // Arrotondamento absorbs the difference: 102.50 − 2.50 = 100.00.
    expect(codes(invoice({ riepiloghi: [riep({ imponibile: '102.50', imposta: '22.55', arr: '2.50' })] }))).toEqual([])
    // Two summaries of one rate (different EsigibilitaIVA) are summed: 60 + 40 = 100.
    expect(
      codes(
        invoice({
          riepiloghi: [riep({ imponibile: '60.00', imposta: '13.20' }), riep({ imponibile: '40.00', imposta: '8.80', esig: 'D' })],
        }),
      ),
    ).toEqual([])
    // Float arithmetic would be off here: 0.1 + 0.2 lines against 0.30; and large amounts stay exact.
    const tiny = [line({ qty: '1.00', price: '0.10', total: '0.10' }), line({ qty: '1.00', price: '0.20', total: '0.20' })]
    expect(codes(invoice({ lines: tiny, riepiloghi: [riep({ imponibile: '0.30', imposta: '0.07' })] }))).toEqual([])
    const big = [line({ qty: '1.00', price: '99999999999.99', total: '99999999999.99' })]
    expect(codes(invoice({ lines: big, riepiloghi: [riep({ imponibile: '99999999999.99', imposta: '22000000000.00' })] }))).toEqual([])
    expect(codes(invoice({ lines: big, riepiloghi: [riep({ imponibile: '99999999998.98', imposta: '21999999999.78' })] }))).toEqual([
      '00422',
    ])
  })

  it('00421 rounds half up, also for negative amounts', () => {
    const neg = { tipo: 'TD04', lines: [line({ qty: '1.00', price: '-10.25', total: '-10.25' })] }
    expect(codes(invoice({ ...neg, riepiloghi: [riep({ imponibile: '-10.25', imposta: '-2.26' })] }))).toEqual([])
    expect(codes(invoice({ ...neg, riepiloghi: [riep({ imponibile: '-10.25', imposta: '-2.28' })] }))).toEqual(['00421'])
  })

  it('00423 applies discounts per unit and accepts any reading the spec leaves open', () => {
    const sc = (x: string) => `<ScontoMaggiorazione><Tipo>SC</Tipo>${x}</ScontoMaggiorazione>`
    const mg = (x: string) => `<ScontoMaggiorazione><Tipo>MG</Tipo>${x}</ScontoMaggiorazione>`
    const check = (extra: string, total: string, qty: string | null = '2.00') =>
      codes(
        invoice({ lines: [line({ qty, price: '50.00', extra, total })], riepiloghi: [riep({ imponibile: total, imposta: '0.00' })] }),
      ).filter((c) => c === '00423')
    expect(check(sc('<Importo>5.00</Importo>'), '90.00')).toEqual([]) // (50 − 5) × 2
    expect(check(sc('<Importo>5.00</Importo>'), '95.00')).toEqual(['00423'])
    expect(check(mg('<Percentuale>10.00</Percentuale>'), '110.00')).toEqual([])
    expect(check(sc('<Percentuale>10.00</Percentuale>') + sc('<Percentuale>10.00</Percentuale>'), '81.00')).toEqual([]) // cascade
    expect(check(sc('<Percentuale>10.00</Percentuale>') + sc('<Percentuale>10.00</Percentuale>'), '80.00')).toEqual([]) // on the base
    expect(check(sc('<Percentuale>10.00</Percentuale>') + sc('<Percentuale>10.00</Percentuale>'), '100.00')).toEqual(['00423'])
    expect(check(sc('<Percentuale>10.00</Percentuale><Importo>9.00</Importo>'), '90.00')).toEqual([]) // either value
    expect(check(sc('<Percentuale>10.00</Percentuale><Importo>9.00</Importo>'), '82.00')).toEqual([])
    expect(check('', '100.00', null)).toEqual([]) // no Quantita: not checked
    // 8-decimal unit prices: 3 × 33.33333333 = 99.99999999 ≈ 100.00.
    expect(codes(invoice({ lines: [line({ qty: '3.00', price: '33.33333333', total: '100.00' })] }))).toEqual([])
  })

  it('checks every body of a multi-body file with the xpath of that body', () => {
    const issues = sdi(
      invoice({ bodies: [{ numero: '1' }, { numero: '2', riepiloghi: [riep({ imponibile: '120.00', imposta: '26.40' })] }] }),
    )
    expect(issues.map((i) => [i.code, i.xpath])).toEqual([
      ['00422', '/FatturaElettronica/FatturaElettronicaBody[2]/DatiBeniServizi/DatiRiepilogo[1]/ImponibileImporto'],
    ])
  })
})

describe('identifier checks', () => {
  it('accept check-digit-valid partite IVA and codici fiscali (person, omocodia, entity)', () => {
    for (const cf of [CF_PERSON, CF_OMOCODIA, '00341620508']) {
      expect(checkIdentifiers(tree(invoice({ cessionario: { codice: PIVA_B, cf } })))).toEqual([])
    }
  })

  it('flag a wrong P.IVA check digit with ID-PIVA at the IdCodice, for each party', () => {
    const issues = checkIdentifiers(tree(invoice({ cedente: { codice: '01234567890' }, cessionario: { codice: '12345678901' } })))
    expect(issues.map((i) => [i.layer, i.code, i.xpath.replace('/FatturaElettronica/FatturaElettronicaHeader/', '')])).toEqual([
      ['identifier', 'ID-PIVA', 'CedentePrestatore/DatiAnagrafici/IdFiscaleIVA/IdCodice'],
      ['identifier', 'ID-PIVA', 'CessionarioCommittente/DatiAnagrafici/IdFiscaleIVA/IdCodice'],
    ])
    expect(issues[0]?.message.it).toMatch(/01234567890, cifra di controllo errata \(SdI 00301\)/)
    expect(issues[1]?.message.en).toMatch(/12345678901, wrong check digit \(SdI 00305\)/)
  })

  it('flag a bad codice fiscale (check character, format) with ID-CF', () => {
    for (const cf of ['RSSMRA85T10A562T', '09876543210', 'RSSMRA85T10A5621']) {
      const issues = checkIdentifiers(tree(invoice({ cessionario: { cf } })))
      expect(
        issues.map((i) => i.code),
        cf,
      ).toEqual(['ID-CF'])
      expect(issues[0]?.message.en).toContain('(SdI 00306)')
    }
  })

  it('check only IdPaese IT as Italian, and accept a person as transmitter', () => {
    expect(checkIdentifiers(tree(invoice({ cedente: { paese: 'DE', codice: '123' }, cessionario: foreign })))).toEqual([])
    expect(checkIdentifiers(tree(invoice({ cedente: { codice: 'IT01234567897' } }))).map((i) => i.message.en)).toEqual([
      expect.stringContaining('invalid format (11 digits)'),
    ])
    const personSender = invoice().replace(
      `<IdCodice>${PIVA_A}</IdCodice></IdTrasmittente>`,
      `<IdCodice>${CF_PERSON}</IdCodice></IdTrasmittente>`,
    )
    expect(checkIdentifiers(tree(personSender))).toEqual([])
    const badSender = invoice().replace(
      `<IdCodice>${PIVA_A}</IdCodice></IdTrasmittente>`,
      '<IdCodice>01234567890</IdCodice></IdTrasmittente>',
    )
    expect(checkIdentifiers(tree(badSender)).map((i) => i.message.en)).toEqual([expect.stringContaining('(SdI 00300)')])
  })
})

describe('validateFatturaXml', () => {
  /** A validator whose schema finds `issues`: the document and its refusals are the real reader's. */
  const fakeXsd = (issues: ValidationIssue[] = []): XsdValidator & { check: ReturnType<typeof vi.fn> } => ({
    read: nodeXmlReader.read,
    check: vi.fn(async (xml: string, options?: XmlReadOptions) => {
      const r = nodeXmlReader.read(xml, options)
      return r.ok ? { ok: true as const, root: r.root, issues } : r
    }),
    validate: async () => issues,
  })

  it('is valid when no layer has an error; warnings do not count', async () => {
    const xsd = fakeXsd()
    expect(await validateFatturaXml(invoice(), { xsd })).toEqual({ valid: true, issues: [] })
    const warn = await validateFatturaXml(
      invoice({ lines: [line({ rate: '0.50', total: '100.00' })], riepiloghi: [riep({ rate: '0.50', imposta: '0.50' })] }),
      { xsd },
    )
    expect(warn.valid).toBe(true)
    expect(warn.issues.map((i) => i.code)).toEqual(['00424', '00424'])
    // One parse per document: the schema check gives the tree the rules judge.
    expect(xsd.check).toHaveBeenCalledTimes(2)
  })

  const schemaError: ValidationIssue = {
    layer: 'xsd',
    code: 'XSD-PATTERN',
    xpath: '/FatturaElettronica',
    message: { it: 'x', en: 'x' },
    severity: 'error',
  }

  it('stops at the xml layer for hostile input: no schema, SdI or identifier finding is added', async () => {
    const r = await validateFatturaXml('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', { xsd: fakeXsd([schemaError]) })
    expect(r.valid).toBe(false)
    expect(r.issues.map((i) => [i.layer, i.code])).toEqual([['xml', 'XML-DOCTYPE']])
    const inspected = await inspectFatturaXml(invoice().replace('<p:Fattura', '<?php x ?><p:Fattura'), { xsd: fakeXsd() })
    expect([inspected.root, inspected.issues.map((i) => i.code)]).toEqual([null, ['XML-PI']])
  })

  it('passes the reader options to the schema check and returns the tree it judged', async () => {
    const xsd = fakeXsd()
    const styled = invoice().replace('<p:Fattura', '<?xml-stylesheet href="x.xsl"?><p:Fattura')
    const r = await inspectFatturaXml(styled, { xsd }, { allowXmlStylesheet: true, today: '2026-01-01' })
    expect([r.valid, r.root?.name]).toEqual([true, 'FatturaElettronica'])
    expect(xsd.check).toHaveBeenCalledWith(styled, { allowXmlStylesheet: true, today: '2026-01-01' })
  })

  it('combines xsd, sdi and identifier issues in that order', async () => {
    const r = await validateFatturaXml(invoice({ numero: 'X', cedente: { codice: '01234567890' } }), { xsd: fakeXsd([schemaError]) })
    expect(r.valid).toBe(false)
    expect(r.issues.map((i) => `${i.layer}:${i.code}`)).toEqual(['xsd:XSD-PATTERN', 'sdi:00425', 'identifier:ID-PIVA'])
  })

  it('accepts the XSD 1.2.3 values TD29 and RF20, and nothing else the 1.2.2 schema refuses', async () => {
    const enumError = (xpath: string, value: string): ValidationIssue => ({
      layer: 'xsd',
      code: 'XSD-ENUMERATION',
      xpath,
      message: { it: 'x', en: `Element: [facet 'enumeration'] The value '${value}' is not an element of the set {…}.` },
      severity: 'error',
    })
    const td29 = enumError('/FatturaElettronica/FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/TipoDocumento', 'TD29')
    const rf20 = enumError('/FatturaElettronica/FatturaElettronicaHeader/CedentePrestatore/DatiAnagrafici/RegimeFiscale', 'RF20')
    const td30 = enumError('/FatturaElettronica/FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/TipoDocumento', 'TD30')
    const r = await validateFatturaXml(invoice({ tipo: 'TD29', cessionario: { codice: PIVA_B }, cedente: { regime: 'RF20' } }), {
      xsd: fakeXsd([td29, rf20]),
    })
    expect(r).toEqual({ valid: true, issues: [] })
    const r2 = await validateFatturaXml(invoice(), { xsd: fakeXsd([td30]) })
    expect(r2.issues).toEqual([td30])
  })

  it('passes 00403 its clock through the options', async () => {
    const r = await validateFatturaXml(invoice({ data: '2025-03-16' }), { xsd: fakeXsd() }, { today: '2025-03-15' })
    expect(r.issues.map((i) => i.code)).toEqual(['00403'])
  })

  it('refuses a root that is not FatturaElettronica', () => {
    expect(checkFatturaTree(tree('<FatturaElettronicaSemplificata/>')).map((i) => [i.layer, i.code])).toEqual([['xml', 'XML-ROOT']])
  })
})
