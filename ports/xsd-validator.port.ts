/**
 * Schema validation of a FatturaPA document (XSD 1.2.2 with xmldsig), the same on Node, workerd and
 * Deno. The document is parsed once: refused as hostile or malformed (one `xml`-layer issue, the
 * {@link XmlDocumentReader}'s rules), or validated, and {@link XsdValidator.check} also returns the
 * tree of that same parsed document, for the SDI rules. One contract suite runs against every adapter:
 * test/contract/xsd-validator.contract.ts.
 * @module
 */

import type { ValidationIssue } from '../core/fatturapa/issue.ts'
import type { XmlReadOptions } from '../core/fatturapa/xml-refusals.ts'
import type { XmlElement } from '../core/fatturapa/xml-tree.ts'
import type { XmlDocumentReader } from './xml-document-reader.port.ts'

export type SchemaCheck =
  | {
      readonly ok: true
      /** The tree of the very document the schema validated. */
      readonly root: XmlElement
      /** Schema findings (layer `xsd`); empty means schema-valid. */
      readonly issues: readonly ValidationIssue[]
    }
  | { readonly ok: false; readonly issue: ValidationIssue }

export interface XsdValidator extends XmlDocumentReader {
  /** One parse: the refusal, or the schema findings and the tree of the parsed document. */
  check(xml: string, options?: XmlReadOptions): Promise<SchemaCheck>
  /** The schema findings only (no tree is built); a refused document gives its one `xml` issue. */
  validate(xml: string, options?: XmlReadOptions): Promise<readonly ValidationIssue[]>
}
