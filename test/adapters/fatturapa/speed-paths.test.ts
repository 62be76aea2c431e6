/**
 * The fast paths of the FatturaPA pipeline (issue 15) give what the paths they shortcut give:
 * one reused schema validation context (adapters/fatturapa/xsd/schema-context.ts) against libxml2-wasm's own
 * `validate`, on valid and invalid documents in any order; the TextEncoder bytes fed to libxml2 against
 * fromString; canonical decimals written as is against parse-and-format; the sanitiser's copy on write.
 * @module
 */

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { leaf } from '../../../adapters/fatturapa/generator.ts'
import { PARSE_OPTIONS } from '../../../adapters/fatturapa/xsd/libxml2.ts'
import { createNodeXsdValidator, nodeLibxml2 as lib } from '../../../adapters/fatturapa/xsd/node.ts'
import { schemaRun } from '../../../adapters/fatturapa/xsd/schema-context.ts'
import { FATTURAPA_XSD } from '../../../adapters/fatturapa/xsd/schemas/schemas.generated.ts'
import { treeOf } from '../../../adapters/fatturapa/xsd/walk.ts'
import { parseDocument } from '../../../adapters/fatturapa/xsd/xml-reader.ts'
import { buildInvoice } from '../../../core/fatturapa/build.ts'
import { dec, fitsScale, fmt2, fmt8, parseDec } from '../../../core/fatturapa/decimal.ts'
import { sanitizeInvoice } from '../../../core/fatturapa/sanitize.ts'
import { seedInvoiceInput } from '../../fixtures/fatturapa/inputs.ts'
import { replaceOnce, SMALL_INVOICE } from '../../fixtures/fatturapa/xsd/invoices.ts'

const EXAMPLES = join(process.cwd(), 'test/fixtures/fatturapa/examples')
const option = PARSE_OPTIONS(lib.ParseOption)

describe('one reused schema validation context', () => {
  it('gives libxml2-wasm validate’s verdict and details on every document, valid and invalid interleaved', async () => {
    await createNodeXsdValidator() // registers the in-memory xmldsig schema
    const xsdDoc = lib.XmlDocument.fromString(FATTURAPA_XSD.replace(/^\uFEFF/, ''), {
      url: 'Schema_del_file_xml_FatturaPA_v1.2.2.xsd',
      option: lib.ParseOption.XML_PARSE_NONET,
    })
    const compiled = lib.XsdValidator.fromDoc(xsdDoc)
    const run = schemaRun(lib, compiled)
    afterAll(() => {
      run.dispose()
      compiled.dispose()
      xsdDoc.dispose()
    })
    const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml') && !f.includes('FPA'))
    const docs = [
      SMALL_INVOICE,
      replaceOnce(SMALL_INVOICE, '<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>'),
      ...files.map((f) => readFileSync(join(EXAMPLES, f), 'utf8').replace(/^\uFEFF/, '')),
      replaceOnce(SMALL_INVOICE, '<Numero>', '<Bogus>x</Bogus><Numero>'),
      SMALL_INVOICE,
    ]
    const verdict = (f: () => void) => {
      try {
        f()
        return 'valid'
      } catch (e) {
        if (!(e instanceof lib.XmlValidateError)) throw e
        return e.details.map((d) => [d.level, d.line, d.xpath, d.message])
      }
    }
    let invalid = 0
    for (const xml of [...docs, ...docs.reverse()]) {
      const doc = lib.XmlDocument.fromString(xml, { option })
      try {
        const theirs = verdict(() => compiled.validate(doc))
        if (theirs !== 'valid') invalid++
        expect(verdict(() => run.validate(doc))).toEqual(theirs)
      } finally {
        doc.dispose()
      }
    }
    expect(invalid).toBeGreaterThanOrEqual(4)
  })
})

describe('libxml2 fed TextEncoder bytes', () => {
  const read = (xml: string, viaString: boolean) => {
    if (!viaString) {
      const parsed = parseDocument(lib, xml, {})
      if (!parsed.ok) return parsed.issue
      try {
        return JSON.parse(JSON.stringify(treeOf(lib, parsed.doc, {})))
      } finally {
        parsed.doc.dispose()
      }
    }
    const doc = lib.XmlDocument.fromString(xml, { option })
    try {
      return JSON.parse(JSON.stringify(treeOf(lib, doc, {})))
    } finally {
      doc.dispose()
    }
  }
  it('reads the same tree as fromString for any text, astral and CJK characters included', () => {
    const text = fc.stringMatching(/^[A-Za-z0-9 àèìòù€😀漢&\-/]{0,30}$/u)
    fc.assert(
      fc.property(text, (t) => {
        const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>\n<a x="${t.replace(/&/g, '&amp;')}"><b>${t.replace(/&/g, '&amp;')}</b></a>`
        expect(read(xml, false)).toEqual(read(xml, true))
      }),
      { numRuns: 200, seed: 20261207 },
    )
  })
  it('still hands a string with a lone surrogate, and the empty string, to fromString', () => {
    for (const xml of ['<a>x\ud800y</a>', '']) {
      const parsed = parseDocument(lib, xml, {})
      let viaString: unknown
      try {
        viaString = lib.XmlDocument.fromString(xml, { option })
      } catch (e) {
        viaString = e
      }
      if (viaString instanceof lib.XmlDocument) {
        expect(parsed.ok).toBe(true)
        viaString.dispose()
      } else expect(parsed.ok).toBe(false)
      if (parsed.ok) parsed.doc.dispose()
    }
  })
})

describe('canonical decimals written as is', () => {
  it('a2, rate, a8 and qty text is what parsing and formatting would write', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{1,6}$/), fc.stringMatching(/^\d{0,9}$/))
      .map(([s, i, f]) => (f === '' ? `${s}${i}` : `${s}${i}.${f}`))
    fc.assert(
      fc.property(decimal, (text) => {
        const d = parseDec(text)
        if (d === null) return
        expect(leaf('a2', text)).toBe(fitsScale(d, 2) ? fmt2(d) : text)
        expect(leaf('rate', text)).toBe(fitsScale(d, 2) ? fmt2(d) : text)
        expect(leaf('a8', text)).toBe(fitsScale(d, 8) ? fmt8(d) : text)
        expect(leaf('qty', text)).toBe(fitsScale(d, 8) ? fmt8(d) : text)
      }),
      { numRuns: 2000, seed: 20261207 },
    )
    for (const t of ['-0.00', '0.00', '007.50', '1.100', '12.345', '-0.001']) expect(leaf('a8', t)).toBe(fmt8(dec(t)))
  })
})

describe('sanitiser copy on write', () => {
  const built = buildInvoice(seedInvoiceInput())
  if (!built.ok) throw new Error(JSON.stringify(built.issues))
  it('returns a clean invoice itself, reporting nothing', () => {
    const s = sanitizeInvoice(built.invoice)
    expect(s.invoice.header).toBe(built.invoice.header)
    expect(s.invoice.bodies[0]).toBe(built.invoice.bodies[0])
    expect([...s.warnings, ...s.errors]).toEqual([])
  })
  it('copies only what changes, leaves the input alone, and drops an empty repeated field', () => {
    const body = built.invoice.bodies[0] as unknown as Record<string, Record<string, unknown>>
    const beni = body['datiBeniServizi'] as Record<string, unknown>
    const lines = beni['dettaglioLinee'] as Record<string, unknown>[]
    const input = {
      ...built.invoice,
      bodies: [
        { ...body, datiPagamento: [], datiBeniServizi: { ...beni, dettaglioLinee: [{ ...lines[0], descrizione: 'Pacchetto — 231' }] } },
      ],
    } as unknown as typeof built.invoice
    const before = JSON.stringify(input)
    const s = sanitizeInvoice(input)
    expect(JSON.stringify(input)).toBe(before)
    const out = s.invoice.bodies[0] as unknown as Record<string, Record<string, unknown>>
    expect(out).not.toHaveProperty('datiPagamento')
    const outLines = (out['datiBeniServizi'] as Record<string, unknown>)['dettaglioLinee'] as Record<string, unknown>[]
    expect(outLines[0]?.['descrizione']).toBe('Pacchetto - 231')
    expect(out['datiGenerali']).toBe(body['datiGenerali'])
    expect(s.invoice.header).toBe(built.invoice.header)
    expect(s.warnings.map((w) => [w.code, w.xpath])).toEqual([
      ['TEXT-TRANSLITERATED', '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DettaglioLinee[1]/Descrizione'],
    ])
  })
})
