/**
 * FatturaPA parsing and XSD validation inside workerd: the patched libxml2-wasm (wasm imported as a
 * module, no code generation at run time) passes the shared XsdValidator contract
 * (test/contract/xsd-validator.contract.ts, the same cases as in Node), and the lax-signature
 * variant of the XSD differs only inside ds:Signature.
 */

import { describe, expect, it } from 'vitest'
import { createEdgeXsdValidator, edgeLibxml2 } from '../../adapters/fatturapa/xsd/edge.ts'
import { nodeMemory } from '../../adapters/fatturapa/xsd/memory.ts'
import { runXsdValidatorContract } from '../contract/xsd-validator.contract.ts'
import { replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'

runXsdValidatorContract('workerd, the vendored libxml2-wasm (adapters/fatturapa/xsd/edge.ts)', () => createEdgeXsdValidator())

describe('FatturaPA XSD validation in workerd (adapters/fatturapa/xsd/edge.ts)', () => {
  it('runs where compiling wasm from bytes is refused (why the glue is patched)', () => {
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])
    expect(() => new WebAssembly.Module(empty)).toThrow(/disallowed/i)
  })

  it('reads the parsed nodes from the memory of the vendored copy too (its layout check passes)', () => {
    const doc = edgeLibxml2.XmlDocument.fromString(SMALL_INVOICE)
    try {
      const m = nodeMemory(edgeLibxml2, doc)
      expect(m.name(m.children(m.root))).toBe('FatturaElettronica')
    } finally {
      doc.dispose()
    }
  })

  it('shares one validator per schema, and the lax-signature variant accepts any ds:Signature content', async () => {
    const xsd = await createEdgeXsdValidator()
    const lax = await createEdgeXsdValidator({ schema: 'lax-signature' })
    expect(lax).not.toBe(xsd)
    expect(await createEdgeXsdValidator({ schema: 'official' })).toBe(xsd)
    const signed = replaceOnce(
      SMALL_INVOICE,
      '</FatturaElettronicaBody>\n',
      '</FatturaElettronicaBody>\n  <ds:Signature><ds:SignedInfo/></ds:Signature>\n',
    )
    expect((await xsd.validate(signed)).length).toBeGreaterThan(0)
    expect(await lax.validate(signed)).toEqual([])
    expect(await lax.validate(SMALL_INVOICE.replace('TD01', 'TD99'))).toEqual(await xsd.validate(SMALL_INVOICE.replace('TD01', 'TD99')))
  })

  it('measures a warm validation', async () => {
    const xsd = await createEdgeXsdValidator()
    const n = 200
    const t0 = performance.now()
    for (let i = 0; i < n; i++) await xsd.check(SMALL_INVOICE)
    // workerd freezes the clock during synchronous work (Spectre mitigation), so this can read 0.
    console.log(`workerd: ${((performance.now() - t0) / n).toFixed(3)} ms per parse, validation and tree (small invoice, warm)`)
  })
})
