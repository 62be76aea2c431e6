/**
 * FatturaPA XSD validation inside workerd: the patched libxml2-wasm (wasm imported as a module, no
 * code generation at run time) and the edge variant of the XSD give the schema verdicts.
 */

import { describe, expect, it } from 'vitest'
import { createEdgeXsdValidator } from '../../adapters/fatturapa/xsd/edge.ts'
import { invoiceWithLines, replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'

describe('FatturaPA XSD validation in workerd (adapters/fatturapa/xsd/edge.ts)', () => {
  it('runs where compiling wasm from bytes is refused (why the glue is patched)', () => {
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])
    expect(() => new WebAssembly.Module(empty)).toThrow(/disallowed/i)
  })

  it('accepts a valid invoice', async () => {
    const xsd = await createEdgeXsdValidator()
    expect(await xsd.validate(SMALL_INVOICE)).toEqual([])
    expect(await xsd.validate(invoiceWithLines(3))).toEqual([])
  })

  it('reports enumeration, pattern and order errors with codes and XPaths', async () => {
    const xsd = await createEdgeXsdValidator()
    let bad = replaceOnce(SMALL_INVOICE, '<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>')
    bad = replaceOnce(bad, '<Imposta>22.00</Imposta>', '<Imposta>22.0</Imposta>')
    const issues = await xsd.validate(bad)
    expect(issues.map((i) => [i.code, i.xpath])).toEqual([
      ['XSD-ENUMERATION', '/FatturaElettronica/FatturaElettronicaBody[1]/DatiGenerali/DatiGeneraliDocumento/TipoDocumento'],
      ['XSD-PATTERN', '/FatturaElettronica/FatturaElettronicaBody[1]/DatiBeniServizi/DatiRiepilogo[1]/Imposta'],
    ])
    expect(issues[0]?.message.it).toContain("il valore 'TD99' non è tra quelli ammessi")
    const missing = await xsd.validate(replaceOnce(SMALL_INVOICE, '<Divisa>EUR</Divisa>', ''))
    expect(missing.map((i) => i.code)).toEqual(['XSD-UNEXPECTED-ELEMENT'])
  })

  it('refuses a DOCTYPE before parsing and reports broken XML on the xml layer', async () => {
    const xsd = await createEdgeXsdValidator()
    const hostile = SMALL_INVOICE.replace('<p:Fattura', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<p:Fattura')
    expect((await xsd.validate(hostile)).map((i) => [i.layer, i.code])).toEqual([['xml', 'XML-DOCTYPE']])
    expect((await xsd.validate('<p:FatturaElettronica')).map((i) => [i.layer, i.code])).toEqual([['xml', 'XML-NOT-WELL-FORMED']])
  })

  it('checks ds:Signature against the real xmldsig schema, or laxly with the lax-signature variant', async () => {
    const xsd = await createEdgeXsdValidator()
    const lax = await createEdgeXsdValidator({ schema: 'lax-signature' })
    expect(lax).not.toBe(xsd)
    expect(await createEdgeXsdValidator({ schema: 'official' })).toBe(xsd)
    const signed = replaceOnce(
      SMALL_INVOICE,
      '</FatturaElettronicaBody>\n',
      '</FatturaElettronicaBody>\n  <ds:Signature><ds:SignedInfo/></ds:Signature>\n',
    )
    const strict = await xsd.validate(signed) // SignedInfo and Signature lack required children
    expect(strict.length).toBeGreaterThan(0)
    expect(strict.every((i) => i.code === 'XSD-MISSING-CHILD' && i.xpath.startsWith('/FatturaElettronica/ds:Signature'))).toBe(true)
    expect(await lax.validate(signed)).toEqual([])
    expect(await lax.validate(SMALL_INVOICE.replace('TD01', 'TD99'))).toEqual(await xsd.validate(SMALL_INVOICE.replace('TD01', 'TD99')))
  })

  it('measures a warm validation', async () => {
    const xsd = await createEdgeXsdValidator()
    const n = 200
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await xsd.validate(SMALL_INVOICE)
    // workerd freezes the clock during synchronous work (Spectre mitigation), so this can read 0.
    console.log(`workerd: ${((performance.now() - t0) / n).toFixed(3)} ms per validation (small invoice, warm)`)
  })
})
