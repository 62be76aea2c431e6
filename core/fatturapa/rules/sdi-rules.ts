/**
 * Runs every SdI content check on a parsed FatturaElettronica: header, each body, VAT arithmetic,
 * and duplicates within the file.
 * @module
 */

import type { ValidationIssue } from '../issue.ts'
import type { XmlElement } from '../xml-tree.ts'
import { checkBatch } from './batch-rules.ts'
import { checkBody } from './body-rules.ts'
import { checkHeader } from './header-rules.ts'
import { readHeader } from './parties.ts'
import { at, childrenNamed, textAt } from './tree.ts'
import { checkVat } from './vat-rules.ts'

/** Every SdI code these rules can report (00424 only as a warning; 00403 only when `today` is given). */
export const SDI_CODES: readonly string[] = [
  '00313',
  '00400',
  '00401',
  '00403',
  '00409',
  '00411',
  '00413',
  '00414',
  '00415',
  '00417',
  '00418',
  '00419',
  '00420',
  '00421',
  '00422',
  '00423',
  '00424',
  '00425',
  '00426',
  '00427',
  '00428',
  '00429',
  '00430',
  '00437',
  '00438',
  '00443',
  '00444',
  '00445',
  '00459',
  '00471',
  '00472',
  '00473',
  '00474',
  '00475',
  '00476',
]

export type SdiRuleOptions = {
  /** Today in Europe/Rome, `YYYY-MM-DD`, for 00403 (invoice dated in the future); skipped when absent. */
  readonly today?: string | undefined
}

export function checkSdiRules(root: XmlElement, options: SdiRuleOptions = {}): ValidationIssue[] {
  const header = readHeader(root)
  const out = checkHeader(root, header)
  for (const body of childrenNamed(root, 'FatturaElettronicaBody')) {
    out.push(...checkBody({ body, header, today: options.today }))
    out.push(...checkVat(body, textAt(at(body, 'DatiGenerali', 'DatiGeneraliDocumento'), 'TipoDocumento')))
  }
  out.push(...checkBatch(root))
  return out
}
