/**
 * Run by test/e2e/deno-xsd.test.ts under Deno (`deno run --allow-read test/e2e/deno-xsd.script.ts`):
 * validates a valid and an invalid FatturaPA with the Node/Deno entry point and prints the issues as
 * one JSON line, with the runtime's name and the warm time per validation.
 */

import { createNodeXsdValidator } from '../../adapters/fatturapa/xsd/node.ts'
import { replaceOnce, SMALL_INVOICE } from '../fixtures/fatturapa/xsd/invoices.ts'

declare const Deno: { version: { deno: string } } | undefined

const xsd = await createNodeXsdValidator()
const valid = await xsd.validate(SMALL_INVOICE)
const invalid = await xsd.validate(replaceOnce(SMALL_INVOICE, '<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>'))
const hostile = await xsd.validate(SMALL_INVOICE.replace('<p:Fattura', '<!DOCTYPE x [<!ENTITY e "e">]>\n<p:Fattura'))
const n = 500
const t0 = performance.now()
for (let i = 0; i < n; i++) await xsd.validate(SMALL_INVOICE)
const msPerValidation = (performance.now() - t0) / n
console.log(
  JSON.stringify({
    runtime: typeof Deno === 'undefined' ? 'other' : `deno ${Deno.version.deno}`,
    valid,
    invalid,
    hostile,
    msPerValidation,
  }),
)
