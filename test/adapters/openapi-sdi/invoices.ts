/**
 * FatturaPA files for the OpenAPI.it tests, made by Varco's own generator so they pass every layer
 * of validation (schema, SdI checks, check digits), each with the file name its ProgressivoInvio
 * gives: a B2B invoice (FPR12) and one to the public administration (FPA12). Runtime-neutral. The
 * official samples, which fail on purpose (test/fixtures/fatturapa/examples), are read from disk by
 * the Node tests.
 * @module
 */

import { createInvoiceGenerator } from '../../../adapters/fatturapa/generator.ts'
import { buildInvoice } from '../../../core/fatturapa/build.ts'
import { formatProgressivo } from '../../../core/fatturapa/file-name.ts'
import type { InvoiceInput } from '../../../core/fatturapa/input.ts'
import type { LookupQuery } from '../../../ports/sdi-transmitter.port.ts'
import { seedInvoiceInput } from '../../fixtures/fatturapa/inputs.ts'

/** The cedente of every generated invoice (its P.IVA has a valid check digit). */
export const SENDER_ID = '07776161213'

export type TestInvoice = { readonly xml: string; readonly fileName: string; readonly query: LookupQuery }

const PA_CESSIONARIO: InvoiceInput['cessionario'] = {
  denominazione: 'Comune di Bugliano',
  codiceFiscale: '00341620508',
  sede: { indirizzo: 'Piazza del Comune 1', cap: '56056', comune: 'Bugliano', provincia: 'PI' },
  codiceDestinatario: 'UF7XQ2',
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** An invoice with ProgressivoInvio `n` (base 36, 5 characters) and number `numero`. */
export async function testInvoice(kind: 'b2b' | 'pa', n: number, numero = `FT-2026-${n}`): Promise<TestInvoice> {
  const input = seedInvoiceInput({
    numero,
    ...(kind === 'pa' ? { formato: 'FPA12', cessionario: PA_CESSIONARIO, esigibilitaIva: 'S' } : {}),
  })
  const built = buildInvoice(input)
  if (!built.ok) throw new Error(`test invoice not built: ${JSON.stringify(built.issues)}`)
  const out = createInvoiceGenerator().render(built.invoice, { progressivoInvio: formatProgressivo(n) })
  return {
    xml: out.xml,
    fileName: out.fileName,
    query: {
      fileName: out.fileName,
      invoiceNumber: numero,
      invoiceDate: input.data,
      senderId: SENDER_ID,
      sha256: await sha256Hex(out.xml),
    },
  }
}

/** A different progressive (and number) on each call within a test run. */
let next = 1
export const freshInvoice = (kind: 'b2b' | 'pa' = 'b2b') => testInvoice(kind, next++)
