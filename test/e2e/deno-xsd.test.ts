/**
 * The FatturaPA XSD check runs on Deno: test/e2e/deno-xsd.script.ts (the Node/Deno entry point,
 * adapters/fatturapa/xsd/node.ts, with the published libxml2-wasm) runs under `deno run` with read
 * permission only, and reports the same issues as in Node.
 */

import { describe, expect, it } from 'vitest'
import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'
import { runDenoScript } from './helpers.ts'

describe('FatturaPA XSD validation on Deno', () => {
  it('validates with libxml2-wasm under deno run (read permission only) as Node does', async () => {
    type Issue = { code: string }
    const out = runDenoScript<{ runtime: string; valid: Issue[]; invalid: Issue[]; hostile: Issue[]; msPerValidation: number }>(
      'test/e2e/deno-xsd.script.ts',
      ['--allow-read'],
    )
    expect(out.runtime).toMatch(/^deno \d/)
    expect(out.valid).toEqual([])
    const node = await createNodeXsdValidator()
    const invalid = replaceOnce(SMALL_INVOICE, '<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>')
    expect(out.invalid).toEqual(await node.validate(invalid))
    expect(out.invalid.map((i) => i.code)).toEqual(['XSD-ENUMERATION'])
    expect(out.hostile.map((i) => i.code)).toEqual(['XML-DOCTYPE'])
    console.log(`deno: ${out.msPerValidation.toFixed(3)} ms per validation (small invoice, warm)`)
  }, 90_000)
})
