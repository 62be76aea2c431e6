/**
 * Issuing a FatturaPA: build the invoice from its facts (totals in decimal arithmetic), take the
 * transmitter's next ProgressivoInvio, render the XML and validate it in full (XSD, SDI checks,
 * identifiers). An invoice SDI would discard is never returned: the result lists the errors instead.
 * Used by `POST /fatturapa/genera` and `npx varco fattura generate`.
 * @module
 */

import type { InvoiceGenerator } from '../../ports/invoice-generator.port.ts'
import type { InvoiceSequence } from '../../ports/invoice-sequence.port.ts'
import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { type BuildOptions, buildInvoice } from '../fatturapa/build.ts'
import { formatProgressivo } from '../fatturapa/file-name.ts'
import type { InvoiceInput } from '../fatturapa/input.ts'
import { isError, type ValidationIssue } from '../fatturapa/issue.ts'
import { validateFatturaXml } from '../fatturapa/validate.ts'

export type IssueInvoiceDeps = {
  readonly sequence: InvoiceSequence
  readonly generator: InvoiceGenerator
  readonly xsd: () => Promise<XsdValidator>
}

export type IssuedInvoice = {
  readonly ok: true
  readonly xml: string
  readonly fileName: string
  readonly progressivoInvio: string
  /** Transliterations, truncations and non-blocking findings. */
  readonly warnings: readonly ValidationIssue[]
}

export type RefusedInvoice = {
  readonly ok: false
  /** `build`: the facts are wrong (nothing consumed); `validation`: the rendered file fails a check (its number is skipped). */
  readonly stage: 'build' | 'validation'
  readonly issues: readonly ValidationIssue[]
}

export async function issueInvoice(
  input: InvoiceInput,
  options: BuildOptions & { readonly today?: string },
  deps: IssueInvoiceDeps,
): Promise<IssuedInvoice | RefusedInvoice> {
  const built = buildInvoice(input, options.schemaVersion ? { schemaVersion: options.schemaVersion } : {})
  if (!built.ok) return { ok: false, stage: 'build', issues: built.issues }
  const t = built.invoice.header.datiTrasmissione.idTrasmittente
  const progressivoInvio = formatProgressivo(await deps.sequence.next(`${t.idPaese}${t.idCodice}`))
  const rendered = deps.generator.render(built.invoice, { progressivoInvio })
  const check = await validateFatturaXml(rendered.xml, { xsd: await deps.xsd() }, options.today ? { today: options.today } : {})
  const warnings = [...built.warnings, ...rendered.warnings.filter((w) => !isError(w)), ...check.issues.filter((i) => !isError(i))]
  const errors = [...rendered.warnings.filter(isError), ...check.issues.filter(isError)]
  if (errors.length > 0) return { ok: false, stage: 'validation', issues: [...errors, ...warnings] }
  return { ok: true, xml: rendered.xml, fileName: rendered.fileName, progressivoInvio, warnings }
}
