/**
 * FatturaPA validation in four layers, each finding a {@link ValidationIssue} with a stable code, an
 * XPath and an Italian and English message:
 * 1. `xml`: the refusal rules (xml-refusals.ts, xml-screen.ts). Hostile or malformed input stops here.
 * 2. `xsd`: the schema, through the {@link XsdValidator} port, which parses the document once and
 *    returns the tree of that same parse (one parser per document: the schema and the rules never
 *    read two different parses of the same bytes).
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
import type { XmlReadOptions } from './xml-refusals.ts'
import type { XmlElement } from './xml-tree.ts'

export type FatturaValidation = { readonly valid: boolean; readonly issues: ValidationIssue[] }

/** A validation and the tree it judged (null when the document was refused before it had one). */
export type FatturaInspection = FatturaValidation & { readonly root: XmlElement | null }

export type ValidateOptions = SdiRuleOptions & XmlReadOptions

/**
 * The layers that need no schema (sdi, identifier) over a parsed tree, synchronously: for a tree
 * read by an XmlDocumentReader (ports/xml-document-reader.port.ts). A root other than FatturaElettronica gives one `xml` issue
 * `XML-ROOT` and nothing else.
 * @example
 * const r = reader.read(xml)
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
 * All four layers. Hostile or malformed XML is refused (one `xml` issue) before the schema or the
 * rules look at it.
 * @example
 * const { valid, issues } = await validateFatturaXml(xml, { xsd: await createNodeXsdValidator() })
 */
export async function validateFatturaXml(
  xml: string,
  deps: { readonly xsd: XsdValidator },
  options: ValidateOptions = {},
): Promise<FatturaValidation> {
  const { valid, issues } = await inspectFatturaXml(xml, deps, options)
  return { valid, issues }
}

/**
 * {@link validateFatturaXml}, with the tree the rules judged (for rendering it: POST /fatturapa/render).
 * @example
 * const r = await inspectFatturaXml(xml, { xsd })
 * if (r.root !== null) invoiceView(r.root)
 */
export async function inspectFatturaXml(
  xml: string,
  deps: { readonly xsd: XsdValidator },
  options: ValidateOptions = {},
): Promise<FatturaInspection> {
  const checked = await deps.xsd.check(xml, options)
  if (!checked.ok) return { valid: false, issues: [checked.issue], root: null }
  const schema = checked.issues.filter((i) => !isXsd123Value(i))
  const issues = [...schema, ...checkFatturaTree(checked.root, options)]
  return { valid: !issues.some(isError), issues, root: checked.root }
}

/** An enumeration error for TipoDocumento TD29 or RegimeFiscale RF20, which XSD 1.2.3 allows. */
function isXsd123Value(i: ValidationIssue): boolean {
  if (i.layer !== 'xsd' || !/enumeration/i.test(`${i.code} ${i.message.en}`)) return false
  return (
    (/\/TipoDocumento(\[\d+\])?$/.test(i.xpath) && /'TD29'/.test(i.message.en)) ||
    (/\/RegimeFiscale(\[\d+\])?$/.test(i.xpath) && /'RF20'/.test(i.message.en))
  )
}
