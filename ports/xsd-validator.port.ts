/**
 * Schema validation of a FatturaPA document (XSD 1.2.2 with xmldsig), the same on Node, workerd and
 * Deno. Returns the schema errors (layer `xsd`, or `xml` when the text is not well-formed or is
 * refused as hostile: DOCTYPE, entities, external references); empty means schema-valid.
 * @module
 */

import type { ValidationIssue } from '../core/fatturapa/issue.ts'

export interface XsdValidator {
  validate(xml: string): Promise<readonly ValidationIssue[]>
}
