/**
 * Renders a FatturaPA {@link Invoice} to the XML file SDI receives (UTF-8, only the root element
 * namespaced, elements in the XSD's order, amounts with two decimals, no empty elements) and
 * names it `<IdPaese><IdCodice>_<progressivo>.xml` after the transmitter.
 * @module
 */

import type { ValidationIssue } from '../core/fatturapa/issue.ts'
import type { Invoice } from '../core/fatturapa/model.ts'

export type RenderOptions = {
  /**
   * 1–5 characters [a-zA-Z0-9] that never repeat for the transmitter (core/fatturapa/file-name.ts
   * `formatProgressivo(sequence)`): written as ProgressivoInvio and used in the file name.
   */
  progressivoInvio: string
}

export type RenderedInvoice = {
  xml: string
  fileName: string
  /** Text transliterated or truncated to fit the schema (severity warning); text that cannot fit (severity error). */
  warnings: ValidationIssue[]
}

export interface InvoiceGenerator {
  /** Pure and synchronous. @throws RangeError on an invalid progressivo or transmitter id (a caller bug). */
  render(invoice: Invoice, options: RenderOptions): RenderedInvoice
}
