import { describe, expect, it } from 'vitest'
import { renderInvoice } from '../../adapters/fatturapa/generator.ts'
import { nodeXmlReader } from '../../adapters/fatturapa/xsd/node.ts'
import { buildInvoice } from '../../core/fatturapa/build.ts'
import {
  formatProgressivo,
  invoiceFileName,
  isValidInvoiceFileName,
  PROGRESSIVO_MAX,
  parseProgressivo,
} from '../../core/fatturapa/file-name.ts'
import type { InvoiceInput } from '../../core/fatturapa/input.ts'
import type { ValidationIssue } from '../../core/fatturapa/issue.ts'
import { sanitizeInvoice } from '../../core/fatturapa/sanitize.ts'
import { splitText, transliterate } from '../../core/fatturapa/text.ts'
import { checkFatturaTree } from '../../core/fatturapa/validate.ts'
import { seedInvoiceInput } from '../fixtures/fatturapa/inputs.ts'

const seed = seedInvoiceInput

function issuesOf(input: InvoiceInput): ValidationIssue[] {
  const r = buildInvoice(input)
  if (r.ok) throw new Error(`expected a refusal, got an invoice with warnings ${JSON.stringify(r.warnings)}`)
  return r.issues
}

function codes(input: InvoiceInput): string[] {
  return issuesOf(input)
    .filter((i) => i.severity === 'error')
    .map((i) => i.code)
}

function built(input: InvoiceInput) {
  const r = buildInvoice(input)
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.issues, null, 1)}`)
  return r
}

describe('buildInvoice: the seed example', () => {
  it('refuses the seed cessionario P.IVA 12345678901 (wrong check digit) with ID-PIVA and messages in both languages', () => {
    const issues = issuesOf(seed({ cessionario: { ...seed().cessionario, partitaIva: '12345678901' } }))
    const e = issues.find((i) => i.code === 'ID-PIVA')
    expect(e).toMatchObject({
      layer: 'identifier',
      severity: 'error',
      xpath: '/FatturaElettronica/FatturaElettronicaHeader/CessionarioCommittente/DatiAnagrafici/IdFiscaleIVA/IdCodice',
    })
    expect(e?.message.it).toContain('cifra di controllo')
    expect(e?.message.en).toContain('check digit')
  })

  it('builds the corrected seed: 150.00 at 22% is 33.00 VAT, 183.00 total, PEC routing with 0000000', () => {
    const r = built(seed())
    const body = r.invoice.bodies[0]
    expect(body?.datiBeniServizi.datiRiepilogo).toEqual([
      { aliquotaIva: '22.00', imponibileImporto: '150.00', imposta: '33.00', esigibilitaIva: 'I' },
    ])
    expect(body?.datiGenerali.datiGeneraliDocumento.importoTotaleDocumento).toBe('183.00')
    expect(r.invoice.header.datiTrasmissione).toMatchObject({ codiceDestinatario: '0000000', pecDestinatario: 'fatture@technosteel.it' })
    expect(r.invoice.header.datiTrasmissione.idTrasmittente).toEqual({ idPaese: 'IT', idCodice: '07776161213' })
  })

  it('transliterates the em dash of "231 Agile — Pacchetto" and warns with the field path', () => {
    const r = built(seed())
    expect(r.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[0]?.descrizione).toBe('231 Agile - Pacchetto Onboarding #1')
    expect(r.warnings).toContainEqual(
      expect.objectContaining({
        code: 'TEXT-TRANSLITERATED',
        severity: 'warning',
        xpath: '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]/Descrizione',
      }),
    )
  })
})

describe('buildInvoice: identifiers', () => {
  it('refuses a cedente P.IVA that is not 11 digits', () => {
    const issues = issuesOf(seed({ cedente: { ...seed().cedente, partitaIva: '0777616121' } }))
    expect(issues.find((i) => i.code === 'ID-PIVA')?.message.en).toContain('11 digits')
  })

  it('accepts a valid personal codice fiscale and refuses one with a wrong check character', () => {
    const person = { nome: 'Mario', cognome: 'Rossi', sede: seed().cessionario.sede }
    expect(
      built(seed({ cessionario: { ...person, codiceFiscale: 'RSSMRA85T10A562S' } })).invoice.header.cessionarioCommittente.datiAnagrafici,
    ).toEqual({
      codiceFiscale: 'RSSMRA85T10A562S',
      anagrafica: { nome: 'Mario', cognome: 'Rossi' },
    })
    const issues = issuesOf(seed({ cessionario: { ...person, codiceFiscale: 'RSSMRA85T10A562T' } }))
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'ID-CF',
        layer: 'identifier',
        xpath: expect.stringContaining('CessionarioCommittente/DatiAnagrafici/CodiceFiscale'),
      }),
    )
  })

  it('accepts an 11-digit numeric codice fiscale (an ente) and checks its digit', () => {
    const ente = { denominazione: 'Comune di Bugliano', sede: seed().cessionario.sede }
    expect(buildInvoice(seed({ cessionario: { ...ente, codiceFiscale: '00341620508' } })).ok).toBe(true)
    expect(codes(seed({ cessionario: { ...ente, codiceFiscale: '00341620509' } }))).toContain('ID-CF')
  })

  it('00417: a cessionario needs a P.IVA or a codice fiscale', () => {
    expect(codes(seed({ cessionario: { denominazione: 'X', sede: seed().cessionario.sede } }))).toContain('00417')
  })

  it('uses the cedente as transmitter by default, accepts an intermediary, refuses a transmitter id unusable in the file name', () => {
    expect(
      built(seed({ trasmittente: { idPaese: 'IT', idCodice: 'RSSMRA85T10A562S' } })).invoice.header.datiTrasmissione.idTrasmittente
        .idCodice,
    ).toBe('RSSMRA85T10A562S')
    expect(codes(seed({ trasmittente: { idPaese: 'IT', idCodice: '123' } }))).toContain('INPUT-FORMAT')
    expect(codes(seed({ trasmittente: { idPaese: 'Italia', idCodice: '07776161213' } }))).toContain('INPUT-FORMAT')
  })

  it('accepts a foreign P.IVA without an Italian check digit', () => {
    const r = built(
      seed({
        cessionario: {
          denominazione: 'ACME GmbH',
          idPaese: 'DE',
          partitaIva: 'DE123456789',
          codiceDestinatario: 'XXXXXXX',
          sede: { indirizzo: 'Str. 1', cap: '00000', comune: 'Berlin', nazione: 'DE' },
        },
      }),
    )
    expect(r.invoice.header.datiTrasmissione.codiceDestinatario).toBe('XXXXXXX')
  })

  it('refuses Denominazione together with Nome/Cognome, and neither', () => {
    expect(codes(seed({ cedente: { ...seed().cedente, nome: 'Mario', cognome: 'Rossi' } }))).toContain('INPUT-ANAGRAFICA')
    const { denominazione: _, ...noName } = seed().cedente
    expect(codes(seed({ cedente: noName }))).toContain('INPUT-ANAGRAFICA')
  })
})

describe('buildInvoice: routing (FPR12 / FPA12)', () => {
  it('FPA12 needs a 6-character codice ufficio (00427) and no PEC (00426)', () => {
    const { pec: _p, partitaIva: _i, ...rest } = seed().cessionario
    const pa = { ...rest, codiceFiscale: '00341620508' }
    expect(codes(seed({ formato: 'FPA12', cessionario: { ...pa, codiceDestinatario: 'ABC1234' } }))).toContain('00427')
    expect(codes(seed({ formato: 'FPA12', cessionario: pa }))).toContain('00427')
    expect(codes(seed({ formato: 'FPA12', cessionario: { ...pa, codiceDestinatario: 'UFXYZ1', pec: 'a@b.it' } }))).toContain('00426')
    expect(built(seed({ formato: 'FPA12', cessionario: { ...pa, codiceDestinatario: 'UFXYZ1' } })).invoice.versione).toBe('FPA12')
  })

  it('FPR12 refuses a 6-character code, PEC with a channel code, and XXXXXXX for an Italian client', () => {
    const c = seed().cessionario
    expect(codes(seed({ cessionario: { ...c, codiceDestinatario: 'ABC123' } }))).toContain('00427')
    expect(codes(seed({ cessionario: { ...c, codiceDestinatario: 'ABC1234' } }))).toContain('00426')
    const { pec: _, ...noPec } = c
    expect(codes(seed({ cessionario: { ...noPec, codiceDestinatario: 'XXXXXXX' } }))).toContain('00313')
    expect(codes(seed({ cessionario: { ...c, pec: 'not-an-email' } }))).toContain('INPUT-FORMAT')
  })

  it('refuses unknown formats, document types and regimes; TD29/RF20 only with schema 1.2.3', () => {
    expect(codes(seed({ formato: 'FPR11' }))).toContain('INPUT-FORMAT')
    expect(codes(seed({ tipoDocumento: 'TD07' }))).toContain('INPUT-FORMAT')
    expect(codes(seed({ cedente: { ...seed().cedente, regimeFiscale: 'RF03' } }))).toContain('INPUT-FORMAT')
    expect(codes(seed({ cedente: { ...seed().cedente, regimeFiscale: 'RF20' } }))).toContain('INPUT-SCHEMA-1.2.3')
    expect(buildInvoice(seed({ cedente: { ...seed().cedente, regimeFiscale: 'RF20' } }), { schemaVersion: '1.2.3' }).ok).toBe(true)
  })
})

describe('buildInvoice: lines and natura', () => {
  it('00400: zero rate without natura; 00401: natura with a rate; 00445: generic N2/N3/N6', () => {
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 0 }] }))).toContain('00400')
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 22, natura: 'N4' }] }))).toContain('00401')
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 0, natura: 'N2' }] }))).toContain('00445')
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 0, natura: 'N4.2' }] }))).toContain('INPUT-FORMAT')
  })

  it('accepts every specific natura code with a zero rate', () => {
    for (const natura of ['N1', 'N2.1', 'N2.2', 'N3.1', 'N3.2', 'N3.3', 'N3.4', 'N3.5', 'N3.6', 'N4', 'N5', 'N6.1', 'N6.9', 'N7']) {
      const r = built(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 0, natura }] }))
      expect(r.invoice.bodies[0]?.datiBeniServizi.datiRiepilogo[0]).toMatchObject({ aliquotaIva: '0.00', natura, imposta: '0.00' })
      expect(r.invoice.bodies[0]?.datiBeniServizi.datiRiepilogo[0]?.riferimentoNormativo).toBeTruthy()
    }
  })

  it('refuses bad decimals: more than 8 decimals, exponents, 3-decimal rates, negative quantity, rate over 100', () => {
    const line = (over: object) => seed({ righe: [{ descrizione: 'x', prezzoUnitario: 1, aliquotaIva: 22, ...over }] })
    expect(codes(line({ prezzoUnitario: '1.123456789' }))).toContain('INPUT-DECIMAL')
    expect(codes(line({ prezzoUnitario: '1e3' }))).toContain('INPUT-DECIMAL')
    expect(codes(line({ quantita: '0.000000001' }))).toContain('INPUT-DECIMAL')
    expect(codes(line({ aliquotaIva: '22.125' }))).toContain('INPUT-DECIMAL')
    expect(codes(line({ aliquotaIva: 101 }))).toContain('INPUT-DECIMAL')
    expect(codes(line({ quantita: -1 }))).toContain('INPUT-FORMAT')
    expect(codes(line({ prezzoUnitario: '123456789012' }))).toContain('INPUT-DECIMAL')
    expect(codes(seed({ righe: [] }))).toContain('INPUT-REQUIRED')
  })

  it('00438: a discount needs a percentage or an amount', () => {
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 22, sconti: [{ tipo: 'SC' }] }] }))).toContain('00438')
  })

  it('00425: Numero must contain a digit; dates must be real and from 1970', () => {
    expect(codes(seed({ numero: 'FT-A' }))).toContain('00425')
    expect(codes(seed({ data: '2026-02-30' }))).toContain('INPUT-DATE')
    expect(codes(seed({ data: '1969-12-31' }))).toContain('INPUT-DATE')
    expect(codes(seed({ data: '01/03/2026' }))).toContain('INPUT-DATE')
  })

  it('00411: a line with ritenuta needs DatiRitenuta', () => {
    expect(codes(seed({ righe: [{ descrizione: 'x', prezzoUnitario: 10, aliquotaIva: 22, ritenuta: true }] }))).toContain('00411')
  })

  it('00413/00414/00415 on the cassa previdenziale', () => {
    const c = { tipo: 'TC22', alCassa: 4 }
    expect(codes(seed({ casse: [{ ...c, aliquotaIva: 0 }] }))).toContain('00413')
    expect(codes(seed({ casse: [{ ...c, aliquotaIva: 22, natura: 'N4' }] }))).toContain('00414')
    expect(codes(seed({ casse: [{ ...c, aliquotaIva: 22, ritenuta: true }] }))).toContain('00415')
    expect(codes(seed({ casse: [{ ...c, tipo: 'TC23', aliquotaIva: 22 }] }))).toContain('INPUT-FORMAT')
  })

  it('refuses an invalid IBAN and an unknown payment method', () => {
    expect(
      codes(seed({ pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP05', iban: 'IT60X0542811101000000123457' }] } })),
    ).toContain('ID-IBAN')
    expect(codes(seed({ pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP24' }] } }))).toContain('INPUT-FORMAT')
    expect(codes(seed({ pagamento: { condizioni: 'TP04', dettagli: [{ modalita: 'MP05' }] } }))).toContain('INPUT-FORMAT')
  })
})

describe('buildInvoice: document types', () => {
  const linked = [{ idDocumento: 'FT-2026-0001-01', data: '2026-02-01' }]

  it('TD04 and TD05 need the corrected invoice in DatiFattureCollegate, dated no later (00418)', () => {
    expect(codes(seed({ tipoDocumento: 'TD04' }))).toContain('DOC-LINKED-INVOICE')
    expect(codes(seed({ tipoDocumento: 'TD05' }))).toContain('DOC-LINKED-INVOICE')
    expect(codes(seed({ tipoDocumento: 'TD04', fattureCollegate: [{ idDocumento: '1', data: '2026-04-01' }] }))).toContain('00418')
    const r = built(seed({ tipoDocumento: 'TD04', fattureCollegate: linked }))
    expect(r.invoice.bodies[0]?.datiGenerali.datiFattureCollegate).toEqual(linked)
  })

  it('TD24/TD25 need DDT references dated no later than the invoice; a late TD24 is a warning', () => {
    expect(codes(seed({ tipoDocumento: 'TD24' }))).toContain('DOC-DDT')
    expect(codes(seed({ tipoDocumento: 'TD25' }))).toContain('DOC-DDT')
    expect(codes(seed({ tipoDocumento: 'TD24', ddt: [{ numero: 'DDT1', data: '2026-03-02' }] }))).toContain('DOC-DDT-DATE')
    expect(codes(seed({ tipoDocumento: 'TD24', ddt: [{ numero: 'DDT1', data: '2026-02-10', righe: [2] }] }))).toContain('INPUT-FORMAT')
    const late = built(seed({ tipoDocumento: 'TD24', data: '2026-03-20', ddt: [{ numero: 'DDT1', data: '2026-02-10' }] }))
    expect(late.warnings.map((w) => w.code)).toContain('DOC-DDT-LATE')
    const inTime = built(seed({ tipoDocumento: 'TD25', data: '2026-03-20', ddt: [{ numero: 'DDT1', data: '2026-02-10' }] }))
    expect(inTime.warnings.map((w) => w.code)).not.toContain('DOC-DDT-LATE')
  })

  it('00471: cedente and cessionario must differ for TD01; 00472: must coincide for TD21/TD27', () => {
    const same = { ...seed().cessionario, partitaIva: '07776161213' }
    expect(codes(seed({ cessionario: same }))).toContain('00471')
    expect(codes(seed({ tipoDocumento: 'TD27' }))).toContain('00472')
    expect(buildInvoice(seed({ tipoDocumento: 'TD27', cessionario: same })).ok).toBe(true)
  })

  it('00473: TD17 needs a foreign cedente; 00475: TD16 needs the cessionario P.IVA; 00476: not both foreign', () => {
    expect(codes(seed({ tipoDocumento: 'TD17' }))).toContain('00473')
    const { partitaIva: _, ...noPiva } = seed().cessionario
    expect(codes(seed({ tipoDocumento: 'TD16', cessionario: { ...noPiva, codiceFiscale: '00341620508' } }))).toContain('00475')
    expect(
      codes(
        seed({
          cedente: { ...seed().cedente, idPaese: 'FR', partitaIva: 'FR12345678901' },
          cessionario: { ...seed().cessionario, idPaese: 'DE', partitaIva: 'DE123456789' },
        }),
      ),
    ).toContain('00476')
  })

  it('TD02 with a payment condition other than TP03 is a warning, not an error', () => {
    const r = built(seed({ tipoDocumento: 'TD02', pagamento: { condizioni: 'TP02', dettagli: [{ modalita: 'MP05' }] } }))
    expect(r.warnings.map((w) => w.code)).toContain('DOC-TD02-TP03')
  })
})

describe('text: transliteration and length limits', () => {
  it('maps typographic characters and strips accents outside Latin-1', () => {
    expect(transliterate('“Caffè” ‘Bar’ – 5 € … ☕ Łódź ščž', 'latin')).toEqual({
      text: '"Caffè" \'Bar\' - 5 EUR ... ? Lódz scz',
      changed: true,
    })
    expect(transliterate('Caffè «x»', 'ascii')).toEqual({ text: 'Caffe "x"', changed: true })
    expect(transliterate('zero\u200Bwidth\u0007bell', 'latin')).toEqual({ text: 'zerowidthbell', changed: true })
    expect(transliterate('Però àèìòù ÀÉ ñ', 'latin')).toEqual({ text: 'Però àèìòù ÀÉ ñ', changed: false })
    expect(transliterate('😀', 'latin').text).toBe('?')
  })

  it('splits a long Causale into several Causale elements of at most 200 characters', () => {
    const causale = `${'parola '.repeat(60)}fine`
    const r = built(seed({ causale }))
    const out = r.invoice.bodies[0]?.datiGenerali.datiGeneraliDocumento.causale ?? []
    expect(out.length).toBe(3)
    expect(out.every((c) => c.length <= 200)).toBe(true)
    expect(out.join(' ').replace(/\s+/g, ' ')).toBe(causale.replace(/\s+/g, ' ').trim())
    expect(splitText('abc', 200)).toEqual(['abc'])
  })

  it('truncates a line description over 1000 characters with a warning', () => {
    const r = built(seed({ righe: [{ descrizione: 'x'.repeat(1200), prezzoUnitario: 1, aliquotaIva: 22 }] }))
    expect(r.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[0]?.descrizione).toHaveLength(1000)
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'TEXT-TRUNCATED', xpath: expect.stringContaining('DettaglioLinee[1]/Descrizione') }),
    )
  })

  it('refuses (does not truncate) a Denominazione over 80 characters or a Numero over 20', () => {
    expect(codes(seed({ cedente: { ...seed().cedente, denominazione: 'D'.repeat(81) } }))).toContain('TEXT-TOO-LONG')
    expect(codes(seed({ numero: `FT${'1'.repeat(19)}` }))).toContain('TEXT-TOO-LONG')
  })

  it('sanitises a transliteration that grows the text (€ → EUR) before checking the length', () => {
    const r = buildInvoice(seed({ cedente: { ...seed().cedente, denominazione: `${'D'.repeat(78)}€` } }))
    expect(r.ok).toBe(false)
  })

  it('ASCII-only fields lose their accents (Numero)', () => {
    const r = built(seed({ numero: 'FÀ-1' }))
    expect(r.invoice.bodies[0]?.datiGenerali.datiGeneraliDocumento.numero).toBe('FA-1')
    expect(r.warnings.some((w) => w.xpath.endsWith('/Numero'))).toBe(true)
  })

  it('sanitizeInvoice drops empty optional text instead of emitting an empty element', () => {
    const r = built(seed())
    const inv = {
      ...r.invoice,
      header: { ...r.invoice.header, cedentePrestatore: { ...r.invoice.header.cedentePrestatore, riferimentoAmministrazione: '   ' } },
    }
    expect(sanitizeInvoice(inv).invoice.header.cedentePrestatore).not.toHaveProperty('riferimentoAmministrazione')
  })
})

describe('file names and ProgressivoInvio (§4.6)', () => {
  it('formats the sequence in base 36, 5 characters, upper case', () => {
    expect(formatProgressivo(1)).toBe('00001')
    expect(formatProgressivo(35)).toBe('0000Z')
    expect(formatProgressivo(36)).toBe('00010')
    expect(formatProgressivo(PROGRESSIVO_MAX)).toBe('ZZZZZ')
    expect(() => formatProgressivo(0)).toThrow(RangeError)
    expect(() => formatProgressivo(PROGRESSIVO_MAX + 1)).toThrow(RangeError)
    expect(() => formatProgressivo(1.5)).toThrow(RangeError)
  })

  it('never repeats: distinct sequences give distinct progressivi, and parse back', () => {
    const seen = new Set<string>()
    for (let n = 1; n <= 5000; n++) {
      const p = formatProgressivo(n)
      expect(seen.has(p)).toBe(false)
      seen.add(p)
      expect(parseProgressivo(p)).toBe(n)
    }
    expect(parseProgressivo('abc')).toBeNull()
    expect(parseProgressivo('000000')).toBeNull()
  })

  it('names the file after the transmitter', () => {
    expect(invoiceFileName({ idPaese: 'IT', idCodice: '07776161213' }, '0000A')).toBe('IT07776161213_0000A.xml')
    expect(() => invoiceFileName({ idPaese: 'IT', idCodice: '0777' }, '00001')).toThrow(RangeError)
    expect(() => invoiceFileName({ idPaese: 'IT', idCodice: '07776161213' }, '000001')).toThrow(RangeError)
    expect(() => invoiceFileName({ idPaese: 'it', idCodice: '07776161213' }, '00001')).toThrow(RangeError)
    expect(isValidInvoiceFileName('IT07776161213_0000A.xml')).toBe(true)
    expect(isValidInvoiceFileName('IT07776161213_0000A.xml.p7m')).toBe(true)
    expect(isValidInvoiceFileName('IT07776161213_000001.xml')).toBe(false)
    expect(isValidInvoiceFileName('IT0777_00001.xml')).toBe(false)
  })
})

describe('buildInvoice: the same subject on both sides (00471), as the SDI rules judge it', () => {
  const ced = seedInvoiceInput().cedente
  const rulesAgree = (input: InvoiceInput) => {
    const r = buildInvoice(input)
    if (!r.ok) return null
    const tree = nodeXmlReader.read(renderInvoice(r.invoice, { progressivoInvio: '00001' }).xml)
    return tree.ok ? checkFatturaTree(tree.root).filter((i) => i.code === '00471') : null
  }

  it('refuses a TD01 to a cessionario identified only by the cedente’s own codice fiscale', () => {
    const input = seedInvoiceInput({
      cedente: { ...ced, codiceFiscale: '07776161213' },
      cessionario: { denominazione: '231 Agile', codiceFiscale: '07776161213', sede: ced.sede, pec: 'a@b.it' },
    })
    expect(issuesOf(input).map((i) => i.code)).toContain('00471')
  })

  it('accepts members of one VAT group (same IdFiscaleIVA, different codici fiscali), and the rules agree', () => {
    const input = seedInvoiceInput({
      cedente: { ...ced, codiceFiscale: '00341620508' },
      cessionario: { ...seedInvoiceInput().cessionario, partitaIva: '07776161213', codiceFiscale: '12345678903' },
    })
    const r = buildInvoice(input)
    expect(r.ok ? [] : r.issues.map((i) => i.code)).toEqual([])
    expect(rulesAgree(input)).toEqual([])
  })

  it('refuses the same P.IVA on both sides without codici fiscali that tell them apart', () => {
    const input = seedInvoiceInput({ cessionario: { ...seedInvoiceInput().cessionario, partitaIva: '07776161213' } })
    expect(issuesOf(input).map((i) => i.code)).toContain('00471')
  })
})
