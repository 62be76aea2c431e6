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
import { createNodeXsdValidator } from '../../../adapters/fatturapa/xsd/node.ts'
import { buildInvoice } from '../../../core/fatturapa/build.ts'
import { formatProgressivo } from '../../../core/fatturapa/file-name.ts'
import type { InvoiceInput } from '../../../core/fatturapa/input.ts'
import type { Invoice } from '../../../core/fatturapa/model.ts'
import { checkFatturaTree } from '../../../core/fatturapa/validate.ts'
import { parseXmlTree } from '../../../core/fatturapa/xml-tree.ts'
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
}

function build(input: InvoiceInput): Invoice {
  const r = buildInvoice(input)
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
    it(`${name}: matches test/fixtures/fatturapa/golden/${name}.xml and passes the XSD`, async () => {
      const out = createInvoiceGenerator().render(build(input), {
        progressivoInvio: formatProgressivo(Object.keys(CASES).indexOf(name) + 1),
      })
      const file = join(GOLDEN, `${name}.xml`)
      if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
        if (process.env['UPDATE_GOLDEN'] !== '1') throw new Error(`golden file missing: ${file} (run with UPDATE_GOLDEN=1)`)
        writeFileSync(file, out.xml)
      }
      expect(out.xml).toBe(readFileSync(file, 'utf8'))
      expect(await xsd.validate(out.xml)).toEqual([])
      const tree = parseXmlTree(out.xml)
      expect(tree.ok && checkFatturaTree(tree.root, { today: '2026-11-23' })).toEqual([])
      expect(out.fileName).toMatch(/^IT07776161213_0000[1-8]\.xml$|^IT01234567897_0000[1-8]\.xml$/)
    })
  }

  it.skipIf(!hasXmllint)('every golden file passes an independent validator (xmllint --schema, XSD 1.2.2 + xmldsig, offline)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fatturapa-xsd-'))
    writeFileSync(join(dir, 'xmldsig-core-schema.xsd'), readFileSync(join(SCHEMAS, 'xmldsig-core-schema.xsd')))
    const xsdText = readFileSync(join(SCHEMAS, 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd'), 'utf8').replace(
      /schemaLocation="http:\/\/www\.w3\.org\/TR\/2002\/REC-xmldsig-core-20020212\/xmldsig-core-schema\.xsd"/,
      'schemaLocation="xmldsig-core-schema.xsd"',
    )
    writeFileSync(join(dir, 'fatturapa.xsd'), xsdText)
    const files = Object.keys(CASES).map((n) => join(GOLDEN, `${n}.xml`))
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
    // and the same validator does reject a broken variant (the check can fail)
    const broken = join(dir, 'broken.xml')
    writeFileSync(
      broken,
      readFileSync(files[0] as string, 'utf8')
        .replace('<Imposta>', '<Imposta>1')
        .replace(/<Divisa>EUR<\/Divisa>/, '<Divisa>EURO</Divisa>'),
    )
    expect(run([broken]).ok).toBe(false)
  })
})

describe('InvoiceGenerator output rules', () => {
  const xmls = Object.entries(CASES).map(([name, input]) => [name, renderInvoice(build(input), { progressivoInvio: '00001' }).xml] as const)

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
    const back = readInvoice(out.xml)
    expect(back.ok && back.invoice.bodies[0]?.datiBeniServizi.dettaglioLinee[0]?.descrizione).toBe('A & B <tag> "q" \'a\' ]]>')
  })

  it('escapes entity-like text ("&A;", "&amp;", "&#65;") that xmlbuilder2 alone would pass through', async () => {
    const { ordiniAcquisto: _, ...td01 } = CASES['TD01'] as InvoiceInput
    const tricky = 'R&D &A; &amp; &#65; &lt;'
    const inv = build({ ...td01, righe: [{ descrizione: tricky, prezzoUnitario: 1, aliquotaIva: 22 }] })
    const out = renderInvoice({ ...inv, sistemaEmittente: 'S&amp;1' }, { progressivoInvio: '00001' })
    expect(out.xml).toContain('<Descrizione>R&amp;D &amp;A; &amp;amp; &amp;#65; &amp;lt;</Descrizione>')
    expect(await xsd.validate(out.xml)).toEqual([])
    const back = readInvoice(out.xml)
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
