/**
 * FatturaPA validation in four layers, each finding a {@link ValidationIssue} with a stable code, an
 * XPath and an Italian and English message:
 * 1. `xml`: the safe reader (xml-tree.ts). Hostile or malformed input stops here: nothing else runs.
 * 2. `xsd`: the schema, through the {@link XsdValidator} port.
 * 3. `sdi`: SdI's content checks (rules/), with SdI's own error codes.
 * 4. `identifier`: check digits of partite IVA and codici fiscali (rules/identifier-rules.ts).
 * `valid` means no error in any layer; warnings (e.g. 00424) do not count.
 * XSD 1.2.3 values: SdI runs XSD 1.2.3 since 2025-04-01, which adds TipoDocumento TD29 and
 * RegimeFiscale RF20 to 1.2.2's enumerations (../shared/specs/fatturapa.md §0.2, §4.1). The schema
 * adapter validates against 1.2.2, so its enumeration errors for exactly those two values are dropped.
 * @module
 */

import type { XsdValidator } from '../../ports/xsd-validator.port.ts'
import { isError, type ValidationIssue } from './issue.ts'
import { checkIdentifiers } from './rules/identifier-rules.ts'
import { checkSdiRules, type SdiRuleOptions } from './rules/sdi-rules.ts'
import { type ParseXmlOptions, parseXmlTree, type XmlElement } from './xml-tree.ts'

export type FatturaValidation = { readonly valid: boolean; readonly issues: ValidationIssue[] }

export type ValidateOptions = SdiRuleOptions & ParseXmlOptions

/**
 * The layers that need no schema (sdi, identifier) over a parsed tree, synchronously: for invoices
 * the generator has just built, or after {@link parseXmlTree}. A root other than FatturaElettronica
 * gives one `xml` issue `XML-ROOT` and nothing else.
 * @example
 * const r = parseXmlTree(xml)
 * if (r.ok) checkFatturaTree(r.root).filter(isError) // [] for a clean invoice
 */
export function checkFatturaTree(root: XmlElement, options: SdiRuleOptions = {}): ValidationIssue[] {
  if (root.name !== 'FatturaElettronica') {
    return [
      {
        layer: 'xml',
        code: 'XML-ROOT',
        xpath: root.xpath,
        message: {
          it: `l'elemento radice è ${root.name}, non FatturaElettronica: non è una FatturaPA ordinaria`,
          en: `the root element is ${root.name}, not FatturaElettronica: not an ordinary FatturaPA`,
        },
        severity: 'error',
      },
    ]
  }
  return [...checkSdiRules(root, options), ...checkIdentifiers(root)]
}

/**
 * All four layers. Hostile or malformed XML is refused by the reader before the schema validator
 * sees it.
 * @example
 * const { valid, issues } = await validateFatturaXml(xml, { xsd: await createNodeXsdValidator() })
 */
export async function validateFatturaXml(
  xml: string,
  deps: { readonly xsd: XsdValidator },
  options: ValidateOptions = {},
): Promise<FatturaValidation> {
  const parsed = parseXmlTree(xml, options)
  if (!parsed.ok) return { valid: false, issues: [parsed.issue] }
  const schema = (await deps.xsd.validate(xml)).filter((i) => !isXsd123Value(i))
  const issues = [...schema, ...checkFatturaTree(parsed.root, options)]
  return { valid: !issues.some(isError), issues }
}

/** An enumeration error for TipoDocumento TD29 or RegimeFiscale RF20, which XSD 1.2.3 allows. */
function isXsd123Value(i: ValidationIssue): boolean {
  if (i.layer !== 'xsd' || !/enumeration/i.test(`${i.code} ${i.message.en}`)) return false
  return (
    (/\/TipoDocumento(\[\d+\])?$/.test(i.xpath) && /'TD29'/.test(i.message.en)) ||
    (/\/RegimeFiscale(\[\d+\])?$/.test(i.xpath) && /'RF20'/.test(i.message.en))
  )
}
